"""Tests of tools.worktime.indonesian_holiday_names (names of the days off)."""

from datetime import date

from tools.worktime import indonesian_holiday_names, indonesian_non_working_days


def test_holiday_names_cover_the_non_working_days():
    names = indonesian_holiday_names(2026)
    assert set(names) == indonesian_non_working_days(2026)
    assert all(isinstance(name, str) and name for name in names.values())


def test_holiday_names_are_indonesian_by_default():
    names = indonesian_holiday_names(2026)
    assert names[date(2026, 8, 17)] == "Hari Kemerdekaan Republik Indonesia"
    # Cuti bersama (government category) are named as such.
    assert "Cuti Bersama" in names[date(2026, 3, 23)]
    assert "Idul Fitri" in names[date(2026, 3, 23)]


def test_holiday_names_in_english_and_over_several_years():
    names = indonesian_holiday_names(range(2025, 2027), language="en_US")
    assert names[date(2026, 3, 20)] == "Eid al-Fitr Joint Holiday"
    assert date(2025, 8, 17) in names
    assert date(2026, 8, 17) in names
