# Copyright 2024 SAKIP Indonesia
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""Issue 10, item 7: the date of signing is the date of signing (step 11),
unless the Kepala chooses another one with a reason; the signed PDF and the
verification page show the same date."""

from datetime import timedelta

from odoo import Command
from odoo.exceptions import UserError
from odoo.tests import HttpCase, tagged

from ..tools.dates import format_date_id
from .sop_run_common import create_office
from .test_reports import pdf_pages


@tagged("post_install", "-at_install", "sakip")
class TestPkSignDate(HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env = cls.env(context=dict(cls.env.context, lang="en_US"))
        office = create_office(cls.env, "Dinas Pendidikan Tanggal", "signdate")
        cls.company, cls.users = office["company"], office["users"]
        # The meeting (steps 4-5) is not what these tests are about.
        office["sop"].step_ids.filtered(lambda s: s.sequence == 4).kind = "generic"
        office["sop"].step_ids.filtered(lambda s: s.sequence == 5).output_ids.unlink()
        cls.env = cls.env(context=dict(cls.env.context, allowed_company_ids=cls.company.ids))
        cls.employee = cls.env["hr.employee"].create(
            {"name": "Kabid Tanggal", "company_id": cls.company.id}
        )

    def _pk_at_signature(self):
        pk = self.env["sakip.pk"].create(
            {
                "fiscal_year": 2026,
                "level": "echelon_3",
                "company_id": self.company.id,
                "first_party_id": self.employee.id,
                "sign_place": "Purwokerto",
                "indicator_ids": [
                    Command.create(
                        {"objective": "Meningkatnya mutu", "name": "Indikator 1", "target": 1}
                    )
                ],
            }
        )
        head = self.users["head"]
        pk.with_user(head).action_start_sop_run()
        run = pk.sop_run_ids
        run.with_user(head).write({"start_text": "<p>Susun PK 2026.</p>"})
        run.with_user(head).action_start()
        for number, role in [(n, "planner") for n in range(2, 9)] + [
            (9, "secretary"),
            (10, "secretary"),
        ]:
            step = run.step_ids.filtered(lambda s, number=number: s.sequence == number)
            step.with_user(self.users[role]).action_done()
        signature = run.step_ids.filtered(lambda s: s.sequence == 11)
        self.assertEqual(signature.state, "in_progress")
        self.assertFalse(pk.sign_date, "a draft carries no date of signing")
        return pk, signature

    def _wizard(self, step, **values):
        return (
            self.env["sakip.sop.run.step.wizard"]
            .with_user(self.users["head"])
            .with_context(default_step_id=step.id, default_mode="done")
            .create(values)
        )

    def _printed_and_shown(self, pk):
        """The date line of the signed PDF and the text of the verification page."""
        text = "\n".join(pdf_pages(pk.record_attachment_id.raw))
        page = self.url_open(f"/sakip/verify/{pk.verify_token}")
        self.assertEqual(page.status_code, 200)
        return text, " ".join(page.text.split())

    def test_signed_today(self):
        pk, signature = self._pk_at_signature()
        today = self.company._sakip_today()
        wizard = self._wizard(signature)
        self.assertTrue(wizard.signs_agreement)
        self.assertEqual(wizard.sign_date, today)
        self.assertFalse(wizard.sign_date_is_other)
        wizard.action_confirm()
        self.assertEqual(pk.state, "signed")
        self.assertEqual(pk.sign_date, today)
        text, page = self._printed_and_shown(pk)
        self.assertIn(f"Purwokerto, {format_date_id(today)}", text)
        self.assertIn(format_date_id(today), page)

    def test_signed_on_a_chosen_date_with_reason(self):
        pk, signature = self._pk_at_signature()
        chosen = self.company._sakip_today() - timedelta(days=3)
        wizard = self._wizard(
            signature, sign_date=chosen, sign_date_reason="Ditandatangani saat acara Bupati."
        )
        self.assertTrue(wizard.sign_date_is_other)
        wizard.action_confirm()
        self.assertEqual(pk.state, "signed")
        self.assertEqual(pk.sign_date, chosen)
        notes = " ".join(pk.message_ids.mapped("body"))
        self.assertIn("Ditandatangani saat acara Bupati.", notes)
        self.assertIn(format_date_id(chosen), notes)
        text, page = self._printed_and_shown(pk)
        self.assertIn(f"Purwokerto, {format_date_id(chosen)}", text)
        self.assertIn(format_date_id(chosen), page)
        self.assertNotIn(format_date_id(self.company._sakip_today()), page)

    def test_other_date_needs_a_reason_and_is_not_in_the_future(self):
        pk, signature = self._pk_at_signature()
        today = self.company._sakip_today()
        for chosen, reason, message in (
            (today - timedelta(days=3), False, "Give the reason why"),
            (today - timedelta(days=3), "   ", "Give the reason why"),
            (today + timedelta(days=1), "Nanti saja.", "cannot be in the future"),
        ):
            with self.subTest(chosen=chosen, reason=reason):
                wizard = self._wizard(signature, sign_date=chosen, sign_date_reason=reason)
                with self.assertRaises(UserError) as caught:
                    wizard.action_confirm()
                self.assertIn(message, str(caught.exception))
                self.assertEqual(pk.state, "final")
                self.assertFalse(pk.sign_date)
                self.assertEqual(signature.state, "in_progress")

    def test_marking_the_activity_done_signs_today(self):
        pk, signature = self._pk_at_signature()
        activity = signature.activity_ids.filtered(lambda a: a.user_id == self.users["head"])
        activity.with_user(self.users["head"]).action_done()
        self.assertEqual(pk.state, "signed")
        self.assertEqual(pk.sign_date, self.company._sakip_today())

    def test_sign_date_not_settable_otherwise(self):
        pk, _signature = self._pk_at_signature()
        with self.assertRaises(UserError):
            pk.with_user(self.users["head"]).write({"sign_date": "2026-01-30"})
        self.assertFalse(pk.sign_date)
