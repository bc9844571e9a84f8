# Copyright 2024 SAKIP Indonesia
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""The record rules: a Staf Bidang reads and changes only the lines of their
own bidang (all of them once the agreement is signed); an office sees nothing
of another."""

from odoo.exceptions import AccessError
from odoo.tests import tagged

from .access_common import AccessCase


@tagged("post_install", "-at_install", "sakip")
class TestAccessRules(AccessCase):
    def test_bidang_staff_read_only_their_lines(self):
        for Lines, own, other in (
            (self.env["sakip.pk.indicator"], self.indicator_sd, self.indicator_smp),
            (self.env["sakip.pk.program"], self.program_sd, self.program_smp),
        ):
            with self.subTest(model=Lines._name):
                as_staff = Lines.with_user(self.staff_sd)
                self.assertEqual(as_staff.search([("pk_id", "=", self.pk.id)]), own)
                with self.assertRaises(AccessError):
                    other.with_user(self.staff_sd).read(["name"])
                # and the other way round
                self.assertEqual(
                    Lines.with_user(self.staff_smp).search([("pk_id", "=", self.pk.id)]), other
                )

    def test_bidang_staff_cannot_change_other_bidang(self):
        for other, vals in (
            (self.indicator_smp, {"target": 99.0, "target_q4": 99.0}),
            (self.program_smp, {"budget": 2_000_000}),
        ):
            with self.subTest(model=other._name):
                with self.assertRaises(AccessError):
                    other.with_user(self.staff_sd).write(vals)
                with self.assertRaises(AccessError):
                    other.with_user(self.staff_sd).unlink()
                self.assertTrue(other.exists())
        with self.assertRaises(AccessError):
            self.env["sakip.pk.indicator"].with_user(self.staff_sd).create(
                self._indicator_vals(self.pk, self.dep_smp, "APK SMP/MTs")
            )
        with self.assertRaises(AccessError):
            self.env["sakip.pk.program"].with_user(self.staff_sd).create(
                self._program_vals(self.pk, self.dep_smp, "Program SMP")
            )

    def test_staff_reads_only_their_lines_through_the_agreement(self):
        pk = self.pk.with_user(self.staff_sd)
        self.assertEqual(pk.indicator_ids, self.indicator_sd)
        self.assertEqual(pk.program_ids, self.program_sd)
        # The stored total counts every bidang: only those who read every line
        # read it; a Staf Bidang reads the total of their own bidang.
        with self.assertRaises(AccessError):
            pk.read(["budget_total"])
        self.assertEqual(pk.budget_total_shown, self.program_sd.budget)
        self.assertEqual(self.pk.budget_total, 2_500_000_000)
        planner = self.pk.with_user(self.users["planner"])
        self.assertEqual(planner.read(["budget_total"])[0]["budget_total"], 2_500_000_000)
        self.assertEqual(planner.budget_total_shown, 2_500_000_000)

    def test_signed_agreement_is_office_wide(self):
        """Once signed, every Staf Bidang reads the whole agreement (read only)."""
        self.pk._sakip_workflow_write({"state": "signed"})
        pk = self.pk.with_user(self.staff_sd)
        self.assertEqual(pk.indicator_ids, self.indicator_sd | self.indicator_smp)
        self.assertEqual(pk.program_ids, self.program_sd | self.program_smp)
        self.assertEqual(pk.budget_total_shown, 2_500_000_000)
        self.indicator_smp.with_user(self.staff_sd).read(["name", "target"])
        self.assertFalse(self.indicator_smp.with_user(self.staff_sd).has_access("write"))

    def test_staff_cannot_move_a_line_to_another_bidang(self):
        for line in (self.indicator_sd, self.program_sd):
            with self.subTest(model=line._name):
                with self.assertRaises(AccessError) as caught:
                    line.with_user(self.staff_sd).write({"department_id": self.dep_smp.id})
                self.assertIn(
                    "you may only edit the lines of your own bidang", str(caught.exception)
                )
                self.assertEqual(line.department_id, self.dep_sd)
        # The planning team moves lines between bidang.
        self.program_sd.with_user(self.users["planner"]).write({"department_id": self.dep_smp.id})
        self.assertEqual(self.program_sd.department_id, self.dep_smp)

    def test_planning_secretary_head_see_every_line_of_their_company(self):
        for role in ("planner", "secretary", "head", "admin"):
            with self.subTest(role=role):
                user = self.users[role]
                domain = [("pk_id", "in", (self.pk | self.pk_other).ids)]
                self.assertEqual(
                    self.env["sakip.pk.indicator"].with_user(user).search(domain),
                    self.indicator_sd | self.indicator_smp,
                )
                self.assertEqual(
                    self.env["sakip.pk.program"].with_user(user).search(domain),
                    self.program_sd | self.program_smp,
                )

    def test_other_company_sees_nothing(self):
        user = self.planner_other
        for record in (
            self.pk,
            self.indicator_sd,
            self.indicator_smp,
            self.program_sd,
            self.program_smp,
            self.sop,
            self.actor,
        ):
            with self.subTest(model=record._name):
                self.assertFalse(
                    self.env[record._name].with_user(user).search([("id", "=", record.id)])
                )
                with self.assertRaises(AccessError):
                    record.with_user(user).read(["display_name"])
                with self.assertRaises(AccessError):
                    record.with_user(user).write(self._write_vals(record._name))
        both = (self.pk | self.pk_other).ids
        self.assertEqual(
            self.env["sakip.pk"].with_user(user).search([("id", "in", both)]), self.pk_other
        )
        self.assertEqual(
            self.env["sakip.pk.indicator"].with_user(user).search([("pk_id", "in", both)]),
            self.pk_other.indicator_ids,
        )
        # ... and the users of this company do not see the other one's.
        self.assertFalse(
            self.env["sakip.pk"]
            .with_user(self.users["admin"])
            .search([("id", "=", self.pk_other.id)])
        )
