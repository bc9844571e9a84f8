"""Number patterns for official letters (tata naskah dinas).

A pattern is literal text with placeholders in braces, for example
``"{code}/{seq}/{unit}/{month_roman}/{year}"`` or
``"000.8.3.3/{seq}/Disdik/{month_roman}/{year}"``. Placeholders:

``{code}``         archive classification code (passed in);
``{seq}``          running number (required in every pattern);
``{unit}``         code of the issuing unit (passed in);
``{month_roman}``  month of the letter date in Roman numerals (``I`` .. ``XII``);
``{month}``        month of the letter date, two digits (``01`` .. ``12``);
``{year}``         year of the letter date, four digits.

Braces cannot appear literally in a pattern.

Errors carry a machine-readable :attr:`NumberingError.code` (and the
placeholder names concerned in :attr:`NumberingError.names`) so that callers
can word their own, translated, messages:

``empty``          the pattern is empty;
``unbalanced``     a brace is not closed or not opened;
``unknown``        unknown placeholder(s) (``names``);
``no_seq``         the pattern lacks ``{seq}``;
``bad_seq``        the running number is not a positive integer;
``bad_padding``    the padding is not a non-negative integer;
``missing_value``  a used ``{code}``/``{unit}`` has no value (``names``).
"""

import datetime
import re
from collections.abc import Iterable

from .roman import to_roman

__all__ = ["PLACEHOLDERS", "InvalidPattern", "NumberingError", "render_number", "validate_pattern"]

PLACEHOLDERS = frozenset({"code", "seq", "unit", "month_roman", "month", "year"})
"""Placeholder names a pattern may use."""

_PLACEHOLDER_RE = re.compile(r"\{([^{}]*)\}")


class NumberingError(ValueError):
    """A letter number cannot be rendered from the given values."""

    def __init__(self, message: str, code: str = "", names: Iterable[str] = ()):
        super().__init__(message)
        self.code = code
        self.names = tuple(sorted(names))


class InvalidPattern(NumberingError):
    """The number pattern itself is wrong."""


def validate_pattern(pattern: str) -> frozenset[str]:
    """Check ``pattern`` and return the placeholder names it uses.

    :raises InvalidPattern: if the pattern is empty, has unbalanced braces, uses an
        unknown placeholder, or lacks ``{seq}``.
    """
    if not isinstance(pattern, str) or not pattern.strip():
        raise InvalidPattern("The letter number pattern is empty.", "empty")
    if {"{", "}"} & set(_PLACEHOLDER_RE.sub("", pattern)):
        raise InvalidPattern(
            f"The letter number pattern {pattern!r} has unbalanced braces.", "unbalanced"
        )
    used = frozenset(_PLACEHOLDER_RE.findall(pattern))
    unknown = used - PLACEHOLDERS
    if unknown:
        raise InvalidPattern(
            f"The letter number pattern {pattern!r} uses unknown placeholder(s) "
            f"{_braced(unknown)}; allowed: {_braced(PLACEHOLDERS)}.",
            "unknown",
            unknown,
        )
    if "seq" not in used:
        raise InvalidPattern(
            f"The letter number pattern {pattern!r} must contain the running number {{seq}}.",
            "no_seq",
        )
    return used


def render_number(
    pattern: str,
    seq: int,
    date: datetime.date,
    code: str = "",
    unit: str = "",
    padding: int = 0,
) -> str:
    """Return the letter number for running number ``seq`` on ``date``.

    ``padding`` is the zero-padded width of ``seq`` (0: no padding); a longer
    number is never truncated. ``code`` and ``unit`` are stripped of surrounding
    whitespace and are required only if the pattern uses them.

    >>> render_number("{code}/{seq}/{unit}/{month_roman}/{year}", 15,
    ...               datetime.date(2024, 3, 4), code="000.8.3.3", unit="Disdik", padding=3)
    '000.8.3.3/015/Disdik/III/2024'

    :raises InvalidPattern: see :func:`validate_pattern`.
    :raises NumberingError: if ``seq`` is not a positive integer, ``padding`` is
        negative, or a used ``{code}``/``{unit}`` is empty.
    """
    used = validate_pattern(pattern)
    if isinstance(seq, bool) or not isinstance(seq, int) or seq < 1:
        raise NumberingError(
            f"The running number must be a positive integer, got {seq!r}.", "bad_seq"
        )
    if isinstance(padding, bool) or not isinstance(padding, int) or padding < 0:
        raise NumberingError(
            f"The padding must be a non-negative integer, got {padding!r}.", "bad_padding"
        )
    values = {
        "code": code.strip(),
        "seq": f"{seq:0{padding}d}",
        "unit": unit.strip(),
        "month_roman": to_roman(date.month),
        "month": f"{date.month:02d}",
        "year": f"{date.year:04d}",
    }
    missing = sorted(name for name in ("code", "unit") if name in used and not values[name])
    if missing:
        raise NumberingError(
            f"The letter number pattern {pattern!r} needs a value for {_braced(missing)}.",
            "missing_value",
            missing,
        )
    return _PLACEHOLDER_RE.sub(lambda match: values[match.group(1)], pattern)


def _braced(names: Iterable[str]) -> str:
    """Return ``names`` sorted, braced and comma-separated: ``{code}, {seq}``."""
    return ", ".join(f"{{{name}}}" for name in sorted(names))
