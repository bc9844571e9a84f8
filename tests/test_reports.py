# Copyright 2024 SAKIP Indonesia
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""The printed documents rendered to real PDFs by wkhtmltopdf, read back with
pdftotext (poppler-utils)."""

import re
import subprocess
import tempfile

from odoo.tests import TransactionCase, tagged
from odoo.tools.safe_eval import safe_eval

MODULE = "sakip_penetapan_kinerja"


def pdf_pages(pdf):
    """Return the text of each page of ``pdf`` (bytes)."""
    with tempfile.NamedTemporaryFile(suffix=".pdf") as source:
        source.write(pdf)
        source.flush()
        text = subprocess.run(
            ["pdftotext", "-layout", source.name, "-"],
            check=True,
            capture_output=True,
            text=True,
        ).stdout
    pages = text.split("\f")
    return pages[:-1] if pages and not pages[-1].strip() else pages


@tagged("post_install", "-at_install", "sakip")
class TestReports(TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company = cls.env["res.company"].create(
            {
                "name": "Dinas Pendidikan Kabupaten Contoh",
                "sakip_regency": "Pemerintah Kabupaten Contoh",
                "sakip_office_name": "Dinas Pendidikan",
                "sakip_address": "Jl. Merdeka No. 1, Kota Contoh 12345",
                "sakip_sign_city": "Kota Contoh",
                "sakip_pk_heading": "letterhead",
                "sakip_regent_name": "Ir. BUPATI CONTOH, M.M.",
                "sakip_regent_title": "Bupati Contoh",
                "phone": "(0281) 111222",
                "email": "dinas@contoh.example",
            }
        )
        employee = cls.env["hr.employee"].with_company(cls.company)
        cls.head = employee.create(
            {
                "name": "Drs. KEPALA CONTOH, M.Si.",
                "nip": "19660217 199303 1 002",
                "golongan": "IV/c",
                "job_title": "Kepala Dinas Pendidikan Kabupaten Contoh",
                "company_id": cls.company.id,
            }
        )
        cls.kabid = employee.create(
            {
                "name": "SEKAR ARUM, S.Pd.",
                "nip": "19700512 199503 2 004",
                "golongan": "III/d",
                "job_title": "Kepala Bidang Sekolah Dasar",
                "company_id": cls.company.id,
            }
        )
        cls.pk = cls.env["sakip.pk"].create(
            {
                "fiscal_year": 2026,
                "company_id": cls.company.id,
                "level": "head",
                "first_party_id": cls.head.id,
                "sign_place": "Kota Contoh",
                "indicator_ids": [
                    (
                        0,
                        0,
                        {
                            "objective": "Meningkatnya akses pendidikan",
                            "name": "Angka Partisipasi Kasar SD",
                            "uom": "%",
                            "target": 97.5,
                            "target_q1": 90,
                            "target_q2": 92,
                            "target_q3": 95,
                            "target_q4": 97.5,
                        },
                    ),
                    (
                        0,
                        0,
                        {
                            "objective": "Meningkatnya akses pendidikan",
                            "name": "Angka Partisipasi Murni SMP",
                            "uom": "%",
                            "target": 80,
                        },
                    ),
                    (
                        0,
                        0,
                        {
                            "objective": "Meningkatnya akuntabilitas kinerja",
                            "name": "Nilai SAKIP Dinas",
                            "uom": "predikat",
                            "target_kind": "text",
                            "target_text": "BB",
                        },
                    ),
                ],
                "program_ids": [
                    (0, 0, {"name": "Program Pengelolaan Pendidikan", "budget": 1_000_000}),
                    (0, 0, {"name": "Program Pengembangan Kurikulum", "budget": 1_000}),
                ],
            }
        )

    def render(self, xmlid, records):
        pdf, kind = (
            self.env["ir.actions.report"]
            .with_context(force_report_rendering=True)
            ._render_qweb_pdf(f"{MODULE}.{xmlid}", records.ids)
        )
        self.assertEqual(kind, "pdf")
        self.assertTrue(pdf.startswith(b"%PDF"))
        return pdf_pages(pdf)

    def test_pk_statement_and_attachment(self):
        pages = self.render("action_report_sakip_pk", self.pk)
        text = "\n".join(pages)
        statement = pages[0]
        for expected in (
            "PEMERINTAH KABUPATEN CONTOH",
            "PERJANJIAN KINERJA TAHUN 2026",
            "DINAS PENDIDIKAN KABUPATEN CONTOH",
            "PIHAK PERTAMA",
            "PIHAK KEDUA",
            "Drs. KEPALA CONTOH, M.Si.",
            "Ir. BUPATI CONTOH, M.M.",
            "Bupati Contoh",
            # A draft: the date of signing is left blank, to be written by hand.
            "Kota Contoh, ........................ 2026",
            "Pembina Utama Muda",
            "NIP. 19660217 199303 1 002",
        ):
            self.assertIn(expected, statement)
        for expected in (
            "LAMPIRAN",
            "Sasaran Strategis",
            "Target Triwulan",
            "Angka Partisipasi Kasar SD",
            "97,5",
            "Nilai SAKIP Dinas",
            "BB",
            "Program Pengelolaan Pendidikan",
            "1.001.000",
            "Satu juta seribu rupiah",
        ):
            self.assertIn(expected, text)
        # the quarters of an indicator are printed in its row
        row = next(line for line in text.splitlines() if "Angka Partisipasi Kasar SD" in line)
        self.assertEqual(row.split()[-5:], ["97,5", "90", "92", "95", "97,5"])
        total = len(pages)
        for number, page in enumerate(pages, 1):
            self.assertIn(f"Halaman {number} dari {total}", page)
        # no QR before the document has a verification token
        self.assertNotIn("diverifikasi", text)

    def test_pk_without_quarterly_targets(self):
        self.pk.indicator_ids.write(
            {"target_q1": 0, "target_q2": 0, "target_q3": 0, "target_q4": 0}
        )
        text = "\n".join(self.render("action_report_sakip_pk", self.pk))
        self.assertIn("Indikator Kinerja", text)
        self.assertNotIn("Triwulan", text)

    def test_pk_second_party_employee(self):
        pk = self.pk.copy({"level": "echelon_3", "first_party_id": self.kabid.id})
        pk.second_party_id = self.head
        text = self.render("action_report_sakip_pk", pk)[0]
        self.assertIn("Kepala Bidang Sekolah Dasar", text)
        self.assertIn("NIP. 19700512 199503 2 004", text)
        self.assertIn("Penata Tingkat I", text)
        # the second party signs with pangkat and NIP too
        self.assertIn("NIP. 19660217 199303 1 002", text)

    def test_signed_pk_has_qr(self):
        # sudo: signed as step 11 does it, before its document of record is printed
        self.pk.sudo()._sakip_workflow_write({"state": "signed", "sign_date": "2026-01-30"})
        self.pk._sakip_ensure_token()
        text = "\n".join(self.render("action_report_sakip_pk", self.pk))
        self.assertIn("Kota Contoh, 30 Januari 2026", text)
        self.assertIn("diverifikasi", text)
        self.assertIn(f"/sakip/verify/{self.pk.verify_token}", text.replace("\n", ""))
        self.assertNotIn("DRAF", text)

    def test_draft_pk_is_marked_draf_without_qr(self):
        # even with a verification token, a draft carries no QR code
        self.pk._sakip_ensure_token()
        pages = self.render("action_report_sakip_pk", self.pk)
        for page in pages:
            self.assertIn("DRAF", page)
        text = "\n".join(pages)
        self.assertNotIn("diverifikasi", text)
        self.assertNotIn("/sakip/verify/", text.replace("\n", ""))
        html = (
            self.env["ir.actions.report"]
            ._render_qweb_html(f"{MODULE}.action_report_sakip_pk", self.pk.ids)[0]
            .decode()
        )
        self.assertNotIn('alt="QR"', html)

    def test_signed_pk_prints_its_document_of_record(self):
        self.pk.sudo()._sakip_workflow_write({"state": "signed"})
        attachment = self.pk._sakip_make_record()
        report = self.env["ir.actions.report"].with_context(force_report_rendering=True)
        pdf, _kind = report._render_qweb_pdf(f"{MODULE}.action_report_sakip_pk", self.pk.ids)
        self.assertEqual(pdf, attachment.raw)
        # printed with another (unsigned) agreement: the signed one is unchanged
        other = self.pk.copy({"level": "echelon_3", "first_party_id": self.kabid.id})
        other.second_party_id = self.head
        pdf, _kind = report._render_qweb_pdf(
            f"{MODULE}.action_report_sakip_pk", (self.pk | other).ids
        )
        pages = pdf_pages(pdf)
        self.assertEqual(
            len([page for page in pages if "DRAF" in page]),
            len(pages) - len(pdf_pages(attachment.raw)),
        )

    def test_long_attachment_repeats_headers(self):
        self.pk.indicator_ids = [
            (
                0,
                0,
                {
                    "objective": f"Sasaran {n // 10 + 1}",
                    "name": f"IK{n:03d} persentase satuan pendidikan yang memenuhi standar layanan",
                    "uom": "%",
                    "target": n,
                },
            )
            for n in range(120)
        ]
        pages = self.render("action_report_sakip_pk", self.pk)
        lampiran = [page for page in pages if re.search(r"IK\d{3}", page)]
        self.assertGreaterEqual(len(lampiran), 2)
        for page in lampiran:
            header = re.split(r"IK\d{3}", page, maxsplit=1)[0]
            for title in ("No", "Sasaran", "Indikator", "Satuan", "Target", "Triwulan"):
                self.assertIn(title, header)
        # each row printed once, none split between pages
        text = "\n".join(pages)
        for n in range(120):
            self.assertEqual(text.count(f"IK{n:03d}"), 1, n)
        total = len(pages)
        self.assertIn(f"Halaman {total} dari {total}", pages[-1])

    def test_page_numbers_per_document(self):
        other = self.pk.copy({"level": "echelon_3", "first_party_id": self.kabid.id})
        other.second_party_id = self.head
        pages = self.render("action_report_sakip_pk", self.pk | other)
        firsts = [page for page in pages if "Halaman 1 dari" in page]
        self.assertEqual(len(firsts), 2)

    def test_pk_file_name(self):
        report = self.env.ref(f"{MODULE}.action_report_sakip_pk")
        name = safe_eval(report.print_report_name, {"object": self.pk})
        self.assertEqual(name, "PK 2026 - Drs. KEPALA CONTOH, M.Si.")

    def test_sop_sheet(self):
        sop = self.env.ref(f"{MODULE}.sop_penyusunan_pk")
        pages = self.render("action_report_sakip_sop", sop)
        text = "\n".join(pages)
        for expected in (
            "Nomor SOP",
            "000.8.33/169/I/2024",
            "3 Januari 2024",
            "8 Januari 2024",
            "Dasar Hukum",
            "Kualifikasi Pelaksana",
            "Peringatan",
            "Pencatatan dan Pendataan",
            "NIP. 19660217 199303 1 002",
            "Mutu Baku",
            "Kepala Dinas",
            "Perencanaan",
            "10 Menit",
            "5 Hari Kerja",
            "Aktivitas",
            "STANDAR OPERASIONAL PROSEDUR (SOP)",
            "Halaman 1 dari",
        ):
            self.assertIn(expected, text)
        self.assertEqual(sop.step_count, 14)
        self.assertIn("Penyusunan Penetapan Kinerja", text)
