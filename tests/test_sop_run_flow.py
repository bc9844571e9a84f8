# Copyright 2024 SAKIP Indonesia
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
import base64
from contextlib import contextmanager
from unittest.mock import patch

from odoo.exceptions import AccessError, UserError
from odoo.tests import TransactionCase, freeze_time, tagged

from .sop_run_common import create_office, local

PLANNING = ("planner", "planner2")


@tagged("post_install", "-at_install", "sakip")
class TestSopRunFlow(TransactionCase):
    """A whole run of the SOP, step 1 to 14, as the right users."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env = cls.env(context=dict(cls.env.context, lang="en_US"))
        office = create_office(cls.env, "Dinas Pendidikan Uji", "flow")
        cls.company = office["company"]
        cls.sop = office["sop"]
        cls.users = office["users"]
        cls.Run = cls.env["sakip.sop.run"]
        cls.Step = cls.env["sakip.sop.run.step"]
        # The invitation to the meeting (step 4) is numbered with this type.
        cls.env["sakip.letter.type"].create(
            {
                "name": "Surat Undangan",
                "code": "invitation",
                "company_id": cls.company.id,
                "pattern": "{code}/{seq}/{month_roman}/{year}",
                "classification_code": "005",
            }
        )
        # ... in the name of the Sekretaris, who signs it.
        cls.company.sakip_secretary_employee_id = cls.env["hr.employee"].create(
            {
                "name": "Sekretaris Dinas Uji",
                "company_id": cls.company.id,
                "user_id": cls.users["secretary"].id,
            }
        )

    # Helpers
    def _create_run(self, **values):
        return self.Run.with_user(self.users["head"]).create(
            {
                "sop_id": self.sop.id,
                "company_id": self.company.id,
                "fiscal_year": 2026,
                "start_text": "<p>Segera susun Penetapan Kinerja 2026 sesuai SOP.</p>",
                **values,
            }
        )

    def _step(self, run, number):
        """The latest instance of step ``number`` of ``run``."""
        return run.step_ids.filtered(lambda s: s.sequence == number).sorted("iteration")[-1:]

    def _holders(self, run):
        """Logins of the users who hold an open activity on the run."""
        return sorted(run.activity_ids.user_id.mapped("login"))

    def _logins(self, *roles):
        return sorted(self.users[role].login for role in roles)

    def _snapshot(self, run):
        """What a refused transition must leave unchanged."""
        self.env.cr.flush()  # post the pending tracking messages
        self.env.invalidate_all()
        return (
            [(s.sequence, s.iteration, s.state, s.done_by_id.id) for s in run.step_ids],
            sorted(run.activity_ids.ids),
            run.send_back_count,
            len(run.message_ids),
        )

    @contextmanager
    def _refused(self, run, exception=AccessError):
        before = self._snapshot(run)
        with self.assertRaises(exception) as caught:
            yield caught
        self.assertEqual(self._snapshot(run), before, "a refused transition changed the run")

    def _do(self, run, number, role, when, **kwargs):
        step = self._step(run, number)
        with freeze_time(when):
            step.with_user(self.users[role]).action_done(**kwargs)
        self.env.invalidate_all()
        self.assertEqual(step.state, "done")
        self.assertEqual(step.done_by_id, self.users[role])
        return step

    def _assert_current(self, run, number, holders, deadline, iteration=None):
        step = run.current_step_id
        self.assertEqual(step.sequence, number, f"current step should be {number}")
        if iteration:
            self.assertEqual(step.iteration, iteration)
        self.assertEqual(self._holders(run), self._logins(*holders), f"holders of step {number}")
        self.assertTrue(all(a.sakip_run_step_id == step for a in run.activity_ids))
        self.assertEqual(step.date_deadline, deadline, f"deadline of step {number}")
        self.assertEqual(set(run.activity_ids.mapped("date_deadline")), {deadline.date()})
        return step

    # Tests
    def test_whole_run(self):
        users = self.users
        run = self._create_run()
        self.assertEqual(run.state, "draft")
        self.assertTrue(run.name.startswith("PPK/"))

        # Step 1: only the Kepala Dinas (or an administrator) may order.
        for role in ("planner", "secretary", "staff", "outsider"):
            with self.subTest(start_by=role), self._refused(run):
                run.with_user(users[role]).action_start()
        self.assertFalse(run.step_ids)
        with freeze_time(local(2026, 3, 2, 8, 0)):
            run.with_user(users["head"]).action_start()
        self.assertEqual(run.state, "running")
        self.assertEqual(run.started_by_id, users["head"])
        self.assertEqual(len(run.step_ids), 14)
        step_1 = self._step(run, 1)
        self.assertEqual(step_1.state, "done")
        self.assertEqual(step_1.done_by_id, users["head"])
        self.assertIn("Segera susun", step_1.note)
        self.assertEqual(step_1.worked_minutes, 0)
        waiting = run.step_ids.filtered(lambda s: s.state == "waiting")
        self.assertEqual(waiting.mapped("sequence"), list(range(3, 15)))

        # Step 2 (4 h) goes to the planning team only: not to the administrator.
        step_2 = self._assert_current(run, 2, PLANNING, local(2026, 3, 2, 12, 0))
        self.assertEqual(step_2.norm_minutes, 240)
        self.assertEqual(step_2.activity_ids.activity_type_id.icon, "fa-tasks")
        self.assertEqual(step_2.activity_ids[0].summary, step_2._sop_label())
        self.assertIn("format", step_2.activity_ids[0].note)
        for role in ("head", "secretary", "staff", "outsider"):
            with self.subTest(step=2, role=role), self._refused(run):
                step_2.with_user(users[role]).action_done()
        # Out of order: step 14 waits.
        with self._refused(run, UserError) as caught:
            self._step(run, 14).with_user(users["planner"]).action_done()
        self.assertIn(self._step(run, 14)._sop_label(), str(caught.exception))
        self.assertIn(f"the current step is {step_2._sop_label()}.", str(caught.exception))
        step_2 = self._do(run, 2, "planner", local(2026, 3, 2, 10, 0), note="Format siap")
        self.assertEqual(step_2.worked_minutes, 120)
        self.assertFalse(step_2.is_overdue)
        # The closed step's activities are done (archived), none left open.
        self.assertFalse(step_2.activity_ids)
        done = step_2.with_context(active_test=False).activity_ids
        self.assertEqual(sorted(done.user_id.mapped("login")), self._logins(*PLANNING))
        self.assertFalse(any(done.mapped("active")))

        # Steps 3 and 4 (1 h each), step 4 done late.
        self._assert_current(run, 3, PLANNING, local(2026, 3, 2, 11, 0))
        self._do(run, 3, "planner2", local(2026, 3, 2, 10, 30))
        step_4 = self._assert_current(run, 4, PLANNING, local(2026, 3, 2, 11, 30))
        # Step 4 waits for the meeting to be planned (see test_sop_run_meeting).
        with self._refused(run, UserError) as caught:
            step_4.with_user(users["planner"]).action_done()
        self.assertIn("before the meeting is planned", str(caught.exception))
        with freeze_time(local(2026, 3, 2, 11, 40)):
            run.with_user(users["planner"])._sop_plan_meeting(
                name="Rapat Penyusunan PK 2026",
                start=local(2026, 3, 2, 13, 0),
                stop=local(2026, 3, 2, 13, 20),
                location="Aula Dinas",
            )
        with self._refused(run, UserError) as caught:
            step_4.with_user(users["planner"]).action_done()
        self.assertIn("signed by Sekretaris Dinas Uji", str(caught.exception))
        run.invitation_id.with_user(users["secretary"]).action_sign()
        step_4 = self._do(run, 4, "planner", local(2026, 3, 2, 11, 45))
        self.assertTrue(step_4.done_late)
        self.assertTrue(step_4.is_overdue)
        with freeze_time(local(2026, 3, 2, 11, 50)):
            self.env.invalidate_all()
            self.assertEqual(run.overdue_step_count, 1)
            self.assertFalse(run.is_overdue)
        self.assertIn(step_4, self.Step.search([("is_overdue", "=", True)]))

        # Step 5 (2 h across lunch) needs the Berita Acara and the Notula.
        step_5 = self._assert_current(run, 5, PLANNING, local(2026, 3, 2, 14, 45))
        self.assertEqual(step_5.kind, "meeting")
        with freeze_time(local(2026, 3, 2, 15, 0)):
            self.env.invalidate_all()
            self.assertTrue(run.is_overdue)
            self.assertEqual(self.Run.search([("is_overdue", "=", True)]), run)
            self.assertEqual(self.Step.search([("is_overdue", "=", True)]), step_4 | step_5)
        with self._refused(run, UserError) as caught:
            step_5.with_user(users["planner"]).action_done()
        self.assertIn("outputs: Berita Acara Rapat, Notula Rapat.", str(caught.exception))
        uploads = (
            self.env["ir.attachment"]
            .with_user(users["planner"])
            .create(
                [
                    {
                        "name": name,
                        "datas": base64.b64encode(b"%PDF-1.4 test"),
                        "res_model": "sakip.sop.run.step.wizard",
                        "res_id": 0,
                    }
                    for name in ("Berita Acara Rapat PK 2026.pdf", "Notula Rapat PK 2026.pdf")
                ]
            )
        )
        self._do(
            run,
            5,
            "planner",
            local(2026, 3, 2, 13, 30),
            outputs={"Berita Acara Rapat": uploads[0].id, "Notula Rapat": uploads[1].id},
        )
        self.assertEqual(step_5.attachment_ids, uploads)
        self.assertEqual(set(uploads.mapped("res_model")), {"sakip.sop.run"})
        self.assertEqual(set(uploads.mapped("res_id")), {run.id})

        # Steps 6-8, in working days.
        self._assert_current(run, 6, PLANNING, local(2026, 3, 9, 13, 30))
        self._do(run, 6, "planner", local(2026, 3, 3, 9, 0))
        self._assert_current(run, 7, PLANNING, local(2026, 3, 5, 9, 0))
        self._do(run, 7, "planner2", local(2026, 3, 4, 9, 0))
        self._assert_current(run, 8, PLANNING, local(2026, 3, 11, 9, 0))
        self._do(run, 8, "planner", local(2026, 3, 5, 9, 0))

        # Step 9: the Sekretaris sends the draft back to step 8.
        step_9 = self._assert_current(run, 9, ("secretary",), local(2026, 3, 12, 9, 0))
        for role in ("planner", "head", "staff"):
            with self.subTest(step=9, role=role), self._refused(run):
                step_9.with_user(users[role]).action_send_back("Tidak berwenang")
        with self._refused(run, UserError):
            step_9.with_user(users["secretary"]).action_send_back("  ")
        with freeze_time(local(2026, 3, 6, 9, 0)):
            step_9.with_user(users["secretary"]).action_send_back(
                "Target indikator belum selaras dengan Renstra."
            )
        self.assertEqual(step_9.state, "sent_back")
        self.assertEqual(step_9.note, "Target indikator belum selaras dengan Renstra.")
        self.assertEqual(run.send_back_count, 1)
        self.assertIn("Target indikator belum selaras", run.message_ids[0].body)
        self.assertIn(f"sent back to “{self._step(run, 8)._sop_label()}”", run.message_ids[0].body)
        self._assert_current(run, 8, PLANNING, local(2026, 3, 13, 9, 0), iteration=2)
        self.assertEqual(self._step(run, 9).iteration, 2)
        self.assertEqual(self._step(run, 9).state, "waiting")
        self.assertEqual(self._step(run, 10).iteration, 1)
        self._do(run, 8, "planner", local(2026, 3, 9, 9, 0))
        self._assert_current(run, 9, ("secretary",), local(2026, 3, 16, 9, 0), iteration=2)
        self._do(run, 9, "secretary", local(2026, 3, 9, 10, 0))

        # Step 10, then step 11: the Kepala Dinas sends it back to step 8.
        self._assert_current(run, 10, ("secretary",), local(2026, 3, 10, 10, 0))
        self._do(run, 10, "secretary", local(2026, 3, 10, 8, 0))
        step_11 = self._assert_current(run, 11, ("head",), local(2026, 3, 10, 8, 20))
        self.assertEqual(step_11.kind, "signature")
        with self.subTest(step=11, role="secretary"), self._refused(run):
            step_11.with_user(users["secretary"]).action_done()
        with freeze_time(local(2026, 3, 10, 8, 10)):
            step_11.with_user(users["head"]).action_send_back("Perbaiki anggaran program 2.")
        self.assertEqual(run.send_back_count, 2)
        self._assert_current(run, 8, PLANNING, local(2026, 3, 17, 8, 10), iteration=3)
        self.assertEqual(
            sorted((s.sequence, s.iteration) for s in run.step_ids if s.state == "waiting"),
            [(9, 3), (10, 2), (11, 2), (12, 1), (13, 1), (14, 1)],
        )
        self._do(run, 8, "planner2", local(2026, 3, 10, 9, 0))
        self._do(run, 9, "secretary", local(2026, 3, 10, 10, 0))
        self._do(run, 10, "secretary", local(2026, 3, 10, 11, 0))
        self._assert_current(run, 11, ("head",), local(2026, 3, 10, 11, 20), iteration=2)
        self._do(run, 11, "head", local(2026, 3, 10, 11, 0))

        # Step 12: done by marking the activity done; the wrong user may not.
        step_12 = self._assert_current(run, 12, PLANNING, local(2026, 3, 10, 11, 20))
        activity = step_12.activity_ids.filtered(lambda a: a.user_id == users["planner"])
        with self.subTest(step=12, role="staff"), self._refused(run):
            activity.with_user(users["staff"]).action_feedback(feedback="Bukan tugas saya")
        # Not even with the context key the engine once used to close activities.
        with self.subTest(step=12, role="staff", context="sakip_sop_engine"), self._refused(run):
            activity.with_user(users["staff"]).with_context(sakip_sop_engine=True).action_feedback(
                feedback="Bukan tugas saya"
            )
        with freeze_time(local(2026, 3, 10, 11, 5)):
            activity.with_user(users["planner"]).action_feedback(
                feedback="Surat pengantar nomor 000.8.3.3/15/2026"
            )
        self.assertEqual(step_12.state, "done")
        self.assertEqual(step_12.done_by_id, users["planner"])
        self.assertEqual(step_12.note, "Surat pengantar nomor 000.8.3.3/15/2026")

        # Step 13 (2 h, across lunch): skipped by an administrator, with a reason.
        step_13 = self._assert_current(run, 13, PLANNING, local(2026, 3, 10, 14, 5))
        with self._refused(run):
            step_13.with_user(users["planner"]).action_skip("Tidak perlu")
        with self._refused(run, UserError):
            step_13.with_user(users["admin"]).action_skip("")
        with freeze_time(local(2026, 3, 10, 11, 10)):
            step_13.with_user(users["admin"]).action_skip("Digandakan oleh Subbag Umum.")
        self.assertEqual(step_13.state, "skipped")
        self.assertEqual(step_13.skip_reason, "Digandakan oleh Subbag Umum.")

        # Step 14 closes the run: finished, archived, outputs kept.
        self._assert_current(run, 14, PLANNING, local(2026, 3, 10, 11, 30))
        self._do(run, 14, "planner2", local(2026, 3, 10, 11, 20))
        self.assertEqual(run.state, "done")
        self.assertFalse(run.active)
        self.assertFalse(run.current_step_id)
        self.assertFalse(run.activity_ids)
        self.assertEqual(run.date_done, local(2026, 3, 10, 11, 20))
        archived = self.Run.with_user(users["staff"]).with_context(active_test=False)
        self.assertEqual(archived.search([("id", "=", run.id)]), run)
        self.assertFalse(self.Run.search([("id", "=", run.id)]))
        self.assertEqual(self._step(run, 5).attachment_ids, uploads)
        self.assertTrue(uploads.exists())
        self.assertIn("finished and archived", run.message_ids[0].body)
        # 14 steps + 2 (steps 8-9 again) + 4 (steps 8-11 again) instances.
        self.assertEqual(len(run.step_ids), 20)
        self.assertEqual(sum(run.step_ids.mapped("send_back_flag")), 2)
        # The finished run is read-only.
        with self.assertRaises(UserError):
            run.with_user(users["admin"]).write({"fiscal_year": 2027})

    def test_assignees_and_rights(self):
        """Steps are assigned to the group's users of the run's office."""
        run = self._create_run()
        run.with_user(self.users["admin"]).action_start()
        step = run.current_step_id
        self.assertEqual(step.user_ids, self.users["planner"] | self.users["planner2"])
        self.assertNotIn(self.users["admin"], step.user_ids)
        # Buttons: shown to those who may act (the server checks anyway).
        self.assertTrue(run.with_user(self.users["planner"]).can_act)
        self.assertTrue(run.with_user(self.users["admin"]).can_act)
        self.assertFalse(run.with_user(self.users["secretary"]).can_act)
        self.assertFalse(run.with_user(self.users["planner"]).can_send_back)
        # The state changes through the transitions only.
        with self.assertRaises(UserError):
            step.with_user(self.users["planner"]).write({"state": "done"})
        with self.assertRaises(AccessError):
            step.with_user(self.users["planner"]).write({"note": "Catatan"})
        with self.assertRaises(UserError):
            step.with_user(self.users["admin"]).write({"state": "done"})
        with self.assertRaises(UserError):
            run.with_user(self.users["admin"]).write({"state": "done"})
        with self.assertRaises(AccessError):
            self.Step.with_user(self.users["admin"]).create({"run_id": run.id, "sequence": 99})
        # Step 2 cannot send back (no send-back step in the SOP).
        with self.assertRaises(UserError):
            step.with_user(self.users["planner"]).action_send_back("Tidak bisa")
        # A waiting step may be skipped in advance by an administrator.
        step_13 = self._step(run, 13)
        step_13.with_user(self.users["admin"]).action_skip("Tidak diperlukan tahun ini.")
        self.assertEqual(step_13.state, "skipped")
        self.assertEqual(run.current_step_id, step)
        # A user of another office does not even see the run.
        other = create_office(self.env, "Dinas Kesehatan Uji", "flow.other")
        with self.assertRaises(AccessError):
            step.with_user(other["users"]["planner"]).action_done()

    def test_run_keeps_its_sop_version(self):
        run = self._create_run()
        run.with_user(self.users["head"]).action_start()
        sop_step_12 = self.sop.step_ids.filtered(lambda s: s.sequence == 12)
        sop_step_12.write({"duration_value": 3, "duration_unit": "working_day"})
        self.assertEqual(self._step(run, 12).duration_unit, "minute")
        self.assertEqual(self._step(run, 12).duration_value, 20)
        # Send-backs copied from the seed point to the copy's own step 8.
        sop_step_9 = self.sop.step_ids.filtered(lambda s: s.sequence == 9)
        self.assertEqual(sop_step_9.send_back_step_id.sop_id, self.sop)
        self.assertEqual(sop_step_9.send_back_step_id.sequence, 8)
        self.assertEqual(self._step(run, 9).send_back_sequence, 8)

    def test_wizard_and_cancel(self):
        run = self._create_run()
        run.with_user(self.users["head"]).action_start()
        action = run.with_user(self.users["planner"]).action_step_done_wizard()
        self.assertEqual(action["res_model"], "sakip.sop.run.step.wizard")
        wizard = (
            self.env["sakip.sop.run.step.wizard"]
            .with_user(self.users["planner"])
            .with_context(**action["context"])
            .create({"note": "Selesai"})
        )
        self.assertEqual(wizard.step_id.sequence, 2)
        wizard.action_confirm()
        self.assertEqual(run.current_step_id.sequence, 3)
        self.assertEqual(self._step(run, 2).note, "Selesai")
        with self.assertRaises(AccessError):
            run.with_user(self.users["head"]).action_cancel()
        run.with_user(self.users["admin"]).action_cancel()
        self.assertEqual(run.state, "cancelled")
        self.assertFalse(run.activity_ids)
        self.assertFalse(run.step_ids.filtered(lambda s: s.state in ("waiting", "in_progress")))

    def test_quantity(self):
        """A step with a quantity label (13: the copies) asks for a positive
        whole number, kept on the step; nothing changes without it."""
        planner = self.users["planner"]
        run = self._create_run()
        with freeze_time(local(2026, 3, 2, 8, 0)):
            run.with_user(self.users["head"]).action_start()
        run.step_ids.filtered(lambda s: 3 <= s.sequence <= 12).with_user(
            self.users["admin"]
        ).action_skip("Uji jumlah salinan.")
        self._do(run, 2, "planner", local(2026, 3, 2, 9, 0))
        step = run.current_step_id
        self.assertEqual((step.sequence, step.quantity_label), (13, "Number of copies"))
        for quantity in (None, 0, -2, 2.5, True):
            with self.subTest(quantity=quantity), self._refused(run, UserError) as caught:
                step.with_user(planner).action_done(quantity=quantity)
            self.assertIn("Number of copies", str(caught.exception))
        # Marking the activity done gives no number: refused too.
        with self._refused(run, UserError):
            step.activity_ids[:1].with_user(planner).action_feedback(feedback="5 eksemplar")
        # The Done wizard asks for it under the step's label.
        action = run.with_user(planner).action_step_done_wizard()
        wizard = (
            self.env["sakip.sop.run.step.wizard"]
            .with_user(planner)
            .with_context(**action["context"])
            .create({"quantity": 5})
        )
        self.assertEqual(wizard.quantity_label, "Number of copies")
        with freeze_time(local(2026, 3, 2, 9, 30)):
            wizard.action_confirm()
        self.assertEqual(step.state, "done")
        self.assertEqual(step.quantity, 5)
        self.assertIn("Number of copies: 5", run.message_ids[0].body)
        self.assertEqual(run.current_step_id.sequence, 14)
        self.assertFalse(run.current_step_id.quantity_label)
        self.assertFalse(self._step(run, 2).quantity)

    def test_document_hooks(self):
        """The engine calls the client document's hooks once per transition."""
        calls = []

        class Document:
            display_name = "PK 2026"

            def _sop_step_assignees(self, step):
                calls.append(("assignees", step.sequence))
                return None

            def _sop_check_step_done(self, steps):
                calls.append(("check", steps.mapped("sequence")))
                if 9 in steps.mapped("sequence"):
                    raise UserError(steps.env._("Draft incomplete"))

            def _sop_step_started(self, steps):
                calls.append(("started", steps.mapped("sequence")))

            def _sop_step_done(self, steps):
                calls.append(("done", steps.mapped("sequence")))

            def _sop_step_sent_back(self, steps, reason):
                calls.append(("sent_back", steps.mapped("sequence"), reason))

        document = Document()
        with patch.object(type(self.Run), "_sop_document", lambda run: document):
            run = self._create_run()
            run.with_user(self.users["head"]).action_start()
            self.assertEqual(
                calls,
                [("assignees", 1), ("assignees", 2), ("done", [1]), ("started", [2])],
            )
            calls.clear()
            self._do(run, 2, "planner", local(2026, 3, 2, 10, 0))
            self.assertEqual(
                calls,
                [("check", [2]), ("assignees", 3), ("done", [2]), ("started", [3])],
            )
            # A document may refuse a completion.
            for number, role in ((3, "planner"), (4, "planner"), (5, "planner")):
                step = self._step(run, number)
                if number == 4:  # the meeting's planning: see test_sop_run_meeting
                    step.sudo()._sakip_workflow_write({"kind": "generic"})
                if number == 5:
                    step.sudo()._sakip_workflow_write({"output_slots": False})
                self._do(run, number, role, local(2026, 3, 2, 15, 0))
            calls.clear()
            for number in (6, 7, 8):
                self._do(run, number, "planner", local(2026, 3, 3, 9, 0))
            calls.clear()
            with self.assertRaisesRegex(UserError, "Draft incomplete"):
                self._step(run, 9).with_user(self.users["secretary"]).action_done()
            self._step(run, 9).with_user(self.users["secretary"]).action_send_back("Kurang")
            self.assertIn(("sent_back", [9], "Kurang"), calls)
            self.assertIn(("started", [8]), calls)
