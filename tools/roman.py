"""Roman numerals, as used for the month in official letter numbers (``.../III/2024``)."""

__all__ = ["MAX_ROMAN", "MIN_ROMAN", "InvalidRoman", "from_roman", "to_roman"]

MIN_ROMAN = 1
MAX_ROMAN = 3999

_NUMERALS = (
    (1000, "M"),
    (900, "CM"),
    (500, "D"),
    (400, "CD"),
    (100, "C"),
    (90, "XC"),
    (50, "L"),
    (40, "XL"),
    (10, "X"),
    (9, "IX"),
    (5, "V"),
    (4, "IV"),
    (1, "I"),
)
_SYMBOL_VALUES = {"M": 1000, "D": 500, "C": 100, "L": 50, "X": 10, "V": 5, "I": 1}


class InvalidRoman(ValueError):
    """A number cannot be written, or a text read, as a Roman numeral."""


def to_roman(n: int) -> str:
    """Return the canonical Roman numeral of ``n`` (1 .. 3999).

    >>> to_roman(12)
    'XII'

    :raises InvalidRoman: if ``n`` is not an ``int`` (``bool`` included) or out of range.
    """
    if isinstance(n, bool) or not isinstance(n, int):
        raise InvalidRoman(f"Only whole numbers can be written as Roman numerals, got {n!r}.")
    if not MIN_ROMAN <= n <= MAX_ROMAN:
        raise InvalidRoman(f"Roman numerals cover {MIN_ROMAN} to {MAX_ROMAN}; {n} is out of range.")
    parts = []
    for value, symbols in _NUMERALS:
        count, n = divmod(n, value)
        parts.append(symbols * count)
    return "".join(parts)


def from_roman(s: str) -> int:
    """Return the value of the canonical Roman numeral ``s``.

    Surrounding whitespace is ignored and lower case is accepted, but the numeral
    must be in canonical form: ``"IIII"``, ``"VX"`` or ``"IC"`` are rejected.

    >>> from_roman("xii")
    12

    :raises InvalidRoman: if ``s`` is not a canonical numeral between 1 and 3999.
    """
    if not isinstance(s, str):
        raise InvalidRoman(f"A Roman numeral must be text, got {s!r}.")
    text = s.strip().upper()
    if not text or any(symbol not in _SYMBOL_VALUES for symbol in text):
        raise InvalidRoman(f"{s!r} is not a Roman numeral.")
    values = [_SYMBOL_VALUES[symbol] for symbol in text]
    total = sum(
        -value if value < following else value
        for value, following in zip(values, [*values[1:], 0], strict=True)
    )
    if not MIN_ROMAN <= total <= MAX_ROMAN:
        raise InvalidRoman(
            f"Roman numerals cover {MIN_ROMAN} to {MAX_ROMAN}; {s!r} is out of range."
        )
    if to_roman(total) != text:
        raise InvalidRoman(f"{s!r} is not a Roman numeral in canonical form.")
    return total
