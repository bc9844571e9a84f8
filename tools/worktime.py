"""Working-time arithmetic for SOP step norms (e.g. "4 hours", "5 working days").

A weekly :data:`Schedule` maps ``date.weekday()`` (0 = Monday .. 6 = Sunday) to
the working intervals of that day, as ``(begin, end)`` clock times in ascending,
non-overlapping order; weekdays absent from the mapping are not worked. Each
interval lies within one day (``begin < end``). Non-working dates (public
holidays, cuti bersama) are given as any container of ``date``.

All datetimes are naive and in local time: the Odoo layer converts from UTC first.
Working time is half-open: an interval ``08:00-12:00`` contains 08:00 but not 12:00.
"""

from collections.abc import Container, Iterable, Iterator, Mapping, Sequence
from datetime import date, datetime, time, timedelta
from types import MappingProxyType

__all__ = [
    "DEFAULT_SCHEDULE",
    "InvalidSchedule",
    "Schedule",
    "WorktimeError",
    "add_working_days",
    "add_working_minutes",
    "indonesian_holiday_names",
    "indonesian_non_working_days",
    "is_working_day",
    "next_working_instant",
    "validate_schedule",
    "working_minutes_between",
]

Schedule = Mapping[int, Sequence[tuple[time, time]]]
"""Working intervals per weekday (0 = Monday)."""

DEFAULT_SCHEDULE: Schedule = MappingProxyType(
    {weekday: ((time(8), time(12)), (time(13), time(16))) for weekday in range(5)}
)
"""Monday to Friday, 08:00-12:00 and 13:00-16:00 (7 working hours a day)."""

_NO_HOLIDAYS: frozenset[date] = frozenset()
_MINUTE = timedelta(minutes=1)


class WorktimeError(ValueError):
    """Invalid input to a working-time computation."""


class InvalidSchedule(WorktimeError):
    """The weekly schedule is malformed or has no working time at all."""


def validate_schedule(schedule: Schedule) -> None:
    """Check that ``schedule`` is usable.

    :raises InvalidSchedule: if a key is not a weekday 0..6, an interval is empty
        or reversed, intervals of a day overlap or are out of order, or no
        weekday has any working interval.
    """
    if not any(schedule.values()):
        raise InvalidSchedule("The work schedule has no working hours.")
    for weekday, intervals in schedule.items():
        if isinstance(weekday, bool) or weekday not in range(7):
            raise InvalidSchedule(f"{weekday!r} is not a weekday number (0 = Monday .. 6).")
        previous_end = time.min
        for begin, end in intervals:
            if not begin < end:
                raise InvalidSchedule(
                    f"Weekday {weekday}: interval {begin:%H:%M}-{end:%H:%M} is empty or reversed."
                )
            if begin < previous_end:
                raise InvalidSchedule(
                    f"Weekday {weekday}: interval {begin:%H:%M}-{end:%H:%M} overlaps or precedes "
                    "the previous one."
                )
            previous_end = end


def is_working_day(
    day: date,
    schedule: Schedule = DEFAULT_SCHEDULE,
    holidays: Container[date] = _NO_HOLIDAYS,
) -> bool:
    """Return whether ``day`` has working hours in ``schedule`` and is not a holiday."""
    return bool(schedule.get(day.weekday())) and day not in holidays


def next_working_instant(
    moment: datetime,
    schedule: Schedule = DEFAULT_SCHEDULE,
    holidays: Container[date] = _NO_HOLIDAYS,
) -> datetime:
    """Return ``moment`` if it is working time, else the start of the next working interval.

    The end of an interval is not working time: 12:00 under ``08:00-12:00,
    13:00-16:00`` gives 13:00.
    """
    _check(schedule, moment)
    begin, _end = next(_segments_from(moment, schedule, holidays))
    return begin


def add_working_minutes(
    start: datetime,
    minutes: int,
    schedule: Schedule = DEFAULT_SCHEDULE,
    holidays: Container[date] = _NO_HOLIDAYS,
) -> datetime:
    """Return the moment at which ``minutes`` of working time from ``start`` are used up.

    Work begins at :func:`next_working_instant` of ``start``. A result landing
    exactly on the end of an interval is returned as that end (08:00 + 240 min
    is 12:00, not 13:00). Zero minutes give the next working instant.

    :raises WorktimeError: if ``minutes`` is negative or ``start`` is timezone-aware.
    :raises InvalidSchedule: see :func:`validate_schedule`.
    """
    _check(schedule, start)
    if minutes < 0:
        raise WorktimeError(f"The number of working minutes cannot be negative ({minutes}).")
    remaining = timedelta(minutes=minutes)
    segments = _segments_from(start, schedule, holidays)
    while True:
        begin, end = next(segments)
        if begin + remaining <= end:
            return begin + remaining
        remaining -= end - begin


