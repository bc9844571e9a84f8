"""Tests of tools.worktime (working-time arithmetic for SOP norms)."""

from datetime import date, datetime, time, timedelta, timezone

import pytest

from tools.worktime import (
    DEFAULT_SCHEDULE,
    InvalidSchedule,
    WorktimeError,
    add_working_days,
    add_working_minutes,
    indonesian_non_working_days,
    is_working_day,
    next_working_instant,
    validate_schedule,
    working_minutes_between,
)

# Monday 2 March 2026 .. Sunday 8 March 2026 has no Indonesian holiday.
MON, TUE, WED, FRI, SAT, SUN = (datetime(2026, 3, day) for day in (2, 3, 4, 6, 7, 8))
NEXT_MON = datetime(2026, 3, 9)

# Ascension Day and its cuti bersama: Thursday 14 and Friday 15 May 2026.
ASCENSION = {date(2026, 5, 14), date(2026, 5, 15)}

# Banyumas-like hours: short Monday-Thursday lunch, long Friday prayer break.
OFFICE = {
    **{weekday: ((time(7, 30), time(12)), (time(12, 30), time(16))) for weekday in range(4)},
    4: ((time(7, 30), time(11)), (time(13), time(16, 30))),
}


def at(day: datetime, hour: int, minute: int = 0) -> datetime:
    return day.replace(hour=hour, minute=minute)


def test_default_schedule_is_five_seven_hour_days():
    validate_schedule(DEFAULT_SCHEDULE)
    assert sorted(DEFAULT_SCHEDULE) == [0, 1, 2, 3, 4]
    assert working_minutes_between(MON, NEXT_MON) == 5 * 7 * 60


@pytest.mark.parametrize(
    ("start", "minutes", "expected"),
    [
        (at(MON, 8), 0, at(MON, 8)),
        (at(MON, 10), 10, at(MON, 10, 10)),
        (at(MON, 11, 30), 60, at(MON, 13, 30)),  # across lunch
        (at(MON, 8), 240, at(MON, 12)),  # used up at the end of an interval
        (at(MON, 8), 420, at(MON, 16)),
        (at(MON, 8), 421, at(TUE, 8, 1)),
        (at(FRI, 15, 30), 60, at(NEXT_MON, 8, 30)),  # across the weekend
        (at(SAT, 9), 30, at(NEXT_MON, 8, 30)),
        (at(MON, 6), 30, at(MON, 8, 30)),
        (at(MON, 12, 15), 30, at(MON, 13, 30)),
        (at(MON, 12), 0, at(MON, 13)),
        (at(MON, 16), 0, at(TUE, 8)),
        (at(MON, 10).replace(second=30), 1, at(MON, 10, 1).replace(second=30)),
        (at(MON, 8), 5 * 420, at(FRI, 16)),
    ],
)
def test_add_working_minutes(start, minutes, expected):
    assert add_working_minutes(start, minutes) == expected


def test_add_working_minutes_skips_holidays():
    start = datetime(2026, 5, 13, 15)  # Wednesday, the day before Ascension
    assert add_working_minutes(start, 120, holidays=ASCENSION) == datetime(2026, 5, 18, 9)
    assert add_working_minutes(start, 120) == datetime(2026, 5, 14, 9)


def test_sop_hour_norms_in_a_row():
    # Steps 2-5 of the seed SOP: 4 h, 1 h, 1 h, 2 h, started after the 10-minute step 1.
    moment = add_working_minutes(at(MON, 8), 10)
    for minutes in (240, 60, 60, 120):
        moment = add_working_minutes(moment, minutes)
    assert moment == at(TUE, 9, 10)


@pytest.mark.parametrize(
    ("start", "minutes", "expected"),
    [
        (at(MON, 11, 45), 30, at(MON, 12, 45)),
        (at(FRI, 10, 30), 60, at(FRI, 13, 30)),
        (at(datetime(2026, 3, 5), 15, 30), 60, at(FRI, 8)),  # Thursday
        (at(FRI, 16), 60, at(NEXT_MON, 8)),
    ],
)
def test_add_working_minutes_custom_schedule(start, minutes, expected):
    assert add_working_minutes(start, minutes, OFFICE) == expected


@pytest.mark.parametrize(
    ("start", "days", "expected"),
    [
        (at(MON, 10), 0, at(MON, 10)),
        (at(SUN, 10), 0, at(NEXT_MON, 8)),
        (at(MON, 10), 1, at(TUE, 10)),
        (at(MON, 10), 5, at(NEXT_MON, 10)),
        (at(FRI, 10), 1, at(NEXT_MON, 10)),
        (at(SAT, 9), 1, at(NEXT_MON + timedelta(days=1), 8)),
        (at(MON, 12, 30), 1, at(TUE, 13)),
        (at(MON, 16), 1, at(WED, 8)),
        (at(MON, 15, 59), 1, at(TUE, 15, 59)),
    ],
)
def test_add_working_days(start, days, expected):
    assert add_working_days(start, days) == expected


def test_add_working_days_skips_holidays():
    monday = datetime(2026, 5, 11, 10)
    assert add_working_days(monday, 5, holidays=ASCENSION) == datetime(2026, 5, 20, 10)
    assert add_working_days(monday, 5) == datetime(2026, 5, 18, 10)
    on_holiday = datetime(2026, 5, 14, 9)
    assert add_working_days(on_holiday, 1, holidays=ASCENSION) == datetime(2026, 5, 19, 8)


