# Copyright 2024 SAKIP Indonesia
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from contextlib import nullcontext
from datetime import date

from odoo import Command
from odoo.tests import TransactionCase, freeze_time, new_test_user, tagged, warmup

from .sop_run_common import ROLE_GROUPS, create_office, local

#: The scheduled action's queries when it escalates 20 overdue steps to one
#: recipient (warm caches): the same for 2 steps or 2,000.
JOB_QUERIES_ONE_RECIPIENT = 35


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
        cls.partners = cls.env["res.users"].union(*cls.users.values()).partner_id

    def _start(self, when):
        head = self.users["head"]
        run = (
            self.env["sakip.sop.run"]
            .with_user(head)
            .create({"sop_id": self.sop.id, "company_id": self.company.id, "fiscal_year": 2026})
        )
        with freeze_time(when):
            run.with_user(head).write({"start_text": "<p>Susun PK sesuai SOP.</p>"})
            run.with_user(head).action_start()
        return run

    def _cron(self, run, when):
        """Run the scheduled action at ``when``: the digests it sent that list a
        step of ``run`` (one per recipient)."""
        last = self.env["mail.message"].search([], order="id desc", limit=1).id
        with freeze_time(when):
            self.Step._cron_sakip_remind()
        self.env.invalidate_all()
        sent = self.env["mail.message"].search(
            [
                ("message_type", "=", "user_notification"),
                ("partner_ids", "in", self.partners.ids),
                ("id", ">", last),
            ]
        )
        return sent.filtered(lambda m: run.name in m.body)

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
        # One digest to each assignee, listing the step as due soon.
        sent = self._cron(run, local(2026, 3, 2, 14, 30))
        self.assertEqual(len(sent), 2)
        self.assertEqual(sent.partner_ids, planning.partner_id)
        self.assertEqual(sent.mapped(lambda m: len(m.partner_ids)), [1, 1])
        for message in sent:
            self.assertIn("1 step(s) due soon, 0 overdue", message.subject)
            self.assertIn(step._sop_label(), message.body)
            self.assertIn("3:30", message.body)  # working hours left
            self.assertIn(f"/odoo/sakip.sop.run/{run.id}", message.body)
        self.assertEqual(step.reminded_on, date(2026, 3, 2))
        # Later the same day: not again.
        self.assertFalse(self._cron(run, local(2026, 3, 2, 15, 30)))
        # The next day, still open: reminded again, once.
        sent = self._cron(run, local(2026, 3, 3, 8, 0))
        self.assertEqual(len(sent), 2)
        self.assertEqual(sent.partner_ids, planning.partner_id)
        self.assertEqual(step.reminded_on, date(2026, 3, 3))
        self.assertFalse(self._cron(run, local(2026, 3, 3, 9, 0)))
        self.assertFalse(step.escalated_on)

        # 10:30, overdue: the Sekretaris (superior of the planning team) is told,
        # not the assignees, the Kepala Dinas nor the administrator.
        sent = self._cron(run, local(2026, 3, 3, 10, 30))
        self.assertEqual(len(sent), 1)
        self.assertEqual(sent.partner_ids, self.users["secretary"].partner_id)
        self.assertIn("0 step(s) due soon, 1 overdue", sent.subject)
        self.assertIn(step._sop_label(), sent.body)
        self.assertIn("2026-03-03 10:00", sent.body)  # deadline, local time
        self.assertIn("0:30", sent.body)  # how late
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
        self.assertNotIn(step._sop_label(), " ".join(sent.mapped("body")))
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
        self.assertEqual(len(self._cron(run, local(2026, 3, 6, 15, 30))), 2)  # both planners

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
        self.assertIn("1 overdue", sent.subject)
        # An actor without a superior (as the Kepala Dinas): nobody to tell.
        self.actors["sekretaris_dinas"].superior_actor_id = False
        next_day = step.date_deadline.replace(day=step.date_deadline.day + 1)
        self.assertFalse(self._cron(run, next_day))


class _Rollback(Exception):
    """Raised to undo a measurement (see :meth:`TestSopRunDigest._measure`)."""


