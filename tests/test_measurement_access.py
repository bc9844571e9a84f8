# Copyright 2024 SAKIP Indonesia
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""Who sees and enters what after the signature (issue 15, item 7): a bidang
enters and sees only its own indicators' realisasi until the quarter is
approved; planning team, secretary and head see all; approved measurements
are read-only — as each role, and through JSON-RPC as a browser sends it."""

import io

import openpyxl

from odoo.exceptions import AccessError, UserError
from odoo.tests import HttpCase, tagged

from .access_common import AccessCase
from .measurement_run_common import approve_through_run, current_step
from .rpc_common import JsonRpcMixin


def _measure(case):
    """Sign the case's agreement and open its first quarter as the planner."""
    case.pk._sakip_workflow_write({"state": "signed"})
    measurement = (
        case.env["sakip.pk.measurement"]
        .with_user(case.users["planner"])
        .create({"pk_id": case.pk.id, "quarter": "1"})
    )
    line_sd = measurement.line_ids.filtered(lambda line: line.department_id == case.dep_sd)
    line_smp = measurement.line_ids - line_sd
    return measurement, line_sd, line_smp


def _approve(case, measurement):
    measurement.line_ids.write({"realisation": 98.0})
    users = case.users
    approve_through_run(measurement, users["planner"], users["secretary"], users["head"])


