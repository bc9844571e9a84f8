# Copyright 2024 SAKIP Indonesia
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from contextlib import closing

from odoo import Command
from odoo.exceptions import AccessError
from odoo.tests import tagged

from .access_common import MODULE, ROLE_GROUPS, AccessCase

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
    # The signing screen: who may sign is checked when it opens and when it
    # signs or returns (see test_signing_screen).
    "sakip.signing.wizard": dict.fromkeys(
        ("user", "staff", "planner", "secretary", "head", "admin"), "crwu"
    ),
    # A wizard of SAKIP administrators: copying an SOP into another office.
    "sakip.sop.copy.wizard": {
        "user": "",
        "staff": "",
        "planner": "",
        "secretary": "",
        "head": "",
        "admin": "crwu",
    },
}

# After the signature (issue 15): bidang staff plan and measure their own
# bidang's indicators (see test_measurement_access); measurements are opened
# by the planning team, secretary and head; their lines by the measurement.
MEASUREMENT_LINE_RIGHTS = {
    "user": "",
    "staff": "rw",
    "planner": "crw",
    "secretary": "crw",
    "head": "crw",
    "admin": "crw",
}
ACCESS_MATRIX.update(
    {
        "sakip.pk.action": PK_LINE_RIGHTS,
        "sakip.pk.measurement": {
            "user": "",
            "staff": "rw",
            "planner": "crwu",
            "secretary": "crw",
            "head": "crw",
            "admin": "crwu",
        },
        "sakip.pk.measurement.line": MEASUREMENT_LINE_RIGHTS,
        "sakip.pk.measurement.budget": MEASUREMENT_LINE_RIGHTS,
        # A bidang's part of a measurement: made, submitted and returned by the
        # workflow only (see test_measurement_run); everyone of SAKIP reads it.
        "sakip.pk.measurement.part": {
            "user": "",
            "staff": "r",
            "planner": "r",
            "secretary": "r",
            "head": "r",
            "admin": "r",
        },
        # The planning team returns a bidang's part (the step's check guards it).
        "sakip.pk.measurement.part.return.wizard": {
            "user": "",
            "staff": "",
            "planner": "crwu",
            "secretary": "",
            "head": "",
            "admin": "crwu",
        },
        "sakip.rating.band": SOP_RIGHTS,
    }
)

OPERATIONS = {"c": "create", "r": "read", "w": "write", "u": "unlink"}


@tagged("post_install", "-at_install", "sakip")
class TestAccess(AccessCase):
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
        if model.startswith("sakip.pk.measurement"):
            return self._measurement_create_vals(model)
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
            "sakip.sop.copy.wizard": {"sop_id": self.sop.id, "company_id": self.company.id},
            "sakip.pk.action": {"indicator_id": self.indicator_sd.id, "name": "Rehab ruang kelas"},
            "sakip.rating.band": {"lower_bound": 150.0, "name": "Istimewa", "colour": "#0000FF"},
            "sakip.signing.wizard": {"reason": "Salah alamat"},
        }[model]

    def _measurement_create_vals(self, model):
        """Values of a measurement (of the agreement's first quarter) and its lines."""
        vals = {"pk_id": self.pk.id, "quarter": "1"}
        if model == "sakip.pk.measurement":
            return vals
        measurement = self.env["sakip.pk.measurement"]._sakip_workflow_create(vals)
        if model == "sakip.pk.measurement.part":
            return {"measurement_id": measurement.id, "department_id": self.dep_sd.id}
        if model == "sakip.pk.measurement.part.return.wizard":
            part = self.env["sakip.pk.measurement.part"]._sakip_workflow_create(
                {"measurement_id": measurement.id, "department_id": self.dep_sd.id}
            )
            return {"part_id": part.id, "reason": "Bukti belum lengkap"}
        if model == "sakip.pk.measurement.line":
            return {"measurement_id": measurement.id, "indicator_id": self.indicator_sd.id}
        return {"measurement_id": measurement.id, "program_id": self.program_sd.id}

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
