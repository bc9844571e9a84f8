# Copyright 2024 SAKIP Indonesia
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from datetime import date

from odoo.tests import TransactionCase, freeze_time, tagged

from .sop_run_common import create_office, local

#: Indonesia's days off in March 2026 (public holidays and cuti bersama).
MARCH_2026_OFF = [date(2026, 3, day) for day in (18, 19, 20, 21, 22, 23, 24)]


@tagged("post_install", "-at_install", "sakip")
class TestSopRunWorktime(TransactionCase):
    """Norms in working time on the company's calendar, with real 2026 holidays."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env = cls.env(context=dict(cls.env.context, lang="en_US"))
        office = create_office(
            cls.env,
            "Dinas Waktu Kerja",
            "worktime",
            roles={
                "head": "sakip_penetapan_kinerja.group_sakip_head",
                "planner": "sakip_penetapan_kinerja.group_sakip_planner",
            },
        )
        cls.company = office["company"]
        cls.calendar = office["calendar"]
        cls.sop = office["sop"]
        cls.users = office["users"]
        cls.calendar.action_sakip_load_holidays(2026)

    def _global_leaves(self, calendar=None):
        return self.env["resource.calendar.leaves"].search(
            [("calendar_id", "=", (calendar or self.calendar).id), ("resource_id", "=", False)]
        )

    def test_holidays_loaded_once_with_their_names(self):
        leaves = self._global_leaves()
        days_off = self.calendar._sakip_days_off(local(2026, 1, 1, 0, 0))
        self.assertEqual(len(leaves), len(days_off))
        self.assertTrue(set(MARCH_2026_OFF) <= days_off)
        self.assertIn(date(2026, 8, 17), days_off)
        self.assertNotIn(date(2026, 3, 17), days_off)
        # One leave per day, from local midnight to the end of the day.
        idul_fitri = leaves.filtered(lambda leave: leave.date_from == local(2026, 3, 21, 0, 0))
        self.assertEqual(idul_fitri.name, "Hari Raya Idul Fitri")
        self.assertEqual(idul_fitri.date_to, local(2026, 3, 21, 23, 59, 59))
        cuti = leaves.filtered(lambda leave: leave.date_from == local(2026, 3, 23, 0, 0))
        self.assertIn("Cuti Bersama", cuti.name)
        # Loading again adds nothing.
        action = self.calendar.action_sakip_load_holidays(2026)
        self.assertEqual(self._global_leaves(), leaves)
        self.assertIn("0 day(s) off added", action["params"]["message"])

    def test_five_working_days_before_cuti_bersama(self):
        """Started the day before Nyepi's cuti bersama, due after Idul Fitri's."""
        deadline = self.calendar._sakip_plan(local(2026, 3, 17, 10, 0), 5, "working_day")
        self.assertEqual(deadline, local(2026, 3, 31, 10, 0))
        # Without the holidays it would be a week earlier.
        bare = self.calendar.copy({"name": "Tanpa hari libur", "global_leave_ids": False})
        self.assertFalse(self._global_leaves(bare))
        self.assertEqual(
            bare._sakip_plan(local(2026, 3, 17, 10, 0), 5, "working_day"),
            local(2026, 3, 24, 10, 0),
        )

    def test_hours_and_minutes(self):
        plan = self.calendar._sakip_plan
        # Across lunch (12:00-13:00).
        self.assertEqual(plan(local(2026, 3, 16, 11, 30), 1, "hour"), local(2026, 3, 16, 13, 30))
        self.assertEqual(plan(local(2026, 3, 16, 11, 50), 20, "minute"), local(2026, 3, 16, 13, 10))
        # Across the weekend: Friday 15:30 + 2 h is Monday 09:30.
        self.assertEqual(plan(local(2026, 3, 13, 15, 30), 2, "hour"), local(2026, 3, 16, 9, 30))
        # Across the weekend and the holidays: Tuesday 17 March 15:30 + 1 h.
        self.assertEqual(plan(local(2026, 3, 17, 15, 30), 1, "hour"), local(2026, 3, 25, 8, 30))
        # Started outside working hours: the work begins at 08:00.
        self.assertEqual(plan(local(2026, 3, 16, 6, 0), 10, "minute"), local(2026, 3, 16, 8, 10))
        # Half a working day: half the calendar's average day (7 h).
        self.assertEqual(
            plan(local(2026, 3, 16, 8, 0), 0.5, "working_day"), local(2026, 3, 16, 11, 30)
        )

    def test_worked_minutes(self):
        worked = self.calendar._sakip_worked_minutes
        # 10:00-12:00 and 13:00-16:00 on the 17th, then 08:00-09:00 on the 25th.
        self.assertEqual(worked(local(2026, 3, 17, 10, 0), local(2026, 3, 25, 9, 0)), 360)
        self.assertEqual(worked(local(2026, 3, 16, 11, 30), local(2026, 3, 16, 13, 30)), 60)
        self.assertEqual(worked(local(2026, 3, 16, 12, 0), local(2026, 3, 16, 12, 30)), 0)
        self.assertEqual(worked(local(2026, 3, 16, 9, 0), local(2026, 3, 16, 9, 0)), 0)

    def test_run_step_deadline_on_the_company_calendar(self):
        """A run's step takes its deadline and working time from the calendar."""
        step_2 = self.sop.step_ids.filtered(lambda s: s.sequence == 2)
        step_2.write({"duration_value": 5, "duration_unit": "working_day"})
        run = (
            self.env["sakip.sop.run"]
            .with_user(self.users["head"])
            .create({"sop_id": self.sop.id, "company_id": self.company.id})
        )
        with freeze_time(local(2026, 3, 17, 10, 0)):
            run.with_user(self.users["head"]).write({"start_text": "<p>Susun PK sesuai SOP.</p>"})
            run.with_user(self.users["head"]).action_start()
        step = run.current_step_id
        self.assertEqual(step.sequence, 2)
        self.assertEqual(step.date_deadline, local(2026, 3, 31, 10, 0))
        self.assertEqual(step.norm_minutes, 5 * 7 * 60)
        self.assertEqual(run.activity_ids.date_deadline, date(2026, 3, 31))
        with freeze_time(local(2026, 3, 25, 9, 0)):
            step.with_user(self.users["planner"]).action_done()
        self.assertEqual(step.worked_minutes, 360)
        self.assertEqual(step.worked_hours, 6.0)
        self.assertFalse(step.done_late)
        self.assertEqual(step.worked_display, "6 h")
        self.assertEqual(step.norm_display, "5 working days")

    def test_cron_and_settings_button(self):
        """The yearly action loads this and next year's days off for every
        company's calendar; the Settings button does it for the current company."""
        other = self.env["resource.calendar"].create(
            {"name": "Kalender kantor lain", "tz": "Asia/Jakarta"}
        )
        self.env["res.company"].create({"name": "Dinas Lain", "sakip_calendar_id": other.id})
        with freeze_time("2026-06-01 03:00:00"):
            self.env["resource.calendar"]._cron_sakip_load_holidays()
        days_off = other._sakip_days_off(local(2025, 12, 1, 0, 0))
        self.assertIn(date(2026, 8, 17), days_off)
        self.assertIn(date(2027, 8, 17), days_off)
        self.assertIn(date(2027, 1, 1), self.calendar._sakip_days_off(local(2026, 12, 1, 0, 0)))
        company_calendar = self.env.company._get_sakip_calendar()
        action = self.env.ref("sakip_penetapan_kinerja.action_sakip_load_holidays").run()
        self.assertEqual(action["tag"], "display_notification")
        self.assertTrue(self._global_leaves(company_calendar))
