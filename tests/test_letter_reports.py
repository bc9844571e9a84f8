# Copyright 2024 SAKIP Indonesia
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""The surat pengantar and surat undangan rendered to real PDFs by wkhtmltopdf,
read back with pdftotext (poppler-utils)."""

from unittest.mock import patch

from odoo import Command
from odoo.tests import TransactionCase, new_test_user, tagged

from .test_reports import pdf_pages

MODULE = "sakip_penetapan_kinerja"


@tagged("post_install", "-at_install", "sakip")
class TestLetterReports(TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        calendar = cls.env["resource.calendar"].create(
            {"name": "Jam Kerja ASN Contoh", "tz": "Asia/Jakarta"}
        )
        cls.company = cls.env["res.company"].create(
            {
                "name": "Dinas Pendidikan Kabupaten Contoh",
                "sakip_regency": "Pemerintah Kabupaten Contoh",
                "sakip_office_name": "Dinas Pendidikan",
                "sakip_address": "Jl. Merdeka No. 1, Kota Contoh 12345",
                "sakip_sign_city": "Kota Contoh",
                "sakip_calendar_id": calendar.id,
            }
        )
        calendar.company_id = cls.company
        cls.head_user, cls.secretary_user = (
            new_test_user(
                cls.env,
                login=f"letters.report.{role}",
                groups=f"{MODULE}.group_sakip_{role}",
                company_id=cls.company.id,
                company_ids=[Command.set(cls.company.ids)],
            )
            for role in ("head", "secretary")
        )
        cls.head = cls.env["hr.employee"].create(
            {
                "user_id": cls.head_user.id,
                "name": "Drs. KEPALA CONTOH, M.Si.",
                "nip": "19660217 199303 1 002",
                "golongan": "IV/c",
                "job_title": "Kepala Dinas Pendidikan Kabupaten Contoh",
                "company_id": cls.company.id,
            }
        )
        cls.secretary = cls.env["hr.employee"].create(
            {
                "user_id": cls.secretary_user.id,
                "name": "SEKAR ARUM, S.Pd.",
                "nip": "19700512 199503 2 004",
                "golongan": "III/d",
                "job_title": "Sekretaris Dinas Pendidikan",
                "company_id": cls.company.id,
            }
        )
        Partner = cls.env["res.partner"]
        cls.bappeda = Partner.create(
            {"name": "Kepala Bappedalitbang Contoh", "is_company": True, "city": "Kota Contoh"}
        )
        cls.organisasi = Partner.create(
            {"name": "Kepala Bagian Organisasi Setda", "is_company": True}
        )
        cls.pk = cls.env["sakip.pk"].create(
            {
                "fiscal_year": 2026,
                "company_id": cls.company.id,
                "level": "head",
                "first_party_id": cls.head.id,
            }
        )
        LetterType = cls.env["sakip.letter.type"]
        cls.cover_type = LetterType.create(
            {
                "name": "Surat Pengantar",
                "code": "cover_letter",
                "company_id": cls.company.id,
                "pattern": "{code}/{seq}/{unit}/{month_roman}/{year}",
                "classification_code": "000.8.3.3",
                "unit_code": "Disdik",
                "report_id": cls.env.ref(f"{MODULE}.action_report_sakip_cover_letter").id,
            }
        )
        cls.invitation_type = LetterType.create(
            {
                "name": "Surat Undangan",
                "code": "invitation",
                "company_id": cls.company.id,
                "pattern": "{code}/{seq}/{unit}/{month_roman}/{year}",
                "classification_code": "005",
                "unit_code": "Disdik",
                "report_id": cls.env.ref(f"{MODULE}.action_report_sakip_invitation").id,
            }
        )
        cls.cover_letter = cls.cover_type._sakip_issue(
            {
                "date": "2026-03-02",
                "subject": "Penyampaian Perjanjian Kinerja Tahun 2026",
                "attachment_note": "1 (satu) berkas",
                "partner_ids": [(6, 0, [cls.bappeda.id, cls.organisasi.id])],
                "signer_employee_id": cls.head.id,
                "res_model": "sakip.pk",
                "res_id": cls.pk.id,
            }
        )
        # 9 March 2026 (a Monday), 09.00-11.30 WIB = 02.00-04.30 UTC
        cls.event = cls.env["calendar.event"].create(
            {
                "name": "Rapat Penyusunan Perjanjian Kinerja Tahun 2026",
                "start": "2026-03-09 02:00:00",
                "stop": "2026-03-09 04:30:00",
                "location": "Aula Dinas Pendidikan",
                "description": "<p>Pembahasan target indikator kinerja</p>",
            }
        )
        cls.invitation = cls.invitation_type._sakip_issue(
            {
                "date": "2026-03-02",
                "subject": "Undangan Rapat",
                "addressee_text": "Para Kepala Bidang\ndi lingkungan Dinas Pendidikan",
                "cc_text": "Kepala Dinas Pendidikan (sebagai laporan)\nArsip",
                "signer_employee_id": cls.secretary.id,
                "event_id": cls.event.id,
            }
        )

    def render(self, xmlid, records):
        pdf, _kind = (
            self.env["ir.actions.report"]
            .with_context(force_report_rendering=True)
            ._render_qweb_pdf(f"{MODULE}.{xmlid}", records.ids)
        )
        return pdf_pages(pdf)

    def test_cover_letter_one_page_per_addressee(self):
        self.assertEqual(self.cover_letter.name, "000.8.3.3/1/Disdik/III/2026")
        pages = self.render("action_report_sakip_cover_letter", self.cover_letter)
        self.assertEqual(len(pages), 2, "one page per addressee")
        addressees = {
            "Kepala Bappedalitbang Contoh": "di Kota Contoh",
            "Kepala Bagian Organisasi Setda": "di Tempat",  # no city
        }
        printed = set()
        for page in pages:
            flat = " ".join(page.split())
            self.assertIn("DINAS PENDIDIKAN", page)
            self.assertIn("Kota Contoh, 2 Maret 2026", flat)
            self.assertIn("000.8.3.3/1/Disdik/III/2026", page)
            self.assertIn("Biasa", page)
            self.assertIn("1 (satu) berkas", page)
            self.assertIn("Penyampaian Perjanjian Kinerja Tahun 2026", flat)
            addressee = next(name for name in addressees if f"Yth. {name}" in flat)
            printed.add(addressee)
            self.assertIn(addressees[addressee], flat)
            self.assertIn("SURAT PENGANTAR", page)
            self.assertIn("Naskah Dinas yang Dikirim", flat)
            # the agreement's own row (sakip.pk._sakip_cover_letter_items)
            self.assertIn("1 Dokumen PK 2026", flat)
            self.assertIn("Untuk dipergunakan", flat)
            self.assertIn("Kepala Dinas Pendidikan Kabupaten Contoh,", flat)
            self.assertIn("Drs. KEPALA CONTOH, M.Si.", page)
            self.assertIn("Pembina Utama Muda", page)
            self.assertIn("NIP. 19660217 199303 1 002", page)
            for label in ("Diterima tanggal", "Nama", "NIP", "Tanda tangan"):
                self.assertIn(label, page)
            self.assertNotIn("diverifikasi", page)
        self.assertEqual(printed, set(addressees), "each addressee on their own page")

    def test_cover_letter_items_of_the_document(self):
        items = [
            {"name": "Perjanjian Kinerja Tahun 2026", "quantity": 2, "note": "Asli"},
            {"name": "Rencana Aksi Tahun 2026", "quantity": 1, "note": "Salinan"},
        ]
        with patch.object(
            type(self.pk), "_sakip_cover_letter_items", create=True, new=lambda doc: items
        ):
            self.assertEqual(
                [row["quantity"] for row in self.cover_letter._sakip_cover_letter_rows()],
                ["2 (dua) berkas", "1 (satu) berkas"],
            )
            page = self.render("action_report_sakip_cover_letter", self.cover_letter)[0]
        lines = [" ".join(line.split()) for line in page.splitlines()]
        self.assertIn("1 Perjanjian Kinerja Tahun 2026 2 (dua) berkas Asli", lines)
        self.assertIn("2 Rencana Aksi Tahun 2026 1 (satu) berkas Salinan", lines)

    def test_cover_letter_verify_qr(self):
        """Unsigned, the letter is a draft: printed without its QR code. The
        PDF of record, made when the Kepala signs, has it."""
        letter = self.cover_letter
        self.assertTrue(letter.verify_token)
        self.assertTrue(letter.is_draft)
        page = self.render("action_report_sakip_cover_letter", letter)[0]
        self.assertNotIn("diverifikasi", page)
        self.assertNotIn(letter.verify_token, page)
        letter.with_user(self.head_user).action_sign()
        self.assertFalse(letter.is_draft)
        page = pdf_pages(letter.record_attachment_id.raw)[0]
        self.assertIn("diverifikasi", page)
        self.assertIn(f"/sakip/verify/{letter.verify_token}", page)

    def test_invitation(self):
        self.assertEqual(self.invitation.name, "005/1/Disdik/III/2026")
        pages = self.render("action_report_sakip_invitation", self.invitation)
        self.assertEqual(len(pages), 1)
        flat = " ".join(pages[0].split())
        for expected in (
            "DINAS PENDIDIKAN",
            "Kota Contoh, 2 Maret 2026",
            "Nomor : 005/1/Disdik/III/2026",
            "Sifat : Biasa",
            "Lampiran : -",
            "Hal : Undangan Rapat",
            "Yth. Para Kepala Bidang",
            "di lingkungan Dinas Pendidikan",
            "di Tempat",
            "Dalam rangka Rapat Penyusunan Perjanjian Kinerja Tahun 2026, dengan hormat "
            "kami mengundang Bapak/Ibu untuk hadir pada:",
            "hari/tanggal : Senin, 9 Maret 2026",
            "pukul : 09.00 \u2013 11.30 WIB",
            "tempat : Aula Dinas Pendidikan",
            "Pembahasan target indikator kinerja",
            "Demikian undangan ini kami sampaikan, atas perhatian dan kehadirannya "
            "diucapkan terima kasih.",
            "Sekretaris Dinas Pendidikan,",
            "SEKAR ARUM, S.Pd.",
            "Penata Tingkat I",
            "NIP. 19700512 199503 2 004",
            "Tembusan:",
            "1. Kepala Dinas Pendidikan (sebagai laporan)",
            "2. Arsip",
        ):
            self.assertIn(expected, flat)

    def test_invitation_time_zone_of_the_office(self):
        self.company.sakip_calendar_id.tz = "Asia/Makassar"
        schedule = self.invitation._sakip_invitation_schedule()
        self.assertEqual(schedule["time"], "10.00 \u2013 12.30 WITA")
        self.assertEqual((schedule["day"], schedule["date"]), ("Senin", "9 Maret 2026"))

    def test_data_letter_types_print_with_their_report(self):
        """On install the main office's letter types get their report, so
        issuing and printing work out of the box."""
        main = self.env.ref("base.main_company")
        signer = self.env["hr.employee"].create(
            {"name": "PENANDA TANGAN", "company_id": main.id, "user_id": self.head_user.id}
        )
        for type_xmlid, report_xmlid in (
            ("letter_type_cover_letter", "action_report_sakip_cover_letter"),
            ("letter_type_invitation", "action_report_sakip_invitation"),
        ):
            letter_type = self.env.ref(f"{MODULE}.{type_xmlid}")
            report = self.env.ref(f"{MODULE}.{report_xmlid}")
            self.assertEqual(letter_type.report_id, report)
            letter = letter_type._sakip_issue(
                {"subject": "Uji cetak", "signer_employee_id": signer.id}
            )
            action = letter.action_print()
            self.assertEqual(action["report_name"], report.report_name)
            self.assertEqual(action["context"]["active_ids"], letter.ids)
