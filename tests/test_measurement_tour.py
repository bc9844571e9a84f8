# Copyright 2024 SAKIP Indonesia
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""A bidang head enters a realisation with its evidence on a phone and
submits their bidang's part (static/tests/tours/sakip_measurement_tour.js),
with the demo login kabid.paud."""

from odoo import Command
from odoo.tests import HttpCase, tagged

MODULE = "sakip_penetapan_kinerja"


@tagged("post_install", "-at_install", "sakip")
class TestMeasurementPhoneTour(HttpCase):
    browser_size = "390x844"
    touch_enabled = True

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        Users = cls.env["res.users"]
        cls.kabid_paud = Users.search([("login", "=", "kabid.paud")])
        planner = Users.search([("login", "=", "perencana")])
        dep_paud = cls.env.ref(f"{MODULE}.dep_paud")
        dep_sd = cls.env.ref(f"{MODULE}.dep_sd")
        cls.pk = cls.env["sakip.pk"].create(
            {
                "fiscal_year": 2035,
                "level": "head",
                "first_party_id": cls.env.ref(f"{MODULE}.employee_kadis").id,
                "second_party_name": "Bupati",
                "indicator_ids": [
                    Command.create(
                        {
                            "objective": "Meningkatnya akses PAUD",
                            "name": "APK PAUD usia 3-6 tahun",
                            "uom": "%",
                            "target": 80.0,
                            "target_q1": 78.0,
                            "target_q2": 78.0,
                            "target_q3": 79.0,
                            "target_q4": 80.0,
                            "department_id": dep_paud.id,
                        }
                    ),
                    Command.create(
                        {
                            "objective": "Meningkatnya akses pendidikan dasar",
                            "name": "APM SD/MI",
                            "uom": "%",
                            "target": 98.0,
                            "department_id": dep_sd.id,
                        }
                    ),
                ],
            }
        )
        cls.pk._sakip_workflow_write({"state": "signed"})
        cls.measurement = (
            cls.env["sakip.pk.measurement"]
            .with_user(planner)
            .create({"pk_id": cls.pk.id, "quarter": "1"})
        )
        cls.measurement.with_user(planner).action_sop_open_quarter()
        cls.part = cls.measurement.part_ids.filtered(lambda p: p.department_id == dep_paud)

    def test_bidang_head_enters_realisation_on_phone(self):
        self.assertIn(self.kabid_paud, self.part.user_ids)
        self.start_tour(
            f"/odoo/action-{MODULE}.action_sakip_pk_measurement/{self.measurement.id}",
            "sakip_measurement_phone_tour",
            login="kabid.paud",
        )
        line = self.measurement.line_ids.filtered(
            lambda line: line.name == "APK PAUD usia 3-6 tahun"
        )
        self.assertEqual(line.realisation, 70.2)
        self.assertTrue(line.realisation_entered)
        self.assertEqual(line.evidence_ids.mapped("name"), ["bukti_apk_paud.pdf"])
        self.assertEqual(line.explanation, "Dua pos PAUD baru belum beroperasi.")
        self.assertAlmostEqual(line.capaian, 90.0, places=2)
        self.assertEqual(self.part.state, "submitted")
        self.assertEqual(self.part.submitted_by_id, self.kabid_paud)
        # The other bidang's part is still to enter.
        self.assertEqual((self.measurement.part_ids - self.part).state, "pending")
