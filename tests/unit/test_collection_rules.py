"""Tests of tools.collection_rules: the one validator of a bidang's lines."""

import math

import pytest

from tools.collection_rules import (
    MAX_BUDGET,
    MAX_ROWS,
    MAX_TARGET,
    PROBLEM_CODES,
    Problem,
    check_lines,
    quarter_rule,
)


def indicator(**values):
    return {
        "objective": "Meningkatnya akses pendidikan dasar",
        "name": "APM SD",
        "uom": "%",
        "target": 98.0,
        "target_text": None,
        "target_q1": None,
        "target_q2": None,
        "target_q3": None,
        "target_q4": None,
        **values,
    }


def program(**values):
    return {"name": "Program Pengelolaan Pendidikan", "budget": 1_000_000, "note": None, **values}


def problems(indicators=None, programs=None):
    return check_lines(
        [indicator()] if indicators is None else indicators,
        [program()] if programs is None else programs,
    )


def test_valid_lines():
    assert problems() == []
    assert problems([indicator(target=None, target_text="Predikat B")]) == []
    assert problems(programs=[]) == [], "programmes are optional"


def test_no_indicator():
    assert problems([]) == [Problem("no_indicator", "indicator")]


@pytest.mark.parametrize("key", ["objective", "name", "uom"])
def test_required_texts(key):
    assert problems([indicator(**{key: None})]) == [Problem("required", "indicator", 0, key)]
    assert problems([indicator(**{key: ""})]) == [Problem("required", "indicator", 0, key)]


def test_target_or_target_text_required():
    assert problems([indicator(target=None)]) == [Problem("required", "indicator", 0, "target")]


def test_programme_required():
    assert problems(programs=[program(name=None, budget=None)]) == [
        Problem("required", "program", 0, "name"),
        Problem("required", "program", 0, "budget"),
    ]


@pytest.mark.parametrize("value", [0, 0.0, 0.004])
def test_zero_target_refused(value):
    assert problems([indicator(target=value)]) == [Problem("zero", "indicator", 0, "target", value)]


def test_small_target_rounding_to_a_hundredth_is_accepted():
    assert problems([indicator(target=0.005)]) == []


@pytest.mark.parametrize("value", [0, 0.4])
def test_zero_budget_refused(value):
    codes = [p.code for p in problems(programs=[program(budget=value)])]
    assert codes == (["zero"] if value == 0 else ["fractional"])


def test_negative():
    assert problems([indicator(target_q1=-1, target_q4=98)], [program(budget=-5)]) == [
        Problem("negative", "indicator", 0, "target_q1", -1),
        Problem("negative", "program", 0, "budget", -5),
    ]


def test_format_maximum_magnitudes():
    assert problems([indicator(target=MAX_TARGET)], [program(budget=MAX_BUDGET)]) == []
    assert problems([indicator(target=MAX_TARGET + 1)], [program(budget=MAX_BUDGET + 1)]) == [
        Problem("too_big", "indicator", 0, "target", MAX_TARGET + 1),
        Problem("too_big", "program", 0, "budget", MAX_BUDGET + 1),
    ]
    assert MAX_BUDGET == 10**15 - 1


def test_huge_numbers_do_not_overflow_the_quarterly_rule():
    rows = [
        indicator(target=1e308, target_q1=1e308, target_q2=1e308, target_q3=1e308, target_q4=1e308)
    ]
    found = problems(rows, [program(budget=1e308)])
    assert {(p.code, p.key) for p in found} == {
        ("too_big", "target"),
        ("too_big", "target_q1"),
        ("too_big", "target_q2"),
        ("too_big", "target_q3"),
        ("too_big", "target_q4"),
        ("too_big", "budget"),
    }


@pytest.mark.parametrize("value", [math.nan, math.inf, -math.inf, "95", True])
def test_not_a_number(value):
    assert [p.code for p in problems([indicator(target=value)])] == ["not_a_number"]


def test_fractional_budget():
    assert problems(programs=[program(budget=1000.5)]) == [
        Problem("fractional", "program", 0, "budget", 1000.5)
    ]


def test_quarterly_rule():
    cumulative = {"target_q1": 90, "target_q2": 92, "target_q3": 95, "target_q4": 98}
    per_quarter = {"target_q1": 20, "target_q2": 30, "target_q3": 24, "target_q4": 24}
    assert problems([indicator(**cumulative), indicator(**per_quarter)]) == []
    wrong = {"target_q1": 10, "target_q2": 20, "target_q3": 30, "target_q4": 50}
    assert problems([indicator(**wrong)]) == [Problem("quarters", "indicator", 0, "target_q4", 50)]
    # Only Tw IV given: cumulative, reaching the target.
    assert problems([indicator(target_q4=98)]) == []
    assert quarter_rule(98, [90, 92, 95, 98]) == "cumulative"
    assert quarter_rule(98, [20, 30, 24, 24]) == "per_quarter"
    assert quarter_rule(98, [99, 92, 95, 98]) is None


def test_too_long_and_control_characters():
    found = problems([indicator(uom="x" * 51, name="APM\x01SD")], [program(note="ok\nline\ttab")])
    assert found == [
        Problem("control_char", "indicator", 0, "name", "U+0001"),
        Problem("too_long", "indicator", 0, "uom", 51),
    ]


def test_cells_already_refused_are_not_checked_again():
    row = indicator(target=None, bad={"target"})
    assert problems([row]) == []


def test_row_limit():
    assert problems([indicator()] * MAX_ROWS, [program()] * MAX_ROWS) == []
    assert problems([indicator()] * (MAX_ROWS + 1)) == [
        Problem("too_many_rows", "indicator", value=MAX_ROWS + 1)
    ]
    assert MAX_ROWS == 2000


def test_every_code_is_tested():
    assert set(PROBLEM_CODES) == {
        "required",
        "too_long",
        "control_char",
        "not_a_number",
        "negative",
        "zero",
        "too_big",
        "fractional",
        "quarters",
        "too_many_rows",
        "no_indicator",
    }
