# Copyright 2024 SAKIP Indonesia
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
import logging
import time

from odoo.tests import TransactionCase, freeze_time, tagged

from .sop_run_common import create_office, local

_logger = logging.getLogger(__name__)


@tagged("post_install", "-at_install", "sakip")
class TestSopRunWorktimeBatch(TransactionCase):
    """The deadlines of many run steps read the calendar's attendances and
    leaves once, not once per step."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        office = create_office(
            cls.env,
            "Dinas Waktu Kerja Massal",
            "worktime.batch",
            roles={"head": "sakip_penetapan_kinerja.group_sakip_head"},
        )
        cls.calendar = office["calendar"]
        cls.calendar.action_sakip_load_holidays(2026)
        head = office["users"]["head"]
        runs = (
            cls.env["sakip.sop.run"]
            .with_user(head)
            .create(
                [
                    {"sop_id": office["sop"].id, "company_id": office["company"].id}
                    for _index in range(8)
                ]
            )
        )
        with freeze_time(local(2026, 3, 10, 9, 0)):
            runs.write({"start_text": "<p>Susun PK sesuai SOP.</p>"})
            runs.action_start()
        cls.steps = runs.step_ids.sudo()
        # Three different starts (before, during and after the Idul Fitri days off).
        for offset, start in enumerate(
            (local(2026, 3, 13, 15, 0), local(2026, 3, 17, 10, 30), local(2026, 3, 25, 8, 0))
        ):
            cls.steps[offset::3]._sakip_workflow_write({"date_start": start})
        cls.env.flush_all()

    def _compute_deadlines(self, steps):
        """Recompute the working time of ``steps`` from a cold cache; return
        (queries, seconds, deadlines)."""
        steps.invalidate_recordset(["date_deadline", "norm_minutes", "worked_minutes"])
        self.env["resource.calendar"]._sakip_worktime_cache_clear()
        # The steps' own fields and the company's calendar are read beforehand:
        # only the working-time computation is counted.
        steps.read(["date_start", "date_done", "duration_value", "duration_unit", "company_id"])
        steps.company_id._get_sakip_calendar().read(["tz", "hours_per_day"])
        queries = self.cr.sql_log_count
        began = time.perf_counter()
        steps._fields["date_deadline"].compute_value(steps)
        seconds = time.perf_counter() - began
        return self.cr.sql_log_count - queries, seconds, steps.mapped("date_deadline")

    def test_query_count_does_not_grow_with_the_steps(self):
        self.assertGreaterEqual(len(self.steps), 100)
        one, _seconds, deadlines = self._compute_deadlines(self.steps[:1])
        self.assertTrue(all(deadlines))
        thirty, _seconds, deadlines = self._compute_deadlines(self.steps[:30])
        self.assertTrue(all(deadlines))
        self.assertEqual(thirty, one)
        hundred, seconds, deadlines = self._compute_deadlines(self.steps[:100])
        self.assertEqual(hundred, one)
        _logger.info(
            "100 step deadlines: %s queries, %.1f ms (1 step: %s queries)",
            hundred,
            seconds * 1000,
            one,
        )
        # The same deadlines as planned one by one on the calendar.
        expected = [
            self.calendar._sakip_plan(step.date_start, step.duration_value, step.duration_unit)
            for step in self.steps[:100]
        ]
        self.assertEqual(deadlines, expected)
