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
    ("pattern", "message", "code"),
    [
        ("", "empty", "empty"),
        ("   ", "empty", "empty"),
        (None, "empty", "empty"),
        ("{seq", "unbalanced", "unbalanced"),
        ("seq}/{year}", "unbalanced", "unbalanced"),
        ("{{seq}}", "unbalanced", "unbalanced"),
        ("{seq}/{code", "unbalanced", "unbalanced"),
        ("{seq}/{yaer}", "unknown placeholder", "unknown"),
        ("{seq}/{}", "unknown placeholder", "unknown"),
        ("{seq:03d}", "unknown placeholder", "unknown"),
        ("{ seq }", "unknown placeholder", "unknown"),
        ("{code}/{unit}/{year}", r"must contain the running number \{seq\}", "no_seq"),
        ("000.8.3.3/15/OR", r"must contain the running number \{seq\}", "no_seq"),
    ],
)
def test_invalid_patterns(pattern, message, code):
    with pytest.raises(InvalidPattern, match=message) as caught:
        validate_pattern(pattern)
    assert caught.value.code == code
    with pytest.raises(InvalidPattern):
        render_number(pattern, 1, LETTER_DATE, code="x", unit="y")


def test_unknown_placeholder_message_lists_allowed_ones():
    with pytest.raises(InvalidPattern, match=r"\{yaer\}; allowed: \{code\}, \{month\}") as caught:
        validate_pattern("{seq}/{yaer}/{bulan}")
    assert caught.value.names == ("bulan", "yaer")


@pytest.mark.parametrize(
    ("seq", "padding", "message", "code"),
    [
        (0, 0, "running number", "bad_seq"),
        (-3, 0, "running number", "bad_seq"),
        (True, 0, "running number", "bad_seq"),
        (1.0, 0, "running number", "bad_seq"),
        (1, -1, "padding", "bad_padding"),
    ],
)
def test_invalid_arguments(seq, padding, message, code):
    with pytest.raises(NumberingError, match=message) as caught:
        render_number("{seq}", seq, LETTER_DATE, padding=padding)
    assert caught.value.code == code


def test_missing_code_or_unit():
    with pytest.raises(NumberingError, match=r"needs a value for \{code\}, \{unit\}") as caught:
        render_number("{code}/{seq}/{unit}", 1, LETTER_DATE, code=" ")
    assert caught.value.code == "missing_value"
    assert caught.value.names == ("code", "unit")


def test_errors_are_value_errors():
    assert issubclass(InvalidPattern, NumberingError)
    assert issubclass(NumberingError, ValueError)
