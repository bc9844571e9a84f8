# Copyright 2024 SAKIP Indonesia
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""A signature is an act of the signer: a letter issued in someone's name is
valid only once that person signs it, through the same JSON-RPC calls a
browser makes."""

import hashlib
import json

from odoo.exceptions import UserError
from odoo.tests import HttpCase, tagged
from odoo.tests.common import JsonRpcException
from odoo.tools import mute_logger

from .sop_run_common import MODULE, create_office


@tagged("post_install", "-at_install", "sakip")
class TestLetterSignature(HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env = cls.env(context=dict(cls.env.context, lang="en_US"))
        office = create_office(cls.env, "Dinas Tanda Tangan", "sign")
        cls.company, cls.users = office["company"], office["users"]
        Employee = cls.env["hr.employee"]
        cls.secretary = Employee.create(
            {
                "name": "Sekar Arum, S.Pd.",
                "job_title": "Sekretaris Dinas",
                "company_id": cls.company.id,
                "user_id": cls.users["secretary"].id,
            }
        )
        cls.head = Employee.create(
            {
                "name": "Dr. Joko Wiyono, M.Pd.",
                "job_title": "Kepala Dinas",
                "company_id": cls.company.id,
                "user_id": cls.users["head"].id,
            }
        )
        cls.letter_type = cls.env["sakip.letter.type"].create(
            {
                "name": "Surat Pengantar",
                "code": "cover_letter",
                "company_id": cls.company.id,
                "pattern": "{code}/{seq}/{year}",
                "classification_code": "000.8.3.3",
                "report_id": cls.env.ref(f"{MODULE}.action_report_sakip_cover_letter").id,
            }
        )

    def _issue(self, signer=None):
        return self.letter_type.with_user(self.users["planner"])._sakip_issue(
            {
                "subject": "Penyampaian Perjanjian Kinerja",
                "addressee_text": "Kepala Bappedalitbang",
                "signer_employee_id": (signer or self.secretary).id,
            }
        )

    def _as(self, role):
        login = self.users[role].login
        self.authenticate(login, login)

    def _call(self, model, method, *args, **kwargs):
        """``method`` of ``model`` through /web/dataset/call_kw, as the browser calls it."""
        return self.make_jsonrpc_request(
            f"/web/dataset/call_kw/{model}/{method}",
            {"model": model, "method": method, "args": list(args), "kwargs": kwargs},
        )

    def _error(self, model, method, *args):
        """The error (name and message) the browser is shown for ``method``."""
        payload = {
            "jsonrpc": "2.0",
            "method": "call",
            "params": {"model": model, "method": method, "args": list(args), "kwargs": {}},
        }
        with mute_logger("odoo.http"):
            response = self.url_open(
                f"/web/dataset/call_kw/{model}/{method}",
                data=json.dumps(payload),
                headers={"Content-Type": "application/json"},
            )
        return response.json()["error"]["data"]

    def _sign_activities(self, letter):
        sign_type = self.env.ref(f"{MODULE}.mail_act_sakip_letter_sign")
        return (
            self.env["mail.activity"]
            .with_context(active_test=False)
            .search(
                [
                    ("res_model", "=", "sakip.letter"),
                    ("res_id", "=", letter.id),
                    ("activity_type_id", "=", sign_type.id),
                ]
            )
        )

    def test_issue_asks_the_signer(self):
        letter = self._issue()
        self.assertRecordValues(
            letter, [{"state": "to_sign", "is_draft": True, "signed_by_id": False}]
        )
        self.assertTrue(letter.verify_token)
        self.assertFalse(letter.record_attachment_id)
        activity = self._sign_activities(letter)
        self.assertEqual(activity.user_id, self.users["secretary"])
        self.assertIn(letter.name, activity.summary)
        # "To sign": my letters waiting for my signature.
        Letter = self.env["sakip.letter"]
        domain = [("state", "=", "to_sign"), ("is_signer", "=", True)]
        self.assertEqual(Letter.with_user(self.users["secretary"]).search(domain), letter)
        self.assertFalse(Letter.with_user(self.users["head"]).search(domain))
        # The signer is named when the letter is issued: nobody redirects the
        # signature afterwards (an owned field, see sakip.workflow.owned.mixin).
        signer = letter.signer_employee_id
        nobody = self.env["hr.employee"].create(
            {"name": "Pejabat Tanpa Akun", "company_id": self.company.id}
        )
        for other in (self.head, nobody, self.env["hr.employee"]):
            with self.subTest(signer=other.name), self.assertRaises(UserError):
                letter.with_user(self.users["planner"]).signer_employee_id = other
        self.assertEqual(letter.signer_employee_id, signer)
        self.assertEqual(self._sign_activities(letter).user_id, self.users["secretary"])

    def test_signer_without_user_refused_at_issue(self):
        nobody = self.env["hr.employee"].create(
            {"name": "Pejabat Tanpa Akun", "company_id": self.company.id}
        )
        with self.assertRaises(UserError) as caught:
            self._issue(signer=nobody)
        self.assertIn("Pejabat Tanpa Akun", str(caught.exception))
        self.assertFalse(self.letter_type.letter_count)
        # The number was not taken: the next letter gets the first one.
        self.assertEqual(self._issue().seq_number, 1)

    def test_sign_by_someone_else_refused_over_rpc(self):
        letter = self._issue()
        for role in ("planner", "head", "admin", "staff"):
            with self.subTest(role=role):
                self._as(role)
                with mute_logger("odoo.http"), self.assertRaises(JsonRpcException) as caught:
                    self._call("sakip.letter", "action_sign", letter.ids)
                self.assertEqual(str(caught.exception), "odoo.exceptions.AccessError")
                error = self._error("sakip.letter", "action_sign", letter.ids)
                self.assertIn("Only Sekar Arum, S.Pd. may sign", error["message"])
                error = self._error("sakip.letter", "action_refuse", letter.ids)
                self.assertIn("Only Sekar Arum, S.Pd. may sign or refuse", error["message"])
                # Marking the signing activity done does not sign either.
                activity = self._sign_activities(letter)
                error = self._error("mail.activity", "action_feedback", activity.ids)
                self.assertIn(error["name"], ("odoo.exceptions.AccessError",))
        self.env.invalidate_all()
        self.assertRecordValues(
            letter, [{"state": "to_sign", "signed_by_id": False, "record_sha256": False}]
        )
        self.assertTrue(self._sign_activities(letter).active)

        # The signer signs: the PDF printed now is the document of record.
        self._as("secretary")
        self.assertIs(self._call("sakip.letter", "action_sign", letter.ids), True)
        self.env.invalidate_all()
        self.assertRecordValues(
            letter,
            [{"state": "issued", "signed_by_id": self.users["secretary"].id, "is_draft": False}],
        )
        self.assertTrue(letter.signed_at)
        pdf = letter.record_attachment_id.raw
        self.assertTrue(pdf.startswith(b"%PDF"))
        self.assertEqual(letter.record_sha256, hashlib.sha256(pdf).hexdigest())
        self.assertFalse(self._sign_activities(letter).active, "the activity is done")
        # Signed once.
        error = self._error("sakip.letter", "action_sign", letter.ids)
        self.assertIn("already signed", error["message"])

    def test_marking_the_activity_done_signs(self):
        letter = self._issue()
        self._as("secretary")
        activity = self._sign_activities(letter)
        self._call("mail.activity", "action_feedback", activity.ids, feedback="Setuju")
        self.env.invalidate_all()
        self.assertEqual(letter.state, "issued")
        self.assertEqual(letter.signed_by_id, self.users["secretary"])
        self.assertTrue(letter.record_attachment_id)

    def test_marking_done_with_the_engines_old_context_key_still_signs(self):
        """The engine's own closing of activities is no context key the client
        could send: with "sakip_sop_engine" in its context, marking the signing
        activity done still signs (and is still refused to anyone else)."""
        letter = self._issue()
        activity = self._sign_activities(letter)
        context = {"sakip_sop_engine": True}
        self._as("planner")
        with mute_logger("odoo.http"):
            response = self.url_open(
                "/web/dataset/call_kw/mail.activity/action_feedback",
                data=json.dumps(
                    {
                        "jsonrpc": "2.0",
                        "method": "call",
                        "params": {
                            "model": "mail.activity",
                            "method": "action_feedback",
                            "args": [activity.ids],
                            "kwargs": {"feedback": "Tutup", "context": context},
                        },
                    }
                ),
                headers={"Content-Type": "application/json"},
            )
        self.assertIn("error", response.json())
        self.env.invalidate_all()
        self.assertEqual(letter.state, "to_sign")
        self.assertTrue(activity.exists() and activity.active)
        self._as("secretary")
        self._call(
            "mail.activity", "action_feedback", activity.ids, feedback="Setuju", context=context
        )
        self.env.invalidate_all()
        self.assertEqual(letter.state, "issued")
        self.assertEqual(letter.signed_by_id, self.users["secretary"])

    def test_refusal_cancels_and_keeps_the_number(self):
        letter = self._issue()
        number = letter.name
        self._as("secretary")
        action = self._call("sakip.letter", "action_refuse", letter.ids)
        self.assertEqual(action["res_model"], "sakip.letter.cancel.wizard")
        self.assertTrue(action["context"]["default_refuse"])
        wizard_id = self._call(
            "sakip.letter.cancel.wizard",
            "create",
            {"reason": "Alamat tujuan keliru"},
            context=action["context"],
        )
        self._call("sakip.letter.cancel.wizard", "action_confirm", [wizard_id])
        self.env.invalidate_all()
        self.assertRecordValues(
            letter,
            [
                {
                    "name": number,
                    "state": "cancelled",
                    "cancel_reason": "Alamat tujuan keliru",
                    "signed_by_id": False,
                }
            ],
        )
        refusal = letter.message_ids.filtered(lambda m: "Signature refused" in (m.body or ""))
        self.assertEqual(len(refusal), 1)
        self.assertIn("Alamat tujuan keliru", refusal.body)
        self.assertEqual(refusal.author_id, self.users["secretary"].partner_id)
        self.assertFalse(self._sign_activities(letter).active)
        # The number stays in the register: the next letter takes the next one.
        self.assertEqual(self._issue().seq_number, letter.seq_number + 1)
        # A refused letter can be neither signed nor refused again.
        with self.assertRaises(UserError):
            letter.with_user(self.users["secretary"]).action_sign()
        with self.assertRaises(UserError):
            letter.with_user(self.users["secretary"])._sakip_refuse("Lagi")

    def test_cancelled_by_the_planner_withdraws_the_request(self):
        letter = self._issue()
        letter.with_user(self.users["planner"])._sakip_cancel("Salah jenis surat")
        self.assertFalse(self._sign_activities(letter))
        with self.assertRaises(UserError):
            letter.with_user(self.users["secretary"]).action_sign()
        self.assertEqual(letter.state, "cancelled")
