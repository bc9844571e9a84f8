# Copyright 2024 SAKIP Indonesia
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
import base64
import hashlib
from contextlib import contextmanager
from datetime import date
from io import BytesIO

import openpyxl

from odoo import Command
from odoo.exceptions import AccessError, UserError
from odoo.tests import freeze_time, tagged

from .collection_common import CollectionCase
from .sop_run_common import local

PLANNING = ("planner", "planner2")
#: Roles that are refused each actor's steps (an administrator may do them all).
REFUSED = {
    "planning": ("head", "secretary", "staff", "outsider"),
    "secretary": ("planner", "head", "staff", "outsider"),
    "head": ("planner", "secretary", "staff", "outsider"),
}


@tagged("post_install", "-at_install", "sakip")
class TestPkWholeRun(CollectionCase):
    """A whole run of the SOP for a performance agreement, step 1 to 14, as
    the right users, with a send-back at step 9 and at step 11: who holds an
    activity at every step, that the wrong users are refused, the deadlines in
    working time, and what the archived run holds at the end."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # The meeting is planned and its minutes are required (CollectionCase drops both).
        cls.sop.step_ids.filtered(lambda s: s.sequence == 4).kind = "meeting_invite"
        cls.sop.step_ids.filtered(lambda s: s.sequence == 5).output_ids = [
            Command.create({"sequence": 1, "name": "Berita Acara Rapat"}),
            Command.create({"sequence": 2, "name": "Notula Rapat"}),
        ]
        cls.company.write(
            {
                "sakip_office_name": "Dinas Pendidikan Koleksi",
                "sakip_regency": "Pemerintah Kabupaten Banyumas",
                "sakip_sign_city": "Purwokerto",
                "sakip_head_employee_id": cls.head_employee.id,
                "sakip_regent_name": "Bupati Uji",
                "sakip_regent_title": "Bupati Banyumas",
            }
        )
        cls.head_employee.user_id = cls.users["head"]
        cls.env["sakip.letter.type"].create(
            [
                {
                    "name": name,
                    "code": code,
                    "company_id": cls.company.id,
                    "pattern": "{code}/{seq}/Disdik/{month_roman}/{year}",
                    "classification_code": classification,
                }
                for name, code, classification in (
                    ("Surat Pengantar", "cover_letter", "000.8.3.3"),
                    ("Surat Undangan", "invitation", "005"),
                )
            ]
        )
        Partner = cls.env["res.partner"]
        cls.bappeda, cls.organisasi = Partner.create(
            [
                {"name": "Bappedalitbang Kabupaten Banyumas", "email": "bappeda@example.id"},
                {"name": "Bagian Organisasi Setda Kabupaten Banyumas"},
            ]
        )
        cls.company.sakip_recipient_ids = cls.bappeda | cls.organisasi
        # The Sekretaris signs the invitation, the Kepala the cover letter.
        cls.company.sakip_secretary_employee_id = cls.env["hr.employee"].create(
            {
                "name": "Sekretaris Dinas Koleksi",
                "company_id": cls.company.id,
                "eselon": "III.a",
                "user_id": cls.users["secretary"].id,
            }
        )
        for user in cls.users.values():
            user.email = f"{user.login}@example.id"
        (cls.staff_sd | cls.kabid_smp).write({"email": "bidang@example.id"})

    # Helpers
    def _holders(self, records):
        return sorted(records.activity_ids.user_id.mapped("login"))

    def _logins(self, *roles):
        return sorted(self.users[role].login for role in roles)

    def _snapshot(self, run):
        self.env.flush_all()
        self.env.invalidate_all()
        return (
            [(s.sequence, s.iteration, s.state) for s in run.step_ids],
            sorted(run.activity_ids.ids),
            run.send_back_count,
            self.pk.state,
        )

    @contextmanager
    def _unchanged(self, run, exception):
        before = self._snapshot(run)
        with self.assertRaises(exception) as caught:
            yield caught
        self.assertEqual(self._snapshot(run), before, "a refused action changed the run")

    def _assert_current(self, run, number, holders, deadline, iteration=1):
        """Step ``number`` is the current one, held by ``holders``, due ``deadline``;
        the users of every other role are refused it."""
        step = run.current_step_id
        self.assertEqual((step.sequence, step.iteration), (number, iteration))
        self.assertEqual(self._holders(run), self._logins(*holders), f"holders of step {number}")
        self.assertEqual(step.date_deadline, deadline, f"deadline of step {number}")
        self.assertEqual(set(run.activity_ids.mapped("date_deadline")), {deadline.date()})
        actor = (
            "planning"
            if holders == PLANNING
            else ("secretary" if holders == ("secretary",) else "head")
        )
        for role in REFUSED[actor]:
            with self.subTest(step=number, role=role), self._unchanged(run, AccessError):
                step.with_user(self.users[role]).action_done()
        return step

    def _do(self, run, number, role, when, **kwargs):
        step = run.current_step_id
        self.assertEqual(step.sequence, number)
        with freeze_time(when):
            step.with_user(self.users[role]).action_done(**kwargs)
        self.env.invalidate_all()
        self.assertEqual(step.state, "done")
        self.assertEqual(step.done_by_id, self.users[role])
        return step

    def _send_back(self, run, number, role, when, reason):
        step = run.current_step_id
        self.assertEqual(step.sequence, number)
        with freeze_time(when):
            step.with_user(self.users[role]).action_send_back(reason)
        self.env.invalidate_all()
        self.assertEqual(step.state, "sent_back")
        return step

    def _preview(self, step):
        """The preview of ``step``'s Done dialog, as its planner opens it."""
        action = step.with_user(self.users["planner"]).action_open_done_wizard()
        wizard = (
            self.env[action["res_model"]]
            .with_user(self.users["planner"])
            .with_context(**action["context"])
            .create({})
        )
        return str(wizard.preview)

    def _upload(self, user, name):
        return (
            self.env["ir.attachment"]
            .with_user(user)
            .create(
                {
                    "name": name,
                    "datas": base64.b64encode(b"%PDF-1.4 scan"),
                    "res_model": "sakip.sop.run.step.wizard",
                    "res_id": 0,
                }
            )
        )

    # The run
    def test_whole_run(self):
        users, pk = self.users, self.pk
        # Step 1: the Kepala Dinas orders it (nobody else may start the run).
        pk.with_user(users["head"]).action_start_sop_run()
        run = pk.sop_run_ids
        run.with_user(users["head"]).write({"start_text": "<p>Susun PK 2026.</p>"})
        for role in ("planner", "secretary", "staff", "outsider"):
            with self.subTest(start_by=role), self.assertRaises(AccessError):
                run.with_user(users[role]).action_start()
        with freeze_time(local(2026, 3, 2, 8, 0)):
            run.with_user(users["head"]).action_start()
        self.assertEqual(run.step_ids.filtered(lambda s: s.sequence == 1).state, "done")

        # Steps 2-3: the formats, one per bidang, sent to each bidang.
        self._assert_current(run, 2, PLANNING, local(2026, 3, 2, 12, 0))
        self._do(run, 2, "planner", local(2026, 3, 2, 10, 0))
        submissions = pk.submission_ids
        self.assertEqual(submissions.department_id, self.dep_sd | self.dep_smp)
        self._assert_current(run, 3, PLANNING, local(2026, 3, 2, 11, 0))
        self._do(run, 3, "planner2", local(2026, 3, 2, 10, 30))
        self.assertTrue(all(submissions.mapped("format_sent")))
        # The return deadline is a date, fixed now in working time (steps 4-6's
        # norms), printed in the format and the due date of the bidang's activities.
        self.assertEqual(set(submissions.mapped("date_deadline")), {date(2026, 3, 9)})
        self.assertEqual(set(submissions.activity_ids.mapped("date_deadline")), {date(2026, 3, 9)})
        sheet = openpyxl.load_workbook(BytesIO(submissions[0].format_attachment_id.raw))
        self.assertIn("9 Maret 2026", [c.value for r in sheet.worksheets[0].iter_rows() for c in r])

        # Step 4: the meeting is planned (event + numbered invitation) before it is done.
        step_4 = self._assert_current(run, 4, PLANNING, local(2026, 3, 2, 11, 30))
        with self._unchanged(run, UserError):
            step_4.with_user(users["planner"]).action_done()
        with freeze_time(local(2026, 3, 2, 10, 40)):
            self.env["sakip.sop.meeting.wizard"].with_user(users["planner"]).create(
                {
                    "run_id": run.id,
                    "name": "Rapat penyusunan PK 2026",
                    "start": local(2026, 3, 2, 11, 0),
                    "stop": local(2026, 3, 2, 12, 0),
                    "location": "Aula Dinas Pendidikan",
                }
            ).action_confirm()
        self.assertIn(users["head"].partner_id, run.event_id.partner_ids)
        self.assertIn(users["secretary"].partner_id, run.event_id.partner_ids)
        invitation = run.invitation_id
        self.assertTrue(invitation.name)
        self.assertEqual(invitation.event_id, run.event_id)
        # ... and sent once the Sekretaris has signed it (nobody else may).
        self.assertEqual(invitation.state, "to_sign")
        self.assertEqual(self._holders(invitation), self._logins("secretary"))
        with self._unchanged(run, UserError) as caught:
            step_4.with_user(users["planner"]).action_done()
        self.assertIn("signed by Sekretaris Dinas Koleksi", str(caught.exception))
        for role in ("planner", "head", "admin"):
            with self.subTest(invitation_signed_by=role), self.assertRaises(AccessError):
                invitation.with_user(users[role]).action_sign()
        with freeze_time(local(2026, 3, 2, 10, 42)):
            invitation.with_user(users["secretary"]).action_sign()
        self.assertEqual(invitation.signed_by_id, users["secretary"])
        self._do(run, 4, "planner", local(2026, 3, 2, 10, 45))
        self.assertIn(invitation.record_attachment_id, step_4.attachment_ids)

        # Step 5: the Berita Acara and the Notula are required.
        step_5 = self._assert_current(run, 5, PLANNING, local(2026, 3, 2, 13, 45))
        with self._unchanged(run, UserError):
            step_5.with_user(users["planner"]).action_done()
        # Named outputs, whatever the files are called.
        minutes = self._upload(users["planner"], "BA Rapat PK.pdf") | self._upload(
            users["planner"], "Notulen.pdf"
        )
        self._do(
            run,
            5,
            "planner",
            local(2026, 3, 2, 13, 30),
            outputs={"Berita Acara Rapat": minutes[0].id, "Notula Rapat": minutes[1].id},
        )
        self.assertEqual(
            sorted(step_5.attachment_ids.mapped("name")),
            ["Berita Acara Rapat.pdf", "Notula Rapat.pdf"],
        )

        # Step 6: each bidang holds its own activity; the step closes with the last.
        step_6 = self._assert_current(run, 6, PLANNING, local(2026, 3, 9, 13, 30))
        sd, smp = (
            submissions.filtered(lambda s: s.department_id == self.dep_sd),
            submissions.filtered(lambda s: s.department_id == self.dep_smp),
        )
        self.assertEqual(self._holders(sd), [self.staff_sd.login])
        self.assertEqual(self._holders(smp), [self.kabid_smp.login])
        with self.assertRaises(AccessError):
            smp.with_user(self.staff_sd).action_submit()
        filled = self._fill(
            sd.format_attachment_id.raw,
            indicators=[
                ("Meningkatnya akses pendidikan dasar", "APM SD", "%", 98, None, 97, 97.5, 98, 98),
            ],
            programs=[("Program Pengelolaan Pendidikan SD", 1_234_567_890, "APBD")],
        )
        with freeze_time(local(2026, 3, 3, 9, 0)):
            wizard = self.env["sakip.pk.submission.upload.wizard"].with_user(self.staff_sd)
            wizard = wizard.create(
                {
                    "submission_id": sd.id,
                    "file": base64.b64encode(filled),
                    "filename": "format_sd.xlsx",
                }
            )
            wizard.action_preview()
            wizard.action_confirm()
        self.assertEqual(sd.state, "submitted")
        self.assertEqual(step_6.state, "in_progress")
        self._add_indicator(self.dep_smp, name="APM SMP", target=95.0)
        self.env["sakip.pk.program"].create(
            {
                "pk_id": pk.id,
                "department_id": self.dep_smp.id,
                "name": "Program Pengelolaan Pendidikan SMP",
                "budget": 765_432_110,
            }
        )
        with freeze_time(local(2026, 3, 4, 9, 0)):
            smp.with_user(self.kabid_smp).action_submit()
        self.env.invalidate_all()
        self.assertEqual(step_6.state, "done")
        self.assertFalse(submissions.activity_ids)
        self.assertEqual(pk.budget_total, 2_000_000_000)

        # Steps 7-8: analysis and drafting.
        self._assert_current(run, 7, PLANNING, local(2026, 3, 6, 9, 0))
        self._do(run, 7, "planner2", local(2026, 3, 5, 9, 0))
        self._assert_current(run, 8, PLANNING, local(2026, 3, 12, 9, 0))
        self._do(run, 8, "planner", local(2026, 3, 6, 9, 0))

        # Step 9: the Sekretaris sends the draft back, then accepts it.
        self._assert_current(run, 9, ("secretary",), local(2026, 3, 13, 9, 0))
        self.assertEqual(pk.state, "in_review")
        # The send-back dialog names the step it returns to; its reason is required.
        action = run.current_step_id.with_user(users["secretary"]).action_open_send_back_wizard()
        Wizard = self.env[action["res_model"]].with_user(users["secretary"])
        wizard = Wizard.with_context(**action["context"]).create({})
        step_8_name = run.step_ids.filtered(lambda s: s.sequence == 8).name
        self.assertEqual(wizard.send_back_target, f"Back to: {step_8_name}")
        with self._unchanged(run, UserError) as caught:
            wizard.action_confirm()
        self.assertIn("reason", str(caught.exception))
        self.assertEqual(wizard._fields["reason"].string, "Reason")
        self._send_back(run, 9, "secretary", local(2026, 3, 9, 9, 0), "Selaraskan dengan Renstra.")
        self.assertEqual(pk.state, "draft")
        self.assertEqual(run.send_back_count, 1)
        self.assertIn("Selaraskan dengan Renstra.", run.message_ids[0].body)
        step_8 = self._assert_current(run, 8, PLANNING, local(2026, 3, 16, 9, 0), iteration=2)
        # The reason is in the planners' activity and on the step they redo.
        self.assertIn("Selaraskan dengan Renstra.", step_8.returned_reason)
        for activity in run.activity_ids:
            self.assertIn("Selaraskan dengan Renstra.", str(activity.note))
        self._do(run, 8, "planner", local(2026, 3, 10, 9, 0))
        self._assert_current(run, 9, ("secretary",), local(2026, 3, 17, 9, 0), iteration=2)
        self._do(run, 9, "secretary", local(2026, 3, 10, 10, 0))
        self.assertEqual(pk.state, "final")

        # Steps 10-11: submitted to the Kepala Dinas, who sends it back once, then signs.
        self._assert_current(run, 10, ("secretary",), local(2026, 3, 11, 10, 0))
        self._do(run, 10, "secretary", local(2026, 3, 11, 8, 0))
        self._assert_current(run, 11, ("head",), local(2026, 3, 11, 8, 20))
        self._send_back(run, 11, "head", local(2026, 3, 11, 8, 10), "Perbaiki anggaran.")
        self.assertEqual(run.send_back_count, 2)
        self.assertEqual(pk.state, "draft")
        self._assert_current(run, 8, PLANNING, local(2026, 3, 18, 8, 10), iteration=3)
        self._do(run, 8, "planner2", local(2026, 3, 11, 9, 0))
        self._assert_current(run, 9, ("secretary",), local(2026, 3, 18, 9, 0), iteration=3)
        self._do(run, 9, "secretary", local(2026, 3, 11, 10, 0))
        self._assert_current(run, 10, ("secretary",), local(2026, 3, 12, 10, 0), iteration=2)
        self._do(run, 10, "secretary", local(2026, 3, 11, 11, 0))
        self._assert_current(run, 11, ("head",), local(2026, 3, 11, 11, 20), iteration=2)
        self._do(run, 11, "head", local(2026, 3, 11, 11, 10))
        self.assertEqual((pk.state, pk.signed_by_id), ("signed", users["head"]))
        signed_pdf = pk.record_attachment_id
        self.assertTrue(signed_pdf.raw.startswith(b"%PDF"))
        self.assertEqual(pk.record_sha256, hashlib.sha256(signed_pdf.raw).hexdigest())
        with self.assertRaises(UserError):
            pk.indicator_ids[0].with_user(users["planner"]).write({"target": 1})

        # Step 12: the cover letter gets its number; the Kepala is asked to sign it.
        self._assert_current(run, 12, PLANNING, local(2026, 3, 11, 11, 30))
        step_12 = self._do(run, 12, "planner", local(2026, 3, 11, 11, 20))
        letter = pk.cover_letter_id
        self.assertEqual(letter.letter_type_id.code, "cover_letter")
        self.assertTrue(letter.name)
        self.assertEqual(letter.partner_ids, self.bappeda | self.organisasi)
        self.assertEqual((letter.state, letter.record_attachment_id.id), ("to_sign", False))
        self.assertEqual(self._holders(letter), self._logins("head"))

        # Step 13: the number of copies made.
        step_13 = self._assert_current(run, 13, PLANNING, local(2026, 3, 11, 14, 20))
        with self._unchanged(run, UserError):
            step_13.with_user(users["planner"]).action_done()
        self._do(run, 13, "planner", local(2026, 3, 11, 14, 0), quantity=4)
        self.assertEqual(pk.copy_count, 4)

        # Step 14: not sent before the Kepala signs the cover letter (nobody else may).
        step_14 = self._assert_current(run, 14, PLANNING, local(2026, 3, 11, 14, 20))
        with self._unchanged(run, UserError) as caught:
            step_14.with_user(users["planner"]).action_done()
        self.assertIn(
            f"cover letter {letter.name} is signed by Kepala Dinas Koleksi", str(caught.exception)
        )
        for role in ("planner", "secretary", "admin"):
            with self.subTest(cover_letter_signed_by=role), self.assertRaises(AccessError):
                letter.with_user(users[role]).action_sign()
        with freeze_time(local(2026, 3, 11, 14, 5)):
            letter.with_user(users["head"]).action_sign()
        self.assertEqual(letter.signed_by_id, users["head"])
        self.assertIn(letter.record_attachment_id, step_12.attachment_ids)
        # A recipient without an email blocks the sending, named.
        with self._unchanged(run, UserError) as caught:
            step_14.with_user(users["planner"]).action_done()
        self.assertIn("Bagian Organisasi Setda Kabupaten Banyumas", str(caught.exception))
        self.assertIn("Bagian Organisasi Setda Kabupaten Banyumas", self._preview(step_14))
        self.organisasi.email = "organisasi@example.id"
        # The dialog shows the email before it goes: recipients, subject, body, files.
        preview = self._preview(step_14)
        for text in (
            "Bappedalitbang Kabupaten Banyumas &lt;bappeda@example.id&gt;",
            "organisasi@example.id",
            "Performance Agreement 2026 - Dinas Pendidikan Koleksi",
            letter.name,
            signed_pdf.name,
            letter.record_attachment_id.name,
        ):
            self.assertIn(text, preview)
        self.assertFalse(run.message_ids.filtered(lambda m: m.message_type == "comment"))
        self._do(run, 14, "planner", local(2026, 3, 11, 14, 10))

        # The run is finished and archived: read-only, still found, holding it all.
        self.assertEqual((run.state, run.active), ("done", False))
        Run = self.env["sakip.sop.run"].with_user(users["staff"])
        self.assertEqual(
            Run.with_context(active_test=False).search([("id", "=", run.id)]).ids, run.ids
        )
        with self.assertRaises(UserError):
            run.with_user(users["admin"]).write({"fiscal_year": 2027})
        outputs = run.step_ids.attachment_ids
        self.assertIn(signed_pdf, outputs)
        self.assertIn(letter.record_attachment_id, outputs)
        email = run.message_ids.filtered(lambda m: m.message_type == "comment")[:1]
        self.assertEqual(email.partner_ids, self.bappeda | self.organisasi)
        self.assertEqual(
            sorted(email.attachment_ids.mapped("raw")),
            sorted([signed_pdf.raw, letter.record_attachment_id.raw]),
        )
        # Sent by email to both (the test mail server sends at once).
        notifications = email.sudo().notification_ids.filtered(
            lambda n: n.notification_type == "email"
        )
        to_recipients = notifications.filtered(
            lambda n: n.res_partner_id in self.bappeda | self.organisasi
        )
        self.assertEqual(to_recipients.res_partner_id, self.bappeda | self.organisasi)
        self.assertEqual(set(to_recipients.mapped("notification_status")), {"sent"})
        self.assertTrue(pk.distributed_at)
        self.assertEqual(run.send_back_count, 2)
        # 14 steps, with steps 8-11 run again after each send-back.
        self.assertEqual(len(run.step_ids), 20)
