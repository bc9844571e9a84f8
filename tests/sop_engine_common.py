# Copyright 2024 SAKIP Indonesia
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""The SOP engine's own world: a test-only client document (see
``sop_test_client``) with a three-step SOP in an office of its own, without
the agreement: a step with a required output, a review that sends back, and
a step that records a quantity."""

import base64

from odoo_test_helper import FakeModelLoader

from odoo import Command
from odoo.tests import TransactionCase

from .sop_run_common import create_calendar, create_users

CLIENT = "sakip.sop.test.document"
#: The loader registers the client under a module of its own: loaded under the
#: addon's name, the registry would rebuild every model of the addon, and the
#: restored registry would keep the rebuilt classes of its mixins.
TEST_MODULE = "odoo.addons.sakip_sop_engine_test_client"


class SopEngineCase(TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env = cls.env(context=dict(cls.env.context, lang="en_US", tracking_disable=True))
        cls.loader = FakeModelLoader(cls.env, TEST_MODULE)
        cls.loader.backup_registry()
        from .sop_test_client import SakipSopTestDocument

        cls.loader.update_registry((SakipSopTestDocument,))
        cls.env["ir.model.access"].create(
            {
                "name": "SOP engine test document",
                "model_id": cls.env["ir.model"]._get_id(CLIENT),
                "group_id": cls.env.ref("base.group_user").id,
                "perm_read": True,
                "perm_write": True,
                "perm_create": True,
                "perm_unlink": True,
            }
        )
        cls.company = cls.env["res.company"].create({"name": "Engine Office"})
        cls.company.sakip_calendar_id = create_calendar(cls.env, cls.company, "Engine Office")
        cls.users = create_users(cls.env, cls.company, "Engine", "engine")
        Actor = cls.env["sakip.sop.actor"]
        head = Actor.create(
            {
                "name": "Head",
                "code": "head",
                "group_id": cls.env.ref("sakip_penetapan_kinerja.group_sakip_head").id,
                "company_id": cls.company.id,
            }
        )
        reviewer = Actor.create(
            {
                "name": "Reviewer",
                "code": "reviewer",
                "group_id": cls.env.ref("sakip_penetapan_kinerja.group_sakip_secretary").id,
                "superior_actor_id": head.id,
                "company_id": cls.company.id,
            }
        )
        # The writer creates and starts the runs: the users who may create runs.
        writer = Actor.create(
            {
                "name": "Writer",
                "code": "writer",
                "group_id": cls.env.ref("sakip_penetapan_kinerja.group_sakip_head").id,
                "superior_actor_id": reviewer.id,
                "company_id": cls.company.id,
            }
        )
        cls.actors = {"head": head, "reviewer": reviewer, "writer": writer}
        cls.sop = cls.env["sakip.sop"].create(
            {
                "number": "ENG/1",
                "name": "Engine test procedure",
                "code": "engine_test",
                "res_model": CLIENT,
                "company_id": cls.company.id,
                "step_ids": [
                    Command.create(
                        {
                            "sequence": 1,
                            "name": "Write the draft",
                            "actor_id": writer.id,
                            "duration_value": 4,
                            "duration_unit": "hour",
                            "kind": "generic",
                            "instructions": "Write it and attach it.",
                            "output_ids": [Command.create({"name": "Draft", "required": True})],
                        }
                    ),
                    Command.create(
                        {
                            "sequence": 2,
                            "name": "Review the draft",
                            "actor_id": reviewer.id,
                            "duration_value": 2,
                            "duration_unit": "hour",
                            "kind": "review",
                        }
                    ),
                    Command.create(
                        {
                            "sequence": 3,
                            "name": "Print the copies",
                            "actor_id": writer.id,
                            "duration_value": 1,
                            "duration_unit": "working_day",
                            "kind": "generic",
                            "quantity_label": "Number of copies",
                        }
                    ),
                ],
            }
        )
        steps = cls.sop.step_ids.sorted("sequence")
        steps[1].send_back_step_id = steps[0]
        cls.Document = cls.env[CLIENT]

    @classmethod
    def tearDownClass(cls):
        cls.loader.restore_registry()
        super().tearDownClass()

    def _document(self, **values):
        return self.Document.create(
            dict({"name": "Test document", "company_id": self.company.id}, **values)
        )

    def _run(self, document=None, user="head"):
        """A draft run of the SOP for ``document`` (a new one by default),
        created from the document as ``user``."""
        document = document or self._document()
        document.with_user(self.users[user]).action_start_sop_run()
        return document.sop_run_ids

    def _upload(self, name="draft.pdf", user="head"):
        return (
            self.env["ir.attachment"]
            .with_user(self.users[user])
            .create(
                {
                    "name": name,
                    "datas": base64.b64encode(b"%PDF-1.4 draft"),
                    "res_model": "sakip.sop.run.step.wizard",
                    "res_id": 0,
                }
            )
        )
