# Copyright 2024 SAKIP Indonesia
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from io import BytesIO
from unittest.mock import patch

import openpyxl

from odoo import Command
from odoo.exceptions import AccessError, UserError
from odoo.tests import tagged

from .collection_common import CollectionCase

MODULE = "sakip_penetapan_kinerja"


@tagged("post_install", "-at_install", "sakip")
class TestPkCollection(CollectionCase):
    """Steps 2, 3 and 6: formats, sending, and each bidang's submission."""

    def test_formats_sent_and_submissions_routed(self):
        run = self._start()
        self._do(run, 2)
        submissions = run.env["sakip.pk.submission"].search([("run_id", "=", run.id)])
        self.assertEqual(submissions.department_id, self.dep_sd | self.dep_smp)
        sd = self._submission(run, self.dep_sd)
        self.assertEqual(sd.user_ids, self.staff_sd)
        self.assertEqual(self._submission(run, self.dep_smp).user_ids, self.kabid_smp)
        self.assertEqual(sd.step_id, self._step(run, 6))
        # One workbook per bidang, pre-filled with the bidang's lines of last year.
        self.assertEqual(len(submissions.format_attachment_id), 2)
        self.assertLessEqual(submissions.format_attachment_id, self._step(run, 2).attachment_ids)
        sheet = openpyxl.load_workbook(BytesIO(sd.format_attachment_id.raw))["Indikator"]
        values = [cell.value for row in sheet.iter_rows() for cell in row]
        self.assertIn("APM SD tahun lalu", values)
        smp_sheet = openpyxl.load_workbook(
            BytesIO(self._submission(run, self.dep_smp).format_attachment_id.raw)
        )["Indikator"]
        self.assertNotIn("APM SD tahun lalu", [c.value for r in smp_sheet.iter_rows() for c in r])

        # Step 3: each bidang gets its file on its activity and by email.
        self._do(run, 3)
        for submission in submissions:
            activities = submission.activity_ids
            self.assertEqual(activities.user_id, submission.user_ids)
            self.assertEqual(activities.attachment_ids, submission.format_attachment_id)
            mail = self.env["mail.mail"].search(
                [("model", "=", submission._name), ("res_id", "=", submission.id)]
            )
            self.assertEqual(len(mail), 1)
            self.assertEqual(mail.recipient_ids, submission.user_ids.partner_id)
            self.assertEqual(mail.attachment_ids, submission.format_attachment_id)
            # the shipped template's subject and text
            self.assertEqual(
                mail.subject, f"{run.name}: collection format for {submission.department_id.name}"
            )
            self.assertIn("Please fill in the attached collection format", mail.body_html)
            self.assertTrue(submission.format_sent)

        # Step 6: the step is Tim Perencanaan's; each bidang keeps one activity.
        self._do(run, 4, 5)
        step = self._step(run, 6)
        self.assertEqual(step.state, "in_progress")
        self.assertEqual(step.user_ids, self.users["planner"] | self.users["planner2"])
        self.assertEqual(step.activity_ids.user_id, step.user_ids)
        for submission in submissions:
            self.assertEqual(submission.activity_ids.user_id, submission.user_ids)
            self.assertEqual(len(submission.activity_ids), len(submission.user_ids))
            self.assertEqual(submission.activity_ids.date_deadline, step._sop_deadline_date())
        # The bidang see their activity, not the other bidang's submission.
        self.assertEqual(
            run.env["sakip.pk.submission"].with_user(self.staff_sd).search([]),
            self._submission(run, self.dep_sd),
        )

    def test_format_email_from_the_template(self):
        """Step 3's emails are the administrators' template: what they edit
        (subject, body, an attachment) is what each bidang receives, with its
        own workbook, in one batch."""
        template = self.env.ref(f"{MODULE}.mail_template_sakip_pk_collection_format")
        guide = self.env["ir.attachment"].create(
            {"name": "Panduan pengisian.pdf", "raw": b"%PDF-1.4 panduan"}
        )
        template.write(
            {
                "subject": "Isian PK {{ object.fiscal_year }}: {{ object.department_id.name }}",
                "body_html": "<p>Mohon diisi sebelum "
                "<t t-out=\"format_date(object.date_deadline, 'd MMMM y')\"/>.</p>",
                "attachment_ids": [Command.set(guide.ids)],
            }
        )
        run = self._start()
        self._do(run, 2)
        submissions = run.env["sakip.pk.submission"].search([("run_id", "=", run.id)])
        MailTemplate = type(template)
        render = MailTemplate._generate_template
        rendered_for = []

        def spy(tmpl, res_ids, *args, **kwargs):
            rendered_for.append((tmpl, sorted(res_ids)))
            return render(tmpl, res_ids, *args, **kwargs)

        with patch.object(MailTemplate, "_generate_template", spy):
            self._do(run, 3)
        # one rendering for every bidang
        self.assertEqual(
            [ids for tmpl, ids in rendered_for if tmpl == template], [sorted(submissions.ids)]
        )
        mails = self.env["mail.mail"].search(
            [("model", "=", submissions._name), ("res_id", "in", submissions.ids)]
        )
        self.assertEqual(len(mails), len(submissions))
        rendered = template._generate_template(submissions.ids, ("subject", "body_html"))
        for submission in submissions:
            mail = mails.filtered(lambda m, s=submission: m.res_id == s.id)
            year = submission.fiscal_year
            self.assertEqual(mail.subject, f"Isian PK {year}: {submission.department_id.name}")
            self.assertEqual(mail.subject, rendered[submission.id]["subject"])
            self.assertIn("Mohon diisi sebelum", mail.body_html)
            self.assertIn(str(submission.date_deadline.year), mail.body_html)
            self.assertEqual(mail.recipient_ids, submission.user_ids.partner_id)
            self.assertEqual(mail.attachment_ids, guide | submission.format_attachment_id)
            self.assertFalse(mail.auto_delete)

    def test_step_3_refuses_a_bidang_without_users(self):
        run = self._start()
        self.env["hr.department"].create(
            {"name": "Sekretariat", "is_sakip_unit": True, "company_id": self.company.id}
        )
        self._do(run, 2)
        step = self._step(run, 3)
        with self.assertRaises(UserError) as caught:
            step.with_user(self.users["planner"]).action_done()
        self.assertIn("Sekretariat", str(caught.exception))
        self.assertEqual(step.state, "in_progress")
        self.assertFalse(
            self.env["mail.mail"]
            .search([("model", "=", "sakip.pk.submission")])
            .filtered(
                lambda m: m.res_id
                in run.env["sakip.pk.submission"].search([("run_id", "=", run.id)]).ids
            )
        )

    def test_submit_lines_entered_in_odoo(self):
        run = self._to_collection()
        sd = self._submission(run, self.dep_sd)
        # Nothing entered yet: refused, unchanged.
        with self.assertRaises(UserError) as caught:
            sd.with_user(self.staff_sd).action_submit()
        self.assertIn("Bidang SD has no indicator line", str(caught.exception))
        self.assertEqual(sd.state, "pending")
        line = self._add_indicator(self.dep_sd, uom=False)
        with self.assertRaises(UserError) as caught:
            sd.with_user(self.staff_sd).action_submit()
        self.assertIn("Indicator “APM SD”: Unit is required.", str(caught.exception))
        self.assertEqual(sd.state, "pending")
        line.uom = "%"
        sd.with_user(self.staff_sd).action_submit()
        self.assertEqual(sd.state, "submitted")
        self.assertEqual(sd.submitted_by_id, self.staff_sd)
        self.assertEqual(sd.indicator_count, 1)
        self.assertFalse(sd.activity_ids, "the bidang's activity is closed")
        self.assertEqual(self._step(run, 6).state, "in_progress", "SMP has not submitted")

    def test_wrong_users_refused(self):
        run = self._to_collection()
        sd = self._submission(run, self.dep_sd)
        self._add_indicator(self.dep_sd)
        for user in (self.kabid_smp, self.users["secretary"], self.users["head"]):
            with self.subTest(user=user.login), self.assertRaises(AccessError):
                sd.with_user(user).action_submit()
        with self.assertRaises(AccessError):
            sd.with_user(self.users["outsider"]).action_submit()
        with self.assertRaises(AccessError):
            sd.with_user(self.kabid_smp).action_open_upload_wizard()
        with self.assertRaises(AccessError):
            self.env["sakip.pk.submission.upload.wizard"].with_user(self.kabid_smp).create(
                {"submission_id": sd.id, "file": b"eA==", "filename": "x.xlsx"}
            ).action_confirm()
        self.assertEqual(sd.state, "pending")
        # Tim Perencanaan may submit on a bidang's behalf.
        sd.with_user(self.users["planner"]).action_submit()
        self.assertEqual(sd.state, "submitted")
        # Only Tim Perencanaan returns.
        with self.assertRaises(AccessError):
            sd.with_user(self.staff_sd).action_return("Bukan hak saya")
        self.assertEqual(sd.state, "submitted")

    def test_return_with_reason(self):
        run = self._to_collection()
        sd = self._submission(run, self.dep_sd)
        self._add_indicator(self.dep_sd)
        sd.with_user(self.staff_sd).action_submit()
        with self.assertRaises(UserError):
            sd.with_user(self.users["planner"]).action_return("  ")
        self.assertEqual(sd.state, "submitted")
        wizard = (
            self.env["sakip.pk.submission.return.wizard"]
            .with_user(self.users["planner"])
            .create({"submission_id": sd.id, "reason": "Target Tw IV belum sama dengan target"})
        )
        wizard.action_confirm()
        self.assertEqual(sd.state, "returned")
        self.assertEqual(sd.return_reason, "Target Tw IV belum sama dengan target")
        self.assertIn("Target Tw IV belum sama", sd.message_ids[0].body)
        self.assertEqual(sd.activity_ids.user_id, self.staff_sd)
        # Returned counts as not submitted; the bidang submits again.
        sd.with_user(self.staff_sd).action_submit()
        self.assertEqual(sd.state, "submitted")
        self.assertFalse(sd.return_reason)

    def test_return_notice_from_the_template(self):
        """The notice of a returned submission is the administrators' template,
        posted on the submission to its bidang's users."""
        self.env.ref(f"{MODULE}.mail_template_sakip_pk_submission_returned").write(
            {
                "subject": "Dikembalikan: {{ object.department_id.name }}",
                "body_html": '<p>Perbaiki: <t t-out="object.return_reason"/></p>',
            }
        )
        run = self._to_collection()
        sd = self._submission(run, self.dep_sd)
        self._add_indicator(self.dep_sd)
        sd.with_user(self.staff_sd).action_submit()
        sd.with_user(self.users["planner"]).action_return("Target Tw IV kurang")
        message = sd.message_ids.filtered(lambda m: m.subtype_id == self.env.ref("mail.mt_comment"))
        self.assertEqual(len(message), 1)
        self.assertEqual(message.subject, f"Dikembalikan: {self.dep_sd.name}")
        self.assertIn("Perbaiki: Target Tw IV kurang", message.body)
        self.assertEqual(message.partner_ids, sd.user_ids.partner_id)
        self.assertEqual(message.author_id, self.users["planner"].partner_id)

    def test_completes_when_all_submitted(self):
        run = self._to_collection()
        self._add_indicator(self.dep_sd)
        self._add_indicator(self.dep_smp, name="APM SMP")
        self._submission(run, self.dep_sd).with_user(self.staff_sd).action_submit()
        step = self._step(run, 6)
        self.assertEqual(step.state, "in_progress")
        self._submission(run, self.dep_smp).with_user(self.kabid_smp).action_submit()
        self.assertEqual(step.state, "done")
        self.assertEqual(step.done_by_id, self.kabid_smp)
        self.assertEqual(run.current_step_id, self._step(run, 7))
        self.assertFalse(step.activity_ids.filtered("active"))

    def test_close_naming_the_missing_bidang(self):
        run = self._to_collection()
        self._add_indicator(self.dep_sd)
        sd = self._submission(run, self.dep_sd)
        smp = self._submission(run, self.dep_smp)
        sd.with_user(self.staff_sd).action_submit()
        step = self._step(run, 6)
        # The normal Done is refused while a bidang has not submitted.
        with self.assertRaises(UserError) as caught:
            step.with_user(self.users["planner"]).action_done()
        self.assertIn("Bidang SMP", str(caught.exception))
        self.assertEqual(step.state, "in_progress")
        self.assertEqual(smp.state, "pending")
        # Nor may a bidang user close the collection.
        action = self.pk.with_user(self.users["planner"]).action_open_collection_close_wizard()
        wizard = (
            self.env["sakip.pk.collection.close.wizard"]
            .with_user(self.users["planner"])
            .with_context(**action["context"])
            .create({"note": "Batas waktu lewat"})
        )
        self.assertEqual(wizard.missing_ids, smp)
        with self.assertRaises(AccessError):
            wizard.with_user(self.staff_sd).action_confirm()
        self.assertEqual(smp.state, "pending")
        wizard.action_confirm()
        self.assertEqual(smp.state, "missing")
        self.assertEqual(sd.state, "submitted")
        self.assertEqual(step.state, "done")
        self.assertIn("Bidang SMP", step.note)
        self.assertIn("Batas waktu lewat", step.note)
        self.assertIn("Bidang SMP", self.pk.message_ids[0].body)
        self.assertFalse(smp.activity_ids)
        self.assertEqual(run.current_step_id, self._step(run, 7))
