# Copyright 2024 SAKIP Indonesia
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo.tests import freeze_time, tagged

from .sop_engine_common import SopEngineCase
from .sop_run_common import local


@tagged("post_install", "-at_install", "sakip")
class TestSopEngineTime(SopEngineCase):
    """Deadlines in working time and the reminders on the test-only client."""

    def _start(self, when):
        run = self._run()
        with freeze_time(when):
            run.with_user(self.users["head"]).action_start()
        return run

    def _digests(self, run, when):
        last = self.env["mail.message"].search([], order="id desc", limit=1).id
        with freeze_time(when):
            self.env["sakip.sop.run.step"]._cron_sakip_remind()
        self.env.invalidate_all()
        sent = self.env["mail.message"].search(
            [("message_type", "=", "user_notification"), ("id", ">", last)]
        )
        return sent.filtered(lambda m: run.name in m.body)

    def test_deadlines(self):
        # Friday 14:00 + 4 working hours: across the weekend and lunch.
        run = self._start(local(2026, 3, 6, 14, 0))
        first = run.current_step_id
        self.assertEqual(first.date_deadline, local(2026, 3, 9, 10, 0))
        self.assertEqual(first.norm_minutes, 240)
        with freeze_time(local(2026, 3, 9, 11, 0)):
            self.assertTrue(first.is_overdue)
            self.assertIn(run, self.env["sakip.sop.run"].search([("is_overdue", "=", True)]))
            first.with_user(self.users["head"]).action_done(outputs={"Draft": self._upload().id})
        self.assertTrue(first.done_late)
        self.assertEqual(first.worked_minutes, 300)
        review = run.current_step_id
        self.assertEqual(review.date_deadline, local(2026, 3, 9, 14, 0), "2 h across lunch")
        with freeze_time(local(2026, 3, 9, 11, 30)):
            review.with_user(self.users["secretary"]).action_done()
        copies = run.current_step_id
        self.assertEqual(copies.date_deadline, local(2026, 3, 10, 11, 30), "one working day")
        self.assertFalse(review.done_late)

    def test_reminders_and_escalation(self):
        self.company.sakip_reminder_lead_hours = 2
        run = self._start(local(2026, 3, 2, 8, 0))  # due at 13:00
        head, secretary = self.users["head"], self.users["secretary"]
        self.assertFalse(self._digests(run, local(2026, 3, 2, 9, 0)), "not yet due")
        due = self._digests(run, local(2026, 3, 2, 11, 30))
        self.assertEqual(due.partner_ids, head.partner_id)
        self.assertIn("Write the draft", due[0].body)
        self.assertFalse(self._digests(run, local(2026, 3, 2, 11, 45)), "once a day")
        # Overdue: the writer's superior actor (the reviewer) is told, once a day.
        late = self._digests(run, local(2026, 3, 2, 14, 0))
        self.assertEqual(late.partner_ids, secretary.partner_id)
        self.assertFalse(self._digests(run, local(2026, 3, 2, 15, 0)))
        self.assertTrue(self._digests(run, local(2026, 3, 3, 9, 0)), "the next day again")
