# Copyright 2024 SAKIP Indonesia
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""A minimal client of the SOP engine that exists only in the tests (loaded
with odoo_test_helper's FakeModelLoader, as OCA's base_tier_validation tests
do): a document with a state the review step moves, and a count the
quantity step records."""

from odoo import api, fields, models
from odoo.exceptions import UserError


class SakipSopTestDocument(models.Model):
    _name = "sakip.sop.test.document"
    _inherit = ["sakip.sop.document.mixin"]
    _description = "SOP engine test document"
    _sop_code = "engine_test"

    name = fields.Char(required=True)
    company_id = fields.Many2one(
        comodel_name="res.company", required=True, default=lambda self: self.env.company
    )
    fiscal_year = fields.Integer()
    state = fields.Selection(
        selection=[("draft", "Draft"), ("review", "In review"), ("approved", "Approved")],
        default="draft",
        required=True,
    )
    ready = fields.Boolean(default=True, help="The review's check refuses a draft not ready.")
    copy_count = fields.Integer()
    sent_back_reasons = fields.Text()

    @api.model
    def _sop_kind_handlers(self):
        return {
            "review": {
                "check": "_sop_check_review",
                "started": "_sop_started_review",
                "done": "_sop_done_review",
                "sent_back": "_sop_sent_back_review",
            },
            "generic": {"done": "_sop_done_generic"},
        }

    def _sop_check_review(self, steps):
        if not self.ready:
            raise UserError(self.env._("%(name)s is not ready for review.", name=self.name))

    def _sop_started_review(self, steps):
        self.state = "review"

    def _sop_done_review(self, steps):
        if steps.filtered(lambda step: step.state == "done"):
            self.state = "approved"

    def _sop_sent_back_review(self, steps, reason):
        self.write({"state": "draft", "sent_back_reasons": reason})

    def _sop_done_generic(self, steps):
        self.copy_count += sum(steps.filtered("quantity_label").mapped("quantity"))
