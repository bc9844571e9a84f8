# Copyright 2024 SAKIP Indonesia
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from contextlib import closing

from odoo import Command
from odoo.exceptions import AccessError
from odoo.tests import TransactionCase, new_test_user, tagged

from odoo.addons.base.tests.common import DISABLED_MAIL_CONTEXT

MODULE = "sakip_penetapan_kinerja"

#: The access matrix: for each model and each role, the operations allowed
#: (c)reate, (r)ead, (w)rite, (u)nlink. Bidang staff are checked on a line of
#: their own bidang here; other bidang are refused (see test_bidang_*).
SOP_RIGHTS = {
    "user": "r",
    "staff": "r",
    "planner": "r",
    "secretary": "r",
    "head": "r",
    "admin": "crwu",
}
PK_LINE_RIGHTS = {
    "user": "",
    "staff": "crwu",
    "planner": "crwu",
    "secretary": "crwu",
    "head": "crwu",
    "admin": "crwu",
}
ACCESS_MATRIX = {
    "sakip.sop": SOP_RIGHTS,
    "sakip.sop.step": SOP_RIGHTS,
    "sakip.sop.step.output": SOP_RIGHTS,
    "sakip.sop.actor": SOP_RIGHTS,
    "sakip.pk": {
        "user": "",
        "staff": "r",
        "planner": "crwu",
        "secretary": "rw",
        "head": "rw",
        "admin": "crwu",
    },
    "sakip.pk.indicator": PK_LINE_RIGHTS,
    "sakip.pk.program": PK_LINE_RIGHTS,
    # SOP runs: the Kepala Dinas creates and edits draft runs; the steps change
    # through their transitions only (see test_sop_run_flow), never created by hand.
    "sakip.sop.run": {
        "user": "",
        "staff": "r",
        "planner": "r",
        "secretary": "r",
        "head": "crw",
        "admin": "crwu",
    },
    "sakip.sop.run.step": {
        "user": "",
        "staff": "r",
        "planner": "r",
        "secretary": "r",
        "head": "r",
        "admin": "rwu",
    },
    # A wizard: what it does is checked by the step's action methods.
    "sakip.sop.run.step.wizard": dict.fromkeys(
        ("user", "staff", "planner", "secretary", "head", "admin"), "crwu"
    ),
    "sakip.sop.run.step.wizard.output": dict.fromkeys(
        ("user", "staff", "planner", "secretary", "head", "admin"), "crwu"
    ),
    # Letter types: configured by SAKIP administrators, read by every SAKIP user.
    "sakip.letter.type": {
        "user": "",
        "staff": "r",
        "planner": "r",
        "secretary": "r",
        "head": "r",
        "admin": "crwu",
    },
    # The register: letters are issued by sakip.letter.type._sakip_issue (never
    # created directly) and never deleted; issuers complete their text (see
    # test_letter_numbering).
    "sakip.letter": {
        "user": "",
        "staff": "r",
        "planner": "rw",
        "secretary": "rw",
        "head": "rw",
        "admin": "rw",
    },
    # A wizard: sakip.letter._sakip_cancel checks who may cancel.
    "sakip.letter.cancel.wizard": dict.fromkeys(
        ("user", "staff", "planner", "secretary", "head", "admin"), "crwu"
    ),
    # Bidang submissions: created by the SOP run, changed through their actions
    # (see test_pk_collection); bidang staff read their own bidang's only.
    "sakip.pk.submission": {
        "user": "",
        "staff": "r",
        "planner": "r",
        "secretary": "r",
        "head": "r",
        "admin": "crwu",
    },
    # Wizards: what they do is checked by the submission's and step's actions.
    "sakip.pk.submission.upload.wizard": dict.fromkeys(
        ("user", "staff", "planner", "secretary", "head", "admin"), "crwu"
    ),
    "sakip.pk.submission.return.wizard": dict.fromkeys(
        ("user", "staff", "planner", "secretary", "head", "admin"), "crwu"
    ),
    "sakip.pk.collection.close.wizard": dict.fromkeys(
        ("user", "staff", "planner", "secretary", "head", "admin"), "crwu"
    ),
    # A wizard: planning the meeting is checked by the run (_sop_plan_meeting).
    "sakip.sop.meeting.wizard": dict.fromkeys(
        ("user", "staff", "planner", "secretary", "head", "admin"), "crwu"
    ),
}