def test_add_working_days_keeps_clock_time_on_irregular_schedule():
    # Thursday 11:30 is working time; Friday 11:30 falls in the Friday break.
    assert add_working_days(at(datetime(2026, 3, 5), 11, 30), 1, OFFICE) == at(FRI, 11, 30)


def test_indonesian_non_working_days_march_2026():
    days_off = indonesian_non_working_days(2026)
    # Cuti bersama (government category) and public holidays around Nyepi and Idul Fitri.
    assert {date(2026, 3, day) for day in range(18, 25)} <= days_off
    assert date(2026, 3, 17) not in days_off
    assert date(2026, 3, 25) not in days_off
    assert date(2026, 2, 16) in days_off  # Chinese New Year cuti bersama
    # A 5-working-day step started the day before the run is due two weeks later.
    start = datetime(2026, 3, 17, 10)
    assert add_working_days(start, 5, holidays=days_off) == datetime(2026, 3, 31, 10)
    assert add_working_minutes(start, 5 * 420, holidays=days_off) == datetime(2026, 3, 31, 10)


def test_indonesian_non_working_days_several_years():
    days_off = indonesian_non_working_days(range(2025, 2027))
    assert {date(2025, 1, 1), date(2026, 1, 1), date(2026, 8, 17)} <= days_off
    assert all(day.year in (2025, 2026) for day in days_off)


@pytest.mark.parametrize(
    ("start", "end", "minutes"),
    [
        (at(MON, 8), at(MON, 16), 420),
        (at(MON, 11, 30), at(MON, 13, 30), 60),
        (at(MON, 12, 10), at(MON, 12, 50), 0),
        (at(FRI, 15, 30), at(NEXT_MON, 8, 30), 60),
        (SAT, SUN, 0),
        (at(MON, 10), at(MON, 10), 0),
        (at(MON, 10), at(MON, 10).replace(second=59), 0),
        (MON, NEXT_MON, 2100),
    ],
)
def test_working_minutes_between(start, end, minutes):
    assert working_minutes_between(start, end) == minutes


def test_working_minutes_between_with_holidays():
    start, end = datetime(2026, 5, 13, 15), datetime(2026, 5, 18, 9)
    assert working_minutes_between(start, end, holidays=ASCENSION) == 120
    assert working_minutes_between(start, end) == 120 + 2 * 420


@pytest.mark.parametrize("schedule", [DEFAULT_SCHEDULE, OFFICE])
def test_working_minutes_between_inverts_add_working_minutes(schedule):
    holidays = {date(2026, 3, 4)}
    starts = [MON + timedelta(minutes=37 * step) for step in range(7 * 24 * 60 // 37)]
    for start in starts:
        for minutes in (0, 1, 29, 60, 240, 421, 2100, 5000):
            end = add_working_minutes(start, minutes, schedule, holidays)
            assert working_minutes_between(start, end, schedule, holidays) == minutes, (
                start,
                minutes,
            )


def test_next_working_instant_and_is_working_day():
    assert next_working_instant(at(MON, 9)) == at(MON, 9)
    assert next_working_instant(at(SAT, 9)) == at(NEXT_MON, 8)
    assert next_working_instant(at(FRI, 11, 30), OFFICE) == at(FRI, 13)
    assert is_working_day(MON.date())
    assert not is_working_day(SUN.date())
    assert not is_working_day(date(2026, 5, 14), holidays=ASCENSION)


def test_negative_amounts_and_bad_ranges_rejected():
    with pytest.raises(WorktimeError, match="negative"):
        add_working_minutes(at(MON, 8), -1)
    with pytest.raises(WorktimeError, match="negative"):
        add_working_days(at(MON, 8), -1)
    with pytest.raises(WorktimeError, match="before the start"):
        working_minutes_between(at(TUE, 8), at(MON, 8))


def test_timezone_aware_datetimes_rejected():
    aware = at(MON, 8).replace(tzinfo=timezone(timedelta(hours=7)))
    with pytest.raises(WorktimeError, match="naive"):
        add_working_minutes(aware, 10)
    with pytest.raises(WorktimeError, match="naive"):
        working_minutes_between(at(MON, 8), aware)


@pytest.mark.parametrize(
    ("schedule", "message"),
    [
        ({}, "no working hours"),
        ({0: []}, "no working hours"),
        ({7: [(time(8), time(12))]}, "not a weekday"),
        ({True: [(time(8), time(12))]}, "not a weekday"),
        ({0: [(time(12), time(8))]}, "empty or reversed"),
        ({0: [(time(8), time(8))]}, "empty or reversed"),
        ({0: [(time(8), time(12)), (time(11), time(14))]}, "overlaps"),
        ({0: [(time(13), time(16)), (time(8), time(12))]}, "overlaps or precedes"),
    ],
)
def test_invalid_schedules(schedule, message):
    with pytest.raises(InvalidSchedule, match=message):
        validate_schedule(schedule)
    with pytest.raises(InvalidSchedule):
        add_working_minutes(at(MON, 8), 10, schedule)


def test_worktime_errors_are_value_errors():
    assert issubclass(InvalidSchedule, WorktimeError)
    assert issubclass(WorktimeError, ValueError)
