# Copyright 2024 SAKIP Indonesia
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""Working time of the SOP norms on an Odoo working calendar.

The arithmetic is in :mod:`tools.worktime` (pure, naive local datetimes); this
layer turns a ``resource.calendar`` into its weekly schedule and its days off
(the global leaves: public holidays and cuti bersama) and converts between
Odoo's naive UTC datetimes and the calendar's time zone.
"""

from collections import defaultdict
from datetime import datetime, time, timedelta

import pytz

from odoo import api, models
from odoo.exceptions import UserError

from ..tools import worktime
from ..tools.dates import DEFAULT_OFFICE_TZ

#: Global leaves are read from this many days before the start of a computation.
_LEAVE_MARGIN = timedelta(days=2)


def _float_to_time(hours):
    """Return the clock time of an attendance bound given in float hours (8.5 = 08:30)."""
    minutes = int(round(hours * 60))
    if minutes >= 24 * 60:
        return time.max
    return time(minutes // 60, minutes % 60)


def merge_intervals(intervals):
    """Sort ``(begin, end)`` clock-time intervals and merge those that overlap or touch."""
    merged = []
    for begin, end in sorted(intervals):
        if begin >= end:
            continue
        if merged and begin <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], end))
        else:
            merged.append((begin, end))
    return tuple(merged)


class ResourceCalendar(models.Model):
    _inherit = "resource.calendar"

    # ------------------------------------------------------------------
    # Schedule, days off and time zone
    # ------------------------------------------------------------------
    def _sakip_schedule(self):
        """Return the weekly :data:`tools.worktime.Schedule` of the calendar.

        Lunch breaks and section lines are not working time; attendances of a
        single resource are ignored; a two-week calendar uses its first week.
        An empty recordset gives :data:`tools.worktime.DEFAULT_SCHEDULE`.
        """
        if not self:
            return worktime.DEFAULT_SCHEDULE
        self.ensure_one()
        per_day = defaultdict(list)
        for attendance in self.attendance_ids:
            if (
                attendance.display_type
                or attendance.resource_id
                or attendance.day_period == "lunch"
                or (self.two_weeks_calendar and attendance.week_type == "1")
            ):
                continue
            per_day[int(attendance.dayofweek)].append(
                (_float_to_time(attendance.hour_from), _float_to_time(attendance.hour_to))
            )
        schedule = {day: merge_intervals(intervals) for day, intervals in per_day.items()}
        try:
            worktime.validate_schedule(schedule)
        except worktime.InvalidSchedule as error:
            raise UserError(
                self.env._(
                    "The working time %(calendar)s cannot count SOP norms: it has no "
                    "usable working hours (%(reason)s).",
                    calendar=self.display_name,
                    reason=str(error),
                )
            ) from error
        return schedule

    def _sakip_tz(self):
        return pytz.timezone((self and self.tz) or DEFAULT_OFFICE_TZ)

    def _sakip_days_off(self, start_utc):
        """Return the local dates of the global leaves of the calendar ending after ``start_utc``.

        A leave covers each local date it touches, except a date it only
        reaches at midnight (a leave up to 00:00 ends the day before).
        """
        if not self:
            return frozenset()
        self.ensure_one()
        tz = self._sakip_tz()
        leaves = self.env["resource.calendar.leaves"].search_fetch(
            [
                ("calendar_id", "=", self.id),
                ("resource_id", "=", False),
                ("date_to", ">=", start_utc - _LEAVE_MARGIN),
            ],
            ["date_from", "date_to"],
        )
        days = set()
        for leave in leaves:
            begin = self._sakip_to_local(leave.date_from, tz)
            end = self._sakip_to_local(leave.date_to, tz)
            last = end.date() if end.time() != time.min else end.date() - timedelta(days=1)
            day = begin.date()
            while day <= last:
                days.add(day)
                day += timedelta(days=1)
        return frozenset(days)

    @api.model
    def _sakip_to_local(self, moment_utc, tz):
        """Naive UTC datetime -> naive local datetime in ``tz``."""
        return pytz.utc.localize(moment_utc).astimezone(tz).replace(tzinfo=None)

    @api.model
    def _sakip_to_utc(self, moment_local, tz):
        """Naive local datetime in ``tz`` -> naive UTC datetime."""
        return tz.localize(moment_local).astimezone(pytz.utc).replace(tzinfo=None)

    # ------------------------------------------------------------------
    # Norms
    # ------------------------------------------------------------------
    def _sakip_plan(self, start_utc, value, unit):
        """Return the deadline (naive UTC) of a norm of ``value`` ``unit`` begun at ``start_utc``.

        ``unit`` is a duration unit of ``sakip.sop.step``: minutes and hours are
        counted inside working hours, working days as whole working days at the
        same clock time (a fraction of a day as that share of the calendar's
        average day). An empty recordset uses the default schedule in Jakarta time.
        """
        schedule = self._sakip_schedule()
        tz = self._sakip_tz()
        holidays = self._sakip_days_off(start_utc)
        start = self._sakip_to_local(start_utc, tz)
        value = value or 0.0
        if unit == "working_day":
            days = int(value)
            deadline = worktime.add_working_days(start, days, schedule, holidays)
            rest = value - days
            if rest > 0:
                hours_per_day = (self and self.hours_per_day) or 7.0
                deadline = worktime.add_working_minutes(
                    deadline, int(round(rest * hours_per_day * 60)), schedule, holidays
                )
        else:
            minutes = int(round(value * (60 if unit == "hour" else 1)))
            deadline = worktime.add_working_minutes(start, minutes, schedule, holidays)
        return self._sakip_to_utc(deadline, tz)

    def _sakip_worked_minutes(self, start, end):
        """Return the working minutes of the calendar between two naive UTC datetimes."""
        if not start or not end or end <= start:
            return 0
        tz = self._sakip_tz()
        return worktime.working_minutes_between(
            self._sakip_to_local(start, tz),
            self._sakip_to_local(end, tz),
            self._sakip_schedule(),
            self._sakip_days_off(start),
        )

    def _sakip_worked_minutes_until(self, start, ends):
        """Return ``{end: working minutes from start to end}`` for naive UTC
        datetimes ``ends`` (0 for an end before ``start``), reading the
        calendar's schedule and days off once."""
        tz = self._sakip_tz()
        schedule = self._sakip_schedule()
        days_off = self._sakip_days_off(start)
        local_start = self._sakip_to_local(start, tz)
        return {
            end: worktime.working_minutes_between(
                local_start, self._sakip_to_local(end, tz), schedule, days_off
            )
            if end and end > start
            else 0
            for end in set(ends)
        }

    # ------------------------------------------------------------------
    # Indonesian public holidays and cuti bersama
    # ------------------------------------------------------------------
    def action_sakip_load_holidays(self, years=None):
        """Load Indonesia's public holidays and cuti bersama as global leaves.

        ``years`` defaults to the current and the next year. Each day off becomes
        one leave named after the holiday, from local midnight to the end of the
        day in the calendar's time zone; dates that already have a global leave
        are skipped, so loading twice adds nothing. Returns a notification.
        """
        if years is None:
            this_year = self.env.company._sakip_today().year
            years = [this_year, this_year + 1]
        elif isinstance(years, int):
            years = [years]
        names = worktime.indonesian_holiday_names(years)
        first_day = min(names) if names else self.env.company._sakip_today()
        start_utc = datetime.combine(first_day, time.min) - timedelta(days=1)
        vals_list = []
        for calendar in self:
            tz = calendar._sakip_tz()
            present = calendar._sakip_days_off(start_utc)
            for day, name in sorted(names.items()):
                if day in present:
                    continue
                vals_list.append(
                    {
                        "name": name,
                        "calendar_id": calendar.id,
                        "resource_id": False,
                        "time_type": "leave",
                        "date_from": self._sakip_to_utc(datetime.combine(day, time.min), tz),
                        "date_to": self._sakip_to_utc(datetime.combine(day, time(23, 59, 59)), tz),
                    }
                )
        leaves = self.env["resource.calendar.leaves"].create(vals_list)
        return {
            "type": "ir.actions.client",
            "tag": "display_notification",
            "params": {
                "type": "success",
                "title": self.env._("Indonesian holidays"),
                "message": self.env._(
                    "%(count)s day(s) off added for %(years)s.",
                    count=len(leaves),
                    years=", ".join(str(year) for year in sorted(years)),
                ),
                "sticky": False,
            },
        }

    @api.model
    def _cron_sakip_load_holidays(self):
        """Yearly: load this year's and next year's days off into the working
        calendars of every company (its SAKIP calendar, else its default one)."""
        companies = self.env["res.company"].search([("active", "=", True)])
        calendars = companies.sakip_calendar_id | companies.resource_calendar_id
        calendars.action_sakip_load_holidays()