#: The security group of each role; "user" is a plain internal user.
ROLE_GROUPS = {
    "user": "base.group_user",
    "staff": f"{MODULE}.group_sakip_staff",
    "planner": f"{MODULE}.group_sakip_planner",
    "secretary": f"{MODULE}.group_sakip_secretary",
    "head": f"{MODULE}.group_sakip_head",
    "admin": f"{MODULE}.group_sakip_admin",
}

OPERATIONS = {"c": "create", "r": "read", "w": "write", "u": "unlink"}


@tagged("post_install", "-at_install", "sakip")
class TestAccess(TransactionCase):
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

    # ------------------------------------------------------------------
    # Values of the records the matrix works on
    # ------------------------------------------------------------------

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

    def _create_vals(self, model):
        """Values a user of the role creates a record of ``model`` with."""
        if model.startswith("sakip.sop.run"):
            return self._sop_run_create_vals(model)
        if model.startswith(("sakip.pk.submission", "sakip.pk.collection")):
            return self._collection_create_vals(model)
        if model == "sakip.sop.meeting.wizard":
            run = self.env["sakip.sop.run"].create({"sop_id": self.sop.id, "fiscal_year": 2030})
            return {
                "run_id": run.id,
                "name": "Rapat",
                "location": "Aula",
                "start": "2030-01-07 02:00:00",
                "stop": "2030-01-07 04:00:00",
            }
        if model.startswith("sakip.letter"):
            return self._letter_create_vals(model)
        return {
            "sakip.sop": {"number": "000.8.33/2/I/2030", "name": "SOP Baru", "code": "baru"},
            "sakip.sop.step": {
                "sop_id": self.sop.id,
                "sequence": 1,
                "name": "Menyusun format",
                "actor_id": self.actor.id,
            },
            "sakip.sop.step.output": {
                "step_id": self.sop_step.id,
                "name": "Lembar disposisi",
            },
            "sakip.sop.actor": {"name": "Pelaksana Baru", "code": "baru"},
            "sakip.pk": {
                "fiscal_year": 2030,
                "level": "echelon_3",
                "parent_id": self.pk.id,
                "first_party_id": self.kabid_sd.id,
                "second_party_id": self.head_employee.id,
            },
            "sakip.pk.indicator": self._indicator_vals(self.pk, self.dep_sd, "APK SD/MI"),
            "sakip.pk.program": self._program_vals(self.pk, self.dep_sd, "Program Kurikulum"),
        }[model]

    def _sop_run_create_vals(self, model):
        """Values of the SOP engine's records (runs and steps are created as superuser)."""
        run_vals = {"sop_id": self.sop.id, "fiscal_year": 2030}
        if model == "sakip.sop.run":
            return run_vals
        run = self.env["sakip.sop.run"].create(run_vals)
        step_vals = {"run_id": run.id, "sequence": 1, "name": "Uji"}
        if model == "sakip.sop.run.step":
            return step_vals
        step = self.env["sakip.sop.run.step"]._sakip_workflow_create(step_vals)
        if model == "sakip.sop.run.step.wizard.output":
            wizard = self.env["sakip.sop.run.step.wizard"].create({"step_id": step.id})
            return {"wizard_id": wizard.id, "name": "Berita Acara Rapat"}
        return {"step_id": step.id, "mode": "done"}

    def _letter_create_vals(self, model):
        """Values of the letter types and letters (letters are created as superuser,
        as the numbering service does; users are refused)."""
        if model == "sakip.letter.type":
            return {"name": "Nota Dinas", "code": "memo", "pattern": "{seq}/ND/{year}"}
        letter_type = self.env.ref(f"{MODULE}.letter_type_cover_letter")
        seq = self.env["sakip.letter"].search_count([("letter_type_id", "=", letter_type.id)]) + 1
        letter_vals = {
            "name": f"000.8.3.3/{seq}/II/2030",
            "letter_type_id": letter_type.id,
            "date": "2030-02-04",
            "year": 2030,
            "seq_number": seq,
            "subject": "Penyampaian Perjanjian Kinerja",
            "issued_by_id": self.env.uid,
        }
        if model == "sakip.letter":
            return letter_vals
        letter = self.env["sakip.letter"]._sakip_workflow_create(letter_vals)
        return {"letter_ids": [Command.set(letter.ids)], "reason": "Salah alamat"}

    def _collection_create_vals(self, model):
        """Values of the bidang collection's records (submissions are created by the run)."""
        run = self.env["sakip.sop.run"].create({"sop_id": self.sop.id, "fiscal_year": 2030})
        if model == "sakip.pk.collection.close.wizard":
            step = self.env["sakip.sop.run.step"]._sakip_workflow_create(
                {"run_id": run.id, "sequence": 6, "name": "Menghimpun", "kind": "collection"}
            )
            return {"step_id": step.id}
        submission_vals = {
            "run_id": run.id,
            "pk_id": self.pk.id,
            "company_id": self.company.id,
            "department_id": self.dep_sd.id,
        }
        if model == "sakip.pk.submission":
            return submission_vals
        submission = self.env["sakip.pk.submission"]._sakip_workflow_create(submission_vals)
        if model == "sakip.pk.submission.return.wizard":
            return {"submission_id": submission.id, "reason": "Target belum lengkap"}
        return {"submission_id": submission.id, "file": "eA==", "filename": "format.xlsx"}

    def _target(self, model):
        """A fresh record of ``model`` (of Bidang SD for lines) to read, write or delete."""
        vals = self._create_vals(model)
        if model == "sakip.pk":
            vals = dict(vals, first_party_id=self.spare_employee.id)
        return self._guarded(self.env[model], "create")(vals)

    @staticmethod
    def _guarded(records, operation):
        """``records``' create, write or unlink; for the models whose fields
        the workflow owns, the workflow's own path (``_sakip_workflow_*``):
        this matrix is about access rights, which that path does not bypass,
        while the workflow-owned fields are test_workflow_owned_*'s."""
        method = getattr(records, f"_sakip_workflow_{operation}", None)
        return method or getattr(records, operation)

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
        }[model]

    def _is_allowed(self, user, model, operation):
        """Run ``operation`` as ``user`` on ``model`` and roll it back.

        :return: whether it went through; False on an access error.
        """
        with closing(self.env.cr.savepoint()):
            try:
                if operation == "create":
                    Model = self.env[model].with_user(user)
                    self._guarded(Model, "create")(self._create_vals(model))
                else:
                    record = self._target(model).with_user(user)
                    if operation == "read":
                        record.read(["display_name"])
                    elif operation == "write":
                        self._guarded(record, "write")(self._write_vals(model))
                    else:
                        self._guarded(record, "unlink")()
                self.env.flush_all()
            except AccessError:
                return False
            finally:
                self.env.invalidate_all()
        return True

    # ------------------------------------------------------------------
    # Tests
    # ------------------------------------------------------------------

    def test_access_matrix(self):
        for model, rights in ACCESS_MATRIX.items():
            for role, allowed in rights.items():
                for letter, operation in OPERATIONS.items():
                    with self.subTest(model=model, role=role, operation=operation):
                        self.assertEqual(
                            self._is_allowed(self.users[role], model, operation),
                            letter in allowed,
                            f"{role} {'may' if letter in allowed else 'may not'} "
                            f"{operation} {model}",
                        )

    def test_every_model_has_access_rights(self):
        """Each model of the addon is in the matrix and has access rights."""
        model_ids = (
            self.env["ir.model.data"]
            .search([("module", "=", MODULE), ("model", "=", "ir.model")])
            .mapped("res_id")
        )
        addon_models = {
            model.model
            for model in self.env["ir.model"].browse(model_ids)
            # the models the addon defines, not those it extends (hr.employee, ...)
            if model.model.startswith("sakip.") and not self.env[model.model]._abstract
        }
        self.assertEqual(addon_models - set(ACCESS_MATRIX), set())
        for model in addon_models:
            self.assertTrue(
                self.env["ir.model.access"].search_count([("model_id.model", "=", model)]),
                f"{model} has no access rights",
            )

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

    def test_sop_actor_lanes_are_linked_to_groups(self):
        expected = {
            "actor_kepala_dinas": "group_sakip_head",
            "actor_sekretaris_dinas": "group_sakip_secretary",
            "actor_tim_perencanaan": "group_sakip_planner",
            "actor_bidang": "group_sakip_staff",
        }
        for actor, group in expected.items():
            with self.subTest(actor=actor):
                self.assertEqual(
                    self.env.ref(f"{MODULE}.{actor}").group_id, self.env.ref(f"{MODULE}.{group}")
                )

    def test_administrator_holds_every_sakip_group(self):
        admin = self.env.ref("base.user_admin")
        for group in ROLE_GROUPS.values():
            with self.subTest(group=group):
                self.assertTrue(admin.has_group(group))
        # Secretary and head are not planners: they do not collect the bidang's data.
        for role in ("secretary", "head"):
            self.assertFalse(self.users[role].has_group(ROLE_GROUPS["planner"]))
