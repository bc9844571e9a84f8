# Copyright 2024 SAKIP Indonesia
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""An office with a record of every stored model of the addon, for the tests
of the workflow-owned fields (sakip.workflow.owned.mixin)."""

from odoo import Command

from .collection_common import CollectionCase

MODULE = "sakip_penetapan_kinerja"
MIXIN = "sakip.workflow.owned.mixin"
#: The SAKIP roles whose users try the writes (administrator included: the
#: rule is the same for everyone).
ROLES = ("staff", "planner", "secretary", "head", "admin")
#: The text of the guard's refusals.
GUARD_WRITE = "set by the workflow only"
GUARD_CREATE = "not when a record is created"
GUARD_UNLINK = "kept by the workflow"


def addon_models(env):
    """The stored models of the addon (wizards excluded: they are transient
    inputs of the workflow's actions, which check them)."""
    return sorted(
        name
        for name, model in env.registry.items()
        if model._original_module == MODULE and not model._abstract and not model._transient
    )


def stored_fields(model):
    """The stored fields the addon defines on ``model`` (the ORM's own and
    those of other modules' mixins, e.g. mail.thread, excluded)."""
    magic = {"id", "create_uid", "create_date", "write_uid", "write_date"}
    return {
        fname
        for fname, field in model._fields.items()
        if field.store and field._module == MODULE and fname not in magic
    }


class WorkflowOwnedCase(CollectionCase):
    """A running SOP run at the collection, with the lines, submissions, a
    letter and a draft run of another agreement."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        head, planner = cls.users["head"], cls.users["planner"]
        cls.indicator, cls.program = cls._lines(cls.pk)
        cls.pk.with_user(head).action_start_sop_run()
        cls.sop_run = cls.pk.sop_run_ids
        cls.sop_run.with_user(head).write({"start_text": "<p>Susun PK sesuai SOP.</p>"})
        cls.sop_run.with_user(head).action_start()
        for number in (2, 3, 4, 5):
            cls.sop_run.step_ids.filtered(lambda s, n=number: s.sequence == n).with_user(
                planner
            ).action_done()
        cls.step = cls.sop_run.current_step_id
        cls.submission = cls.env["sakip.pk.submission"].search(
            [("run_id", "=", cls.sop_run.id), ("department_id", "=", cls.dep_sd.id)]
        )
        cls.letter_type = cls.env["sakip.letter.type"].create(
            {
                "name": "Surat Pengantar",
                "code": "cover_letter",
                "company_id": cls.company.id,
                "pattern": "{code}/{seq}/{year}",
                "classification_code": "000.8.3.3",
            }
        )
        # The Kepala signs the letters issued in their name (sakip.signature.mixin).
        cls.head_employee.user_id = cls.users["head"]
        cls.letter = cls.letter_type.with_user(planner)._sakip_issue(
            {
                "subject": "Penyampaian Perjanjian Kinerja",
                "signer_employee_id": cls.head_employee.id,
            }
        )
        cls.previous.with_user(head).action_start_sop_run()
        cls.draft_run = cls.previous.sop_run_ids
        cls.action = cls.env["sakip.pk.action"].create(
            {"indicator_id": cls.indicator.id, "name": "Rehab ruang kelas"}
        )
        # The quarterly measurement of issue 15 (opened by the workflow's path:
        # the agreement of this office is not signed yet).
        cls.measurement = cls.env["sakip.pk.measurement"]._sakip_workflow_create(
            {"pk_id": cls.pk.id, "quarter": "1"}
        )
        cls.records = {
            "sakip.pk": cls.pk,
            "sakip.pk.action": cls.action,
            "sakip.pk.measurement": cls.measurement,
            "sakip.pk.measurement.line": cls.measurement.line_ids[:1],
            "sakip.pk.measurement.budget": cls.measurement.budget_ids[:1],
            "sakip.pk.measurement.part": cls.env["sakip.pk.measurement.part"]._sakip_ensure(
                cls.measurement
            )[:1],
            "sakip.rating.band": cls.env["sakip.rating.band"].search(
                [("company_id", "=", cls.company.id)], limit=1
            ),
            "sakip.pk.indicator": cls.indicator,
            "sakip.pk.program": cls.program,
            "sakip.pk.submission": cls.submission,
            "sakip.letter": cls.letter,
            "sakip.letter.type": cls.letter_type,
            "sakip.sop": cls.sop,
            "sakip.sop.step": cls.sop.step_ids.filtered(lambda s: s.sequence == 12),
            "sakip.sop.step.output": cls.sop.step_ids.output_ids[:1]
            or cls.env["sakip.sop.step.output"].create(
                {"step_id": cls.sop.step_ids[-1].id, "name": "Tanda terima"}
            ),
            "sakip.sop.actor": cls.sop.step_ids.actor_id[:1],
            # Users set up a run while it is a draft; its steps are the engine's.
            "sakip.sop.run": cls.draft_run,
            "sakip.sop.run.step": cls.step,
        }

    @classmethod
    def _lines(cls, pk, department=None):
        department = department or cls.dep_sd
        indicator = cls.env["sakip.pk.indicator"].create(
            {
                "pk_id": pk.id,
                "department_id": department.id,
                "objective": "Meningkatnya akses pendidikan dasar",
                "name": "APM SD",
                "uom": "%",
                "target": 98.0,
            }
        )
        program = cls.env["sakip.pk.program"].create(
            {
                "pk_id": pk.id,
                "department_id": department.id,
                "name": "Program Pengelolaan Pendidikan SD",
                "budget": 1_000_000,
            }
        )
        return indicator, program

    @classmethod
    def _same_value(cls, record, fname):
        """``{fname: its current value}`` in the format of ``write``."""
        record = record.sudo()
        return record._convert_to_write({fname: record[fname]})

    @classmethod
    def _draft_pk(cls, year, **vals):
        return cls.env["sakip.pk"].create(
            {
                "fiscal_year": year,
                "level": "head",
                "company_id": cls.company.id,
                "first_party_id": cls.head_employee.id,
                "indicator_ids": [
                    Command.create(
                        {
                            "objective": "Meningkatnya akses pendidikan dasar",
                            "name": "APM SD",
                            "uom": "%",
                            "target": 98.0,
                            "department_id": cls.dep_sd.id,
                        }
                    )
                ],
                **vals,
            }
        )
