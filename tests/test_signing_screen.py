# Copyright 2024 SAKIP Indonesia
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""The signing screen: the Kepala's signature step of an agreement and the
letters to sign open it; only the signer may; Sign signs and freezes,
Return needs a reason; the confirmation leads to the document of record."""

from datetime import timedelta

from odoo.exceptions import AccessError, UserError
from odoo.tests import TransactionCase, tagged

from .my_work_common import create_pk_office, issue_letter, run_to_step


@tagged("post_install", "-at_install", "sakip")
class TestSigningScreen(TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env = cls.env(context=dict(cls.env.context, lang="en_US"))
        cls.office = create_pk_office(cls.env, "Dinas Layar Tanda Tangan", "signscreen")
        cls.users = cls.office["users"]
        cls.pk = cls.office["pk"]
        cls.sop_run = run_to_step(cls.office, 11)
        cls.step = cls.sop_run.current_step_id

    def _open(self, user, mode="action_step_done_wizard"):
        action = getattr(self.sop_run.with_user(user), mode)()
        self.assertEqual(action["res_model"], "sakip.signing.wizard")
        return self.env["sakip.signing.wizard"].with_user(user).browse(action["res_id"])

    def test_signature_step_opens_the_screen(self):
        screen = self._open(self.users["head"])
        self.assertEqual(screen.step_id, self.step)
        self.assertEqual(screen.document_name, self.pk.display_name)
        self.assertIn("PK Perubahan", screen.effect)
        self.assertIn("<img", screen.pages, "the pages are shown as images")
        self.assertIn("data:image/png;base64,", screen.pages)
        self.assertEqual(screen.sign_date, self.office["company"]._sakip_today())
        # Send back goes to the same screen.
        screen = self._open(self.users["head"], "action_step_send_back_wizard")
        self.assertEqual(screen.step_id, self.step)

    def test_only_the_signer_opens_it(self):
        for role in ("secretary", "planner", "staff"):
            with self.subTest(role=role), self.assertRaises(AccessError):
                self.sop_run.with_user(self.users[role]).action_step_done_wizard()
            with self.subTest(role=role), self.assertRaises(AccessError):
                # What the screen shows is never given by a client.
                self.env["sakip.signing.wizard"].with_user(self.users[role]).create(
                    {"step_id": self.step.id, "pages": "<img src='x'/>"}
                )
            # A screen made by hand signs nothing either.
            screen = (
                self.env["sakip.signing.wizard"]
                .with_user(self.users[role])
                .create({"step_id": self.step.id})
            )
            with self.subTest(role=role), self.assertRaises(AccessError):
                screen.action_sign()
            with self.subTest(role=role), self.assertRaises(AccessError):
                screen.write({"reason": "Tidak setuju"})
                screen.action_return()
        self.assertEqual(self.step.state, "in_progress")
        self.assertEqual(self.pk.state, "final")

    def test_sign(self):
        screen = self._open(self.users["head"])
        action = screen.action_sign()
        self.assertEqual(self.pk.state, "signed")
        self.assertEqual(self.step.state, "done")
        self.assertEqual(self.step.done_by_id, self.users["head"])
        self.assertTrue(self.pk.record_attachment_id)
        self.assertEqual(action["tag"], "display_notification")
        params = action["params"]
        self.assertEqual(params["type"], "success")
        self.assertEqual(params["links"][0]["url"], f"/sakip/document/sakip.pk/{self.pk.id}")
        self.assertEqual(params["next"]["res_model"], "sakip.pk")
        self.assertEqual(params["next"]["res_id"], self.pk.id)

    def test_return_needs_a_reason(self):
        screen = self._open(self.users["head"])
        with self.assertRaisesRegex(UserError, "reason"):
            screen.action_return()
        self.assertEqual(self.step.state, "in_progress", "a refused return changes nothing")
        self.assertEqual(self.pk.state, "final")
        screen.reason = "Target APM SD belum sesuai Renstra"
        action = screen.action_return()
        self.assertEqual(self.step.state, "sent_back")
        self.assertEqual(self.pk.state, "draft")
        self.assertEqual(self.sop_run.current_step_id.sequence, 8)
        self.assertEqual(action["params"]["type"], "warning")
        self.assertEqual(action["params"]["next"]["res_model"], "sakip.pk")

    def test_another_date_needs_a_reason(self):
        screen = self._open(self.users["head"])
        today = self.office["company"]._sakip_today()
        screen.sign_date = today - timedelta(days=1)
        with self.assertRaisesRegex(UserError, "reason"):
            screen.action_sign()
        self.assertEqual(self.pk.state, "final")
        screen.sign_date_reason = "Ditandatangani pada upacara"
        screen.action_sign()
        self.assertEqual(self.pk.sign_date, screen.sign_date)

    def test_letter(self):
        letter = issue_letter(self.office)
        with self.assertRaises(AccessError):
            letter.with_user(self.users["secretary"]).action_open_signing_screen()
        action = letter.with_user(self.users["head"]).action_open_signing_screen()
        screen = (
            self.env["sakip.signing.wizard"].with_user(self.users["head"]).browse(action["res_id"])
        )
        self.assertEqual(screen.letter_id, letter)
        self.assertFalse(screen.dates_agreement)
        self.assertIn("<img", screen.pages)
        result = screen.action_sign()
        self.assertEqual(letter.state, "issued")
        self.assertEqual(letter.signed_by_id, self.users["head"])
        self.assertEqual(
            result["params"]["links"][0]["url"], f"/sakip/document/sakip.letter/{letter.id}"
        )

    def test_letter_returned(self):
        letter = issue_letter(self.office)
        action = letter.with_user(self.users["head"]).action_open_signing_screen()
        screen = (
            self.env["sakip.signing.wizard"].with_user(self.users["head"]).browse(action["res_id"])
        )
        screen.reason = "Perihal surat keliru"
        screen.action_return()
        self.assertEqual(letter.state, "cancelled")
        self.assertEqual(letter.cancel_reason, "Perihal surat keliru")
