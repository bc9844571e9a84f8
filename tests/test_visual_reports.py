# Copyright 2024 SAKIP Indonesia
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""Visual regression tests of the printed documents.

Each report is rendered by wkhtmltopdf from fixed data (names, dates,
verification tokens and base URL, hence QR codes), its pages turned into
grayscale PNGs by pdftoppm at 50 dpi and compared with the reference images
in tests/visual/: the page count must match and, page by page, the share of
pixels differing by more than a small tolerance must stay under a threshold.
On a failure the actual page and a difference image are written to
.run/visual/ (the message says where).

After a deliberate change of a document, ``make visual-refresh`` runs these
tests with SAKIP_VISUAL_REFRESH=1: they write the references instead of
comparing (``make test`` never does; it unsets the variable).
"""

import base64
import glob
import os
import subprocess
import tempfile

from PIL import Image, ImageChops

from odoo import Command
from odoo.tests import TransactionCase, new_test_user, tagged
from odoo.tools import file_open

MODULE = "sakip_penetapan_kinerja"
ROOT = os.path.dirname(os.path.dirname(os.path.realpath(__file__)))
REFERENCE_DIR = os.path.join(ROOT, "tests", "visual")
OUTPUT_DIR = os.path.join(ROOT, ".run", "visual")
REFRESH = os.environ.get("SAKIP_VISUAL_REFRESH") == "1"

DPI = 50
#: Grey levels (0-255) two pixels may differ by and still count as equal
#: (anti-aliasing of text and lines).
TOLERANCE = 48
#: Largest share of differing pixels on a page.
MAX_SHARE = 0.005


def pdf_to_png_pages(pdf):
    """Return each page of ``pdf`` (bytes) as a grayscale PIL image."""
    with tempfile.TemporaryDirectory() as folder:
        source = os.path.join(folder, "doc.pdf")
        with open(source, "wb") as handle:
            handle.write(pdf)
        subprocess.run(
            ["pdftoppm", "-r", str(DPI), "-gray", "-png", source, os.path.join(folder, "page")],
            check=True,
            capture_output=True,
        )
        pages = []
        for path in sorted(glob.glob(os.path.join(folder, "page-*.png"))):
            with Image.open(path) as image:
                pages.append(image.convert("L"))
        return pages


def page_difference(expected, actual):
    """The share of pixels of ``actual`` differing from ``expected`` by more
    than TOLERANCE, and the difference image (None when the sizes differ)."""
    if expected.size != actual.size:
        return 1.0, None
    diff = ImageChops.difference(expected, actual)
    histogram = diff.histogram()
    differing = sum(histogram[TOLERANCE + 1 :])
    return differing / (actual.width * actual.height), diff


@tagged("post_install", "-at_install", "sakip", "sakip_visual")
class TestVisualReports(TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env["ir.config_parameter"].sudo().set_param(
            "web.base.url", "https://sakip.contoh.go.id"
        )
        with file_open(f"{MODULE}/static/img/demo_emblem.png", "rb") as emblem:
            cls.logo = base64.b64encode(emblem.read())
        calendar = cls.env["resource.calendar"].create(
            {"name": "Jam Kerja Visual", "tz": "Asia/Jakarta"}
        )
        cls.company = cls.env["res.company"].create(
            {
                "name": "Dinas Pendidikan Kabupaten Contoh",
                "logo": cls.logo,
                "sakip_regency": "Pemerintah Kabupaten Contoh",
                "sakip_office_name": "Dinas Pendidikan",
                "sakip_address": "Jl. Merdeka No. 1, Kota Contoh 12345",
                "sakip_sign_city": "Kota Contoh",
                "sakip_regent_name": "Ir. BUPATI CONTOH, M.M.",
                "sakip_regent_title": "Bupati Contoh",
                "sakip_calendar_id": calendar.id,
                "phone": "(0281) 111222",
                "email": "dinas@contoh.example",
            }
        )
        calendar.company_id = cls.company
        head_user, secretary_user = (
            new_test_user(
                cls.env,
                login=f"visual.{role}",
                groups=f"{MODULE}.group_sakip_{role}",
                company_id=cls.company.id,
                company_ids=[Command.set(cls.company.ids)],
            )
            for role in ("head", "secretary")
        )
        Employee = cls.env["hr.employee"].with_company(cls.company)
        cls.head = Employee.create(
            {
                "user_id": head_user.id,
                "name": "Drs. KEPALA CONTOH, M.Si.",
                "nip": "19660217 199303 1 002",
                "golongan": "IV/c",
                "job_title": "Kepala Dinas Pendidikan Kabupaten Contoh",
                "company_id": cls.company.id,
            }
        )
        cls.secretary = Employee.create(
            {
                "user_id": secretary_user.id,
                "name": "SEKAR ARUM, S.Pd.",
                "nip": "19700512 199503 2 004",
                "golongan": "III/d",
                "job_title": "Sekretaris Dinas Pendidikan",
                "company_id": cls.company.id,
            }
        )

    # Documents
    def _pk(self, indicators, programs=None):
        return self.env["sakip.pk"].create(
            {
                "fiscal_year": 2026,
                "company_id": self.company.id,
                "level": "head",
                "first_party_id": self.head.id,
                "sign_place": "Kota Contoh",
                "indicator_ids": [Command.create(values) for values in indicators],
                "program_ids": [
                    Command.create(values)
                    for values in programs
                    or [
                        {"name": "Program Pengelolaan Pendidikan", "budget": 8_580_487_155},
                        {"name": "Program Pengembangan Kurikulum", "budget": 1_250_000},
                    ]
                ],
            }
        )

    def _fix_token(self, record, token):
        # sudo: the token is an engine field; fixed here so that the QR code is
        record.sudo()._sakip_workflow_write({"verify_token": token})

    def _indicators(self, quarterly):
        rows = [
            ("Meningkatnya akses pendidikan", "Angka Partisipasi Kasar SD", "%", 97.5),
            ("Meningkatnya akses pendidikan", "Angka Partisipasi Murni SMP", "%", 80),
            ("Meningkatnya mutu pendidikan", "Nilai rata-rata rapor pendidikan", "Indeks", 2.855),
        ]
        values = []
        for objective, name, uom, target in rows:
            line = {"objective": objective, "name": name, "uom": uom, "target": target}
            if quarterly:
                line.update(
                    target_q1=target * 0.25,
                    target_q2=target * 0.5,
                    target_q3=target * 0.75,
                    target_q4=target,
                )
            values.append(line)
        return values

    def _text_indicators(self):
        return [
            {
                "objective": "Meningkatnya akuntabilitas kinerja",
                "name": "Nilai SAKIP Dinas",
                "uom": "predikat",
                "target_kind": "text",
                "target_text": "BB",
            },
            {
                "objective": "Meningkatnya akuntabilitas kinerja",
                "name": "Opini laporan keuangan",
                "target_kind": "text",
                "target_text": "WTP",
            },
            {
                "objective": "Meningkatnya akses pendidikan",
                "name": "Angka Partisipasi Kasar SD",
                "uom": "%",
                "target": 97.5,
            },
        ]

    def _letters(self):
        LetterType = self.env["sakip.letter.type"]
        kinds = {}
        for code, name, classification, xmlid in (
            ("cover_letter", "Surat Pengantar", "000.8.3.3", "action_report_sakip_cover_letter"),
            ("invitation", "Surat Undangan", "005", "action_report_sakip_invitation"),
        ):
            kinds[code] = LetterType.create(
                {
                    "name": name,
                    "code": code,
                    "company_id": self.company.id,
                    "pattern": "{code}/{seq}/{unit}/{month_roman}/{year}",
                    "classification_code": classification,
                    "unit_code": "Disdik",
                    "report_id": self.env.ref(f"{MODULE}.{xmlid}").id,
                }
            )
        return kinds

    # Comparison
    def assert_looks_like(self, name, xmlid, records):
        """Render ``records`` with report ``xmlid`` and compare its pages with
        the references tests/visual/<name>-<page>.png (or write them when
        refreshing)."""
        pdf, _kind = (
            self.env["ir.actions.report"]
            .with_context(force_report_rendering=True)
            ._render_qweb_pdf(f"{MODULE}.{xmlid}", records.ids)
        )
        pages = pdf_to_png_pages(pdf)
        self.assertTrue(pages, f"{name}: no page rendered")
        references = sorted(glob.glob(os.path.join(REFERENCE_DIR, f"{name}-*.png")))
        if REFRESH:
            os.makedirs(REFERENCE_DIR, exist_ok=True)
            for path in references:
                os.remove(path)
            for number, page in enumerate(pages, 1):
                page.save(os.path.join(REFERENCE_DIR, f"{name}-{number}.png"), optimize=True)
            return
        os.makedirs(OUTPUT_DIR, exist_ok=True)
        for number, page in enumerate(pages, 1):
            page.save(os.path.join(OUTPUT_DIR, f"{name}-{number}.png"))
        self.assertTrue(
            references,
            f"{name}: no reference image in {REFERENCE_DIR}; run `make visual-refresh`",
        )
        self.assertEqual(
            len(pages),
            len(references),
            f"{name}: {len(pages)} page(s) printed, the reference has {len(references)} "
            f"(actual pages in {OUTPUT_DIR})",
        )
        for number, page in enumerate(pages, 1):
            with Image.open(os.path.join(REFERENCE_DIR, f"{name}-{number}.png")) as image:
                expected = image.convert("L")
            share, diff = page_difference(expected, page)
            if share >= MAX_SHARE and diff is not None:
                diff_path = os.path.join(OUTPUT_DIR, f"{name}-{number}-diff.png")
                # the differences in black on white, over a faded reference
                mask = diff.point(lambda level: 255 if level > TOLERANCE else 0)
                faded = expected.point(lambda level: 200 + level * 55 // 255)
                Image.composite(Image.new("L", page.size, 0), faded, mask).save(diff_path)
            self.assertLess(
                share,
                MAX_SHARE,
                f"{name}, page {number}: {share:.2%} of the pixels differ from "
                f"tests/visual/{name}-{number}.png (actual: {OUTPUT_DIR}/{name}-{number}.png, "
                f"differences: {OUTPUT_DIR}/{name}-{number}-diff.png); "
                "after a deliberate change run `make visual-refresh`",
            )

    # The documents
    def test_pk_quarterly_signed(self):
        pk = self._pk(self._indicators(quarterly=True))
        # sudo: signed as step 11 does it, without its document of record
        pk.sudo()._sakip_workflow_write({"state": "signed", "sign_date": "2026-01-30"})
        self._fix_token(pk, "VISUAL-PK-QUARTERLY-0001")
        self.assert_looks_like("pk_quarterly", "action_report_sakip_pk", pk)

    def test_pk_without_quarters(self):
        pk = self._pk(self._indicators(quarterly=False))
        self.assert_looks_like("pk_plain", "action_report_sakip_pk", pk)

    def test_pk_text_targets(self):
        pk = self._pk(self._text_indicators())
        self.assert_looks_like("pk_text_targets", "action_report_sakip_pk", pk)

    def test_pk_120_lines(self):
        pk = self._pk(
            [
                {
                    "objective": f"Sasaran {n // 10 + 1}",
                    "name": f"IK{n:03d} persentase satuan pendidikan yang memenuhi standar layanan",
                    "uom": "%",
                    "target": n,
                }
                for n in range(120)
            ]
        )
        self.assert_looks_like("pk_120_lines", "action_report_sakip_pk", pk)

    def test_cover_letter(self):
        pk = self._pk(self._indicators(quarterly=False))
        partner = self.env["res.partner"].create(
            {"name": "Kepala Bappedalitbang Contoh", "is_company": True, "city": "Kota Contoh"}
        )
        letter = self._letters()["cover_letter"]._sakip_issue(
            {
                "date": "2026-03-02",
                "subject": "Penyampaian Perjanjian Kinerja Tahun 2026",
                "attachment_note": "1 (satu) berkas",
                "partner_ids": [Command.set(partner.ids)],
                "signer_employee_id": self.head.id,
                "res_model": "sakip.pk",
                "res_id": pk.id,
            }
        )
        # sudo: issued as signing does it, without its document of record
        letter.sudo()._sakip_workflow_write({"state": "issued"})
        self._fix_token(letter, "VISUAL-COVER-LETTER-0001")
        self.assert_looks_like("cover_letter", "action_report_sakip_cover_letter", letter)

    def test_invitation(self):
        # 9 March 2026 (a Monday), 09.00-11.30 WIB = 02.00-04.30 UTC
        event = self.env["calendar.event"].create(
            {
                "name": "Rapat Penyusunan Perjanjian Kinerja Tahun 2026",
                "start": "2026-03-09 02:00:00",
                "stop": "2026-03-09 04:30:00",
                "location": "Aula Dinas Pendidikan",
                "description": "<p>Pembahasan target indikator kinerja</p>",
            }
        )
        letter = self._letters()["invitation"]._sakip_issue(
            {
                "date": "2026-03-02",
                "subject": "Undangan Rapat",
                "addressee_text": "Para Kepala Bidang\ndi lingkungan Dinas Pendidikan",
                "cc_text": "Kepala Dinas Pendidikan (sebagai laporan)\nArsip",
                "signer_employee_id": self.secretary.id,
                "event_id": event.id,
            }
        )
        self._fix_token(letter, "VISUAL-INVITATION-0001")
        self.assert_looks_like("invitation", "action_report_sakip_invitation", letter)

    def _sop(self):
        """The shipped 14-step SOP, printed for the fixed office."""
        sop = self.env.ref(f"{MODULE}.sop_penyusunan_pk")
        # the office the sheet names (rolled back with the test)
        sop.company_id.write(
            {
                "name": "Dinas Pendidikan Kabupaten Banyumas",
                "logo": self.logo,
                "sakip_regency": "Pemerintah Kabupaten Banyumas",
                "sakip_office_name": "Dinas Pendidikan",
            }
        )
        return sop

    def test_sop_sheet(self):
        sop = self._sop()
        self.assertEqual(sop.step_count, 14)
        self.assert_looks_like("sop_sheet", "action_report_sakip_sop", sop)

    def test_sop_sheet_long(self):
        """23 steps: the table breaks to a third page, with off-page connectors."""
        sop = self._sop()
        steps = sop.step_ids.sorted("sequence")
        steps[-1].sequence = 23
        self.env.flush_all()
        self.env["sakip.sop.step"].create(
            [
                {
                    "sop_id": sop.id,
                    "sequence": 14 + n,
                    "name": f"Kegiatan tambahan {n + 1} (uji pemotongan tabel)",
                    "actor_id": steps[n % 4].actor_id.id,
                    "requirement": "Dokumen Penetapan Kinerja",
                    "duration_value": 1,
                    "duration_unit": "hour",
                    "output": "Dokumen Penetapan Kinerja",
                }
                for n in range(9)
            ]
        )
        self.assertEqual(sop.step_count, 23)
        self.assert_looks_like("sop_sheet_long", "action_report_sakip_sop", sop)