@tagged("post_install", "-at_install", "sakip")
class TestSopRunDigest(TransactionCase):
    """One digest per recipient per run of the scheduled action, whose cost
    grows with the recipients, not with the steps."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env = cls.env(context=dict(cls.env.context, lang="en_US"))
        office = create_office(cls.env, "Dinas Ringkasan Uji", "digest")
        cls.company, cls.sop, cls.users = office["company"], office["sop"], office["users"]
        cls.Step = cls.env["sakip.sop.run.step"]
        cls.partners = cls.env["res.users"].union(*cls.users.values()).partner_id

    def _start_runs(self, count, when):
        head = self.users["head"]
        Run = self.env["sakip.sop.run"].with_user(head)
        runs = Run.create(
            [
                {"sop_id": self.sop.id, "company_id": self.company.id, "fiscal_year": 2026}
                for _i in range(count)
            ]
        )
        with freeze_time(when):
            runs.write({"start_text": "<p>Susun PK sesuai SOP.</p>"})
            runs.action_start()
        return runs

    def _digests(self, when):
        """Run the scheduled action at ``when``: its queries and the digests
        it sent to the office's users."""
        last = self.env["mail.message"].search([], order="id desc", limit=1).id
        self.env.flush_all()
        self.env.invalidate_all()
        before = self.env.cr.sql_log_count
        with freeze_time(when):
            self.Step._cron_sakip_remind()
            self.env.flush_all()
        queries = self.env.cr.sql_log_count - before
        self.env.invalidate_all()
        sent = self.env["mail.message"].search(
            [
                ("message_type", "=", "user_notification"),
                ("partner_ids", "in", self.partners.ids),
                ("id", ">", last),
            ]
        )
        return queries, sent

    def _measure(self, due, overdue):
        """Start ``overdue`` runs on Monday 08:00 (step 2 due at 12:00) and
        ``due`` runs at 14:00 (due Tuesday 10:00); run the scheduled action on
        Tuesday 09:00 and again at 09:30. Return what :meth:`_digests` saw
        each time, and undo it all."""
        result = {}
        try:
            with self.env.cr.savepoint():
                late = self._start_runs(overdue, local(2026, 3, 2, 8, 0))
                soon = self._start_runs(due, local(2026, 3, 2, 14, 0))
                queries, sent = self._digests(local(2026, 3, 3, 9, 0))
                result = {
                    "queries": queries,
                    "sent": {m.partner_ids: m.body for m in sent},
                    "count": len(sent),
                    "late": late.ids,
                    "soon": soon.ids,
                    "again": len(self._digests(local(2026, 3, 3, 9, 30))[1]),
                    "reminded_on": set(soon.current_step_id.mapped("reminded_on")),
                    "escalated_on": set(late.current_step_id.mapped("escalated_on")),
                }
                raise _Rollback()
        except _Rollback:
            self.env.invalidate_all()
        return result

    def test_one_digest_per_recipient_at_a_flat_cost(self):
        self._measure(1, 1)  # warm the caches (xmlids, templates, groups)
        small = self._measure(3, 2)  # 5 due or overdue steps
        large = self._measure(25, 25)  # 50
        planners = self.users["planner"] | self.users["planner2"]
        secretary = self.users["secretary"]
        for measure, (due, overdue) in ((small, (3, 2)), (large, (25, 25))):
            # One digest to each planner (the assignees of the steps due
            # soon), one to the Sekretaris (superior of the overdue steps'
            # actor); nobody else, whatever the number of steps.
            self.assertEqual(measure["count"], 3)
            self.assertEqual(
                set(measure["sent"]),
                {planners[0].partner_id, planners[1].partner_id, secretary.partner_id},
            )
            for user in planners:
                body = measure["sent"][user.partner_id]
                self.assertEqual(body.count("/odoo/sakip.sop.run/"), due)
                for run_id in measure["soon"]:
                    self.assertIn(f'/odoo/sakip.sop.run/{run_id}"', body)
            body = measure["sent"][secretary.partner_id]
            self.assertEqual(body.count("/odoo/sakip.sop.run/"), overdue)
            for run_id in measure["late"]:
                self.assertIn(f'/odoo/sakip.sop.run/{run_id}"', body)
            # Written in batch, and nothing new the same day.
            self.assertEqual(measure["reminded_on"], {date(2026, 3, 3)})
            self.assertEqual(measure["escalated_on"], {date(2026, 3, 3)})
            self.assertEqual(measure["again"], 0)
        # The cost does not grow with the steps (10 times more here).
        self.assertEqual(large["queries"], small["queries"])

    def test_digest_follows_the_recipient_language(self):
        """The administrators' template, rendered in each recipient's language."""
        self.env["res.lang"]._activate_lang("id_ID")
        self.env["ir.module.module"]._load_module_terms(
            ["sakip_penetapan_kinerja"], ["id_ID"], overwrite=True
        )
        self.users["secretary"].lang = "id_ID"
        self._start_runs(1, local(2026, 3, 2, 8, 0))
        _queries, sent = self._digests(local(2026, 3, 3, 9, 0))
        self.assertEqual(sent.partner_ids, self.users["secretary"].partner_id)
        template = self.env.ref("sakip_penetapan_kinerja.mail_template_sakip_step_digest")
        self.assertEqual(template.model, "res.users")
        self.assertIn("terlambat", sent.subject)

    def _escalation_cost(self, steps, recipients):
        """Queries of the scheduled action escalating ``steps`` overdue steps
        to ``recipients`` users of the Sekretaris Dinas's group (the office's
        secretary and others added for the measure), one digest each,
        checked; all of it undone."""
        result = {}
        try:
            with self.env.cr.savepoint():
                secretaries = self.users["secretary"] | self.env["res.users"].union(
                    *(
                        new_test_user(
                            self.env,
                            login=f"digest.sekretaris{i}",
                            groups=ROLE_GROUPS["secretary"],
                            company_id=self.company.id,
                            company_ids=[Command.set(self.company.ids)],
                        )
                        for i in range(recipients - 1)
                    )
                )
                late = self._start_runs(steps, local(2026, 3, 2, 8, 0))
                # Tuesday's escalation first (the steps are escalated once a
                # day): the measure is Wednesday's, with the caches warm.
                with freeze_time(local(2026, 3, 3, 9, 0)):
                    self.Step._cron_sakip_remind()
                last = self.env["mail.message"].search([], order="id desc", limit=1).id
                self.env.flush_all()
                self.env.cr.flush()  # what the runs' start left to do at commit
                self.env.invalidate_all()
                bound = (
                    self.assertQueryCount(JOB_QUERIES_ONE_RECIPIENT)
                    if (steps, recipients) == (20, 1)
                    else nullcontext()
                )
                with freeze_time(local(2026, 3, 4, 9, 0)), bound:
                    before = self.env.cr.sql_log_count
                    self.Step._cron_sakip_remind()
                    self.env.flush_all()
                    result["queries"] = self.env.cr.sql_log_count - before
                sent = self.env["mail.message"].search(
                    [("message_type", "=", "user_notification"), ("id", ">", last)]
                )
                self.assertEqual(sent.partner_ids, secretaries.partner_id)
                self.assertEqual(len(sent), recipients)
                for message in sent:
                    for run in late:
                        self.assertIn(f'/odoo/sakip.sop.run/{run.id}"', message.body)
                self.assertEqual(
                    set(late.current_step_id.mapped("escalated_on")), {date(2026, 3, 4)}
                )
                raise _Rollback()
        except _Rollback:
            self.env.invalidate_all()
        return result["queries"]

    @warmup
    def test_job_cost_grows_with_recipients_not_steps(self):
        """At one recipient, the job costs the same for 2 and 20 overdue
        steps (JOB_QUERIES_ONE_RECIPIENT); each more recipient costs the same
        number of queries more (their digest), whatever the steps."""
        cost = {
            (steps, recipients): self._escalation_cost(steps, recipients)
            for steps, recipients in ((2, 1), (20, 1), (2, 2), (2, 3))
        }
        if not self.warm:
            return  # the first of the two runs (@warmup) fills the caches
        self.assertEqual(cost[2, 1], cost[20, 1], cost)
        per_recipient = cost[2, 2] - cost[2, 1]
        self.assertGreater(per_recipient, 0, cost)
        self.assertEqual(cost[2, 3] - cost[2, 2], per_recipient, cost)