def add_working_days(
    start: datetime,
    days: int,
    schedule: Schedule = DEFAULT_SCHEDULE,
    holidays: Container[date] = _NO_HOLIDAYS,
) -> datetime:
    """Return the deadline of a ``days``-working-day norm begun at ``start``.

    ``start`` is first moved to :func:`next_working_instant`; the deadline is the
    same clock time ``days`` working days later, weekends and ``holidays`` being
    skipped. So Monday 10:00 + 1 is Tuesday 10:00, Friday 10:00 + 1 is Monday
    10:00, and Saturday 09:00 + 1 is Tuesday 08:00 (the work begins Monday 08:00).
    Under the default schedule Monday 16:00 is already after hours, so Monday
    16:00 + 1 is Wednesday 08:00, which is the same working instant as Tuesday 16:00.

    With a schedule whose hours differ between days, the due clock time may fall
    outside the due day's hours (e.g. in a longer Friday break); it is returned
    as is, being equivalent in working time to the last working instant before it.

    :raises WorktimeError: if ``days`` is negative or ``start`` is timezone-aware.
    :raises InvalidSchedule: see :func:`validate_schedule`.
    """
    _check(schedule, start)
    if days < 0:
        raise WorktimeError(f"The number of working days cannot be negative ({days}).")
    begin, _end = next(_segments_from(start, schedule, holidays))
    day = begin.date()
    for _ in range(days):
        day += timedelta(days=1)
        while not is_working_day(day, schedule, holidays):
            day += timedelta(days=1)
    return datetime.combine(day, begin.time())


def working_minutes_between(
    start: datetime,
    end: datetime,
    schedule: Schedule = DEFAULT_SCHEDULE,
    holidays: Container[date] = _NO_HOLIDAYS,
) -> int:
    """Return the whole minutes of working time in ``[start, end)``.

    This is the inverse of :func:`add_working_minutes`:
    ``working_minutes_between(s, add_working_minutes(s, m)) == m``.

    :raises WorktimeError: if ``end`` is before ``start`` or either is timezone-aware.
    :raises InvalidSchedule: see :func:`validate_schedule`.
    """
    _check(schedule, start, end)
    if end < start:
        raise WorktimeError(f"The end {end.isoformat()} is before the start {start.isoformat()}.")
    spent = timedelta()
    for begin, segment_end in _segments_from(start, schedule, holidays):
        if begin >= end:
            break
        spent += min(segment_end, end) - begin
    return spent // _MINUTE


def indonesian_non_working_days(years: int | Iterable[int]) -> set[date]:
    """Return Indonesia's public holidays and cuti bersama for ``years``.

    Uses the ``holidays`` package (imported here only), categories ``public`` and
    ``government``; the latter holds the cuti bersama (joint leave days), which
    the package does not return by default. Cuti bersama are set by decree each
    year, so a year is only complete in a ``holidays`` release made after the
    decree: keep the package recent (0.86 lacks the 2026 cuti bersama; 0.107 and
    0.109 have them). Holidays falling on a weekend are included; ordinary
    weekends are not (the schedule leaves them out).
    """
    import holidays

    return set(
        holidays.country_holidays(
            "ID",
            years=[years] if isinstance(years, int) else list(years),
            categories=("public", "government"),
        )
    )


def indonesian_holiday_names(years: int | Iterable[int], language: str = "id") -> dict[date, str]:
    """Return :func:`indonesian_non_working_days` with their names, as ``{date: name}``.

    ``language`` is one the ``holidays`` package knows for Indonesia (``id``,
    ``en_US``, ...); two holidays on one date are joined with "; ".
    """
    import holidays

    return dict(
        holidays.country_holidays(
            "ID",
            years=[years] if isinstance(years, int) else list(years),
            categories=("public", "government"),
            language=language,
        )
    )


def _check(schedule: Schedule, *moments: datetime) -> None:
    """Reject a malformed schedule and timezone-aware datetimes."""
    validate_schedule(schedule)
    for moment in moments:
        if moment.tzinfo is not None:
            raise WorktimeError(f"Expected a naive local datetime, got {moment.isoformat()}.")


def _segments_from(
    start: datetime, schedule: Schedule, holidays: Container[date]
) -> Iterator[tuple[datetime, datetime]]:
    """Yield the working intervals from ``start`` on, the first clipped to ``start``.

    Endless; it terminates for callers because a validated schedule has working
    hours every week and ``holidays`` is finite.
    """
    day = start.date()
    while True:
        if day not in holidays:
            for begin, end in schedule.get(day.weekday(), ()):
                segment_end = datetime.combine(day, end)
                if segment_end > start:
                    yield max(datetime.combine(day, begin), start), segment_end
        day += timedelta(days=1)
