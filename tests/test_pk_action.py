# Copyright 2024 SAKIP Indonesia
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""Rencana Aksi (issue 15, item 1): kegiatan and sub-kegiatan per indicator,
printed (F4) and exported (XLSX), carried to the PK Perubahan."""

import io

import openpyxl

from odoo.exceptions import UserError, ValidationError
from odoo.tests import tagged

from .access_common import MODULE, AccessCase


@tagged("post_install", "-at_install", "sakip")
class TestPkAction(AccessCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.pk._sakip_workflow_write({"state": "signed"})
        Action = cls.env["sakip.pk.action"]
        cls.kegiatan = Action.create(
            {
                "indicator_id": cls.indicator_sd.id,
                "name": "Pengelolaan Pendidikan Sekolah Dasar",
                "employee_id": cls.kabid_sd.id,
                "target_q1": 25.0,
                "target_q4": 100.0,
                "budget": 750_000_000,
            }
        )
        cls.sub = Action.create(
            {
                "indicator_id": cls.indicator_sd.id,
                "name": "Rehabilitasi Ruang Kelas SD",
                "kind": "sub_kegiatan",
                "parent_id": cls.kegiatan.id,
                "uom": "ruang",
                "target_q2": 12.0,
                "budget": 500_000_000,
            }
        )

    def test_structure_is_checked(self):
        Action = self.env["sakip.pk.action"]
        with self.assertRaises(ValidationError):
            Action.create(
                {"indicator_id": self.indicator_sd.id, "name": "Lepas", "kind": "sub_kegiatan"}
            )
        with self.assertRaises(ValidationError):
            Action.create(
                {
                    "indicator_id": self.indicator_smp.id,
                    "name": "Indikator lain",
                    "kind": "sub_kegiatan",
                    "parent_id": self.kegiatan.id,
                }
            )
        with self.assertRaises(ValidationError):
            self.sub.write({"budget": 10.5})
        with self.assertRaises(ValidationError):
            self.sub.write({"target_q3": -1.0})
        self.assertEqual(self.pk.action_count, 2)
        self.assertEqual(self.pk.action_view_actions()["domain"], [("pk_id", "=", self.pk.id)])

    def test_xlsx_export(self):
        content, kind = self.env["ir.actions.report"]._render_xlsx(
            f"{MODULE}.action_report_sakip_pk_action_xlsx", self.pk.ids, {}
        )
        self.assertEqual(kind, "xlsx")
        sheet = openpyxl.load_workbook(io.BytesIO(content)).active
        rows = [row for row in sheet.iter_rows(min_row=6, values_only=True) if any(row)]
        self.assertEqual(rows[0][2], "APM SD/MI")
        self.assertEqual(rows[0][7:11], (97, 97.5, 97.8, 98))
        self.assertEqual(rows[1][3], "Pengelolaan Pendidikan Sekolah Dasar")
        self.assertEqual(rows[1][5], "Kepala Bidang SD")
        self.assertEqual(rows[1][11], 750_000_000)
        self.assertEqual(rows[2][4], "Rehabilitasi Ruang Kelas SD")
        self.assertEqual(rows[2][8], 12)
        self.assertEqual(sheet.cell(1, 1).value, "RENCANA AKSI TAHUN 2030")

    def test_pdf_layout(self):
        html = (
            self.env["ir.actions.report"]
            ._render_qweb_html(f"{MODULE}.action_report_sakip_pk_action", self.pk.ids)[0]
            .decode()
        )
        for text in ("RENCANA AKSI TAHUN 2030", "Rehabilitasi Ruang Kelas SD", "Kepala Bidang SD"):
            self.assertIn(text, html)
        report = self.env.ref(f"{MODULE}.action_report_sakip_pk_action")
        self.assertEqual(report.paperformat_id, self.env.ref(f"{MODULE}.paperformat_f4_landscape"))

    def test_pk_perubahan_takes_the_plan(self):
        self.pk.action_revise()
        revision = self.env["sakip.pk"].search([("previous_id", "=", self.pk.id)])
        copied = self.env["sakip.pk.action"].search([("pk_id", "=", revision.id)])
        self.assertEqual(sorted(copied.mapped("name")), sorted([self.kegiatan.name, self.sub.name]))
        sub = copied.filtered(lambda action: action.kind == "sub_kegiatan")
        self.assertEqual(sub.parent_id, copied - sub)
        self.assertEqual(sub.indicator_id.pk_id, revision)
        # The plan of the superseded version stays on record as it was.
        with self.assertRaises(UserError):
            self.sub.write({"name": "Diubah"})
        self.assertEqual(self.pk.action_count, 2)
