# Copyright 2024 SAKIP Indonesia
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""Dates and times as written on Indonesian official documents.

``format_date_id(date(2024, 1, 8))`` gives "8 Januari 2024",
``day_name_id(date(2024, 1, 8))`` "Senin" and ``format_time_id(time(9, 0))``
"09.00" (Indonesian writes hours and minutes with a dot; the zone, e.g. WIB,
is added by the caller: ``format_time_id(t, "WIB")`` gives "09.00 WIB").
"""

import datetime
from zoneinfo import ZoneInfo

__all__ = [
    "DAY_NAMES",
    "DEFAULT_OFFICE_TZ",
    "MONTH_NAMES",
    "day_name_id",
    "format_date_id",
    "format_time_id",
    "local_date",
    "zone_abbreviation_id",
]

MONTH_NAMES = (
    "Januari",
    "Februari",
    "Maret",
    "April",
    "Mei",
    "Juni",
    "Juli",
    "Agustus",
    "September",
    "Oktober",
    "November",
    "Desember",
)
"""Indonesian month names, January first."""

DAY_NAMES = ("Senin", "Selasa", "Rabu", "Kamis", "Jumat", "Sabtu", "Minggu")
"""Indonesian day names, Monday first (as :meth:`datetime.date.weekday`)."""


def _check_date(value):
    if not isinstance(value, datetime.date):
        raise TypeError(f"expected a date or datetime, got {type(value).__name__}")


def format_date_id(value):
    """Return ``value`` (date or datetime) as "8 Januari 2024"; "" for an empty value."""
    if not value:
        return ""
    _check_date(value)
    return f"{value.day} {MONTH_NAMES[value.month - 1]} {value.year}"


def day_name_id(value):
    """Return the Indonesian day name of ``value`` (date or datetime), e.g. "Senin"."""
    if not value:
        return ""
    _check_date(value)
    return DAY_NAMES[value.weekday()]


def format_time_id(value, zone=None):
    """Return the clock time of ``value`` (time or datetime) as "09.00".

    ``zone`` (e.g. "WIB") is appended after a space when given. The value is
    written as it is: convert it to the local time zone first.
    """
    if value is None or value is False:
        return ""
    if not isinstance(value, (datetime.time, datetime.datetime)):
        raise TypeError(f"expected a time or datetime, got {type(value).__name__}")
    text = f"{value.hour:02d}.{value.minute:02d}"
    return f"{text} {zone}" if zone else text


#: Indonesia's three time zones (WIB, WITA, WIT) by IANA zone name.
ZONE_ABBREVIATIONS = {
    "Asia/Jakarta": "WIB",
    "Asia/Pontianak": "WIB",
    "Asia/Makassar": "WITA",
    "Asia/Ujung_Pandang": "WITA",
    "Asia/Jayapura": "WIT",
}


def zone_abbreviation_id(tz_name):
    """Return the Indonesian abbreviation of the IANA zone ``tz_name``
    ("Asia/Jakarta" gives "WIB", "Asia/Makassar" "WITA", "Asia/Jayapura" "WIT");
    the zone name itself outside Indonesia, "" for no zone."""
    if not tz_name:
        return ""
    return ZONE_ABBREVIATIONS.get(tz_name, tz_name)


#: The time zone of an office whose working calendar names none.
DEFAULT_OFFICE_TZ = "Asia/Jakarta"


def local_date(moment_utc, tz_name=DEFAULT_OFFICE_TZ):
    """Return the local date in ``tz_name`` of ``moment_utc``, a naive UTC
    datetime (as Odoo stores them) or an aware one.

    ``local_date(datetime(2026, 11, 30, 17, 30))`` gives 1 December 2026: at
    17:30 UTC it is already 00:30 the next day in Western Indonesia.
    """
    if not isinstance(moment_utc, datetime.datetime):
        raise TypeError(f"expected a datetime, got {type(moment_utc).__name__}")
    if moment_utc.tzinfo is None:
        moment_utc = moment_utc.replace(tzinfo=datetime.timezone.utc)
    return moment_utc.astimezone(ZoneInfo(tz_name or DEFAULT_OFFICE_TZ)).date()
