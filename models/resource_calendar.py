# Copyright 2024 SAKIP Indonesia
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""Working time of the SOP norms on an Odoo working calendar.

The working time is Odoo's own: the calendar's attendances
(``_attendance_intervals_batch``: lunch breaks and sections excluded, both
weeks of a two-week calendar, attendances of one resource for that resource)
minus its leaves (``_leave_intervals_batch``: the global leaves, i.e. public
holidays and cuti bersama, and, given a resource, the leaves of that
resource). Times are naive UTC datetimes as stored by Odoo; the calendar's
time zone (Asia/Jakarta when it has none) places the working hours.

Many deadlines are computed one step at a time by the callers, so the working
intervals are kept for the transaction (``cr.precommit.data``, which a commit,
a rollback or a savepoint clears) and dropped whenever an attendance or a
leave is written: the leaves are read once for a batch of steps.
"""

import bisect
from datetime import datetime, time, timedelta

import pytz

from odoo import api, models
from odoo.exceptions import UserError

from ..tools import worktime
from ..tools.dates import DEFAULT_OFFICE_TZ

#: Key of the working intervals in ``cr.precommit.data``.
_CACHE_KEY = "sakip_penetapan_kinerja.worktime_intervals"
#: Working intervals are read for windows of at least this length.
_WINDOW = timedelta(days=56)
#: Read from this long before a start (the local day of the start included).
_MARGIN = timedelta(days=2)
#: Norms walk the working time a week at a time.
_STRIDE = timedelta(days=7)
#: A norm whose working time is not found within this horizon cannot be planned.
_HORIZON = timedelta(days=3 * 366)
_MINUTE = timedelta(minutes=1)


class ResourceCalendar(models.Model):
    _inherit = "resource.calendar"

    # Time zone
    def _sakip_tz(self):
        return pytz.timezone((self and self.tz) or DEFAULT_OFFICE_TZ)

    @api.model
    def _sakip_to_local(self, moment_utc, tz):
        """Naive UTC datetime -> naive local datetime in ``tz``."""
        return pytz.utc.localize(moment_utc).astimezone(tz).replace(tzinfo=None)

    @api.model
    def _sakip_to_utc(self, moment_local, tz):
        """Naive local datetime in ``tz`` -> naive UTC datetime."""
        return tz.localize(moment_local).astimezone(pytz.utc).replace(tzinfo=None)

    # Working intervals (Odoo's), kept for the transaction
    def _sakip_calendar(self):
        """The calendar that counts: this one, else the current company's."""
        calendar = self or self.env.company.resource_calendar_id
        if not calendar:
            raise UserError(
                self.env._(
                    "No working time is set for the SOP norms of %(company)s.",
                    company=self.env.company.display_name,
                )
            )
        calendar.ensure_one()
        return calendar

    @api.model
    def _sakip_resource(self, resource):
        """``resource`` as a ``resource.resource`` (an employee gives its resource)."""
        if resource and resource._name != "resource.resource":
            resource = resource.resource_id
        return resource or self.env["resource.resource"]

    @api.model
    def _sakip_worktime_cache_clear(self):
        """Forget the working intervals kept for the transaction."""
        self.env.cr.precommit.data.pop(_CACHE_KEY, None)

    def _sakip_intervals(self, start, end, resource):
        """Return the working intervals of the calendar (for ``resource``) that
        cover ``[start, end)``, as a sorted list of disjoint ``(begin, stop)``
        naive UTC datetimes (intervals that touch are merged), possibly
        reaching beyond both bounds.

        They are read from Odoo for a window of at least :data:`_WINDOW` and
        kept for the transaction; a request outside the window known so far
        reads again a window that covers both, reaching as far again ahead.
        """
        tz = self._sakip_tz()
        flexible = bool(resource) and resource._is_flexible()
        key = (self.id, resource.id, tz.zone, self.two_weeks_calendar, flexible)
        cache = self.env.cr.precommit.data.setdefault(_CACHE_KEY, {})
        known = cache.get(key)
        if known and known["from"] <= start and end <= known["to"]:
            return known["intervals"]
        low, high = start - _MARGIN, max(end, start + _WINDOW)
        if known:
            low, high = min(low, known["from"]), max(high, known["to"])
            if high > known["to"]:
                high = max(high, known["to"] + (known["to"] - known["from"]))
        cache[key] = {
            "from": low,
            "to": high,
            "intervals": self._sakip_read_intervals(low, high, resource),
        }
        return cache[key]["intervals"]

    def _sakip_read_intervals(self, start, end, resource):
        """Odoo's working intervals of ``[start, end)`` for ``resource``: the
        calendar's attendances (the resource's own ones included, unless the
        resource has flexible hours) minus the global leaves of the calendar
        and the leaves of the resource on any calendar (an employee's leave
        is recorded on the employee's own working hours)."""
        tz = self._sakip_tz()
        start_dt = pytz.utc.localize(start)
        end_dt = pytz.utc.localize(end)
        attendances = self._attendance_intervals_batch(start_dt, end_dt, resources=resource, tz=tz)
        attendance = attendances[resource.id if resource and not resource._is_flexible() else False]
        leave_domain = [
            ("time_type", "=", "leave"),
            "|",
            ("calendar_id", "in", [False, self.id]),
            ("resource_id", "!=", False),
        ]
        leaves = self._leave_intervals_batch(
            start_dt, end_dt, resources=resource, domain=leave_domain, tz=tz, any_calendar=True
        )
        off = leaves[False] | leaves[resource.id] if resource else leaves[False]
        merged = []
        for begin, stop, _records in attendance - off:
            begin = begin.astimezone(pytz.utc).replace(tzinfo=None)
            stop = stop.astimezone(pytz.utc).replace(tzinfo=None)
            if merged and begin <= merged[-1][1]:
                merged[-1] = (merged[-1][0], max(merged[-1][1], stop))
            else:
                merged.append((begin, stop))
        return merged

    def _sakip_segments_from(self, start, resource):
        """Yield the working intervals from ``start`` on, the first clipped to
        ``start``, a week at a time (an interval may come in two pieces).

        :raises UserError: when no working time is found within :data:`_HORIZON`.
        """
        low, horizon = start, start + _HORIZON
        while low < horizon:
            high = low + _STRIDE
            intervals = self._sakip_intervals(low, high, resource)
            first = bisect.bisect_right(intervals, (low, datetime.max)) - 1
            for begin, stop in intervals[max(first, 0) :]:
                if begin >= high:
                    break
                if stop > low:
                    yield max(begin, low), min(stop, high)
            low = high
        raise UserError(
            self.env._(
                "The working time %(calendar)s cannot count SOP norms: it has no working "
                "hours in the three years from %(start)s.",
                calendar=self.display_name,
                start=start.date(),
            )
        )

    # Days off
    def _sakip_days_off(self, start_utc, end_utc=None):
        """Return the local dates of the global leaves of the calendar ending
        after ``start_utc`` (and beginning before ``end_utc`` if given).

        A leave covers each local date it touches, except a date it only
        reaches at midnight (a leave up to 00:00 ends the day before).
        """
        if not self:
            return frozenset()
        self.ensure_one()
        tz = self._sakip_tz()
        domain = [
            ("calendar_id", "=", self.id),
            ("resource_id", "=", False),
            ("time_type", "=", "leave"),
            ("date_to", ">=", start_utc - _MARGIN),
        ]
        if end_utc:
            domain.append(("date_from", "<=", end_utc))
        leaves = self.env["resource.calendar.leaves"].search_fetch(domain, ["date_from", "date_to"])
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

    # Norms
    def _sakip_plan(self, start_utc, value, unit, resource=None):
        """Return the deadline (naive UTC) of a norm of ``value`` ``unit`` begun at ``start_utc``.

        ``unit`` is a duration unit of ``sakip.sop.step``: minutes and hours are
        counted inside working hours from the next working instant (a result
        landing on the end of working hours stays there: 08:00 + 4 h is 12:00);
        working days as whole working days at the same clock time (Monday 10:00
        + 1 is Tuesday 10:00, Friday 10:00 + 1 is Monday 10:00, days off being
        skipped; Saturday 09:00 + 1 is Tuesday 08:00, the work beginning on
        Monday 08:00), a fraction of a day as that share of the calendar's
        average day. ``resource`` (a resource or an employee, e.g. the
        assignee's) adds its own leaves. An empty recordset uses the current
        company's calendar.
        """
        calendar = self._sakip_calendar()
        resource = self._sakip_resource(resource)
        value = value or 0.0
        if unit != "working_day":
            minutes = int(round(value * (60 if unit == "hour" else 1)))
            return calendar._sakip_add_minutes(start_utc, minutes, resource)
        tz = calendar._sakip_tz()
        segments = calendar._sakip_segments_from(start_utc, resource)
        begin, _stop = next(segments)
        local_begin = self._sakip_to_local(begin, tz)
        day, days = local_begin.date(), int(value)
        while days:
            segment_begin, _stop = next(segments)
            segment_day = self._sakip_to_local(segment_begin, tz).date()
            if segment_day > day:
                day, days = segment_day, days - 1
        deadline = self._sakip_to_utc(datetime.combine(day, local_begin.time()), tz)
        rest = value - int(value)
        if rest > 0:
            hours_per_day = calendar.hours_per_day or 7.0
            deadline = calendar._sakip_add_minutes(
                deadline, int(round(rest * hours_per_day * 60)), resource
            )
        return deadline

    def _sakip_add_minutes(self, start_utc, minutes, resource):
        """The moment ``minutes`` of working time from ``start_utc`` are used up."""
        if minutes < 0:
            raise ValueError(f"The number of working minutes cannot be negative ({minutes}).")
        remaining = timedelta(minutes=minutes)
        segments = self._sakip_segments_from(start_utc, resource)
        while True:
            begin, stop = next(segments)
            if begin + remaining <= stop:
                return begin + remaining
            remaining -= stop - begin

    def _sakip_worked_minutes(self, start, end, resource=None):
        """Return the working minutes of the calendar between two naive UTC datetimes."""
        if not start or not end or end <= start:
            return 0
        return self._sakip_worked_minutes_until(start, [end], resource=resource)[end]

    def _sakip_worked_minutes_until(self, start, ends, resource=None):
        """Return ``{end: working minutes from start to end}`` for naive UTC
        datetimes ``ends`` (0 for an end before ``start``), reading the
        calendar's working time once. Whole minutes, rounded down."""
        result = dict.fromkeys(ends, 0)
        later = [end for end in result if end and end > start]
        if not later:
            return result
        calendar = self._sakip_calendar()
        intervals = calendar._sakip_intervals(start, max(later), self._sakip_resource(resource))
        first = max(bisect.bisect_right(intervals, (start, datetime.max)) - 1, 0)
        last = max(later)
        from_start = [
            (max(begin, start), stop)
            for begin, stop in intervals[first:]
            if stop > start and begin < last
        ]
        for end in later:
            spent = sum(
                (min(stop, end) - begin for begin, stop in from_start if begin < end),
                timedelta(),
            )
            result[end] = spent // _MINUTE
        return result

    # Cache upkeep
    def write(self, vals):
        result = super().write(vals)
        self._sakip_worktime_cache_clear()
        return result

    # Indonesian public holidays and cuti bersama
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
        last_day = max(names) if names else first_day
        start_utc = datetime.combine(first_day, time.min) - timedelta(days=1)
        end_utc = datetime.combine(last_day, time.max) + timedelta(days=1)
        vals_list = []
        for calendar in self:
            tz = calendar._sakip_tz()
            present = calendar._sakip_days_off(start_utc, end_utc)
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
