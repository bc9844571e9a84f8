# Copyright 2024 SAKIP Indonesia
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""The agreement in its office's format (issue 14): the target cells, the
date line, the statement template, the emblem, the printed rank and acting
officials; checked on the report's HTML, and on the PDF for the page layout."""

import base64
import re

from lxml import html as lxml_html

from odoo.exceptions import UserError, ValidationError
from odoo.tests import TransactionCase, new_test_user, tagged
from odoo.tools import file_open

from .test_reports import pdf_pages

MODULE = "sakip_penetapan_kinerja"
PK_REPORT = f"{MODULE}.action_report_sakip_pk"


@tagged("post_install", "-at_install", "sakip")
class TestPkFormat(TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company = cls.env["res.company"].create(
            {
                "name": "Dinas Pendidikan Kabupaten Contoh",
                "sakip_regency": "Pemerintah Kabupaten Contoh",
                "sakip_office_name": "Dinas Pendidikan",
                "sakip_sign_city": "Kota Contoh",
                "sakip_regent_name": "Ir. BUPATI CONTOH, M.M.",
                "sakip_regent_title": "Bupati Contoh",
            }
        )
        cls.head = cls.env["hr.employee"].create(
            {
                "name": "Drs. KEPALA CONTOH, M.Si.",
                "nip": "19660217 199303 1 002",
                "golongan": "IV/c",
                "job_title": "Kepala Dinas Pendidikan Kabupaten Contoh",
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
                    (0, 0, {"objective": "S1", "name": "IK desimal", "uom": "%", "target": 2.855}),
                    (0, 0, {"objective": "S1", "name": "IK indeks", "uom": "Indeks", "target": 70}),
                    (
                        0,
                        0,
                        {
                            "objective": "S2",
                            "name": "IK predikat",
                            "target_kind": "text",
                            "target_text": "BB",
                        },
                    ),
                ],
                "program_ids": [(0, 0, {"name": "Program A", "budget": 4_100_832_755})],
            }
        )

    def html(self, records=None):
        records = records or self.pk
        content = self.env["ir.actions.report"]._render_qweb_html(PK_REPORT, records.ids)[0]
        return content.decode()

    def pdf(self, records=None):
        records = records or self.pk
        report = self.env["ir.actions.report"].with_context(force_report_rendering=True)
        return pdf_pages(report._render_qweb_pdf(PK_REPORT, records.ids)[0])

    def indicator_rows(self, html):
        """The cells' texts of each indicator row of the lampiran."""
        tree = lxml_html.fromstring(html)
        rows = tree.xpath("//table[contains(@class, 'sakip-indicators')]/tbody/tr")
        return {
            row.xpath("string(td[contains(@class, 'sakip-target')]/preceding-sibling::td[1])"): [
                cell.text_content() for cell in row.xpath("td")
            ]
            for row in rows
        }

    def add_quarters(self):
        text, number = (
            self.pk.indicator_ids.filtered(lambda i: i.target_kind == "text"),
            self.pk.indicator_ids.filtered(lambda i: i.name == "IK indeks"),
        )
        text.write({"target_q2_text": "B", "target_q4_text": "BB"})
        number.write({"target_q1": 10, "target_q2": 30, "target_q3": 50, "target_q4": 70})

    # 1. The target cell

    def test_target_cells_without_quarters(self):
        html = self.html()
        tree = lxml_html.fromstring(html)
        heads = [
            th.text_content()
            for th in tree.xpath("//table[contains(@class, 'sakip-indicators')]/thead/tr[1]/th")
        ]
        self.assertEqual(
            heads, ["No", "Sasaran Strategis", "Indikator Kinerja", "Satuan", "Target"]
        )
        rows = tree.xpath("//table[contains(@class, 'sakip-indicators')]/tbody/tr")
        # the first row of each sasaran has No and Sasaran, the others span them
        self.assertEqual([len(row.xpath("td")) for row in rows], [5, 3, 5])
        cells = [[td.text_content() for td in row.xpath("td")][-3:] for row in rows]
        self.assertEqual(
            cells,
            [
                ["IK desimal", "%", "2,855"],
                ["IK indeks", "Indeks", "70"],
                # a text target without unit: under Target, the Satuan cell kept
                ["IK predikat", "\N{NO-BREAK SPACE}", "BB"],
            ],
        )

    def test_target_cells_with_quarters(self):
        self.add_quarters()
        rows = lxml_html.fromstring(self.html()).xpath(
            "//table[contains(@class, 'sakip-indicators')]/tbody/tr"
        )
        cells = [[td.text_content() for td in row.xpath("td")] for row in rows]
        self.assertEqual([len(row) for row in cells], [9, 7, 9])
        self.assertEqual(cells[0][-5:], ["2,855", "-", "-", "-", "-"])
        self.assertEqual(cells[1][-5:], ["70", "10", "30", "50", "70"])
        self.assertEqual(cells[2][-6:], ["\N{NO-BREAK SPACE}", "BB", "-", "B", "-", "BB"])
        # on paper: the row ends with its fourth quarter, nothing shifted
        text = "\n".join(self.pdf())
        row = next(line for line in text.splitlines() if "IK predikat" in line)
        self.assertEqual(row.split()[-5:], ["BB", "-", "B", "-", "BB"])

    def test_unit_inside_target_and_rupiah(self):
        self.company.write({"sakip_pk_unit_in_target": True, "sakip_pk_amount_prefix": True})
        html = self.html()
        tree = lxml_html.fromstring(html)
        heads = [
            th.text_content()
            for th in tree.xpath("//table[contains(@class, 'sakip-indicators')]/thead/tr[1]/th")
        ]
        self.assertNotIn("Satuan", heads)
        rows = tree.xpath("//table[contains(@class, 'sakip-indicators')]/tbody/tr")
        self.assertEqual(
            [row.xpath("string(td[last()])") for row in rows], ["2,855 %", "70 Indeks", "BB"]
        )
        self.assertIn("Rp. 4.100.832.755", html)
        self.assertNotIn("Anggaran (Rp)", html)

    # 2. The format of the office

    def test_default_format_is_the_permenpanrb_template(self):
        html = self.html()
        self.assertNotIn("sakip-kop", html.split("LAMPIRAN")[0].split("<body")[-1])
        self.assertIn("selanjutnya disebut <b>PIHAK PERTAMA</b>", html)
        self.assertIn("Pihak pertama berjanji akan mewujudkan", html)
        self.assertIn("Pihak kedua akan melakukan supervisi", html)
        self.assertIn("Anggaran (Rp)", html)
        self.assertIn("Liberation Sans", html)

    def test_second_office_format(self):
        self.company.write(
            {
                "sakip_pk_heading": "letterhead",
                "sakip_pk_party_label": "kesatu",
                "sakip_pk_font": "serif",
                "sakip_pk_font_size": 12,
            }
        )
        html = self.html()
        self.assertIn('class="sakip-kop"', html)
        self.assertIn("selanjutnya disebut <b>PIHAK KESATU</b>", html)
        self.assertIn("Pihak kesatu berjanji akan mewujudkan", html)
        self.assertNotIn("PIHAK PERTAMA", html)
        # 12 pt = 20.6 CSS px as wkhtmltopdf lays out the page
        self.assertIn("Liberation Serif", html)
        self.assertIn("font-size: 20.6px", html)
        statement = self.pdf()[0]
        self.assertIn("PEMERINTAH KABUPATEN CONTOH", statement)
        self.assertIn("PIHAK KESATU,", statement)

    def test_statement_template_placeholders(self):
        self.company.sakip_pk_statement = (
            "Perjanjian {tahun} di {instansi}:\n\n{identitas_pihak_pertama}\n\n"
            "selanjutnya disebut {pihak_pertama}.\n\n{identitas_pihak_kedua}\n\n"
            "    {nama_pihak_pertama} ({jabatan_pihak_pertama}) bertanggung jawab "
            "kepada {nama_pihak_kedua}, {jabatan_pihak_kedua}."
        )
        html = self.html()
        self.assertIn("Perjanjian 2026 di Dinas Pendidikan Kabupaten Contoh:", html)
        self.assertIn(
            '<p class="sakip-indent">Drs. KEPALA CONTOH, M.Si. (Kepala Dinas Pendidikan '
            "Kabupaten Contoh) bertanggung jawab kepada Ir. BUPATI CONTOH, M.M., Bupati Contoh.",
            html,
        )

    def test_statement_template_refused_at_save(self):
        before = self.company.sakip_pk_statement
        cases = (
            ("Tahun {tahunn}\n\n{identitas_pihak_pertama}\n\n{identitas_pihak_kedua}", "{tahunn}"),
            ("Tahun {tahun\n\n{identitas_pihak_pertama}\n\n{identitas_pihak_kedua}", "{{"),
            ("Kami {identitas_pihak_pertama}\n\n{identitas_pihak_kedua}", "alone"),
            ("{identitas_pihak_pertama}", "{identitas_pihak_kedua}"),
        )
        for template, expected in cases:
            with (
                self.subTest(template=template),
                self.assertRaises(ValidationError) as caught,
                self.env.cr.savepoint(),
            ):
                self.company.sakip_pk_statement = template
                self.company.flush_recordset()
            self.assertIn(expected, str(caught.exception))
        self.env.invalidate_all()
        self.assertEqual(self.company.sakip_pk_statement, before)
        # in Indonesian for Indonesian users
        self.env["res.lang"]._activate_lang("id_ID")
        self.env["ir.module.module"]._load_module_terms([MODULE], ["id_ID"], overwrite=True)
        company = self.company.with_context(lang="id_ID")
        with self.assertRaises(ValidationError) as caught, self.env.cr.savepoint():
            company.sakip_pk_statement = (
                "{nama}\n\n{identitas_pihak_pertama}\n\n{identitas_pihak_kedua}"
            )
            company.flush_recordset()
        self.assertIn("tidak dikenal", str(caught.exception))

    def test_preview(self):
        action = (
            self.env["res.config.settings"]
            .with_company(self.company)
            .create({})
            .action_sakip_pk_preview()
        )
        self.assertEqual(action["report_name"], f"{MODULE}.report_sakip_pk")
        self.assertEqual(action["context"]["active_ids"], self.pk.ids)
        self.pk.company_id.sakip_pk_heading = "emblem"
        other = self.env["res.company"].create({"name": "Dinas Tanpa PK"})
        with self.assertRaises(UserError):
            other._sakip_pk_preview_action()

    # 3. Dates and signatures

    def test_date_line(self):
        html = self.html()
        self.assertIn("Kota Contoh, ........................ 2026", html)
        # sudo: signed as the signature step does it
        self.pk.sudo()._sakip_workflow_write({"state": "signed", "sign_date": "2026-01-30"})
        html = self.html()
        self.assertIn("Kota Contoh, 30 Januari 2026", html)
        self.assertNotIn("........................", html)

    def test_date_line_city_from_the_company(self):
        self.pk.sign_place = False
        self.assertIn("Kota Contoh, ........................ 2026", self.html())

    def test_signatures_never_alone_on_a_page(self):
        """The demo agreement printed its two lampiran signatures alone on
        page 3: they now come with the last programmes and the total."""
        pk = self.env.ref(f"{MODULE}.pk_2026_kadis")
        pages = self.pdf(pk)
        signed = [page for page in pages if "PIHAK KEDUA," in page]
        self.assertEqual(len(signed), 2)  # the statement and the lampiran
        last = signed[-1]
        self.assertIn("JUMLAH", last)
        self.assertRegex(last, r"\n\s*\d+\s+Program")
        self.assertIs(pages[-1], last)
        # with the table's header when the tail starts the page
        if "LAMPIRAN" not in last:
            self.assertIn("Anggaran (Rp)", last)

    def test_signatures_kept_with_rows_whatever_the_length(self):
        program = self.pk.program_ids
        for count in (8, 16, 24):
            with self.subTest(programs=count):
                self.pk.program_ids = [(5, 0, 0)] + [
                    (0, 0, {"name": f"Program ke-{n}", "budget": 1000 * n}) for n in range(count)
                ]
                pages = self.pdf()
                last = pages[-1]
                self.assertIn("JUMLAH", last)
                self.assertIn(f"Program ke-{count - 1}", last)
                self.assertIn("PIHAK PERTAMA,", last)
                text = "\n".join(pages)
                for n in range(count):
                    self.assertEqual(len(re.findall(rf"Program ke-{n}\b", text)), 1, n)
        self.assertFalse(program.exists())

    # 4. Logos

    def test_placeholder_logo_never_printed(self):
        company = self.company.with_context(bin_size=False)
        default = self.env["res.company"]._get_logo()
        self.assertEqual(company.logo, default)
        self.assertTrue(self.company.sakip_logo_is_placeholder)
        self.assertFalse(self.company._sakip_print_logo())
        for heading in ("emblem", "letterhead"):
            self.company.sakip_pk_heading = heading
            html = self.html()
            self.assertNotIn('alt="Lambang"', html)
            self.assertNotIn('alt="Logo"', html)
        with file_open(f"{MODULE}/static/img/demo_emblem.png", "rb") as emblem:
            self.company.logo = base64.b64encode(emblem.read())
        self.assertFalse(self.company.sakip_logo_is_placeholder)
        self.company.sakip_pk_heading = "emblem"
        self.assertIn('alt="Lambang"', self.html())
        self.company.sakip_pk_heading = "letterhead"
        self.assertIn('alt="Logo"', self.html())
        self.company.logo = False
        self.assertTrue(self.company.sakip_logo_is_placeholder)

    def test_placeholder_logo_not_on_the_sop_sheet(self):
        sop = self.env.ref(f"{MODULE}.sop_penyusunan_pk").copy({"company_id": self.company.id})
        report = f"{MODULE}.action_report_sakip_sop"
        html = self.env["ir.actions.report"]._render_qweb_html(report, sop.ids)[0].decode()
        self.assertTrue(self.company.sakip_logo_is_placeholder)
        self.assertNotIn('alt="Logo"', html)
        with file_open(f"{MODULE}/static/img/demo_emblem.png", "rb") as emblem:
            self.company.logo = base64.b64encode(emblem.read())
        html = self.env["ir.actions.report"]._render_qweb_html(report, sop.ids)[0].decode()
        self.assertIn('alt="Logo"', html)

    # 5. People as offices write them

    def test_printed_rank(self):
        self.assertEqual(self.head.pangkat_printed, "Pembina Utama Muda")
        self.head.pangkat_printed = "Pembina Utama Muda (IV/c)"
        self.assertIn("Pembina Utama Muda (IV/c)", self.html())
        self.head.golongan = "IV/b"
        self.assertEqual(self.head.pangkat_printed, "Pembina Tingkat I")
        self.head.pangkat_printed = "Pembina Tk. I"
        html = self.html()
        self.assertIn("Pembina Tk. I", html)
        self.assertNotIn("Pembina Tingkat I", html)
        self.env.flush_all()  # hr.employee.public is a view of the table
        public = self.env["hr.employee.public"].browse(self.head.id)
        self.assertEqual(public.pangkat_printed, "Pembina Tk. I")

    def test_acting_officials_on_the_agreement(self):
        self.pk.write({"first_party_acting": "plt", "second_party_acting": "plh"})
        html = self.html()
        self.assertEqual(html.count("Plt. Kepala Dinas Pendidikan Kabupaten Contoh"), 3)
        self.assertEqual(html.count("Plh. Bupati Contoh"), 3)
        # the holder of the position is untouched
        self.assertEqual(self.head.job_title, "Kepala Dinas Pendidikan Kabupaten Contoh")
        # frozen once signed
        self.pk.sudo()._sakip_workflow_write({"state": "signed", "sign_date": "2026-01-30"})
        with self.assertRaises(UserError):
            self.pk.first_party_acting = False
        self.assertEqual(self.pk.first_party_acting, "plt")

    def test_acting_signer_of_a_letter(self):
        user = new_test_user(
            self.env, login="format.letter.signer", groups=f"{MODULE}.group_sakip_head"
        )
        main = self.env.ref("base.main_company")
        signer = self.env["hr.employee"].create(
            {
                "name": "PENANDA TANGAN",
                "job_title": "Sekretaris Dinas Pendidikan",
                "golongan": "IV/a",
                "company_id": main.id,
                "user_id": user.id,
            }
        )
        signer.pangkat_printed = "Pembina (IV/a)"
        letter = self.env.ref(f"{MODULE}.letter_type_cover_letter")._sakip_issue(
            {"subject": "Uji cetak", "signer_employee_id": signer.id}
        )
        letter.signer_acting = "plh"
        html = (
            self.env["ir.actions.report"]
            ._render_qweb_html(f"{MODULE}.action_report_sakip_cover_letter", letter.ids)[0]
            .decode()
        )
        self.assertIn("Plh. Sekretaris Dinas Pendidikan,", html)
        self.assertIn("Pembina (IV/a)", html)
        self.assertEqual(signer.job_title, "Sekretaris Dinas Pendidikan")
