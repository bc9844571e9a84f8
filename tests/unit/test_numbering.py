"""Tests of tools.numbering (letter-number patterns)."""

from datetime import date, datetime

import pytest

from tools.numbering import (
    PLACEHOLDERS,
    InvalidPattern,
    NumberingError,
    render_number,
    validate_pattern,
)

LETTER_DATE = date(2024, 3, 4)


@pytest.mark.parametrize(
    ("pattern", "kwargs", "expected"),
    [
        (
            "{code}/{seq}/{unit}/{month_roman}/{year}",
            {"code": "000.8.3.3", "unit": "Disdik"},
            "000.8.3.3/15/Disdik/III/2024",
        ),
        ("000.8.3.3/{seq}/Disdik/{month_roman}/{year}", {}, "000.8.3.3/15/Disdik/III/2024"),
        ("{code}/{seq}/{unit}", {"code": "000.8.3.3", "unit": "OR"}, "000.8.3.3/15/OR"),
        ("{seq}", {}, "15"),
        ("{seq}", {"padding": 3}, "015"),
        ("{seq}", {"padding": 1}, "15"),
        ("{code}/{seq}", {"code": " 400.14 ", "padding": 4}, "400.14/0015"),
        ("B-{seq}/{month}.{year}", {}, "B-15/03.2024"),
        ("{seq}/{month}/{month_roman}", {"unit": "unused"}, "15/03/III"),
    ],
)
def test_render_number(pattern, kwargs, expected):
    assert render_number(pattern, 15, LETTER_DATE, **kwargs) == expected


def test_render_number_month_boundaries_and_datetime():
    assert render_number("{seq}/{month_roman}", 1, date(2024, 12, 31)) == "1/XII"
    assert render_number("{seq}/{month}/{year}", 7, datetime(2025, 1, 1, 9)) == "7/01/2025"


def test_validate_pattern_returns_used_placeholders():
    assert validate_pattern("{code}/{seq}/{unit}/{month_roman}/{year}") == {
        "code",
        "seq",
        "unit",
        "month_roman",
        "year",
    }
    assert validate_pattern("{seq}/{month}") <= PLACEHOLDERS


@pytest.mark.parametrize(
    ("pattern", "message"),
    [
        ("", "empty"),
        ("   ", "empty"),
        (None, "empty"),
        ("{seq", "unbalanced"),
        ("seq}/{year}", "unbalanced"),
        ("{{seq}}", "unbalanced"),
        ("{seq}/{code", "unbalanced"),
        ("{seq}/{yaer}", "unknown placeholder"),
        ("{seq}/{}", "unknown placeholder"),
        ("{seq:03d}", "unknown placeholder"),
        ("{ seq }", "unknown placeholder"),
        ("{code}/{unit}/{year}", r"must contain the running number \{seq\}"),
        ("000.8.3.3/15/OR", r"must contain the running number \{seq\}"),
    ],
)
def test_invalid_patterns(pattern, message):
    with pytest.raises(InvalidPattern, match=message):
        validate_pattern(pattern)
    with pytest.raises(InvalidPattern):
        render_number(pattern, 1, LETTER_DATE, code="x", unit="y")


def test_unknown_placeholder_message_lists_allowed_ones():
    with pytest.raises(InvalidPattern, match=r"\{yaer\}; allowed: \{code\}, \{month\}"):
        validate_pattern("{seq}/{yaer}")


@pytest.mark.parametrize(
    ("seq", "padding", "message"),
    [
        (0, 0, "running number"),
        (-3, 0, "running number"),
        (True, 0, "running number"),
        (1.0, 0, "running number"),
        (1, -1, "padding"),
    ],
)
def test_invalid_arguments(seq, padding, message):
    with pytest.raises(NumberingError, match=message):
        render_number("{seq}", seq, LETTER_DATE, padding=padding)


def test_missing_code_or_unit():
    with pytest.raises(NumberingError, match=r"needs a value for \{code\}, \{unit\}"):
        render_number("{code}/{seq}/{unit}", 1, LETTER_DATE, code=" ")


def test_errors_are_value_errors():
    assert issubclass(InvalidPattern, NumberingError)
    assert issubclass(NumberingError, ValueError)
