# Copyright 2024 SAKIP Indonesia
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""The quarterly measurement as the second SOP on the engine (issue 15,
item 4): a whole quarter run as the right users, one bidang returned once,
the approved report as the document of record, and who may do what."""

import base64
import io

import openpyxl

from odoo.exceptions import AccessError, UserError
from odoo.tests import tagged

from .access_common import AccessCase
from .measurement_run_common import current_step
from .test_reports import pdf_pages

MODULE = "sakip_penetapan_kinerja"


@tagged("post_install", "-at_install", "sakip")
class TestMeasurementRun(AccessCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.pk._sakip_workflow_write({"state": "signed"})
        cls.planner = cls.users["planner"]
        cls.secretary = cls.users["secretary"]
        cls.head = cls.users["head"]
        cls.measurement = (
            cls.env["sakip.pk.measurement"]
            .with_user(cls.planner)
            .create({"pk_id": cls.pk.id, "quarter": "1"})
        )
        cls.line_sd = cls.measurement.line_ids.filtered(
            lambda line: line.department_id == cls.dep_sd
        )
        cls.line_smp = cls.measurement.line_ids - cls.line_sd
        cls.budget_sd = cls.measurement.budget_ids.filtered(lambda b: b.department_id == cls.dep_sd)
        cls.budget_smp = cls.measurement.budget_ids - cls.budget_sd

    def _part(self, department):
        return self.measurement.part_ids.filtered(lambda p: p.department_id == department)

    def _evidence(self, user, name):
        return (
            self.env["ir.attachment"]
            .with_user(user)
            .create({"name": name, "datas": base64.b64encode(b"%PDF-1.4 bukti")})
        )

    def _step_kind(self):
        return current_step(self.measurement).kind

    def _open(self):
        self.measurement.with_user(self.planner).action_sop_open_quarter()
        return self.measurement._sop_running_run()

    def test_whole_quarter(self):
        run = self._open()
        self.assertEqual(run.sop_id, self.env.ref(f"{MODULE}.sop_pengukuran_kinerja"))
        self.assertEqual(self._step_kind(), "measurement_entry")
        self.assertTrue(current_step(self.measurement).date_deadline)
        part_sd, part_smp = self._part(self.dep_sd), self._part(self.dep_smp)
        self.assertEqual(part_sd.user_ids, self.staff_sd)
        self.assertEqual(part_smp.user_ids, self.staff_smp)
        self.assertEqual((part_sd | part_smp).mapped("state"), ["pending", "pending"])
        activities = self.env["mail.activity"].search(
            [("res_model", "=", "sakip.pk.measurement"), ("res_id", "=", self.measurement.id)]
        )
        self.assertEqual(activities.user_id, self.staff_sd | self.staff_smp)
        # One run per agreement and quarter.
        with self.assertRaises(UserError):
            self.measurement.with_user(self.planner).action_sop_open_quarter()

        # Each bidang enters its realisation with its evidence and submits.
        self.measurement.with_user(self.staff_sd).write(
            {
                "line_ids": [
                    (
                        1,
                        self.line_sd.id,
                        {
                            "realisation": 97.5,
                            "evidence_ids": [(6, 0, self._evidence(self.staff_sd, "sd.pdf").ids)],
                        },
                    )
                ],
                "budget_ids": [(1, self.budget_sd.id, {"spent": 312_500_000})],
            }
        )
        self.assertEqual(self.measurement.with_user(self.staff_sd).my_part_id, part_sd)
        self.measurement.with_user(self.staff_sd).action_submit_my_part()
        self.assertEqual(part_sd.state, "submitted")
        self.assertFalse(self.measurement.with_user(self.staff_sd).my_part_id)
        with self.assertRaises(UserError):
            self.line_sd.with_user(self.staff_sd).write({"realisation": 90.0})
        self.line_smp.with_user(self.staff_smp).write({"realisation": 60.0})
        with self.assertRaises(UserError) as caught:
            self.measurement.with_user(self.staff_smp).action_submit_my_part()
        self.assertIn("explanation", str(caught.exception))
        self.line_smp.with_user(self.staff_smp).write(
            {"explanation": "Data Dapodik belum lengkap."}
        )
        self.measurement.with_user(self.staff_smp).action_submit_my_part()
        current_step(self.measurement).with_user(self.planner).action_done()
        self.assertEqual(self.measurement.state, "submitted")
        self.assertEqual(self._step_kind(), "measurement_verify")

        # Tim Perencanaan returns one bidang, once, with its reason.
        with self.assertRaises(UserError):
            part_smp.with_user(self.planner).action_return("  ")
        wizard = (
            self.env["sakip.pk.measurement.part.return.wizard"]
            .with_user(self.planner)
            .create({"part_id": part_smp.id, "reason": "Bukti dukung APM SMP tidak sesuai."})
        )
        wizard.action_confirm()
        self.assertEqual(part_smp.state, "returned")
        self.assertEqual(part_smp.return_count, 1)
        self.assertEqual(part_sd.state, "submitted")
        reopened = self.env["mail.activity"].search(
            [
                ("res_model", "=", "sakip.pk.measurement"),
                ("res_id", "=", self.measurement.id),
                ("user_id", "=", self.staff_smp.id),
            ]
        )
        self.assertIn("Bukti dukung APM SMP", reopened.note)
        with self.assertRaises(UserError) as caught:
            current_step(self.measurement).with_user(self.planner).action_done()
        self.assertIn("Bidang SMP", str(caught.exception))
        self.line_smp.with_user(self.staff_smp).write(
            {
                "realisation": 80.0,
                "evidence_ids": [(6, 0, self._evidence(self.staff_smp, "smp.pdf").ids)],
            }
        )
        self.measurement.with_user(self.staff_smp).action_submit_my_part()
        current_step(self.measurement).with_user(self.planner).action_done()
        self.assertEqual(self.measurement.state, "verified")

        # The Sekretaris reviews, the Kepala approves: locked, of record.
        self.assertEqual(self._step_kind(), "review")
        current_step(self.measurement).with_user(self.secretary).action_done()
        self.assertEqual(self._step_kind(), "signature")
        current_step(self.measurement).with_user(self.head).action_done()
        self.assertEqual(self.measurement.state, "approved")
        self.assertEqual(run.state, "done")
        self.assertEqual(self.measurement.approved_by_id, self.head)
        self.assertEqual(self.line_sd.rating_band_id.name, "Sangat Baik")
        self.assertEqual(self.line_smp.rating_band_id.name, "Baik")
        self.assertAlmostEqual(self.line_smp.capaian, 82.47, places=2)
        record = self.measurement.record_attachment_id
        self.assertTrue(record and self.measurement.record_sha256 and self.measurement.verify_url)
        text = "\n".join(pdf_pages(base64.b64decode(record.datas)))
        for expected in (
            "PENGUKURAN KINERJA",
            "TRIWULAN I TAHUN 2030",
            "APM SD/MI",
            "100,52",
            "Sangat Baik",
            "82,47",
            "Baik",
            "Data Dapodik belum",
            "Kepala Dinas",
            "312.500.000",
            "12,5",  # budget absorption: 312.5 million of 2.5 billion
        ):
            with self.subTest(expected=expected):
                self.assertIn(expected, text)
        report = f"{MODULE}.action_report_sakip_pk_measurement"
        html = self.env["ir.actions.report"]._render_qweb_html(report, self.measurement.ids)[0]
        html = html.decode()
        self.assertIn(self.line_smp.rating_band_id.colour, html)
        self.assertIn(self.measurement.verify_url, html)
        # Approved: read-only for everyone, its run over.
        for user in (self.staff_sd, self.planner, self.head, self.users["admin"]):
            with self.subTest(user=user.login), self.assertRaises(UserError):
                self.line_sd.with_user(user).write({"realisation": 1.0})
        with self.assertRaises(UserError):
            self.measurement.with_user(self.planner).write({"quarter": "2"})
        with self.assertRaises(UserError):
            self.measurement.with_user(self.planner).action_sop_open_quarter()

    def test_steps_and_parts_per_bidang(self):
        """A bidang sees and submits only its own part, and does none of the
        steps; the planner returns only a submitted part, during the run."""
        self.line_sd.write({"realisation": 97.0})
        self.line_smp.write({"realisation": 97.0})
        with self.assertRaises(UserError):
            self.measurement.with_user(self.staff_sd).action_submit_my_part()  # no run yet
        self._open()
        part_sd, part_smp = self._part(self.dep_sd), self._part(self.dep_smp)
        Part = self.env["sakip.pk.measurement.part"]
        self.assertEqual(Part.with_user(self.staff_sd).search([]), part_sd)
        both = part_sd | part_smp
        self.assertEqual(Part.with_user(self.planner).search([]) & both, both)
        with self.assertRaises(AccessError):
            part_smp.with_user(self.staff_sd).action_submit()
        with self.assertRaises(UserError):
            part_sd.with_user(self.staff_sd).write({"state": "submitted"})
        for user in (self.staff_sd, self.secretary, self.head):
            with self.subTest(user=user.login), self.assertRaises(UserError):
                current_step(self.measurement).with_user(user).action_done()
        with self.assertRaises(UserError):
            part_sd.with_user(self.planner).action_return("Belum dikirim")
        part_sd.with_user(self.staff_sd).action_submit()
        with self.assertRaises(AccessError):
            part_sd.with_user(self.staff_sd).action_return("Kembalikan sendiri")
        part_smp.with_user(self.planner).action_submit()  # the planner submits for a bidang
        current_step(self.measurement).with_user(self.planner).action_done()
        current_step(self.measurement).with_user(self.planner).action_done()
        # The Sekretaris sends it back to verification.
        current_step(self.measurement).with_user(self.secretary).action_send_back(
            "Penjelasan capaian belum lengkap."
        )
        self.assertEqual(self.measurement.state, "submitted")
        self.assertEqual(self._step_kind(), "measurement_verify")

    def test_xlsx_export(self):
        self.line_sd.write({"realisation": 97.0})
        self.budget_sd.write({"spent": 625_000_000})
        content, __ = (
            self.env["ir.actions.report"]
            .with_user(self.planner)
            ._render_xlsx(
                f"{MODULE}.action_report_sakip_pk_measurement_xlsx", self.measurement.ids, {}
            )
        )
        sheet = openpyxl.load_workbook(io.BytesIO(content)).active
        rows = list(sheet.iter_rows(values_only=True))
        self.assertEqual(rows[0][0], "PENGUKURAN KINERJA TRIWULAN I TAHUN 2030")
        [line] = [row for row in rows if row[2] == "APM SD/MI"]
        self.assertEqual(line[4:8], (97, 97, 100, "Sangat Baik"))
        [budget] = [row for row in rows if row[1] == "Program Pengelolaan Pendidikan SD"]
        self.assertEqual(budget[4:7], (1_250_000_000, 625_000_000, 50))

    def test_office_setup_copies_the_measurement_sop(self):
        office = self.env["res.company"].create({"name": "Dinas Perpustakaan"})
        template = self.env.ref(f"{MODULE}.sop_penyusunan_pk")
        office._sakip_setup_sop(template)
        sops = self.env["sakip.sop"].search([("company_id", "=", office.id)])
        self.assertEqual(set(sops.mapped("code")), {"penyusunan_pk", "pengukuran_kinerja"})
        measurement_sop = sops.filtered(lambda sop: sop.code == "pengukuran_kinerja")
        self.assertTrue(measurement_sop.is_current)
        self.assertEqual(measurement_sop.step_ids.actor_id.company_id, office)
        self.assertEqual(
            measurement_sop.step_ids.mapped("kind"),
            ["order", "measurement_entry", "measurement_verify", "review", "signature"],
        )
