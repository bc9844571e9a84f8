# Copyright 2024 SAKIP Indonesia
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""An office with two bidang, an agreement of each company, and a user of
each role: the records the access tests work on."""

from odoo import Command
from odoo.tests import TransactionCase, new_test_user

from odoo.addons.base.tests.common import DISABLED_MAIL_CONTEXT

MODULE = "sakip_penetapan_kinerja"

#: The security group of each role; "user" is a plain internal user.
ROLE_GROUPS = {
    "user": "base.group_user",
    "staff": f"{MODULE}.group_sakip_staff",
    "planner": f"{MODULE}.group_sakip_planner",
    "secretary": f"{MODULE}.group_sakip_secretary",
    "head": f"{MODULE}.group_sakip_head",
    "admin": f"{MODULE}.group_sakip_admin",
}


class AccessCase(TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env = cls.env(context=dict(cls.env.context, **DISABLED_MAIL_CONTEXT))
        cls.company = cls.env.company
        cls.other_company = cls.env["res.company"].create({"name": "Dinas Kesehatan"})

        Department = cls.env["hr.department"]
        cls.dep_sd = Department.create({"name": "Bidang SD", "is_sakip_unit": True})
        cls.dep_smp = Department.create({"name": "Bidang SMP", "is_sakip_unit": True})
        cls.dep_other = Department.create(
            {"name": "Bidang Kesehatan", "company_id": cls.other_company.id}
        )

        cls.users = {
            role: new_test_user(cls.env, login=f"sakip.{role}", groups=groups)
            for role, groups in ROLE_GROUPS.items()
        }
        cls.staff_sd = cls.users["staff"]
        cls.staff_smp = new_test_user(cls.env, login="sakip.staff.smp", groups=ROLE_GROUPS["staff"])
        cls.planner_other = new_test_user(
            cls.env,
            login="sakip.planner.other",
            groups=ROLE_GROUPS["planner"],
            company_id=cls.other_company.id,
            company_ids=[Command.set(cls.other_company.ids)],
        )

        Employee = cls.env["hr.employee"]
        Employee.create(
            [
                {"name": "Staf SD", "department_id": cls.dep_sd.id, "user_id": cls.staff_sd.id},
                {
                    "name": "Staf SMP",
                    "department_id": cls.dep_smp.id,
                    "user_id": cls.staff_smp.id,
                },
            ]
        )
        cls.head_employee, cls.kabid_sd, cls.spare_employee = Employee.create(
            [
                {"name": "Kepala Dinas"},
                {"name": "Kepala Bidang SD", "department_id": cls.dep_sd.id},
                {"name": "Kepala Bidang SMP", "department_id": cls.dep_smp.id},
            ]
        )
        other_head = Employee.create(
            {"name": "Kepala Dinas Kesehatan", "company_id": cls.other_company.id}
        )

        cls.pk = cls.env["sakip.pk"].create(
            {
                "fiscal_year": 2030,
                "level": "head",
                "first_party_id": cls.head_employee.id,
                "second_party_name": "Bupati",
                "second_party_title": "Bupati Contoh",
            }
        )
        cls.indicator_sd, cls.indicator_smp = cls.env["sakip.pk.indicator"].create(
            [
                cls._indicator_vals(cls.pk, cls.dep_sd, "APM SD/MI"),
                cls._indicator_vals(cls.pk, cls.dep_smp, "APM SMP/MTs"),
            ]
        )
        cls.program_sd, cls.program_smp = cls.env["sakip.pk.program"].create(
            [
                cls._program_vals(cls.pk, cls.dep_sd, "Program Pengelolaan Pendidikan SD"),
                cls._program_vals(cls.pk, cls.dep_smp, "Program Pengelolaan Pendidikan SMP"),
            ]
        )
        cls.pk_other = cls.env["sakip.pk"].create(
            {
                "fiscal_year": 2030,
                "level": "head",
                "company_id": cls.other_company.id,
                "first_party_id": other_head.id,
                "indicator_ids": [
                    Command.create(
                        {
                            "objective": "Meningkatnya derajat kesehatan",
                            "name": "Angka harapan hidup",
                            "target": 74.5,
                            "department_id": cls.dep_other.id,
                        }
                    )
                ],
                "program_ids": [
                    Command.create(
                        {
                            "name": "Program Pemenuhan Upaya Kesehatan",
                            "budget": 1_000_000,
                            "department_id": cls.dep_other.id,
                        }
                    )
                ],
            }
        )

        cls.sop = cls.env["sakip.sop"].create(
            {"number": "000.8.33/1/I/2030", "name": "SOP Uji", "code": "test_access"}
        )
        cls.actor = cls.env["sakip.sop.actor"].create({"name": "Pelaksana Uji", "code": "uji"})
        cls.sop_step = cls.env["sakip.sop.step"].create(
            {"sop_id": cls.sop.id, "sequence": 9, "name": "Rapat", "actor_id": cls.actor.id}
        )

    @staticmethod
    def _indicator_vals(pk, department, name):
        return {
            "pk_id": pk.id,
            "objective": "Meningkatnya akses dan mutu pendidikan",
            "name": name,
            "uom": "%",
            "target": 98.0,
            "target_q1": 97.0,
            "target_q2": 97.5,
            "target_q3": 97.8,
            "target_q4": 98.0,
            "department_id": department.id,
        }

    @staticmethod
    def _program_vals(pk, department, name):
        return {
            "pk_id": pk.id,
            "name": name,
            "budget": 1_250_000_000,
            "department_id": department.id,
        }

    @staticmethod
    def _write_vals(model):
        return {
            "sakip.sop": {"warning": "Dokumen terlambat."},
            "sakip.sop.step": {"note": "Catatan"},
            "sakip.sop.actor": {"description": "Keterangan"},
            "sakip.pk": {"sign_place": "Purwokerto"},
            "sakip.pk.indicator": {"note": "Sumber: Dapodik"},
            "sakip.pk.program": {"note": "APBD"},
            "sakip.sop.run": {"start_text": "<p>Segera susun PK.</p>"},
            "sakip.sop.run.step": {"note": "Catatan"},
            "sakip.sop.run.step.wizard": {"note": "Catatan"},
            "sakip.sop.run.step.wizard.output": {"filename": "ba.pdf"},
            "sakip.sop.step.output": {"name": "Daftar Hadir"},
            "sakip.pk.submission": {"return_reason": "Catatan"},
            "sakip.pk.submission.upload.wizard": {"filename": "format_sd.xlsx"},
            "sakip.pk.submission.return.wizard": {"reason": "Catatan"},
            "sakip.pk.collection.close.wizard": {"note": "Catatan"},
            "sakip.sop.meeting.wizard": {"location": "Ruang Rapat"},
            "sakip.letter.type": {"unit_code": "Disdik"},
            "sakip.letter": {"cc_text": "Arsip"},
            "sakip.letter.cancel.wizard": {"reason": "Nomor ganda"},
            "sakip.sop.copy.wizard": {"is_current": False},
            "sakip.pk.action": {"note": "Catatan"},
            "sakip.pk.measurement": {"quarter": "1"},
            "sakip.pk.measurement.line": {"explanation": "Catatan"},
            "sakip.pk.measurement.budget": {"note": "Catatan"},
            "sakip.pk.measurement.part": {"returned_reason": "Catatan"},
            "sakip.pk.measurement.part.return.wizard": {"reason": "Catatan"},
            "sakip.rating.band": {"colour": "#27AE60"},
            "sakip.signing.wizard": {"reason": "Catatan"},
        }[model]
