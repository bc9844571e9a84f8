# Copyright 2024 SAKIP Indonesia
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""Quarterly measurements (issue 15, items 2 and 3): the lines follow the
agreement, capaian and rating are computed from the data, the PK Perubahan
carries the realisasi over, and the cost does not grow with the lines."""

import base64

import psycopg2

from odoo import Command
from odoo.exceptions import UserError, ValidationError
from odoo.tests import tagged
from odoo.tools import mute_logger

from .access_common import AccessCase
from .measurement_run_common import current_step

#: Cumulative quarterly targets reaching an annual target of 100.
QUARTERS_100 = {"target_q1": 80.0, "target_q2": 90.0, "target_q3": 95.0, "target_q4": 100.0}


@tagged("post_install", "-at_install", "sakip")
class TestMeasurement(AccessCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company.sakip_capaian_cap_mode = "120"
        cls.measured_pk = cls._signed_pk(
            2031,
            [
                # higher is better: Q1 target 80
                {"name": "Angka Partisipasi Kasar", "target": 100.0, **QUARTERS_100},
                # lower is better (2T - R) / T: Q1 target 10
                {
                    "name": "Angka putus sekolah",
                    "polarity": "lower",
                    "target": 10.0,
                    **dict.fromkeys(QUARTERS_100, 10.0),
                },
                # within a range 90..100
                {
                    "name": "Rasio guru",
                    "polarity": "range",
                    "range_low": 90.0,
                    "range_high": 100.0,
                    "target": 95.0,
                },
                # text grade
                {
                    "name": "Predikat SAKIP",
                    "target_kind": "text",
                    "target_text": "A",
                    "target_q1_text": "BB",
                    "target_q4_text": "A",
                },
                # not recorded
                {"name": "Indeks kepuasan", "target": 80.0},
            ],
        )

    @classmethod
    def _signed_pk(cls, year, indicators, department=None):
        department = department or cls.dep_sd
        pk = cls.env["sakip.pk"].create(
            {
                "fiscal_year": year,
                "level": "head",
                "first_party_id": cls.head_employee.id,
                "second_party_name": "Bupati",
                "indicator_ids": [
                    Command.create(
                        {
                            "objective": "Meningkatnya mutu pendidikan",
                            "uom": "%",
                            "department_id": department.id,
                            **vals,
                        }
                    )
                    for vals in indicators
                ],
                "program_ids": [
                    Command.create(
                        {
                            "name": "Program Pengelolaan Pendidikan",
                            "budget": 2_000_000,
                            "department_id": department.id,
                        }
                    )
                ],
            }
        )
        pk._sakip_workflow_write({"state": "signed"})
        return pk

    def _open(self, pk, quarter="1", user=None):
        return (
            self.env["sakip.pk.measurement"]
            .with_user(user or self.users["planner"])
            .create({"pk_id": pk.id, "quarter": quarter})
        )

    def _line(self, measurement, name):
        return measurement.line_ids.filtered(lambda line: line.name == name)

    def test_lines_follow_the_agreement(self):
        measurement = self._open(self.measured_pk)
        self.assertEqual(
            measurement.line_ids.mapped("name"),
            self.measured_pk.indicator_ids.mapped("name"),
        )
        self.assertEqual(self._line(measurement, "Angka Partisipasi Kasar").target, 80.0)
        # No quarterly targets given: the annual one.
        self.assertEqual(self._line(measurement, "Indeks kepuasan").target, 80.0)
        self.assertEqual(self._line(measurement, "Predikat SAKIP").target_text, "BB")
        self.assertEqual(measurement.budget_ids.budget, 2_000_000)
        self.assertEqual(
            measurement.name, f"Pengukuran Kinerja Tw I 2031 - {self.measured_pk.name}"
        )
        with (
            self.assertRaises(psycopg2.IntegrityError),
            mute_logger("odoo.sql_db"),
            self.env.cr.savepoint(),
        ):
            self._open(self.measured_pk)  # one per agreement and quarter

    def test_only_a_signed_agreement_is_measured(self):
        with self.assertRaises(UserError):
            self._open(self.pk)

    def test_capaian_and_rating_on_lines(self):
        measurement = self._open(self.measured_pk)
        values = {
            "Angka Partisipasi Kasar": {"realisation": 60.0},  # 75.00 Cukup
            "Angka putus sekolah": {"realisation": 12.0},  # 80.00 Baik
            "Rasio guru": {"realisation": 85.0},  # 94.44 Sangat Baik
            "Predikat SAKIP": {"realisation_text": "BB"},  # 100.00 Sangat Baik
        }
        for name, vals in values.items():
            self._line(measurement, name).with_user(self.staff_sd).write(vals)
        expected = {
            "Angka Partisipasi Kasar": (75.0, "Cukup", True),
            "Angka putus sekolah": (80.0, "Baik", True),
            "Rasio guru": (94.44, "Sangat Baik", True),
            "Predikat SAKIP": (100.0, "Sangat Baik", False),
        }
        for name, (capaian, rating, behind) in expected.items():
            line = self._line(measurement, name)
            with self.subTest(indicator=name):
                self.assertAlmostEqual(line.capaian, capaian, places=2)
                self.assertEqual(line.rating_band_id.name, rating)
                self.assertEqual(line.is_behind, behind)
                self.assertTrue(line.is_measured)
        unrecorded = self._line(measurement, "Indeks kepuasan")
        self.assertFalse(unrecorded.is_measured)
        self.assertFalse(unrecorded.rating_band_id)
        # A realisation of 0 is a value; the office's cap of 120 % applies.
        line = self._line(measurement, "Angka putus sekolah")
        line.with_user(self.staff_sd).write({"realisation": 0.0})
        self.assertEqual(line.capaian, 120.0)
        self.company.sakip_capaian_cap_mode = "none"
        self.assertEqual(line.capaian, 200.0)
        # The office's rating scale is data: a new top band rates at once.
        self.env["sakip.rating.band"].create(
            {"lower_bound": 150.0, "name": "Istimewa", "colour": "#0000FF"}
        )
        self.assertEqual(line.rating_band_id.name, "Istimewa")

    def test_invalid_realisation_is_refused(self):
        measurement = self._open(self.measured_pk)
        with self.assertRaises(ValidationError):
            self._line(measurement, "Predikat SAKIP").with_user(self.staff_sd).write(
                {"realisation_text": "Z"}
            )
        with self.assertRaises(ValidationError):
            self._line(measurement, "Rasio guru").with_user(self.staff_sd).write(
                {"realisation": -1.0}
            )

    def test_submit_verify_approve(self):
        """Through the quarter's run: a bidang cannot submit an indicator
        behind target without its explanation; approved, nothing changes."""
        measurement = self._open(self.measured_pk)
        for line in measurement.line_ids:
            if line.target_kind == "text":
                line.realisation_text = "A"
            else:
                line.realisation = line.target
        behind = self._line(measurement, "Angka Partisipasi Kasar")
        behind.realisation = 40.0
        planner = self.users["planner"]
        measurement.with_user(planner).action_sop_open_quarter()
        with self.assertRaises(UserError) as caught:
            measurement.part_ids.with_user(self.staff_sd).action_submit()
        self.assertIn("Angka Partisipasi Kasar", str(caught.exception))
        self.assertEqual(measurement.part_ids.state, "pending")
        behind.explanation = "Dana BOS terlambat cair."
        measurement.with_user(self.staff_sd).action_submit_my_part()
        with self.assertRaises(UserError):
            current_step(measurement).with_user(self.users["head"]).action_done()
        for user in (planner, planner, self.users["secretary"], self.users["head"]):
            current_step(measurement).with_user(user).action_done()
        self.assertEqual(measurement.state, "approved")
        self.assertEqual(measurement.approved_by_id, self.users["head"])
        self.assertEqual(measurement.behind_count, 1)
        for user in (self.staff_sd, self.users["planner"], self.users["admin"]):
            with self.subTest(user=user.login), self.assertRaises(UserError):
                behind.with_user(user).write({"explanation": "Diubah"})
        with self.assertRaises(UserError):
            measurement.budget_ids.write({"spent": 10})
        with self.assertRaises(UserError):
            measurement.with_user(planner).action_sop_open_quarter()

    def test_budget_absorption(self):
        budget = self._open(self.measured_pk).budget_ids
        budget.with_user(self.staff_sd).write({"spent": 500_000})
        self.assertEqual(budget.absorption, 25.0)
        with self.assertRaises(ValidationError):
            budget.with_user(self.staff_sd).write({"spent": -1})

    def test_pk_perubahan_carries_realisasi_over(self):
        pk = self._signed_pk(
            2032,
            [
                {"name": "APM SD", "target": 98.0},
                {"name": "APM SMP", "target": 90.0},
                {"name": "Angka lulus", "target": 99.0},
            ],
        )
        first = self._open(pk)
        evidence = self.env["ir.attachment"].create(
            {"name": "dapodik.pdf", "datas": base64.b64encode(b"%PDF-1.4")}
        )
        self._line(first, "APM SD").write(
            {"realisation": 97.0, "evidence_ids": [Command.set(evidence.ids)]}
        )
        self._line(first, "APM SMP").write({"realisation": 88.0})
        first.budget_ids.write({"spent": 300_000})
        pk.with_user(self.users["planner"]).action_revise()
        revision = self.env["sakip.pk"].search([("previous_id", "=", pk.id)])
        renamed = revision.indicator_ids.filtered(lambda i: i.name == "APM SMP")
        renamed.name = "APM SMP/MTs"
        revision._sakip_workflow_write({"state": "signed"})
        carried = self._open(revision)
        sd = self._line(carried, "APM SD")
        self.assertEqual(sd.realisation, 97.0)
        self.assertTrue(sd.realisation_entered)
        self.assertEqual(sd.evidence_ids, evidence)
        self.assertFalse(self._line(carried, "APM SMP/MTs").realisation_entered)
        self.assertFalse(self._line(carried, "Angka lulus").realisation_entered)
        self.assertEqual(carried.budget_ids.spent, 300_000)
        # Another quarter has nothing to carry.
        self.assertFalse(any(self._open(revision, "2").line_ids.mapped("realisation_entered")))
        # The earlier version's measurement stays as it was.
        self.assertEqual(self._line(first, "APM SD").realisation, 97.0)

    def _capaian_queries(self, count, year):
        """Queries of recomputing the capaian of the ``count`` lines of a measurement."""
        pk = self._signed_pk(
            year,
            [{"name": f"Indikator {n}", "target": 100.0} for n in range(count)],
        )
        lines = self._open(pk).line_ids
        for line, value in zip(lines, range(count), strict=True):
            line.realisation = 50.0 + value % 50
        self.env.flush_all()
        Line = self.env["sakip.pk.measurement.line"]
        self.env.invalidate_all()
        for fname in ("capaian", "is_measured", "is_behind", "rating_band_id"):
            self.env.add_to_compute(Line._fields[fname], lines)
        before = self.env.cr.sql_log_count
        Line.flush_model()
        queries = self.env.cr.sql_log_count - before
        self.assertEqual(lines[-1].capaian, 50.0 + (count - 1) % 50)
        return queries

    def test_capaian_query_count_is_flat(self):
        self._capaian_queries(3, 2041)  # caches filled once
        few, many = self._capaian_queries(10, 2042), self._capaian_queries(120, 2043)
        self.assertEqual(few, many, "computing capaian costs queries per line")
