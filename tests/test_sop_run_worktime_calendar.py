# Copyright 2024 SAKIP Indonesia
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from datetime import date, datetime, timedelta

from odoo import Command
from odoo.exceptions import UserError
from odoo.tests import TransactionCase, tagged

from .sop_run_common import create_office, local


def at(day, hour, minute=0, second=0):
    """Naive UTC datetime of a Jakarta wall-clock time on ``day`` (a date)."""
    return local(day.year, day.month, day.day, hour, minute, second)


# Monday 2 March 2026 .. Sunday 8 March 2026 has no Indonesian holiday.
MON, TUE, WED, THU, FRI, SAT, SUN = (date(2026, 3, day) for day in range(2, 9))
NEXT_MON, NEXT_TUE = date(2026, 3, 9), date(2026, 3, 10)


@tagged("post_install", "-at_install", "sakip")
class TestSopRunWorktimeCalendar(TransactionCase):
    """The SOP norms on Odoo's working time: the office calendar (Monday to
    Friday 08-12, 13-16, Asia/Jakarta, the 2026 days off loaded), an
    employee's own leaves, a two-week calendar and irregular office hours."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        office = create_office(
            cls.env,
            "Dinas Kalender Kerja",
            "worktime.calendar",
            roles={"head": "sakip_penetapan_kinerja.group_sakip_head"},
        )
        cls.company = office["company"]
        cls.calendar = office["calendar"]
        cls.calendar.action_sakip_load_holidays(2026)
        # The employees work on the company's default hours: their leaves are
        # recorded on that calendar, not on the SOP's.
        cls.employee, cls.colleague = cls.env["hr.employee"].create(
            [
                {
                    "name": name,
                    "company_id": cls.company.id,
                    "resource_calendar_id": cls.company.resource_calendar_id.id,
                }
                for name in ("Pelaksana Cuti", "Pelaksana Hadir")
            ]
        )

    def _calendar(self, name, attendances, **values):
        return self.env["resource.calendar"].create(
            {
                "name": name,
                "company_id": self.company.id,
                "tz": "Asia/Jakarta",
                "attendance_ids": [Command.clear()]
                + [
                    Command.create(
                        {
                            "name": f"{day} {begin}",
                            "dayofweek": str(day),
                            "hour_from": begin,
                            "hour_to": end,
                            "day_period": "morning" if begin < 12 else "afternoon",
                            **extra,
                        }
                    )
                    for day, begin, end, extra in attendances
                ],
                **values,
            }
        )

    def test_minutes_and_hours(self):
        plan = self.calendar._sakip_plan
        cases = [
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
            (at(MON, 10, 0, 30), 1, at(MON, 10, 1, 30)),
            (at(MON, 8), 5 * 420, at(FRI, 16)),
        ]
        for start, minutes, expected in cases:
            with self.subTest(start=start, minutes=minutes):
                self.assertEqual(plan(start, minutes, "minute"), expected)
        self.assertEqual(plan(at(MON, 11, 30), 1.5, "hour"), at(MON, 14))
        # Steps 2-5 of the seed SOP in a row: 4 h, 1 h, 1 h, 2 h after 10 minutes.
        moment = plan(at(MON, 8), 10, "minute")
        for hours in (4, 1, 1, 2):
            moment = plan(moment, hours, "hour")
        self.assertEqual(moment, at(TUE, 9, 10))

    def test_working_days(self):
        plan = self.calendar._sakip_plan
        cases = [
            (at(MON, 10), 0, at(MON, 10)),
            (at(SUN, 10), 0, at(NEXT_MON, 8)),
            (at(MON, 10), 1, at(TUE, 10)),
            (at(MON, 10), 5, at(NEXT_MON, 10)),
            (at(FRI, 10), 1, at(NEXT_MON, 10)),
            (at(SAT, 9), 1, at(NEXT_TUE, 8)),
            (at(MON, 12, 30), 1, at(TUE, 13)),
            (at(MON, 16), 1, at(WED, 8)),
            (at(MON, 15, 59), 1, at(TUE, 15, 59)),
        ]
        for start, days, expected in cases:
            with self.subTest(start=start, days=days):
                self.assertEqual(plan(start, days, "working_day"), expected)

    def test_deadline_across_a_holiday(self):
        """Independence Day, Monday 17 August 2026, is skipped."""
        days_off = self.calendar._sakip_days_off(at(date(2026, 8, 1), 0))
        self.assertIn(date(2026, 8, 17), days_off)
        self.assertFalse({date(2026, 8, 14), date(2026, 8, 18)} & days_off)
        plan = self.calendar._sakip_plan
        friday, tuesday = date(2026, 8, 14), date(2026, 8, 18)
        self.assertEqual(plan(at(friday, 10), 1, "working_day"), at(tuesday, 10))
        self.assertEqual(plan(at(friday, 15), 2, "hour"), at(tuesday, 9))
        self.assertEqual(plan(at(date(2026, 8, 17), 9), 1, "working_day"), at(date(2026, 8, 19), 8))
        self.assertEqual(self.calendar._sakip_worked_minutes(at(friday, 15), at(tuesday, 9)), 120)

    def test_worked_minutes_across_a_weekend(self):
        worked = self.calendar._sakip_worked_minutes
        self.assertEqual(worked(at(FRI, 15), at(NEXT_MON, 9, 30)), 60 + 90)
        self.assertEqual(worked(at(SAT, 9), at(SUN, 15)), 0)
        self.assertEqual(worked(at(MON, 0), at(NEXT_MON, 0)), 5 * 7 * 60)
        self.assertEqual(worked(at(MON, 10, 0, 30), at(MON, 10, 2)), 1)  # whole minutes
        self.assertEqual(worked(at(NEXT_MON, 9), at(FRI, 9)), 0)
        until = self.calendar._sakip_worked_minutes_until(
            at(FRI, 15), [at(FRI, 14), at(FRI, 15, 30), at(NEXT_MON, 9, 30), False, at(SUN, 12)]
        )
        self.assertEqual(
            until,
            {
                at(FRI, 14): 0,
                at(FRI, 15, 30): 30,
                at(NEXT_MON, 9, 30): 150,
                False: 0,
                at(SUN, 12): 60,
            },
        )

    def test_resource_leave_of_the_assignee_moves_the_deadline(self):
        """A leave of the employee on the employee's own calendar counts for
        that employee only; the cache of working intervals follows it."""
        plan = self.calendar._sakip_plan
        resource = self.employee.resource_id
        friday, monday, tuesday = date(2026, 3, 13), date(2026, 3, 16), date(2026, 3, 17)
        self.assertEqual(plan(at(friday, 10), 1, "working_day", resource), at(monday, 10))
        self.env["resource.calendar.leaves"].create(
            {
                "name": "Cuti tahunan",
                "resource_id": resource.id,
                "calendar_id": self.employee.resource_calendar_id.id,
                "date_from": at(monday, 0),
                "date_to": at(monday, 23, 59, 59),
                "time_type": "leave",
            }
        )
        self.assertNotEqual(self.employee.resource_calendar_id, self.calendar)
        self.assertEqual(plan(at(friday, 10), 1, "working_day", resource), at(tuesday, 10))
        self.assertEqual(plan(at(friday, 10), 1, "working_day", self.employee), at(tuesday, 10))
        self.assertEqual(plan(at(friday, 15, 30), 2, "hour", resource), at(tuesday, 9, 30))
        self.assertEqual(
            self.calendar._sakip_worked_minutes(at(friday, 15), at(tuesday, 9), resource), 120
        )
        # The office and the colleague still work on Monday.
        self.assertEqual(plan(at(friday, 10), 1, "working_day"), at(monday, 10))
        self.assertEqual(
            plan(at(friday, 10), 1, "working_day", self.colleague.resource_id), at(monday, 10)
        )
        self.assertEqual(
            self.calendar._sakip_worked_minutes(at(friday, 15), at(tuesday, 9)), 60 + 420 + 60
        )

    def test_half_day_leave_of_the_assignee(self):
        """A leave of a morning only takes the morning's hours."""
        resource = self.employee.resource_id
        self.env["resource.calendar.leaves"].create(
            {
                "name": "Izin pagi",
                "resource_id": resource.id,
                "date_from": at(MON, 8),
                "date_to": at(MON, 12),
                "time_type": "leave",
            }
        )
        plan = self.calendar._sakip_plan
        self.assertEqual(plan(at(MON, 8), 1, "hour", resource), at(MON, 14))
        self.assertEqual(plan(at(MON, 8), 1, "hour"), at(MON, 9))

    def test_two_week_calendar(self):
        """Week A works Monday to Friday, week B Monday to Thursday."""
        attendance_model = self.env["resource.calendar.attendance"]
        week_of = {attendance_model.get_week_type(day): day for day in (MON, NEXT_MON)}
        self.assertEqual(set(week_of), {0, 1})
        full, short = week_of[0], week_of[1]
        two_weeks = self._calendar(
            "Dua minggu",
            [
                (day, begin, end, {"week_type": week})
                for week, days in (("0", range(5)), ("1", range(4)))
                for day in days
                for begin, end in ((8, 12), (13, 16))
            ],
            two_weeks_calendar=True,
        )
        plan = two_weeks._sakip_plan
        full_thu, full_fri = full + timedelta(days=3), full + timedelta(days=4)
        short_thu = short + timedelta(days=3)
        after_short = short + timedelta(days=7)
        self.assertEqual(plan(at(full_thu, 10), 1, "working_day"), at(full_fri, 10))
        self.assertEqual(plan(at(short_thu, 10), 1, "working_day"), at(after_short, 10))
        self.assertEqual(plan(at(full_thu, 15), 2, "hour"), at(full_fri, 9))
        self.assertEqual(plan(at(short_thu, 15), 2, "hour"), at(after_short, 9))
        # Nine working days of 7 h in the two weeks.
        self.assertEqual(
            two_weeks._sakip_worked_minutes(at(MON, 0), at(MON + timedelta(days=14), 0)),
            9 * 7 * 60,
        )

    def test_irregular_office_hours(self):
        """Short lunch Monday to Thursday, long Friday prayer break."""
        office = self._calendar(
            "Jam kantor",
            [(day, 7.5, 12, {}) for day in range(4)]
            + [(day, 12.5, 16, {}) for day in range(4)]
            + [(4, 7.5, 11, {}), (4, 13, 16.5, {})],
        )
        plan = office._sakip_plan
        self.assertEqual(plan(at(MON, 11, 45), 30, "minute"), at(MON, 12, 45))
        self.assertEqual(plan(at(FRI, 10, 30), 60, "minute"), at(FRI, 13, 30))
        self.assertEqual(plan(at(THU, 15, 30), 60, "minute"), at(FRI, 8))
        self.assertEqual(plan(at(FRI, 16), 60, "minute"), at(NEXT_MON, 8))
        # Thursday 11:30 + 1 working day: Friday 11:30, in the Friday break.
        self.assertEqual(plan(at(THU, 11, 30), 1, "working_day"), at(FRI, 11, 30))

    def test_calendar_without_working_hours(self):
        empty = self._calendar("Kosong", [])
        with self.assertRaisesRegex(UserError, "no working hours"):
            empty._sakip_plan(at(MON, 8), 1, "hour")
        self.assertEqual(empty._sakip_worked_minutes(at(MON, 8), at(FRI, 8)), 0)

    def test_empty_recordset_uses_the_company_calendar(self):
        company_calendar = self.env.company.resource_calendar_id
        self.assertEqual(
            self.env["resource.calendar"]._sakip_plan(at(MON, 10), 1, "working_day"),
            company_calendar._sakip_plan(at(MON, 10), 1, "working_day"),
        )
        self.assertIsInstance(company_calendar._sakip_plan(at(MON, 10), 0, "hour"), datetime)
