# Copyright 2024 SAKIP Indonesia
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from datetime import date

from odoo.tests import TransactionCase, freeze_time, tagged

from .sop_run_common import create_office, local


@tagged("post_install", "-at_install", "sakip")
class TestSopRunReminders(TransactionCase):
    """The hourly reminders before a step's deadline and the escalation to the
    actor's superior once it is overdue: once per step and day."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env = cls.env(context=dict(cls.env.context, lang="en_US"))
        office = create_office(cls.env, "Dinas Pengingat Uji", "remind")
        cls.company, cls.sop, cls.users = office["company"], office["sop"], office["users"]
        cls.actors = office["actors"]
        cls.Step = cls.env["sakip.sop.run.step"]

    def _start(self, when):
        head = self.users["head"]
        run = (
            self.env["sakip.sop.run"]
            .with_user(head)
            .create({"sop_id": self.sop.id, "company_id": self.company.id, "fiscal_year": 2026})
        )
        with freeze_time(when):
            run.with_user(head).write({"disposition_text": "<p>Susun PK sesuai SOP.</p>"})
            run.with_user(head).action_start()
        return run

    def _cron(self, run, when):
        """Run the scheduled action at ``when``: the notifications it sent on ``run``."""
        last = self.env["mail.message"].search([], order="id desc", limit=1).id
        with freeze_time(when):
            self.Step._cron_sakip_remind()
        self.env.invalidate_all()
        return self.env["mail.message"].search(
            [
                ("model", "=", "sakip.sop.run"),
                ("res_id", "=", run.id),
                ("message_type", "=", "user_notification"),
                ("id", ">", last),
            ]
        )

    def test_actor_superiors(self):
        """The seeded lanes: planning team and bidang -> Sekretaris -> Kepala."""
        seed = {
            actor.code: actor.superior_actor_id.code
            for actor in self.env["sakip.sop.actor"].search(
                [("company_id", "=", self.env.ref("base.main_company").id)]
            )
        }
        self.assertEqual(seed["tim_perencanaan"], "sekretaris_dinas")
        self.assertEqual(seed["bidang"], "sekretaris_dinas")
        self.assertEqual(seed["sekretaris_dinas"], "kepala_dinas")
        self.assertFalse(seed["kepala_dinas"])
        self.assertEqual(self.company.sakip_reminder_lead_hours, 4)

    def test_reminder_once_a_day_then_escalation(self):
        planning = self.users["planner"] | self.users["planner2"]
        # Monday 14:00: step 2 (4 working hours) is due Tuesday 10:00.
        run = self._start(local(2026, 3, 2, 14, 0))
        step = run.current_step_id
        self.assertEqual(step.sequence, 2)
        self.assertEqual(step.date_deadline, local(2026, 3, 3, 10, 0))

        # 14:30: 3.5 working hours left, within the 4 h lead time: one reminder.
        sent = self._cron(run, local(2026, 3, 2, 14, 30))
        self.assertEqual(len(sent), 1)
        self.assertEqual(sent.partner_ids, planning.partner_id)
        self.assertIn("is due", sent.subject)
        self.assertIn(step.display_name, sent.subject)
        self.assertEqual(step.reminded_on, date(2026, 3, 2))
        # Later the same day: not again.
        self.assertFalse(self._cron(run, local(2026, 3, 2, 15, 30)))
        # The next day, still open: reminded again, once.
        sent = self._cron(run, local(2026, 3, 3, 8, 0))
        self.assertEqual(len(sent), 1)
        self.assertEqual(sent.partner_ids, planning.partner_id)
        self.assertEqual(step.reminded_on, date(2026, 3, 3))
        self.assertFalse(self._cron(run, local(2026, 3, 3, 9, 0)))
        self.assertFalse(step.escalated_on)

        # 10:30, overdue: the Sekretaris (superior of the planning team) is told,
        # not the assignees, the Kepala Dinas nor the administrator.
        sent = self._cron(run, local(2026, 3, 3, 10, 30))
        self.assertEqual(len(sent), 1)
        self.assertEqual(sent.partner_ids, self.users["secretary"].partner_id)
        self.assertIn("is overdue", sent.subject)
        self.assertEqual(step.escalated_on, date(2026, 3, 3))
        self.assertFalse(self._cron(run, local(2026, 3, 3, 15, 0)))
        # Next day, still overdue: once more.
        sent = self._cron(run, local(2026, 3, 4, 8, 0))
        self.assertEqual(len(sent), 1)
        self.assertEqual(sent.partner_ids, self.users["secretary"].partner_id)
        self.assertEqual(step.escalated_on, date(2026, 3, 4))

        # Done: nothing more about it, whatever the time.
        with freeze_time(local(2026, 3, 4, 8, 30)):
            step.with_user(self.users["planner"]).action_done()
        sent = self._cron(run, local(2026, 3, 5, 8, 0))
        self.assertNotIn(step.display_name, " ".join(sent.mapped("subject")))
        self.assertEqual(step.reminded_on, date(2026, 3, 3))
        self.assertEqual(step.escalated_on, date(2026, 3, 4))

    def test_lead_time_counts_working_hours(self):
        """Friday 15:30, due Monday 09:00: 1.5 working hours left, reminded
        although the deadline is almost three days away."""
        self.company.sakip_reminder_lead_hours = 2
        run = self._start(local(2026, 3, 6, 12, 30))
        step = run.current_step_id
        self.assertEqual(step.date_deadline, local(2026, 3, 9, 9, 0))
        self.assertFalse(self._cron(run, local(2026, 3, 6, 13, 0)))  # 3 h left
        self.assertEqual(len(self._cron(run, local(2026, 3, 6, 15, 30))), 1)

    def test_secretary_step_escalates_to_the_head(self):
        admin = self.users["admin"]
        run = self._start(local(2026, 3, 2, 8, 0))
        run.step_ids.filtered(lambda s: 3 <= s.sequence <= 8).with_user(admin).action_skip(
            "Uji eskalasi."
        )
        with freeze_time(local(2026, 3, 2, 9, 0)):
            run.current_step_id.with_user(self.users["planner"]).action_done()
        step = run.current_step_id
        self.assertEqual((step.sequence, step.actor_id), (9, self.actors["sekretaris_dinas"]))
        self.assertEqual(step.user_ids, self.users["secretary"])
        sent = self._cron(run, step.date_deadline.replace(hour=step.date_deadline.hour + 1))
        self.assertEqual(len(sent), 1)
        self.assertEqual(sent.partner_ids, self.users["head"].partner_id)
        self.assertIn("is overdue", sent.subject)
        # An actor without a superior (as the Kepala Dinas): nobody to tell.
        self.actors["sekretaris_dinas"].superior_actor_id = False
        next_day = step.date_deadline.replace(day=step.date_deadline.day + 1)
        self.assertFalse(self._cron(run, next_day))