@tagged("post_install", "-at_install", "sakip")
class TestMeasurementAccess(AccessCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.measurement, cls.line_sd, cls.line_smp = _measure(cls)
        cls.Line = cls.env["sakip.pk.measurement.line"]

    def _visible(self, user, model="sakip.pk.measurement.line"):
        return self.env[model].with_user(user).search([("pk_id", "=", self.pk.id)])

    def test_bidang_enters_and_sees_only_its_own_realisasi(self):
        self.assertEqual(self._visible(self.staff_sd), self.line_sd)
        self.assertEqual(self._visible(self.staff_smp), self.line_smp)
        self.assertEqual(
            self._visible(self.staff_sd, "sakip.pk.measurement.budget").program_id,
            self.program_sd,
        )
        self.line_sd.with_user(self.staff_sd).write({"realisation": 96.5})
        self.assertEqual(self.line_sd.realisation, 96.5)
        with self.assertRaises(AccessError):
            self.line_smp.with_user(self.staff_sd).write({"realisation": 1.0})
        with self.assertRaises(AccessError):
            self.line_smp.with_user(self.staff_sd).read(["realisation"])
        self.assertFalse(self.line_smp.realisation_entered)

    def test_export_of_another_bidang_holds_nothing_of_it(self):
        """The quarter's XLSX made by Staf SMP before approval holds SMP's
        indicator and programme, nothing of Bidang SD's. (The Rencana Aksi and
        LKjIP exports are of the signed agreement, whose lines every bidang of
        the office reads by the rule "lines of signed agreements".)"""
        content, __ = (
            self.env["ir.actions.report"]
            .with_user(self.staff_smp)
            ._render_xlsx(
                "sakip_penetapan_kinerja.action_report_sakip_pk_measurement_xlsx",
                self.measurement.ids,
                {},
            )
        )
        book = openpyxl.load_workbook(io.BytesIO(content))
        cells = {
            str(value)
            for sheet in book.worksheets
            for row in sheet.iter_rows(values_only=True)
            for value in row
            if value is not None
        }
        self.assertFalse({"APM SD/MI", "Program Pengelolaan Pendidikan SD"} & cells)
        self.assertTrue({"APM SMP/MTs", "Program Pengelolaan Pendidikan SMP"} <= cells)

    def test_the_form_writes_the_lines_as_the_user(self):
        """The measurement form's line edits reach the lines with the lines' own rules."""
        self.measurement.with_user(self.staff_sd).write(
            {"line_ids": [(1, self.line_sd.id, {"realisation": 95.0})]}
        )
        self.assertEqual(self.line_sd.realisation, 95.0)
        with self.assertRaises(AccessError):
            self.measurement.with_user(self.staff_sd).write(
                {"line_ids": [(1, self.line_smp.id, {"realisation": 1.0})]}
            )
        with self.assertRaises(UserError):
            self.measurement.with_user(self.users["planner"]).write({"line_ids": [(5, 0, 0)]})
        self.assertEqual(len(self.measurement.line_ids), 2)

    def test_planning_secretary_head_see_all(self):
        for role in ("planner", "secretary", "head", "admin"):
            with self.subTest(role=role):
                self.assertEqual(self._visible(self.users[role]), self.line_sd | self.line_smp)
        self.assertFalse(self._visible(self.planner_other))
        with self.assertRaises(AccessError):
            self._visible(self.users["user"])

    def test_approved_measurement_is_office_wide_and_read_only(self):
        _approve(self, self.measurement)
        self.assertEqual(self._visible(self.staff_sd), self.line_sd | self.line_smp)
        # Refused by the rules (staff) or the lock (others): an AccessError is a UserError.
        for user in (self.staff_sd, self.users["planner"], self.users["head"], self.users["admin"]):
            with self.subTest(user=user.login), self.assertRaises(UserError):
                self.line_sd.with_user(user).write({"explanation": "Diubah"})
        with self.assertRaises(UserError):
            self.measurement.sudo().write({"quarter": "1"})
        self.assertFalse(self.line_sd.explanation)

    def test_status_moves_only_by_its_role(self):
        """The status moves through the quarter's run, each step by its actor."""
        self.measurement.line_ids.write({"realisation": 98.0})
        for role in ("staff", "secretary", "head"):
            with self.subTest(role=role), self.assertRaises(UserError):
                self.measurement.with_user(self.users[role]).action_sop_open_quarter()
        planner = self.users["planner"]
        self.measurement.with_user(planner).action_sop_open_quarter()
        self.measurement.part_ids.with_user(planner).action_submit()
        for role in ("staff", "secretary", "head"):
            with self.subTest(role=role), self.assertRaises(UserError):
                current_step(self.measurement).with_user(self.users[role]).action_done()
        current_step(self.measurement).with_user(planner).action_done()
        current_step(self.measurement).with_user(planner).action_done()
        self.assertEqual(self.measurement.state, "verified")
        with self.assertRaises(UserError):
            current_step(self.measurement).with_user(planner).action_done()
        with self.assertRaises(UserError):
            self.measurement.with_user(self.users["head"]).write({"state": "approved"})
        self.assertEqual(self.measurement.state, "verified")

    def test_bidang_plans_its_own_actions(self):
        Action = self.env["sakip.pk.action"]
        action = Action.with_user(self.staff_sd).create(
            {"indicator_id": self.indicator_sd.id, "name": "Rehab ruang kelas", "budget": 1000}
        )
        with self.assertRaises(AccessError):
            Action.with_user(self.staff_sd).create(
                {"indicator_id": self.indicator_smp.id, "name": "Bukan bidangnya"}
            )
        # The plan of a signed agreement is printed: every bidang reads it.
        self.assertIn(action, Action.with_user(self.staff_smp).search([]))
        with self.assertRaises(AccessError):
            action.with_user(self.staff_smp).write({"name": "Diubah"})


@tagged("post_install", "-at_install", "sakip")
class TestMeasurementRpc(JsonRpcMixin, HttpCase, AccessCase):
    """The same boundaries through /web/dataset/call_kw."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.measurement, cls.line_sd, cls.line_smp = _measure(cls)

    def _write(self, user, line, vals, model="sakip.pk.measurement.line"):
        return self._call_kw_as(user, model, "write", [line.ids, vals])

    def test_rpc_boundaries(self):
        staff = self.staff_sd
        self.assertIn("result", self._write(staff, self.line_sd, {"realisation": 97.0}))
        self.assertEqual(self.line_sd.realisation, 97.0)
        refused = [
            self._write(staff, self.line_smp, {"realisation": 1.0}),
            self._write(staff, self.line_sd, {"capaian": 100.0}),
            self._write(staff, self.line_sd, {"measurement_id": self.measurement.id}),
            self._write(staff, self.measurement, {"state": "approved"}, "sakip.pk.measurement"),
            self._call_kw_as(
                staff, "sakip.pk.measurement", "action_sop_open_quarter", [self.measurement.ids]
            ),
        ]
        for response in refused:
            with self.subTest(response=response):
                self.assertIn("error", response)
        self.assertFalse(self.line_smp.realisation_entered)
        self.assertEqual(self.measurement.state, "draft")
        _approve(self, self.measurement)
        head = self.users["head"]
        for user in (staff, head):
            with self.subTest(user=user.login):
                self.assertIn("error", self._write(user, self.line_sd, {"explanation": "Ubah"}))
        self.assertFalse(self.line_sd.explanation)
