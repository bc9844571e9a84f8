# Copyright 2024 SAKIP Indonesia
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""The public verification page of printed documents (/sakip/verify/<token>)."""

import io
import random
import re
import string
from datetime import date
from urllib.parse import quote

from lxml import html as lxml_html
from reportlab.pdfgen import canvas

from odoo import Command
from odoo.tests import HttpCase, tagged

from ..controllers.verify import MAX_UPLOAD_BYTES
from ..tools.verification import new_token
from .sop_run_common import create_office

CSRF_RE = re.compile(r'name="csrf_token" value="([^"]+)"')
#: The CSRF token of the session, in the script of every frontend page.
CSRF_JS_RE = re.compile(r'csrf_token: "[^"]*"')


def make_pdf(*lines):
    """A small real PDF showing ``lines``."""
    buffer = io.BytesIO()
    pdf = canvas.Canvas(buffer)
    for number, line in enumerate(lines):
        pdf.drawString(72, 770 - 16 * number, line)
    pdf.save()
    return buffer.getvalue()


def tamper(data):
    """``data`` with one byte changed, in the middle."""
    middle = len(data) // 2
    return data[:middle] + bytes([data[middle] ^ 0x01]) + data[middle + 1 :]


class VerifyPageCase(HttpCase):
    """Helpers to read the page."""

    def _get(self, record_or_token):
        token = getattr(record_or_token, "verify_token", record_or_token)
        return self.url_open(f"/sakip/verify/{token}")

    def _tree(self, response):
        self.assertEqual(response.status_code, 200, response.text[:500])
        return lxml_html.fromstring(response.content)

    def _text(self, tree, element_id):
        elements = tree.xpath(f'//*[@id="{element_id}"]')
        self.assertEqual(len(elements), 1, f"one #{element_id} on the page")
        return " ".join(elements[0].text_content().split())

    def _status(self, record):
        return self._text(self._tree(self._get(record)), "sakip_verify_status")

    def _upload(self, record, filename, data, mimetype="application/pdf"):
        """Post ``data`` as the PDF to check, with the page's CSRF token."""
        page = self._get(record)
        csrf = CSRF_RE.search(page.text)
        self.assertTrue(csrf, "the page has the upload form")
        response = self.url_open(
            f"/sakip/verify/{record.verify_token}",
            data={"csrf_token": csrf.group(1)},
            files={"document": (filename, data, mimetype)},
            timeout=60,
        )
        return self._text(self._tree(response), "sakip_verify_result")


