# Copyright 2024 SAKIP Indonesia
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""The field matrix of the workflow-owned fields, generated from the models:
every stored field of every addon model, written by a user of every SAKIP
group (and by the superuser), is refused or allowed exactly as the model
declares it (sakip.workflow.owned.mixin)."""

import logging

from odoo.exceptions import AccessError, UserError
from odoo.tests import tagged

from .workflow_owned_common import (
    GUARD_CREATE,
    GUARD_UNLINK,
    GUARD_WRITE,
    MIXIN,
    ROLES,
    WorkflowOwnedCase,
    addon_models,
    stored_fields,
)

_logger = logging.getLogger(__name__)

#: Refusals: an access error (a UserError in Odoo) or a UserError.
REFUSED = UserError


@tagged("post_install", "-at_install", "sakip")
class TestWorkflowOwnedMatrix(WorkflowOwnedCase):
    def test_every_stored_field_is_declared(self):
        """Each model declares, itself, its owned and its user-editable
        fields; together they are exactly its stored fields: a new stored
        field without a declaration fails here."""
        models = addon_models(self.env)
        self.assertEqual(set(models), set(self.records), "a model without a test record")
        for name in models:
            with self.subTest(model=name):
                model = self.env[name]
                self.assertIsInstance(model, self.env.registry[MIXIN], f"{name} is not guarded")
                own_classes = [
                    cls for cls in type(model).__mro__ if getattr(cls, "_name", None) == name
                ]
                for attribute in ("_sakip_workflow_fields", "_sakip_user_fields"):
                    self.assertTrue(
                        any(attribute in vars(cls) for cls in own_classes),
                        f"{name} does not declare {attribute} itself",
                    )
                owned, user = model._sakip_workflow_fields, model._sakip_user_fields
                stored = stored_fields(model)
                self.assertFalse(owned & user, f"{name}: declared both owned and user-editable")
                self.assertFalse(
                    stored - owned - user, f"{name}: stored fields without a declaration"
                )
                self.assertFalse((owned | user) - stored, f"{name}: declared fields not stored")

    def test_workflow_path_does_not_leak(self):
        """The workflow's permission lasts for its call only: records and
        environments made inside it, and the context, carry nothing after."""
        pk = self._draft_pk(2033)
        with pk._sakip_workflow():
            captured = pk.with_context(sakip_workflow=True).with_user(self.users["planner"])
            pk.write({"sign_place": "Purwokerto", "revision": 0})
        for records in (captured, pk, pk.sudo()):
            with self.subTest(env=records.env), self.assertRaises(UserError) as caught:
                records.write({"state": "signed"})
            self.assertIn(GUARD_WRITE, str(caught.exception))
        # An error inside the path ends the permission as well.
        with self.assertRaises(ZeroDivisionError), pk._sakip_workflow():
            pk.write({"sign_place": "Banyumas"}) and 1 / 0
        with self.assertRaises(UserError) as caught:
            pk.sudo().write({"state": "signed"})
        self.assertIn(GUARD_WRITE, str(caught.exception))
        self.assertEqual(pk.state, "draft")

    def test_field_matrix(self):
        """Owned: refused to every role and to the superuser. User-editable:
        allowed to every role whose access rights let it write the model
        (rewriting the current value), skipped and counted otherwise."""
        counts = dict.fromkeys(
            ("fields", "checks", "owned_refused", "by_guard", "user_allowed", "acl_skipped"), 0
        )
        for name, record in sorted(self.records.items()):
            model = self.env[name]
            owned, user = model._sakip_workflow_fields, model._sakip_user_fields
            for fname in sorted(owned | user):
                counts["fields"] += 1
                vals = self._same_value(record, fname)
                if fname in owned:
                    # The superuser is refused too: only the workflow's path writes.
                    with self.subTest(model=name, field=fname, role="superuser"):
                        with self.assertRaises(UserError) as caught:
                            record.sudo().write(vals)
                        self.assertIn(GUARD_WRITE, str(caught.exception))
                for role in ROLES:
                    counts["checks"] += 1
                    as_user = record.with_user(self.users[role])
                    may_write = as_user.has_access("write")
                    with self.subTest(model=name, field=fname, role=role):
                        if fname in owned:
                            with self.assertRaises(REFUSED) as caught, self.env.cr.savepoint():
                                as_user.write(vals)
                            counts["owned_refused"] += 1
                            counts["by_guard"] += GUARD_WRITE in str(caught.exception)
                        elif not may_write:
                            counts["acl_skipped"] += 1
                        else:
                            with self.env.cr.savepoint():
                                as_user.write(vals)
                                as_user.env.flush_all()
                            counts["user_allowed"] += 1
        _logger.info(
            "Workflow-owned field matrix: %(fields)s fields x %(roles)s roles = %(checks)s "
            "writes; owned refused %(owned_refused)s (by the guard itself %(by_guard)s, "
            "the others first by an access right or the model's own rule), user-editable "
            "allowed %(user_allowed)s, skipped where the access rights refuse writes "
            "%(acl_skipped)s; owned fields also refused to the superuser.",
            dict(counts, roles=len(ROLES)),
        )
        self.assertEqual(
            counts["checks"],
            counts["owned_refused"] + counts["user_allowed"] + counts["acl_skipped"],
        )
        self.assertGreater(counts["user_allowed"], 0)

    # Creates in workflow states
    def _create_cases(self):
        """``{model: (valid user values, owned values of a workflow state)}``."""
        head = self.head_employee
        pk_vals = {
            "fiscal_year": 2031,
            "level": "head",
            "company_id": self.company.id,
            "first_party_id": head.id,
        }
        line = {"pk_id": self.pk.id, "department_id": self.dep_sd.id}
        return {
            "sakip.pk": (
                pk_vals,
                {
                    "state": "signed",
                    "signed_by_id": self.users["head"].id,
                    "verify_token": "abc",
                    "record_sha256": "0" * 64,
                },
            ),
            "sakip.pk.indicator": (
                dict(line, objective="Sasaran", name="Indikator baru", target=1.0),
                {"fiscal_year": 1999, "level": "staff"},
            ),
            "sakip.pk.program": (
                dict(line, name="Program baru", budget=1_000),
                {"fiscal_year": 1999},
            ),
            "sakip.pk.submission": ({}, {"state": "submitted", "run_id": self.sop_run.id}),
            "sakip.letter": (
                {"sifat": "biasa"},
                {"name": "X/1", "state": "issued", "subject": "Palsu"},
            ),
            "sakip.letter.type": (
                {
                    "name": "Nota",
                    "code": "nota",
                    "company_id": self.company.id,
                    "pattern": "N/{seq}",
                },
                {"sequence_id": self.letter_type.sequence_id.id},
            ),
            "sakip.sop": (
                {"number": "1", "name": "SOP", "code": "sop_x", "is_current": False},
                {"step_count": 3},
            ),
            "sakip.sop.step": (
                {
                    "sop_id": self.sop.id,
                    "sequence": 99,
                    "name": "Langkah",
                    "actor_id": self.sop.step_ids.actor_id[:1].id,
                },
                {"duration_minutes": 5},
            ),
            "sakip.sop.step.output": (
                {"step_id": self.sop.step_ids[:1].id, "name": "Lembar disposisi"},
                {},
            ),
            "sakip.sop.actor": ({"name": "Aktor", "code": "aktor_x"}, {}),
            "sakip.sop.run": (
                {"sop_id": self.sop.id, "company_id": self.company.id},
                {"state": "running", "name": "RUN/1", "started_by_id": self.users["head"].id},
            ),
            "sakip.sop.run.step": ({}, {"run_id": self.sop_run.id, "state": "done", "sequence": 1}),
            "sakip.pk.action": (
                {"indicator_id": self.indicator.id, "name": "Aksi baru"},
                {"pk_id": self.previous.id},
            ),
            "sakip.pk.measurement": (
                {"pk_id": self.pk.id, "quarter": "2"},
                {"state": "approved", "approved_by_id": self.users["head"].id},
            ),
            "sakip.pk.measurement.line": (
                {"realisation": 1.0},
                {"measurement_id": self.measurement.id, "indicator_id": self.indicator.id},
            ),
            "sakip.pk.measurement.budget": (
                {"spent": 1.0},
                {"measurement_id": self.measurement.id, "program_id": self.program.id},
            ),
            "sakip.pk.measurement.part": (
                {},
                {"measurement_id": self.measurement.id, "department_id": self.dep_sd.id},
            ),
            "sakip.rating.band": ({"lower_bound": 150.0, "name": "Istimewa"}, {}),
        }

    def test_creates_in_workflow_states(self):
        """No role, nor the superuser, creates a record with an owned field
        set; a default of an owned field given in the context is ignored."""
        counts = {"refused": 0, "no_owned_field": 0}
        cases = self._create_cases()
        self.assertEqual(set(cases), set(self.records))
        for name, (user_vals, owned_vals) in sorted(cases.items()):
            if not owned_vals:
                self.assertFalse(self.env[name]._sakip_workflow_fields)
                counts["no_owned_field"] += 1
                continue
            Model = self.env[name]
            before = Model.sudo().with_context(active_test=False).search_count([])
            with self.subTest(model=name, role="superuser"):
                with self.assertRaises(UserError) as caught:
                    Model.sudo().create(dict(user_vals, **owned_vals))
                self.assertIn(GUARD_CREATE, str(caught.exception))
            for role in ROLES:
                with (
                    self.subTest(model=name, role=role),
                    self.assertRaises(REFUSED),
                    self.env.cr.savepoint(),
                ):
                    Model.with_user(self.users[role]).create(dict(user_vals, **owned_vals))
                counts["refused"] += 1
            self.assertEqual(Model.sudo().with_context(active_test=False).search_count([]), before)
        _logger.info(
            "Creates with workflow-owned values: %(refused)s refused (models x roles), "
            "%(no_owned_field)s model(s) without owned fields.",
            counts,
        )
        # The same values without the owned ones are accepted (the refusal was
        # the owned fields'), and a default_state of the client is ignored.
        planner = self.users["planner"]
        pk_vals = cases["sakip.pk"][0]
        pk = (
            self.env["sakip.pk"]
            .with_user(planner)
            .with_context(default_state="signed", default_verify_token="abc", default_revision=4)
            .create(pk_vals)
        )
        self.assertRecordValues(pk, [{"state": "draft", "verify_token": False, "revision": 0}])
        for name in ("sakip.pk.indicator", "sakip.pk.program"):
            line = self.env[name].with_user(self.users["staff"]).create(cases[name][0])
            self.assertEqual(line.fiscal_year, self.pk.fiscal_year)
        admin = self.users["admin"]
        for name in ("sakip.letter.type", "sakip.sop", "sakip.sop.step", "sakip.sop.actor"):
            self.assertTrue(self.env[name].with_user(admin).create(cases[name][0]))

    # Unlinks
    def test_unlinks(self):
        """Records of the workflow are never deleted by users (nor by the
        superuser outside the workflow); agreements only as drafts without a
        run; lines and configuration as their access rights say."""
        counts = {"refused": 0, "allowed": 0}
        never = {name for name in self.records if not self.env[name]._sakip_user_unlink}
        self.assertEqual(
            never,
            {
                "sakip.letter",
                "sakip.pk.submission",
                "sakip.sop.run.step",
                # The lines of a measurement go with it (issue 15).
                "sakip.pk.measurement.line",
                "sakip.pk.measurement.budget",
                # A bidang's part of a measurement's run (issue 15, item 4).
                "sakip.pk.measurement.part",
            },
        )
        # The records of the workflow, and an agreement with a run.
        kept = [self.records[name] for name in sorted(never)] + [self.pk]
        signed = self._draft_pk(2032)
        signed._sakip_workflow_write({"state": "signed"})
        kept.append(signed)
        for record in kept:
            with (
                self.subTest(record=record, role="superuser"),
                self.assertRaises(UserError),
                self.env.cr.savepoint(),
            ):
                record.sudo().unlink()
            for role in ROLES:
                with (
                    self.subTest(record=record, role=role),
                    self.assertRaises(REFUSED),
                    self.env.cr.savepoint(),
                ):
                    record.with_user(self.users[role]).unlink()
                counts["refused"] += 1
            self.assertTrue(record.exists())
        with self.assertRaises(UserError) as caught:
            self.submission.sudo().unlink()
        self.assertIn(GUARD_UNLINK, str(caught.exception))
        # What users may delete, each role on its own record.
        for role in ROLES:
            user = self.users[role]
            draft = self._draft_pk(2040 + ROLES.index(role))
            indicator, program = self._lines(draft)
            for record in (indicator, program, draft):
                as_user = record.with_user(user)
                with self.subTest(record=record, role=role):
                    if as_user.has_access("unlink"):
                        as_user.unlink()
                        self.assertFalse(record.exists())
                        counts["allowed"] += 1
                    else:
                        with self.assertRaises(AccessError):
                            as_user.unlink()
                        counts["refused"] += 1
        self.assertFalse(self.draft_run.state != "draft")
        self.draft_run.with_user(self.users["admin"]).unlink()
        _logger.info("Unlinks: %(refused)s refused, %(allowed)s allowed (records x roles).", counts)
