# Copyright 2024 SAKIP Indonesia
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""An office with two bidang driven to the collection (SOP step 6), for the
collection tests."""

from io import BytesIO

import openpyxl

from odoo import Command
from odoo.tests import TransactionCase, new_test_user

from ..tools import collection_xlsx
from .sop_run_common import ROLE_GROUPS, create_office


class CollectionCase(TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env = cls.env(context=dict(cls.env.context, lang="en_US"))
        office = create_office(cls.env, "Dinas Pendidikan Koleksi", "coll")
        cls.company, cls.users = office["company"], office["users"]
        cls.sop = office["sop"]
        # The meeting (steps 4 and 5) is not what these tests are about.
        cls.sop.step_ids.filtered(lambda s: s.sequence == 4).kind = "generic"
        cls.sop.step_ids.filtered(lambda s: s.sequence == 5).output_ids.unlink()
        cls.env = cls.env(context=dict(cls.env.context, allowed_company_ids=cls.company.ids))
        Department = cls.env["hr.department"]
        cls.dep_sd, cls.dep_smp = Department.create(
            [
                {
                    "name": "Bidang SD",
                    "sakip_code": "SD",
                    "is_sakip_unit": True,
                    "company_id": cls.company.id,
                },
                {
                    "name": "Bidang SMP",
                    "sakip_code": "SMP",
                    "is_sakip_unit": True,
                    "company_id": cls.company.id,
                },
            ]
        )
        cls.staff_sd = cls.users["staff"]
        cls.kabid_smp = new_test_user(
            cls.env,
            login="coll.kabid.smp",
            name="Kabid SMP",
            groups=ROLE_GROUPS["staff"],
            company_id=cls.company.id,
            company_ids=[Command.set(cls.company.ids)],
        )
        Employee = cls.env["hr.employee"]
        cls.head_employee, _staff, manager = Employee.create(
            [
                {"name": "Kepala Dinas Koleksi", "company_id": cls.company.id},
                {
                    "name": "Staf SD",
                    "company_id": cls.company.id,
                    "department_id": cls.dep_sd.id,
                    "user_id": cls.staff_sd.id,
                },
                {
                    "name": "Kabid SMP",
                    "company_id": cls.company.id,
                    "department_id": cls.dep_smp.id,
                    "user_id": cls.kabid_smp.id,
                },
            ]
        )
        cls.dep_smp.manager_id = manager
        cls.previous = cls.env["sakip.pk"].create(
            {
                "fiscal_year": 2025,
                "level": "head",
                "company_id": cls.company.id,
                "first_party_id": cls.head_employee.id,
                "indicator_ids": [
                    Command.create(
                        {
                            "objective": "Meningkatnya akses pendidikan dasar",
                            "name": "APM SD tahun lalu",
                            "uom": "%",
                            "target": 97.0,
                            "department_id": cls.dep_sd.id,
                        }
                    )
                ],
                "program_ids": [
                    Command.create(
                        {
                            "name": "Program Pengelolaan Pendidikan SD",
                            "budget": 1_000_000,
                            "department_id": cls.dep_sd.id,
                        }
                    )
                ],
            }
        )
        cls.pk = cls.env["sakip.pk"].create(
            {
                "fiscal_year": 2026,
                "level": "head",
                "company_id": cls.company.id,
                "first_party_id": cls.head_employee.id,
            }
        )

    # Driving the run
    def _start(self):
        head = self.users["head"]
        self.pk.with_user(head).action_start_sop_run()
        run = self.pk.sop_run_ids
        run.with_user(head).write({"start_text": "<p>Susun PK sesuai SOP.</p>"})
        run.with_user(head).action_start()
        return run

    def _step(self, run, number):
        return run.step_ids.filtered(lambda s: s.sequence == number).sorted("iteration")[-1:]

    def _do(self, run, *numbers, role="planner"):
        for number in numbers:
            self._step(run, number).with_user(self.users[role]).action_done()

    def _to_collection(self):
        run = self._start()
        self._do(run, 2, 3, 4, 5)
        self.assertEqual(run.current_step_id, self._step(run, 6))
        return run

    def _submission(self, run, department):
        return run.env["sakip.pk.submission"].search(
            [("run_id", "=", run.id), ("department_id", "=", department.id)]
        )

    def _add_indicator(self, department, name="APM SD", **values):
        return self.env["sakip.pk.indicator"].create(
            dict(
                {
                    "pk_id": self.pk.id,
                    "department_id": department.id,
                    "objective": "Meningkatnya akses pendidikan dasar",
                    "name": name,
                    "uom": "%",
                    "target": 98.0,
                },
                **values,
            )
        )

    # Files
    @staticmethod
    def _fill(data, indicators=(), programs=(), edit=None):
        """Return the workbook ``data`` with rows written on its data sheets.

        ``indicators`` rows: (objective, name, uom, target, target_text, q1, q2, q3, q4);
        ``programs`` rows: (name, budget, note); ``edit(workbook)`` changes more.
        """
        workbook = openpyxl.load_workbook(BytesIO(data))
        first = collection_xlsx.HEADER_ROW + 1
        for sheet, rows in (
            (collection_xlsx.SHEET_INDICATORS, indicators),
            (collection_xlsx.SHEET_PROGRAMS, programs),
        ):
            worksheet = workbook[sheet]
            for number, row in enumerate(rows, first):
                for column, value in enumerate(row, 2):
                    # cell(value=None) would keep a pre-filled value: clear it too
                    worksheet.cell(row=number, column=column).value = value
        if edit:
            edit(workbook)
        out = BytesIO()
        workbook.save(out)
        return out.getvalue()
