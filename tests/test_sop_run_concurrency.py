# Copyright 2024 SAKIP Indonesia
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
import threading
from collections import Counter

import psycopg2.errors

from odoo import SUPERUSER_ID, api
from odoo.exceptions import UserError
from odoo.modules.registry import Registry
from odoo.tests import BaseCase, TransactionCase, get_db_name, tagged
from odoo.tools import mute_logger

from .sop_run_common import create_office

#: Committed test data must not send email (no SMTP in tests), only queue it.
CONTEXT = {"lang": "en_US", "mail_notify_force_send": False}


@tagged("post_install", "-at_install", "sakip")
class TestSopRunConcurrency(BaseCase):
    """Two users completing the same step at the same moment, each in their own
    transaction (real cursors): one completion, one clear refusal, no duplicate
    activities. The data is committed, then deleted by the class cleanup."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.registry = Registry(get_db_name())
        cls.run_ids = []
        cls.addClassCleanup(cls._delete_test_data)
        with cls.registry.cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, CONTEXT)
            office = create_office(
                env,
                "Dinas Uji Konkurensi",
                "concurrency",
                roles={
                    "head": "sakip_penetapan_kinerja.group_sakip_head",
                    "planner": "sakip_penetapan_kinerja.group_sakip_planner",
                    "planner2": "sakip_penetapan_kinerja.group_sakip_planner",
                },
            )
            cls.company_id = office["company"].id
            cls.sop_id = office["sop"].id
            cls.calendar_id = office["calendar"].id
            cls.actor_ids = [actor.id for actor in office["actors"].values()]
            cls.user_ids = {role: user.id for role, user in office["users"].items()}

    @classmethod
    def _delete_test_data(cls):
        with cls.registry.cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, CONTEXT)
            runs = env["sakip.sop.run"].with_context(active_test=False).browse(cls.run_ids)
            runs.exists()._sakip_workflow_write({"state": "cancelled"})
            runs.exists().unlink()
            env["sakip.sop"].browse(cls.sop_id).unlink()
            env["sakip.sop.actor"].browse(cls.actor_ids).unlink()
            users = env["res.users"].browse(list(cls.user_ids.values()))
            users.write({"active": False})
            company = env["res.company"].browse(cls.company_id)
            company.sakip_calendar_id = False
            env["resource.calendar"].browse(cls.calendar_id).unlink()

    def _env(self, cr, role):
        # Bind the cursor to the loaded registry: Registry(dbname) would wait
        # for the registry lock, held by the main thread while it runs the
        # tests of a module being installed.
        if cr.transaction is None:
            cr.transaction = api.Transaction(self.registry)
        return api.Environment(cr, self.user_ids[role], CONTEXT)

    def _start_run(self):
        """Start a run (committed) and return the id of its current step (step 2)."""
        with self.registry.cursor() as cr:
            env = self._env(cr, "head")
            run = env["sakip.sop.run"].create(
                {"sop_id": self.sop_id, "company_id": self.company_id}
            )
            self.run_ids.append(run.id)
            run.write({"start_text": "<p>Susun PK sesuai SOP.</p>"})
            run.action_start()
            return run.current_step_id.id

    def _check_one_completion(self, step_id, expected_user=None):
        with self.registry.cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, CONTEXT)
            step = env["sakip.sop.run.step"].browse(step_id)
            run = step.run_id
            self.assertEqual(step.state, "done")
            if expected_user:
                self.assertEqual(step.done_by_id.id, self.user_ids[expected_user])
            # Exactly one instance of step 3 started, once.
            step_3 = run.step_ids.filtered(lambda s: s.sequence == 3)
            self.assertEqual(len(step_3), 1)
            self.assertEqual(step_3.state, "in_progress")
            self.assertEqual(run.current_step_id, step_3)
            # No duplicate activities: one per planner for step 3, none left for step 2.
            activities = env["mail.activity"].search([("res_model", "=", "sakip.sop.run")])
            activities = activities.filtered(lambda a: a.res_id == run.id)
            self.assertEqual(activities.sakip_run_step_id, step_3)
            per_user = Counter(activities.user_id.ids)
            self.assertEqual(
                per_user,
                Counter([self.user_ids["planner"], self.user_ids["planner2"]]),
            )
            closed = (
                env["mail.activity"]
                .with_context(active_test=False)
                .search([("sakip_run_step_id", "=", step_id)])
            )
            self.assertEqual(len(closed), 2)
            self.assertFalse(any(closed.mapped("active")))
            # One "done" line on the chatter.
            label = step._sop_label()
            done_lines = run.message_ids.filtered(
                lambda m: f"<b>“{label}” done by" in (m.body or "")
            )
            self.assertEqual(len(done_lines), 1)

    def test_second_user_refused_while_first_completes(self):
        """A holds the step (not yet committed) when B tries: B is refused at once."""
        step_id = self._start_run()
        cr_a = self.registry.cursor()
        cr_b = self.registry.cursor()
        try:
            step_b = self._env(cr_b, "planner2")["sakip.sop.run.step"].browse(step_id)
            self.assertEqual(step_b.state, "in_progress")  # B has read the step
            step_a = self._env(cr_a, "planner")["sakip.sop.run.step"].browse(step_id)
            step_a.action_done(note="Format selesai (A)")
            with self.assertRaises(UserError) as caught:
                step_b.action_done(note="Format selesai (B)")
            self.assertIn("being completed by someone else", str(caught.exception))
            cr_b.rollback()
            cr_a.commit()
        finally:
            cr_a.close()
            cr_b.close()
        self._check_one_completion(step_id, expected_user="planner")
        # Once A has committed, B is told the step is no longer in progress.
        with self.registry.cursor() as cr:
            step = self._env(cr, "planner2")["sakip.sop.run.step"].browse(step_id)
            with self.assertRaises(UserError) as caught:
                step.action_done(note="Format selesai (B)")
            current = step.run_id.current_step_id
            self.assertEqual(current.sequence, 3)
            self.assertIn(
                f"is not in progress; the current step is {current._sop_label()}.",
                str(caught.exception),
            )
            cr.rollback()

    @mute_logger("odoo.sql_db")
    def test_two_threads_at_the_same_moment(self):
        step_id = self._start_run()
        barrier = threading.Barrier(2)
        outcomes = {}

        def complete(role):
            try:
                with self.registry.cursor() as cr:
                    step = self._env(cr, role)["sakip.sop.run.step"].browse(step_id)
                    self.assertEqual(step.state, "in_progress")  # opens the transaction
                    barrier.wait(timeout=10)
                    try:
                        step.action_done(note=f"Selesai ({role})")
                        outcomes[role] = ("done", role)
                    except (UserError, psycopg2.errors.SerializationFailure) as error:
                        # A serialization failure is retried by Odoo's RPC
                        # layer, which then meets the "not in progress" refusal.
                        cr.rollback()
                        outcomes[role] = ("refused", str(error))
            except Exception as error:  # reported by the assertion below
                outcomes[role] = ("crashed", repr(error))

        threads = [
            threading.Thread(target=complete, args=(role,), daemon=True)
            for role in ("planner", "planner2")
        ]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=30)
        self.assertFalse(any(thread.is_alive() for thread in threads), "a thread hangs")
        outcomes = list(outcomes.values())
        self.assertEqual(sorted(kind for kind, __ in outcomes), ["done", "refused"], outcomes)
        winner = next(detail for kind, detail in outcomes if kind == "done")
        self._check_one_completion(step_id, expected_user=winner)


@tagged("post_install", "-at_install", "sakip")
class TestSopRunQueryCount(TransactionCase):
    """Completing a step and routing the next costs a number of queries that
    grows by a small constant per assigned user, not more."""

    #: Queries an extra assigned user may add to a completion: mail.activity's
    #: create subscribes each assignee to the run on its own (4 to 5 queries).
    PER_USER = 6

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env = cls.env(context=dict(cls.env.context, lang="en_US", mail_notify_force_send=False))
        planner = "sakip_penetapan_kinerja.group_sakip_planner"
        head = "sakip_penetapan_kinerja.group_sakip_head"
        cls.offices = {
            size: create_office(
                cls.env,
                f"Dinas Uji {size} perencana",
                f"cost{size}",
                roles={
                    "head": head,
                    "admin": "sakip_penetapan_kinerja.group_sakip_admin",
                    **{f"planner{i}": planner for i in range(size)},
                },
            )
            for size in (1, 5)
        }

    def _completion_queries(self, size, expected=None):
        office = self.offices[size]
        users = office["users"]
        run = (
            self.env["sakip.sop.run"]
            .with_user(users["head"])
            .create({"sop_id": office["sop"].id, "company_id": office["company"].id})
        )
        run.write({"start_text": "<p>Susun PK sesuai SOP.</p>"})
        run.action_start()
        # An administrator completes the steps: every planner is notified, as
        # when one planner completes a step for the others.
        admin = users["admin"]
        # Warm up (caches, first notifications) on step 2, measure step 3.
        run.current_step_id.with_user(admin).action_done()
        step = run.current_step_id.with_user(admin)
        self.assertEqual(step.sequence, 3)
        self.assertEqual(len(step.user_ids), size)
        self.env.flush_all()
        self.env.invalidate_all()
        if expected is None:
            count = self.cr.sql_log_count
            step.action_done()
            self.env.flush_all()
            count = self.cr.sql_log_count - count
        else:
            with self.assertQueryCount(expected):
                step.action_done()
            count = expected
        self.assertEqual(len(run.activity_ids), size)
        return count

    def test_query_count_per_assigned_user(self):
        one = self._completion_queries(1)
        self._completion_queries(5, expected=one + 4 * self.PER_USER)
