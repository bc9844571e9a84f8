"""Indonesian number words ("terbilang") for amounts on official documents.

``num2words(n, lang="id")`` is wrong for some numbers (1 001 000 comes out
"satu juta satu ribu"); this module follows standard Indonesian usage:
a lone thousand is "seribu" ("satu juta seribu"), a lone hundred "seratus",
while larger scales keep "satu" ("satu juta", "satu miliar").
"""

import numbers
from decimal import Decimal

__all__ = ["MAX_AMOUNT", "InvalidAmount", "terbilang", "terbilang_rupiah"]

MAX_AMOUNT = 10**15 - 1
"""Largest magnitude supported: 999 999 999 999 999 (up to "ratus triliun")."""

_UNITS = ("", "satu", "dua", "tiga", "empat", "lima", "enam", "tujuh", "delapan", "sembilan")
_SCALES = ((10**12, "triliun"), (10**9, "miliar"), (10**6, "juta"), (10**3, "ribu"))


class InvalidAmount(ValueError):
    """The value cannot be written in words (not a whole number, or out of range)."""


def terbilang(n: int | float | Decimal) -> str:
    """Return the Indonesian words for the whole number ``n``.

    ``n`` may be an ``int`` or a whole ``float``/``Decimal`` (e.g. ``Decimal("1500.00")``)
    with magnitude up to :data:`MAX_AMOUNT`; negative numbers are prefixed "minus".

    >>> terbilang(1_001_000)
    'satu juta seribu'
    >>> terbilang(-110)
    'minus seratus sepuluh'

    :raises InvalidAmount: for booleans, strings, fractional or non-finite values,
        and values out of range.
    """
    value = _as_int(n)
    if value < 0:
        return f"minus {_spell(-value)}"
    return _spell(value)


def terbilang_rupiah(n: int | float | Decimal) -> str:
    """Return :func:`terbilang` of ``n`` followed by " rupiah".

    >>> terbilang_rupiah(25_000)
    'dua puluh lima ribu rupiah'
    """
    return f"{terbilang(n)} rupiah"


def _as_int(n: object) -> int:
    """Return ``n`` as an ``int`` if it is a whole number within range."""
    if isinstance(n, bool) or not isinstance(n, numbers.Real | Decimal):
        raise InvalidAmount(f"Cannot write {n!r} in words: a number is required.")
    try:
        value = int(n)
    except (ValueError, OverflowError):
        raise InvalidAmount(f"Cannot write {n!r} in words: it is not finite.") from None
    if value != n:
        raise InvalidAmount(f"Cannot write {n!r} in words: it is not a whole number.")
    if abs(value) > MAX_AMOUNT:
        raise InvalidAmount(
            f"Cannot write {n!r} in words: the magnitude must not exceed {MAX_AMOUNT:,}."
        )
    return value


def _spell(n: int) -> str:
    """Spell a non-negative integer no larger than :data:`MAX_AMOUNT`."""
    if n == 0:
        return "nol"
    parts = []
    for scale, name in _SCALES:
        group, n = divmod(n, scale)
        if group == 1 and name == "ribu":
            parts.append("seribu")
        elif group:
            parts.append(f"{_below_thousand(group)} {name}")
    if n:
        parts.append(_below_thousand(n))
    return " ".join(parts)


def _below_thousand(n: int) -> str:
    """Spell 1 <= n <= 999."""
    hundreds, rest = divmod(n, 100)
    parts = []
    if hundreds == 1:
        parts.append("seratus")
    elif hundreds:
        parts.append(f"{_UNITS[hundreds]} ratus")
    if rest:
        parts.append(_below_hundred(rest))
    return " ".join(parts)


def _below_hundred(n: int) -> str:
    """Spell 1 <= n <= 99."""
    if n < 10:
        return _UNITS[n]
    if n == 10:
        return "sepuluh"
    if n == 11:
        return "sebelas"
    if n < 20:
        return f"{_UNITS[n - 10]} belas"
    tens, unit = divmod(n, 10)
    words = f"{_UNITS[tens]} puluh"
    return f"{words} {_UNITS[unit]}" if unit else words