@tagged("post_install", "-at_install", "sakip")
class TestVerifyPk(VerifyPageCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env["ir.config_parameter"].sudo().set_param("web.base.url", "https://sakip.uji.go.id")
        cls.company = cls.env["res.company"].create(
            {
                "name": "Pemerintah Kabupaten Uji",
                "sakip_office_name": "Dinas Pendidikan Kabupaten Uji",
                "sakip_regent_name": "Sadewo Tri Lastiono",
                "sakip_regent_title": "Bupati Uji",
            }
        )
        cls.head = cls.env["hr.employee"].create(
            {
                "name": "Dr. Joko Wiyono, M.Pd.",
                "job_title": "Kepala Dinas Pendidikan",
                "work_email": "joko.rahasia@uji.go.id",
                "company_id": cls.company.id,
            }
        )
        cls.pdf = make_pdf("PERJANJIAN KINERJA TAHUN 2024", "Dinas Pendidikan Kabupaten Uji")
        cls.pk = cls._signed_pk(
            2024,
            date(2024, 1, 8),
            cls.pdf,
            program_ids=[
                Command.create(
                    {
                        "name": "Program Pengelolaan Pendidikan",
                        "budget": 1_234_567_000,
                        "note": "CATATAN INTERNAL ANGGARAN",
                    }
                )
            ],
        )

    @classmethod
    def _signed_pk(cls, year, sign_date, pdf, **vals):
        pk = cls.env["sakip.pk"].create(
            {
                "fiscal_year": year,
                "company_id": cls.company.id,
                "level": "head",
                "first_party_id": cls.head.id,
                **vals,
            }
        )
        pk._sakip_workflow_write({"state": "signed", "sign_date": sign_date})
        pk._sakip_set_record(pdf, f"PK {year}.pdf")
        return pk

    def test_valid_signed_pk(self):
        response = self._get(self.pk)
        tree = self._tree(response)
        self.assertEqual(response.headers["Cache-Control"], "no-store")
        self.assertEqual(response.headers["X-Frame-Options"], "DENY")
        self.assertEqual(response.headers["Content-Security-Policy"], "frame-ancestors 'none'")
        self.assertEqual(self._text(tree, "sakip_verify_status").split()[0], "Sah")
        text = " ".join(tree.text_content().split())
        for expected in (
            "Perjanjian Kinerja",
            self.pk.name,
            "2024",
            "Dinas Pendidikan Kabupaten Uji",
            "Dr. Joko Wiyono, M.Pd.",
            "Kepala Dinas Pendidikan",
            "Sadewo Tri Lastiono",
            "Bupati Uji",
            "8 Januari 2024",
            self.pk.record_sha256,
        ):
            self.assertIn(expected, text)
        self.assertEqual(len(self.pk.record_sha256), 64)

    def test_page_shows_only_what_is_printed(self):
        page = self._get(self.pk).text
        for hidden in (
            "CATATAN INTERNAL ANGGARAN",
            "Program Pengelolaan Pendidikan",
            "1.234.567.000",
            "1234567000",
            "joko.rahasia",
            "sakip.pk",
            "/web",
            "/odoo",
            self.pk.record_attachment_id.name,
        ):
            self.assertNotIn(hidden, page)
        # No internal id anywhere: the only numbers in the text and the
        # attributes of the page (its style sheet and script, the fingerprint
        # and the token aside) are those printed on the document.
        tree = lxml_html.fromstring(page.encode())
        for code in tree.xpath("//style | //script"):
            code.drop_tree()
        texts = [tree.text_content()] + [
            value
            for element in tree.iter()
            for name, value in element.attrib.items()
            if name != "value" or element.get("name") != "csrf_token"
        ]
        found = set()
        for text in texts:
            text = text.replace(self.pk.verify_token, "").replace(self.pk.record_sha256, "")
            found.update(re.findall(r"\d+", text))
        # 2024 and 8: year and date; 256: SHA-256; 20: the upload limit in MB;
        # 1: the viewport's initial scale.
        self.assertLessEqual(found, {"2024", "8", "256", "20", "1"})

    def test_superseded_links_to_newest_revision(self):
        old = self._signed_pk(2025, date(2025, 1, 6), make_pdf("PK 2025"))
        old.action_revise()
        middle = old.search([("previous_id", "=", old.id)])
        middle._sakip_workflow_write({"state": "signed", "sign_date": date(2025, 7, 1)})
        middle._sakip_set_record(make_pdf("PK 2025 Perubahan 1"), "PK 2025-1.pdf")
        middle.action_revise()
        newest = old.search([("previous_id", "=", middle.id)])

        # The newest revision not yet signed has no page: no link yet.
        status = self._status(old)
        self.assertIn("Digantikan oleh revisi yang lebih baru", status)
        self.assertIn("Revisi terbaru belum diterbitkan", status)

        newest._sakip_workflow_write({"state": "signed", "sign_date": date(2025, 10, 1)})
        newest._sakip_set_record(make_pdf("PK 2025 Perubahan 2"), "PK 2025-2.pdf")
        for version in (old, middle):
            tree = self._tree(self._get(version))
            self.assertIn(
                "Digantikan oleh revisi yang lebih baru", self._text(tree, "sakip_verify_status")
            )
            (link,) = tree.xpath('//a[@id="sakip_verify_newer"]')
            self.assertEqual(
                link.get("href"), f"https://sakip.uji.go.id/sakip/verify/{newest.verify_token}"
            )
        tree = self._tree(self._get(newest))
        self.assertEqual(self._text(tree, "sakip_verify_status").split()[0], "Sah")
        self.assertIn("Perjanjian Kinerja Perubahan", tree.text_content())
        self.assertIn("1 Oktober 2025", tree.text_content())

    def test_cancelled_pk(self):
        # Signed agreements are changed by a revision, never cancelled: an
        # agreement printed for signature, then cancelled before it.
        pk = self.env["sakip.pk"].create(
            {"fiscal_year": 2026, "company_id": self.company.id, "first_party_id": self.head.id}
        )
        pk._sakip_set_record(make_pdf("PK 2026"), "PK 2026.pdf")
        pk._sakip_workflow_write({"state": "cancelled"})
        status = self._status(pk)
        self.assertTrue(status.startswith("Dibatalkan"), status)
        self.assertNotIn("Sah", status)

    def test_unsigned_pk(self):
        pk = self.env["sakip.pk"].create(
            {"fiscal_year": 2027, "company_id": self.company.id, "first_party_id": self.head.id}
        )
        pk._sakip_ensure_token()
        tree = self._tree(self._get(pk))
        self.assertTrue(self._text(tree, "sakip_verify_status").startswith("Belum ditandatangani"))
        self.assertIn("Dokumen arsip belum tersedia", tree.text_content())
        self.assertFalse(tree.xpath("//form"), "nothing to compare with: no upload form")

    def test_unknown_token_is_a_plain_404(self):
        missing = self.url_open(f"/sakip/no-such-page/{new_token()}")
        self.assertEqual(missing.status_code, 404)
        for token in (
            new_token(),  # well-formed, unknown
            self.pk.verify_token.swapcase(),  # exact match only
            self.pk.verify_token[:-1],  # malformed: too short
            self.pk.verify_token + "A",  # malformed: too long
            "abc",
            "%27%20OR%201%3D1--",
            "..%2F..%2Fweb",
            # NUL and bytes that are not UTF-8
            "abc%00",
            "%00",
            self.pk.verify_token + "%00",
            self.pk.verify_token[:-1] + "%00",
            "%ff",
            "abc%ff%fe",
            self.pk.verify_token[:-1] + "%ff",
            "%c3%28",
            "%ed%a0%80",
            "%0d%0aSet-Cookie:%20x=1",
        ):
            with self.subTest(token=token):
                self._assert_plain_404(f"/sakip/verify/{token}", missing)
                # the upload form is refused alike
                self._assert_plain_404(f"/sakip/verify/{token}", missing, post=True)

    def _assert_plain_404(self, url, missing, post=False):
        if post:
            # with the session's CSRF token, as the page's form would send it
            csrf = re.search(r'csrf_token: "([^"]*)"', missing.text).group(1)
            response = self.url_open(
                url,
                data={"csrf_token": csrf},
                files={"document": ("pk.pdf", self.pdf, "application/pdf")},
            )
        else:
            response = self.url_open(url)
        self.assertEqual(response.status_code, missing.status_code)
        self.assertEqual(CSRF_JS_RE.sub("", response.text), CSRF_JS_RE.sub("", missing.text))
        self.assertNotIn("no-store", response.headers.get("Cache-Control", ""))

    def test_random_tokens_are_a_plain_404(self):
        missing = self.url_open(f"/sakip/no-such-page/{new_token()}")
        rng = random.Random(9)
        alphabet = string.ascii_letters + string.digits + "-_"
        makers = (
            # well-formed and unknown
            new_token,
            # random text of any length, URL-quoted (every byte value may occur)
            lambda: quote(bytes(rng.randrange(256) for _i in range(rng.randrange(1, 40))), safe=""),
            # random token characters of any length
            lambda: "".join(rng.choice(alphabet) for _i in range(rng.randrange(1, 64))),
        )
        tokens = set()
        while len(tokens) < 2000:
            tokens.add(makers[len(tokens) % len(makers)]())
        for token in sorted(tokens):
            response = self.url_open(f"/sakip/verify/{token}")
            self.assertEqual(response.status_code, 404, token)
            self.assertEqual(
                CSRF_JS_RE.sub("", response.text), CSRF_JS_RE.sub("", missing.text), token
            )

    def test_upload_exact_pdf_matches(self):
        result = self._upload(self.pk, "pk.pdf", self.pdf)
        self.assertTrue(result.startswith("Cocok"), result)

    def test_upload_tampered_pdf_does_not_match(self):
        result = self._upload(self.pk, "pk.pdf", tamper(self.pdf))
        self.assertTrue(result.startswith("Tidak cocok"), result)

    def test_upload_not_a_pdf(self):
        result = self._upload(self.pk, "pk.docx", b"PK\x03\x04 not a pdf", "application/msword")
        self.assertIn("bukan PDF", result)

    def test_upload_too_large(self):
        # a PDF grown by comment lines, one byte over the limit
        line = b"% padding 0123456789\n"
        padding = line * ((MAX_UPLOAD_BYTES - len(self.pdf)) // len(line) + 1)
        data = (self.pdf + padding)[: MAX_UPLOAD_BYTES + 1]
        result = self._upload(self.pk, "pk.pdf", data)
        self.assertIn("Berkas terlalu besar: ukuran maksimum 20 MB", result)

    def test_upload_15_mb_is_checked(self):
        # A PDF whose first line ends with CR LF and whose other lines end with
        # LF only: werkzeug keeps such a file part in memory while parsing it,
        # which Odoo's 10 MB form limit answered with 413.
        header = b"%PDF-1.4\r\n"
        line = b"% padding 0123456789\n"
        size = 15 * 1024 * 1024
        data = header + self.pdf[len(b"%PDF-1.4\n") :]
        data += line * ((size - len(data)) // len(line))
        self.assertGreater(len(data), 15 * 1024 * 1024 - len(line))
        pk = self._signed_pk(2030, date(2030, 1, 7), data)
        result = self._upload(pk, "pk.pdf", data)
        self.assertTrue(result.startswith("Cocok"), result)
        result = self._upload(pk, "pk.pdf", tamper(data))
        self.assertTrue(result.startswith("Tidak cocok"), result)

    def test_upload_without_csrf_token_is_refused(self):
        with self.assertLogs("odoo.http", "WARNING"):
            response = self.url_open(
                f"/sakip/verify/{self.pk.verify_token}",
                files={"document": ("pk.pdf", self.pdf, "application/pdf")},
            )
        self.assertEqual(response.status_code, 400)


@tagged("post_install", "-at_install", "sakip")
class TestVerifyLetter(VerifyPageCase):
    """A letter is found by its token like an agreement: every model using the
    mixin has its page."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        office = create_office(cls.env, "Dinas Uji Verifikasi", "verify")
        cls.company = office["company"]
        cls.company.sakip_office_name = "Dinas Pendidikan Kabupaten Verifikasi"
        cls.planner = office["users"]["planner"]
        cls.secretary = office["users"]["secretary"]
        cls.letter_type = cls.env["sakip.letter.type"].create(
            {
                "name": "Surat Pengantar",
                "code": "cover_letter",
                "company_id": cls.company.id,
                "pattern": "{code}/{seq}/{unit}/{month_roman}/{year}",
                "classification_code": "000.8.3.3",
                "unit_code": "Disdik",
            }
        )
        cls.signer = cls.env["hr.employee"].create(
            {
                "name": "Drs. Bambang Sutrisno, M.M.",
                "job_title": "Sekretaris Dinas",
                "company_id": cls.company.id,
                "user_id": cls.secretary.id,
            }
        )

    def _issue(self, subject, sign=True):
        """Issue a letter in the Sekretaris's name; signed by them unless
        ``sign`` is false. Returns the letter and its PDF of record."""
        letter = self.letter_type.with_user(self.planner)._sakip_issue(
            {
                "subject": subject,
                "date": date(2026, 3, 17),
                "signer_employee_id": self.signer.id,
                "addressee_text": "Kepala Bappedalitbang",
            }
        )
        if sign:
            letter.with_user(self.secretary).action_sign()
        return letter, letter.record_attachment_id.raw

    def test_unsigned_then_signed_letter(self):
        """Issued in the Sekretaris's name, a letter is not valid until they
        sign it: its page says so, with no date and nothing to compare with."""
        letter, _pdf = self._issue("Penyampaian Perjanjian Kinerja 2026", sign=False)
        self.assertEqual(letter.state, "to_sign")
        tree = self._tree(self._get(letter))
        status = self._text(tree, "sakip_verify_status")
        self.assertTrue(status.startswith("Belum ditandatangani"), status)
        self.assertNotIn("Sah", status)
        text = " ".join(tree.text_content().split())
        self.assertNotIn("17 Maret 2026", text)
        self.assertIn("Dokumen arsip belum tersedia", text)
        self.assertFalse(tree.xpath("//form"), "nothing to compare with: no upload form")
        letter.with_user(self.secretary).action_sign()
        self.assertEqual(self._status(letter).split()[0], "Sah")

    def test_valid_letter(self):
        letter, pdf = self._issue("Penyampaian Perjanjian Kinerja 2026")
        self.assertTrue(pdf.startswith(b"%PDF"))
        tree = self._tree(self._get(letter))
        self.assertEqual(self._text(tree, "sakip_verify_status").split()[0], "Sah")
        text = " ".join(tree.text_content().split())
        for expected in (
            "Surat Pengantar",
            "000.8.3.3/1/Disdik/III/2026",
            "2026",
            "Dinas Pendidikan Kabupaten Verifikasi",
            "Drs. Bambang Sutrisno, M.M.",
            "Sekretaris Dinas",
            "17 Maret 2026",
            letter.record_sha256,
        ):
            self.assertIn(expected, text)
        # the subject and the addressee are not part of what is verified
        self.assertNotIn("Penyampaian Perjanjian Kinerja", text)
        self.assertNotIn("Bappedalitbang", text)
        self.assertTrue(self._upload(letter, "surat.pdf", pdf).startswith("Cocok"))
        self.assertTrue(self._upload(letter, "surat.pdf", tamper(pdf)).startswith("Tidak cocok"))

    def test_cancelled_letter(self):
        letter, pdf = self._issue("Surat yang keliru")
        letter.with_user(self.planner)._sakip_cancel("Salah alamat")
        tree = self._tree(self._get(letter))
        status = self._text(tree, "sakip_verify_status")
        self.assertTrue(status.startswith("Dibatalkan"), status)
        self.assertNotIn("Salah alamat", tree.text_content())
        # the document of record is still the one that was issued
        self.assertTrue(self._upload(letter, "surat.pdf", pdf).startswith("Cocok"))
