"""Tests of tools.worktime.indonesian_holiday_names (Indonesia's days off and their names)."""

from datetime import date

from tools.worktime import indonesian_holiday_names


def test_days_off_march_2026():
    days_off = set(indonesian_holiday_names(2026))
    # Cuti bersama (government category) and public holidays around Nyepi and Idul Fitri.
    assert {date(2026, 3, day) for day in range(18, 25)} <= days_off
    assert date(2026, 3, 17) not in days_off
    assert date(2026, 3, 25) not in days_off
    assert date(2026, 2, 16) in days_off  # Chinese New Year cuti bersama


def test_days_off_over_several_years():
    names = indonesian_holiday_names(range(2025, 2027))
    assert {date(2025, 1, 1), date(2026, 1, 1), date(2026, 8, 17)} <= set(names)
    assert all(day.year in (2025, 2026) for day in names)
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
