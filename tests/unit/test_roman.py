"""Tests of tools.roman."""

import pytest

from tools.roman import MAX_ROMAN, InvalidRoman, from_roman, to_roman

MONTHS = ["I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII"]


@pytest.mark.parametrize(("month", "numeral"), enumerate(MONTHS, 1))
def test_months(month, numeral):
    assert to_roman(month) == numeral
    assert from_roman(numeral) == month


@pytest.mark.parametrize(
    ("n", "numeral"),
    [(14, "XIV"), (40, "XL"), (90, "XC"), (400, "CD"), (1994, "MCMXCIV"), (2024, "MMXXIV")],
)
def test_other_numbers(n, numeral):
    assert to_roman(n) == numeral
    assert from_roman(numeral) == n


def test_round_trip_whole_range():
    assert [from_roman(to_roman(n)) for n in range(1, MAX_ROMAN + 1)] == list(
        range(1, MAX_ROMAN + 1)
    )
    assert to_roman(MAX_ROMAN) == "MMMCMXCIX"


def test_from_roman_accepts_lower_case_and_whitespace():
    assert from_roman(" xii ") == 12


@pytest.mark.parametrize("value", [0, -1, 4000, 1.0, "12", True, None])
def test_to_roman_rejects(value):
    with pytest.raises(InvalidRoman):
        to_roman(value)


@pytest.mark.parametrize(
    "text", ["", "  ", "IIII", "VX", "IC", "XIIII", "MMMM", "ABC", "X I", "12", None]
)
def test_from_roman_rejects(text):
    with pytest.raises(InvalidRoman):
        from_roman(text)


def test_invalid_roman_is_value_error():
    assert issubclass(InvalidRoman, ValueError)
