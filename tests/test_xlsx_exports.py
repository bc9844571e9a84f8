# Copyright 2024 SAKIP Indonesia
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
import io
from datetime import date, datetime

import openpyxl

from odoo import Command
from odoo.tests import TransactionCase, freeze_time, tagged

from .sop_run_common import MODULE, create_office, local

PK_REPORT = f"{MODULE}.action_report_sakip_pk_xlsx"
RUN_REPORT = f"{MODULE}.action_report_sakip_sop_run_xlsx"


def rows_by(sheet, column, min_row=1):
    """The rows of ``sheet`` (lists of values) by their value in ``column`` (0-based)."""
    return {
        row[column]: list(row)
        for row in sheet.iter_rows(min_row=min_row, values_only=True)
        if row[column] is not None
    }


@tagged("post_install", "-at_install", "sakip")
class TestXlsxExports(TransactionCase):
    """The XLSX exports of the Print menu: the agreement and the step monitoring."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env = cls.env(context=dict(cls.env.context, lang="en_US"))
        office = create_office(cls.env, "Dinas Pendidikan Ekspor", "xlsxexp")
        cls.company, cls.users = office["company"], office["users"]
        cls.company.write(
            {
                "sakip_office_name": "Dinas Pendidikan Kabupaten Ekspor",
                "sakip_regency": "Kabupaten Ekspor",
                "sakip_regent_name": "Sadewo Tri Lastiono",
                "sakip_regent_title": "Bupati Ekspor",
            }
        )
        # The minutes of the meeting (step 5) are not what these tests are about.
        office["sop"].step_ids.filtered(lambda s: s.sequence == 5).output_ids.unlink()
        cls.env = cls.env(context=dict(cls.env.context, allowed_company_ids=cls.company.ids))
        cls.bidang_sd, cls.bidang_smp = cls.env["hr.department"].create(
            [
                {"name": "Bidang SD", "company_id": cls.company.id},
                {"name": "Bidang SMP", "company_id": cls.company.id},
            ]
        )
        cls.head = cls.env["hr.employee"].create(
            {
                "name": "Joko Wiyono, S.Pd., M.Pd.",
                "job_title": "Kepala Dinas Pendidikan",
                "nip": "196602171993031002",
                "golongan": "IV/c",
                "company_id": cls.company.id,
            }
        )
        # The staff user belongs to Bidang SD: they read that bidang's lines only.
        cls.env["hr.employee"].create(
            {
                "name": "Staf SD",
                "department_id": cls.bidang_sd.id,
                "user_id": cls.users["staff"].id,
                "company_id": cls.company.id,
            }
        )
        cls.pk = cls.env["sakip.pk"].create(
            {
                "fiscal_year": 2026,
                "level": "head",
                "company_id": cls.company.id,
                "first_party_id": cls.head.id,
                "sign_place": "Purwokerto",
                "indicator_ids": [
                    Command.create(
                        {
                            "objective": "Meningkatnya akses pendidikan dasar",
                            "name": "APM SD",
                            "uom": "%",
                            "target": 95.5,
                            "target_q1": 90,
                            "target_q2": 92,
                            "target_q3": 94,
                            "target_q4": 95.5,
                            "department_id": cls.bidang_sd.id,
                        }
                    ),
                    Command.create(
                        {
                            "objective": "Meningkatnya mutu pendidikan",
                            "name": "=Sekolah terakreditasi",  # text, never a formula
                            "uom": "Sekolah",
                            "target": 120,
                            "department_id": cls.bidang_smp.id,
                        }
                    ),
                    Command.create(
                        {
                            "objective": "Meningkatnya akuntabilitas kinerja",
                            "name": "Predikat SAKIP",
                            "uom": "Predikat",
                            "target_kind": "text",
                            "target_text": "BB",
                            "target_q4_text": "BB",
                            "department_id": cls.bidang_sd.id,
                        }
                    ),
                ],
                "program_ids": [
                    Command.create(
                        {
                            "name": "Program Pengelolaan Pendidikan",
                            "budget": 1_000_000_000,
                            "note": "APBD",
                            "department_id": cls.bidang_sd.id,
                        }
                    ),
                    Command.create(
                        {
                            "name": "Program Pengembangan Kurikulum",
                            "budget": 234_567_890,
                            "department_id": cls.bidang_smp.id,
                        }
                    ),
                ],
            }
        )
        # The date of signing is the workflow's (sakip.workflow.owned.mixin).
        cls.pk._sakip_workflow_write({"sign_date": date(2026, 1, 31)})

    def _render(self, report, records, user):
        content, kind = (
            self.env["ir.actions.report"].with_user(user)._render_xlsx(report, records.ids, {})
        )
        self.assertEqual(kind, "xlsx")
        return openpyxl.load_workbook(io.BytesIO(content))

    # The performance agreement

    def test_pk_export(self):
        workbook = self._render(PK_REPORT, self.pk, self.users["planner"])
        self.assertEqual(workbook.sheetnames, ["Indikator PK 2026", "Program PK 2026"])
        indicators, programs = workbook.worksheets
        self.assertEqual(indicators["A1"].value, "PERJANJIAN KINERJA TAHUN 2026")
        self.assertEqual(indicators["A2"].value, "Dinas Pendidikan Kabupaten Ekspor")
        block = {
            row[0]: row[2]
            for row in indicators.iter_rows(min_row=4, max_row=20, values_only=True)
            if row[0]
        }
        self.assertEqual(block["Tahun"], 2026)
        self.assertEqual(block["Pihak Pertama"], "Joko Wiyono, S.Pd., M.Pd.")
        self.assertEqual(block["Pihak Kedua"], "Sadewo Tri Lastiono")
        self.assertEqual(block["NIP"], "19660217 199303 1 002")
        self.assertEqual(block["Pangkat"], "Pembina Utama Muda (IV/c)")
        self.assertEqual(block["Tanggal penandatanganan"], datetime(2026, 1, 31))
        self.assertEqual(block["Status"], "Draf")

        lines = rows_by(indicators, 2)
        self.assertEqual(
            lines["APM SD"],
            [
                1,
                "Meningkatnya akses pendidikan dasar",
                "APM SD",
                "%",
                95.5,
                90,
                92,
                94,
                95.5,
                "IKU",
                "Bidang SD",
            ],
        )
        accredited = lines["=Sekolah terakreditasi"]
        self.assertEqual(accredited[3:9], ["Sekolah", 120, None, None, None, None])
        self.assertEqual(accredited[10], "Bidang SMP")
        self.assertEqual(lines["Predikat SAKIP"][4:9], ["BB", None, None, None, "BB"])
        self.assertNotIn("f", {cell.data_type for row in indicators.iter_rows() for cell in row})

        lines = rows_by(programs, 1)
        self.assertEqual(
            lines["Program Pengelolaan Pendidikan"],
            [1, "Program Pengelolaan Pendidikan", 1_000_000_000, "APBD", "Bidang SD"],
        )
        self.assertEqual(lines["Program Pengembangan Kurikulum"][2], 234_567_890)
        self.assertEqual(lines["Jumlah"][2], 1_234_567_890)
        self.assertEqual(lines["Jumlah"][2], self.pk.budget_total)
        words = next(value for value in lines if str(value).startswith("Terbilang"))
        self.assertEqual(
            words,
            "Terbilang: Satu miliar dua ratus tiga puluh empat juta lima ratus enam puluh "
            "tujuh ribu delapan ratus sembilan puluh rupiah",
        )

    def test_pk_export_staff_reads_own_bidang(self):
        workbook = self._render(PK_REPORT, self.pk, self.users["staff"])
        indicators, programs = workbook.worksheets
        self.assertEqual(set(rows_by(indicators, 10, min_row=10)) - {"Bidang"}, {"Bidang SD"})
        lines = rows_by(programs, 1)
        self.assertNotIn("Program Pengembangan Kurikulum", lines)
        self.assertEqual(lines["Jumlah"][2], 1_000_000_000)

    def test_pk_export_of_several_agreements(self):
        kabid = self.env["hr.employee"].create(
            {"name": "Siti Rahayu", "company_id": self.company.id}
        )
        second = self.env["sakip.pk"].create(
            {
                "fiscal_year": 2026,
                "level": "echelon_3",
                "company_id": self.company.id,
                "parent_id": self.pk.id,
                "first_party_id": kabid.id,
                "program_ids": [Command.create({"name": "Program SD", "budget": 5_000})],
            }
        )
        workbook = self._render(PK_REPORT, self.pk | second, self.users["head"])
        self.assertEqual(len(workbook.sheetnames), 4)
        self.assertEqual(len(set(workbook.sheetnames)), 4)
        last = workbook.worksheets[3]
        self.assertEqual(rows_by(last, 1)["Jumlah"][2], 5_000)
        self.assertIn("Siti Rahayu", last["A3"].value)
        first_block = workbook.worksheets[2]
        pihak_kedua = rows_by(first_block, 0, min_row=4)["Pihak Kedua"][2]
        self.assertEqual(pihak_kedua, "Joko Wiyono, S.Pd., M.Pd.")

    def _export_queries(self, lines):
        employee = self.env["hr.employee"].create(
            {"name": f"Kasi {lines}", "company_id": self.company.id}
        )
        pk = self.env["sakip.pk"].create(
            {
                "fiscal_year": 2026,
                "level": "echelon_4",
                "company_id": self.company.id,
                "first_party_id": employee.id,
                "indicator_ids": [
                    Command.create(
                        {
                            "objective": f"Sasaran {i % 7}",
                            "name": f"Indikator {i}",
                            "target": i,
                            "department_id": (self.bidang_sd if i % 2 else self.bidang_smp).id,
                        }
                    )
                    for i in range(lines)
                ],
                "program_ids": [
                    Command.create({"name": f"Program {i}", "budget": i * 1000})
                    for i in range(lines)
                ],
            }
        )
        planner = self.users["planner"]
        self.env.flush_all()
        self.env.invalidate_all()
        before = self.env.cr.sql_log_count
        workbook = self._render(PK_REPORT, pk, planner)
        count = self.env.cr.sql_log_count - before
        self.assertEqual(rows_by(workbook.worksheets[1], 1)["Jumlah"][2], sum(range(lines)) * 1000)
        return count

    def test_pk_export_queries_do_not_grow_with_the_lines(self):
        self._export_queries(2)  # fills the caches filled once (report action, groups)
        self.assertEqual(self._export_queries(5), self._export_queries(300))

    # The step monitoring of an SOP run

    def test_sop_run_export(self):
        users = self.users
        with freeze_time(local(2026, 3, 2, 8, 0)):
            self.pk.with_user(users["head"]).action_start_sop_run()
            run = self.pk.sop_run_ids
            run.with_user(users["head"]).write({"start_text": "<p>Susun PK sesuai SOP.</p>"})
            run.with_user(users["head"]).action_start()
            # Meeting, collection, analysis and drafting are other tests' business.
            later = run.step_ids.filtered(lambda s: 4 <= s.sequence <= 8)
            later.with_user(users["admin"]).action_skip("Tidak diuji di sini")
        steps = {step.sequence: step for step in run.step_ids}
        with freeze_time(local(2026, 3, 2, 10, 0)):
            steps[2].with_user(users["planner"]).action_done()
        with freeze_time(local(2026, 3, 2, 11, 30)):  # half an hour after its 1-hour norm
            steps[3].with_user(users["planner2"]).action_done()
        with freeze_time(local(2026, 3, 2, 13, 30)):
            steps[9].with_user(users["secretary"]).action_send_back("Target SD belum sesuai")
        with freeze_time(local(2026, 3, 2, 14, 0)):
            workbook = self._render(RUN_REPORT, run, users["staff"])
        sheet = workbook.worksheets[0]
        self.assertEqual(sheet["A1"].value, "PEMANTAUAN PELAKSANAAN SOP")
        block = rows_by(sheet, 0, min_row=4)
        self.assertEqual(block["Proses"][2], run.name)
        self.assertEqual(block["Status"][2], "Berjalan")
        self.assertEqual(block["Dimulai"][2], datetime(2026, 3, 2, 8, 0))
        self.assertEqual(block["Zona waktu"][2], "Asia/Jakarta")

        header = next(row for row in sheet.iter_rows(values_only=True) if row[0] == "No")
        self.assertEqual(header[:6], ("No", "Kegiatan", "Pelaksana", "Putaran", "Status", "Norma"))
        rows = {
            (row[0], row[3]): list(row)
            for row in sheet.iter_rows(values_only=True)
            if isinstance(row[0], int)
        }
        step_2 = rows[2, 1]
        self.assertEqual(step_2[4], "Selesai")
        self.assertEqual(step_2[5], "4 jam")
        self.assertEqual(step_2[6:9], [4, 2, -2])
        self.assertEqual(
            step_2[9:12],
            [datetime(2026, 3, 2, 8, 0), datetime(2026, 3, 2, 12, 0), datetime(2026, 3, 2, 10, 0)],
        )
        self.assertEqual(step_2[12:], [users["planner"].name, "Tidak", 0])
        step_3 = rows[3, 1]
        self.assertEqual(step_3[6:9], [1, 1.5, 0.5])
        self.assertEqual(
            step_3[10:],
            [
                datetime(2026, 3, 2, 11, 0),
                datetime(2026, 3, 2, 11, 30),
                users["planner2"].name,
                "Ya",
                0,
            ],
        )
        self.assertEqual(rows[5, 1][4], "Dilewati")
        step_9 = rows[9, 1]
        self.assertEqual(step_9[4], "Dikembalikan")
        self.assertEqual(step_9[7], 1)  # 11:30-12:00 and 13:00-13:30
        self.assertEqual(step_9[12:], [users["secretary"].name, "Tidak", 1])
        self.assertEqual(rows[8, 2][4], "Sedang dikerjakan")
        self.assertEqual(rows[14, 1][4], "Menunggu")
        self.assertIsNone(rows[14, 1][6])

        summary = next(
            row for row in sheet.iter_rows(values_only=True) if str(row[1]).startswith("Jumlah")
        )
        closed = run.step_ids.filtered(lambda s: s.state in ("done", "sent_back"))
        self.assertEqual(len(closed), 4)  # steps 1, 2, 3 and 9
        self.assertAlmostEqual(summary[6], sum(closed.mapped("norm_hours")), places=2)
        self.assertAlmostEqual(summary[7], 0 + 2 + 1.5 + 1, places=2)
        self.assertEqual(summary[4], f"3 dari {len(run.step_ids)}")
        self.assertEqual(summary[13:15], (1, 1))  # one late step, one send-back
