# Copyright 2024 SAKIP Indonesia
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""Numbers as written on Indonesian documents: dot between thousands, comma
before decimals ("1.405.158.220.000", "97,5")."""

__all__ = ["format_number_id"]


def format_number_id(value, max_decimals=2):
    """Return ``value`` with Indonesian separators and at most ``max_decimals``
    decimals, trailing zeros dropped: 1234567 -> "1.234.567", 97.50 -> "97,5".
    ``None``/``False`` give ""."""
    if value is None or value is False:
        return ""
    text = f"{round(float(value), max_decimals):,.{max_decimals}f}"
    whole, __, decimals = text.partition(".")
    decimals = decimals.rstrip("0")
    whole = whole.replace(",", ".")
    if whole in ("-0", "-"):
        whole = "0"
    return f"{whole},{decimals}" if decimals else whole
