"""Tests of tools.dates."""

import datetime

import pytest

from tools.dates import (
    DAY_NAMES,
    DEFAULT_OFFICE_TZ,
    MONTH_NAMES,
    day_name_id,
    format_date_id,
    format_time_id,
    local_date,
    zone_abbreviation_id,
)


def test_format_date():
    assert format_date_id(datetime.date(2024, 1, 8)) == "8 Januari 2024"
    assert format_date_id(datetime.date(2026, 12, 31)) == "31 Desember 2026"


def test_format_datetime_keeps_only_the_date():
    assert format_date_id(datetime.datetime(2024, 8, 17, 23, 59)) == "17 Agustus 2024"


@pytest.mark.parametrize("month", range(1, 13))
def test_every_month(month):
    assert format_date_id(datetime.date(2025, month, 1)) == f"1 {MONTH_NAMES[month - 1]} 2025"


@pytest.mark.parametrize("empty", [None, False])
def test_empty_values(empty):
    assert format_date_id(empty) == ""
    assert day_name_id(empty) == ""
    assert format_time_id(empty) == ""


def test_day_names():
    # 8 January 2024 was a Monday
    monday = datetime.date(2024, 1, 8)
    assert [day_name_id(monday + datetime.timedelta(days=n)) for n in range(7)] == list(DAY_NAMES)
    assert day_name_id(datetime.date(2024, 1, 12)) == "Jumat"
    assert day_name_id(datetime.datetime(2026, 3, 17, 10)) == "Selasa"


def test_time():
    assert format_time_id(datetime.time(9, 0)) == "09.00"
    assert format_time_id(datetime.datetime(2026, 3, 17, 13, 5), "WIB") == "13.05 WIB"
    assert format_time_id(datetime.time(0, 0), "WITA") == "00.00 WITA"


@pytest.mark.parametrize("value", ["2024-01-08", 20240108])
def test_refuses_other_types(value):
    with pytest.raises(TypeError):
        format_date_id(value)
    with pytest.raises(TypeError):
        day_name_id(value)
    with pytest.raises(TypeError):
        format_time_id(value)


@pytest.mark.parametrize(
    ("tz_name", "expected"),
    [
        ("Asia/Jakarta", "WIB"),
        ("Asia/Pontianak", "WIB"),
        ("Asia/Makassar", "WITA"),
        ("Asia/Jayapura", "WIT"),
        ("Europe/Brussels", "Europe/Brussels"),
        ("", ""),
        (None, ""),
        (False, ""),
    ],
)
def test_zone_abbreviation_id(tz_name, expected):
    assert zone_abbreviation_id(tz_name) == expected


@pytest.mark.parametrize(
    ("moment", "tz_name", "expected"),
    [
        # 17:30 UTC on the last day of a month is already the next day in WIB.
        (datetime.datetime(2026, 11, 30, 17, 30), "Asia/Jakarta", datetime.date(2026, 12, 1)),
        (datetime.datetime(2026, 12, 31, 17, 30), "Asia/Jakarta", datetime.date(2027, 1, 1)),
        (datetime.datetime(2026, 12, 31, 16, 59), "Asia/Jakarta", datetime.date(2026, 12, 31)),
        (datetime.datetime(2026, 12, 31, 17, 0), "Asia/Jakarta", datetime.date(2027, 1, 1)),
        # WITA and WIT start the day earlier still; Brussels later.
        (datetime.datetime(2026, 11, 30, 16, 0), "Asia/Makassar", datetime.date(2026, 12, 1)),
        (datetime.datetime(2026, 11, 30, 15, 0), "Asia/Jayapura", datetime.date(2026, 12, 1)),
        (datetime.datetime(2026, 12, 31, 23, 30), "Europe/Brussels", datetime.date(2027, 1, 1)),
        (datetime.datetime(2026, 12, 31, 22, 30), "Europe/Brussels", datetime.date(2026, 12, 31)),
        (datetime.datetime(2026, 12, 31, 23, 59), "UTC", datetime.date(2026, 12, 31)),
    ],
)
def test_local_date(moment, tz_name, expected):
    assert local_date(moment, tz_name) == expected


def test_local_date_of_an_aware_datetime():
    moment = datetime.datetime(2026, 12, 31, 18, 0, tzinfo=datetime.timezone.utc)
    assert local_date(moment, "Asia/Jakarta") == datetime.date(2027, 1, 1)


def test_local_date_defaults_to_western_indonesia():
    assert DEFAULT_OFFICE_TZ == "Asia/Jakarta"
    assert local_date(datetime.datetime(2026, 11, 30, 17, 30)) == datetime.date(2026, 12, 1)
    assert local_date(datetime.datetime(2026, 11, 30, 17, 30), None) == datetime.date(2026, 12, 1)


def test_local_date_refuses_a_date():
    with pytest.raises(TypeError):
        local_date(datetime.date(2026, 11, 30))
