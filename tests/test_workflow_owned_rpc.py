# Copyright 2024 SAKIP Indonesia
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""The bypasses of issue 9, each tried again through the path a browser uses:
a JSON-RPC ``call_kw`` as the logged-in user. Each is refused, and changes
nothing."""

from datetime import date

from odoo import Command
from odoo.tests import HttpCase, tagged

from .rpc_common import JsonRpcMixin
from .sop_run_common import ROLE_GROUPS, create_office
from .workflow_owned_common import GUARD_CREATE, GUARD_WRITE

#: The roles of issue 9 that could sign, certify or renumber by plain RPC.
EDITORS = ("planner", "secretary", "head")
#: What the signature step records, and what follows it (issue 9, item 1).
SIGNATURE_VALUES = {
    "signed_at": "2026-01-31 03:00:00",
    "sign_date": "2026-01-31",
    "copy_count": 7,
    "distributed_at": "2026-02-01 03:00:00",
    "revision": 3,
    "name": "PK 2026 palsu",
}


@tagged("post_install", "-at_install", "sakip")
class TestWorkflowOwnedRpc(JsonRpcMixin, HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        roles = {role: ROLE_GROUPS[role] for role in ("staff", *EDITORS, "admin")}
        office = create_office(cls.env, "Dinas Pendidikan RPC", "rpc", roles=roles)
        cls.company, cls.users = office["company"], office["users"]
        cls.env = cls.env(context=dict(cls.env.context, allowed_company_ids=cls.company.ids))
        cls.bidang = cls.env["hr.department"].create(
            {"name": "Bidang SD", "company_id": cls.company.id}
        )
        Employee = cls.env["hr.employee"]
        cls.head_employee, cls.other_employee, _staff = Employee.create(
            [
                # The Kepala signs the letters issued in their name.
                {
                    "name": "Kepala Dinas RPC",
                    "company_id": cls.company.id,
                    "user_id": cls.users["head"].id,
                },
                {"name": "Pegawai Lain", "company_id": cls.company.id},
                {
                    "name": "Staf SD",
                    "company_id": cls.company.id,
                    "department_id": cls.bidang.id,
                    "user_id": cls.users["staff"].id,
                },
            ]
        )
        line = {
            "objective": "Meningkatnya akses pendidikan dasar",
            "name": "APM SD",
            "uom": "%",
            "target": 98.0,
            "department_id": cls.bidang.id,
        }
        Pk = cls.env["sakip.pk"]
        cls.signed, cls.draft = Pk.create(
            [
                {
                    "fiscal_year": year,
                    "level": "head",
                    "company_id": cls.company.id,
                    "first_party_id": cls.head_employee.id,
                    "indicator_ids": [Command.create(line)],
                    "program_ids": [
                        Command.create(
                            {"name": "Program SD", "budget": 1_000, "department_id": cls.bidang.id}
                        )
                    ],
                }
                for year in (2025, 2026)
            ]
        )
        cls.signed._sakip_workflow_write(
            {
                "state": "signed",
                "sign_date": date(2025, 1, 31),
                "signed_by_id": cls.users["head"].id,
            }
        )
        cls.signed._sakip_set_record(b"%PDF-1.4 signed", "PK 2025.pdf")
        letter_type = cls.env["sakip.letter.type"].create(
            {
                "name": "Surat Pengantar",
                "code": "cover_letter",
                "company_id": cls.company.id,
                "pattern": "{seq}/RPC/{year}",
            }
        )
        cls.letter = letter_type.with_user(cls.users["planner"])._sakip_issue(
            {
                "subject": "Penyampaian Perjanjian Kinerja",
                "signer_employee_id": cls.head_employee.id,
            }
        )

    # JSON-RPC as a browser sends it
    def _call(self, role, model, method, args, kwargs=None):
        """``/web/dataset/call_kw`` as ``role``; returns the JSON response."""
        return self._call_kw_as(self.users[role], model, method, args, kwargs)

    def assertRefused(self, response, text=GUARD_WRITE):
        """A refusal (UserError) with ``text`` in its message, unless None."""
        self.assertIn("error", response, f"accepted: {response.get('result')!r}")
        self.assertEqual(response["error"]["data"]["name"], "odoo.exceptions.UserError")
        if text:
            self.assertIn(text, response["error"]["data"]["message"])

    def _write(self, role, records, vals, **kwargs):
        return self._call(role, records._name, "write", [records.ids, vals], kwargs)

    # The agreement
    def test_sign_a_draft_by_rpc(self):
        for role in EDITORS:
            with self.subTest(role=role):
                self.assertRefused(self._write(role, self.draft, {"state": "signed"}))
        self.assertEqual(self.draft.state, "draft")

    def test_create_an_agreement_already_signed(self):
        vals = {
            "fiscal_year": 2027,
            "level": "head",
            "company_id": self.company.id,
            "first_party_id": self.head_employee.id,
            "state": "signed",
            "signed_by_id": self.users["head"].id,
            "verify_token": "tokenpalsu",
            "record_sha256": "0" * 64,
        }
        response = self._call("planner", "sakip.pk", "create", [vals])
        self.assertRefused(response, GUARD_CREATE)
        self.assertFalse(self.env["sakip.pk"].search([("fiscal_year", "=", 2027)]))
        # A default of the client's context does not sign it either.
        vals = {key: vals[key] for key in ("fiscal_year", "level", "company_id", "first_party_id")}
        context = {
            "allowed_company_ids": self.company.ids,
            "default_state": "signed",
            "default_verify_token": "tokenpalsu",
            "default_signed_by_id": self.users["head"].id,
        }
        response = self._call("planner", "sakip.pk", "create", [vals], {"context": context})
        created = self.env["sakip.pk"].browse(response["result"])
        self.assertRecordValues(
            created, [{"state": "draft", "verify_token": False, "signed_by_id": False}]
        )

    def test_supersede_and_reinstate_by_rpc(self):
        for role in EDITORS:
            with self.subTest(role=role):
                self.assertRefused(self._write(role, self.signed, {"state": "superseded"}))
        self.assertEqual(self.signed.state, "signed")

    def test_signature_fields_by_rpc(self):
        links = {
            "signed_by_id": self.users["planner"].id,
            "cover_letter_id": self.letter.id,
            "previous_id": self.signed.id,
            "origin_id": self.signed.id,
            "record_attachment_id": self.signed.record_attachment_id.id,
        }
        for record in (self.draft, self.signed):
            before = record.read(list(SIGNATURE_VALUES) + list(links))
            # A signed agreement may refuse first as locked (read-only).
            text = GUARD_WRITE if record.state == "draft" else None
            for role in EDITORS:
                for fname, value in {**SIGNATURE_VALUES, **links}.items():
                    with self.subTest(record=record.state, role=role, field=fname):
                        self.assertRefused(self._write(role, record, {fname: value}), text)
            self.assertEqual(record.read(list(SIGNATURE_VALUES) + list(links)), before)

    def test_token_and_hash_of_a_signed_agreement_by_rpc(self):
        token, sha256 = self.signed.verify_token, self.signed.record_sha256
        self.assertTrue(token and sha256)
        for role in EDITORS:
            for vals in ({"verify_token": "abc"}, {"record_sha256": "abc"}):
                with self.subTest(role=role, vals=vals):
                    self.assertRefused(self._write(role, self.signed, vals))
        self.assertRecordValues(self.signed, [{"verify_token": token, "record_sha256": sha256}])

    def test_a_context_key_is_no_token(self):
        """The client controls the context: no key of it opens the workflow's path."""
        context = {
            "allowed_company_ids": self.company.ids,
            "sakip_workflow": True,
            "sakip_workflow_writing": True,
            "sakip_sop_engine": True,
            "install_filename": "sakip_pk_demo.xml",
            "install_mode": True,
            "module": "sakip_penetapan_kinerja",
        }
        for role in (*EDITORS, "admin"):
            with self.subTest(role=role):
                response = self._write(role, self.draft, {"state": "signed"}, context=context)
                self.assertRefused(response)
        # Private methods, the workflow's path among them, are not callable.
        response = self._call(
            "admin", "sakip.pk", "_sakip_workflow_write", [self.draft.ids, {"state": "signed"}]
        )
        self.assertIn("error", response)
        self.assertEqual(self.draft.state, "draft")

    def test_workflow_actions_ignore_the_clients_defaults(self):
        """A workflow action called over RPC keeps its caller's context: the
        defaults of owned fields in it do not reach what the workflow creates."""
        context = {
            "allowed_company_ids": self.company.ids,
            "default_state": "done",
            "default_verify_token": "tokenpalsu",
            "default_record_sha256": "0" * 64,
            "default_signed_by_id": self.users["planner"].id,
            "default_done_by_id": self.users["planner"].id,
            "default_iteration": 5,
        }
        response = self._call(
            "planner", "sakip.pk", "action_revise", [self.signed.ids], {"context": context}
        )
        revision = self.env["sakip.pk"].browse(response["result"]["res_id"])
        self.assertRecordValues(
            revision,
            [
                {
                    "state": "draft",
                    "previous_id": self.signed.id,
                    "verify_token": False,
                    "record_sha256": False,
                    "signed_by_id": False,
                }
            ],
        )
        response = self._call(
            "head", "sakip.pk", "action_start_sop_run", [self.draft.ids], {"context": context}
        )
        run = self.env["sakip.sop.run"].browse(response["result"]["res_id"])
        self.assertEqual(run.state, "draft")
        run.with_user(self.users["head"]).write({"start_text": "<p>Susun PK.</p>"})
        self._call("head", "sakip.sop.run", "action_start", [run.ids], {"context": context})
        self.assertEqual(run.state, "running")
        self.assertEqual(
            run.step_ids.sorted("sequence").mapped("state")[:3],
            ["done", "in_progress", "waiting"],
        )
        self.assertEqual(set(run.step_ids.mapped("iteration")), {1})
        self.assertEqual(run.step_ids.filtered("done_by_id").done_by_id, self.users["head"])

    # The letter and the lines
    def test_signer_and_subject_of_an_issued_letter_by_rpc(self):
        for role in EDITORS:
            for vals in (
                {"signer_employee_id": self.other_employee.id},
                {"subject": "Hal yang lain"},
            ):
                with self.subTest(role=role, vals=vals):
                    response = self._write(role, self.letter, vals)
                    self.assertIn("error", response)
                    self.assertEqual(response["error"]["data"]["name"], "odoo.exceptions.UserError")
        self.assertRecordValues(
            self.letter,
            [
                {
                    "signer_employee_id": self.head_employee.id,
                    "subject": "Penyampaian Perjanjian Kinerja",
                }
            ],
        )
        # Its text details stay the issuer's to complete.
        response = self._write("planner", self.letter, {"cc_text": "Arsip"})
        self.assertIs(response.get("result"), True, response)

    def test_stored_copies_on_lines_by_rpc(self):
        lines = [self.draft.indicator_ids, self.draft.program_ids]
        for line in lines:
            for vals in ({"fiscal_year": 1999}, {"level": "staff"}, {"company_id": 1}):
                with self.subTest(model=line._name, vals=vals):
                    self.assertRefused(self._write("staff", line, vals))
        for line in lines:
            self.assertRecordValues(
                line, [{"fiscal_year": 2026, "level": "head", "company_id": self.company.id}]
            )
        # The bidang's own content stays theirs to write.
        response = self._write("staff", self.draft.indicator_ids, {"target": 99.0})
        self.assertIs(response.get("result"), True, response)
