# Copyright 2024 SAKIP Indonesia
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""Documents of record (issue 9, item 2), tried through the routes a browser
uses, as each non-admin role: they cannot be changed or deleted, they download
in one click under a file name the web client accepts, and printing a signed
document again gives that very file, which the verification page recognises."""

import base64
import importlib.util
import json
import re
from datetime import date
from pathlib import Path
from urllib.parse import unquote

from odoo.tests import tagged

from ..tools.verification import sha256_hex
from .sop_run_common import create_office
from .test_verify import VerifyPageCase, make_pdf

MODULE = "sakip_penetapan_kinerja"
ROLES = ("planner", "secretary", "head", "staff")

#: RFC 5987 ext-value of a UTF-8 file name, as the web client's download
#: (web/static/src/core/network/download.js) parses it.
CONTENT_DISPOSITION_RE = re.compile(
    r"attachment; filename\*=UTF-8''((?:%[0-9A-Fa-f]{2}|[A-Za-z0-9!#$&+.^_`|~-])+)"
)


@tagged("post_install", "-at_install", "sakip")
class TestDocumentsOfRecord(VerifyPageCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        office = create_office(cls.env, "Dinas Uji Arsip", "record")
        cls.company = office["company"]
        cls.company.write(
            {
                "sakip_office_name": "Dinas Pendidikan Kabupaten Arsip",
                "sakip_regent_name": "Bupati Arsip",
                "sakip_regent_title": "Bupati Arsip",
            }
        )
        cls.users = office["users"]
        # a name with characters outside ASCII, as Indonesian names may have
        cls.head = cls.env["hr.employee"].create(
            {
                "name": "Drs. Joko Wiyono, M.Pd. – Kepala",  # noqa: RUF001
                "job_title": "Kepala Dinas Pendidikan",
                "company_id": cls.company.id,
                "user_id": cls.users["head"].id,
            }
        )
        cls.pk = cls.env["sakip.pk"].create(
            {
                "fiscal_year": 2026,
                "company_id": cls.company.id,
                "level": "head",
                "first_party_id": cls.head.id,
            }
        )
        # sudo: signed as step 11 does it, then printed as the document of record.
        cls.pk.sudo()._sakip_workflow_write({"state": "signed", "sign_date": date(2026, 1, 30)})
        cls.record = cls.pk._sakip_make_record()
        cls.letter_type = cls.env["sakip.letter.type"].create(
            {
                "name": "Surat Pengantar",
                "code": "cover_letter",
                "company_id": cls.company.id,
                "pattern": "{code}/{seq}/{unit}/{year}",
                "classification_code": "000.8.3.3",
                "unit_code": "Disdik",
                "report_id": cls.env.ref(f"{MODULE}.action_report_sakip_cover_letter").id,
            }
        )
        cls.letter = cls.letter_type.with_user(cls.users["planner"])._sakip_issue(
            {
                "subject": "Penyampaian PK",
                "date": date(2026, 2, 2),
                "signer_employee_id": cls.head.id,
            }
        )
        # Signed by the Kepala: the PDF printed then is its document of record.
        cls.letter.with_user(cls.users["head"]).action_sign()
        cls.letter_pdf = cls.letter.record_attachment_id.raw

    def _call_kw(self, model, method, args, kwargs=None):
        """The JSON-RPC call of the web client; the decoded answer."""
        response = self.url_open(
            f"/web/dataset/call_kw/{model}/{method}",
            data=json.dumps(
                {
                    "jsonrpc": "2.0",
                    "method": "call",
                    "id": 1,
                    "params": {
                        "model": model,
                        "method": method,
                        "args": args,
                        "kwargs": kwargs or {},
                    },
                }
            ),
            headers={"Content-Type": "application/json"},
        )
        self.assertEqual(response.status_code, 200)
        return response.json()

    def _login(self, role):
        user = self.users[role]
        self.authenticate(user.login, user.login)

    # Immutable
    def test_record_is_flagged(self):
        self.assertTrue(self.record.sakip_of_record)
        self.assertTrue(self.letter.record_attachment_id.sakip_of_record)
        self.assertEqual(self.pk.record_sha256, sha256_hex(self.record.raw))

    def test_roles_cannot_change_or_delete_the_record(self):
        documents = self.record | self.letter.record_attachment_id
        before = {att.id: (att.raw, att.name, att.res_model, att.res_id) for att in documents}
        forged = base64.b64encode(make_pdf("PERJANJIAN KINERJA PALSU")).decode()
        changes = (
            {"datas": forged},
            {"raw": "forged"},
            {"name": "lain.pdf"},
            {"res_model": "res.partner"},
            {"res_id": self.letter.id},
            {"description": "catatan"},
        )
        for role in ROLES:
            self._login(role)
            for attachment in documents:
                calls = [("write", [attachment.ids, vals]) for vals in changes]
                calls.append(("unlink", [attachment.ids]))
                for method, args in calls:
                    with self.subTest(role=role, attachment=attachment.name, args=args[1:]):
                        answer = self._call_kw("ir.attachment", method, args)
                        self.assertNotIn("result", answer)
                        self.assertIn("document of record", answer["error"]["data"]["message"])
        documents.invalidate_recordset()
        for attachment in documents:
            self.assertEqual(
                (attachment.raw, attachment.name, attachment.res_model, attachment.res_id),
                before[attachment.id],
            )
        self.assertEqual(self.pk.record_sha256, sha256_hex(self.record.raw))
        self.assertEqual(
            self.letter.record_attachment_id and self.letter.record_sha256,
            sha256_hex(self.letter.record_attachment_id.raw),
        )

    def test_superuser_cannot_change_either(self):
        with self.assertRaisesRegex(Exception, "document of record"):
            self.record.sudo().write({"raw": b"%PDF-1.4 forged"})
        with self.assertRaisesRegex(Exception, "document of record"):
            self.record.sudo().unlink()
        # the same content (a move between storages) is no change
        self.record.sudo().write({"raw": self.record.raw, "mimetype": "application/pdf"})
        self.assertEqual(self.pk.record_sha256, sha256_hex(self.record.raw))

    def test_migration_flags_existing_records(self):
        """Databases made before the flag: the migration finds the documents
        of record of every verifiable model."""
        documents = self.record | self.letter.record_attachment_id
        other = self.env["ir.attachment"].create(
            {"name": "lain.pdf", "raw": b"%PDF-1.4", "res_model": "sakip.pk", "res_id": self.pk.id}
        )
        self.env.cr.execute(
            "UPDATE ir_attachment SET sakip_of_record = FALSE WHERE id IN %s",
            [tuple(documents.ids)],
        )
        documents.invalidate_recordset()
        self.assertFalse(any(documents.mapped("sakip_of_record")))
        path = Path(__file__).parents[1] / "migrations" / "18.0.1.1.0" / "post-migration.py"
        spec = importlib.util.spec_from_file_location("sakip_post_migration", path)
        migration = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(migration)
        migration.migrate(self.env.cr, "18.0.1.0.0")
        self.assertTrue(all(documents.mapped("sakip_of_record")))
        self.assertFalse(other.sakip_of_record)

    def test_flag_is_set_by_the_workflow_only(self):
        self._login("planner")
        answer = self._call_kw(
            "ir.attachment",
            "create",
            [{"name": "x.pdf", "raw": "x", "sakip_of_record": True}],
        )
        self.assertIn("error", answer)

    # Download and print
    def _check_download(self, record):
        action = record.action_download_record()
        self.assertEqual(action["type"], "ir.actions.act_url")
        response = self.url_open(action["url"])
        self.assertEqual(response.status_code, 200)
        self.assertEqual(response.content, record.record_attachment_id.raw)
        disposition = response.headers["Content-Disposition"]
        match = CONTENT_DISPOSITION_RE.fullmatch(disposition)
        self.assertTrue(match, disposition)
        self.assertEqual(unquote(match.group(1)), record.record_attachment_id.name)

    def test_download_from_the_forms(self):
        # the names that broke the web client's download: not ASCII, with parentheses
        self.assertIn("(", self.record.name)
        self.assertFalse(self.record.name.isascii(), self.record.name)
        self.assertIn("/", self.letter.record_attachment_id.name)
        for role in ("planner", "secretary", "head"):
            self._login(role)
            with self.subTest(role=role):
                self._check_download(self.pk)
                self._check_download(self.letter)

    def test_download_needs_read_access(self):
        self.authenticate(None, None)
        response = self.url_open(f"/sakip/document/sakip.pk/{self.pk.id}", allow_redirects=False)
        self.assertIn(response.status_code, (303, 302))
        self._login("outsider")
        response = self.url_open(f"/sakip/document/sakip.pk/{self.pk.id}")
        self.assertEqual(response.status_code, 403)
        response = self.url_open(f"/sakip/document/res.partner/{self.env.user.partner_id.id}")
        self.assertEqual(response.status_code, 404)

    def _print(self, report, record):
        """Print as the web client's Print menu does (/report/download)."""
        url = f"/report/pdf/{MODULE}.{report}/{record.id}"
        response = self.url_open(
            "/report/download?" + "&".join((f"data={json.dumps([url, 'qweb-pdf'])}", "context={}"))
        )
        self.assertEqual(response.status_code, 200, response.text[:300])
        disposition = response.headers["Content-Disposition"]
        self.assertTrue(CONTENT_DISPOSITION_RE.fullmatch(disposition), disposition)
        return response.content

    def test_reprint_is_the_document_of_record(self):
        for role in ("planner", "secretary", "head"):
            self._login(role)
            with self.subTest(role=role):
                pdf = self._print("report_sakip_pk", self.pk)
                self.assertEqual(pdf, self.record.raw)
                self.assertEqual(sha256_hex(pdf), self.pk.record_sha256)
                letter_pdf = self._print("report_sakip_cover_letter", self.letter)
                self.assertEqual(letter_pdf, self.letter_pdf)
        self.authenticate(None, None)
        result = self._upload(self.pk, "reprint.pdf", pdf)
        self.assertTrue(result.startswith("Cocok"), result)
        result = self._upload(self.letter, "reprint.pdf", letter_pdf)
        self.assertTrue(result.startswith("Cocok"), result)

    def test_reprint_in_python(self):
        Report = self.env["ir.actions.report"].with_user(self.users["planner"])
        pdf, kind = Report.with_context(force_report_rendering=True)._render_qweb_pdf(
            f"{MODULE}.action_report_sakip_pk", self.pk.ids
        )
        self.assertEqual(kind, "pdf")
        self.assertEqual(pdf, self.record.raw)
