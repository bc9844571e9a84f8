"""Tests of tools.numbers_id."""

import pytest

from tools.numbers_id import format_number_id


@pytest.mark.parametrize(
    ("value", "text"),
    [
        (0, "0"),
        (5, "5"),
        (1000, "1.000"),
        (1405158220000, "1.405.158.220.000"),
        (97.5, "97,5"),
        (97.50, "97,5"),
        (12.345, "12,35"),
        (1234.05, "1.234,05"),
        (-2500.5, "-2.500,5"),
        (-0.001, "0"),
        (3.0, "3"),
    ],
)
def test_format(value, text):
    assert format_number_id(value) == text


def test_decimals_limit():
    assert format_number_id(1.23456, max_decimals=4) == "1,2346"
    assert format_number_id(1.5, max_decimals=0) == "2"


@pytest.mark.parametrize("empty", [None, False])
def test_empty(empty):
    assert format_number_id(empty) == ""
