# Copyright 2024 SAKIP Indonesia
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import fields, models


class BenchTierDocument(models.Model):
    """A document of N indicator lines approved by the Sekretaris Dinas
    through a tier validation: the other side of the step-completion benchmark."""

    _name = "bench.tier.document"
    _inherit = ["mail.thread", "mail.activity.mixin", "tier.validation"]
    _description = "Benchmark: tier-validated document"
    _state_from = ["draft"]
    _state_to = ["approved"]
    _cancel_state = "cancel"

    name = fields.Char(required=True)
    company_id = fields.Many2one(
        comodel_name="res.company",
        required=True,
        default=lambda self: self.env.company,
    )
    state = fields.Selection(
        selection=[("draft", "Draft"), ("approved", "Approved"), ("cancel", "Cancelled")],
        required=True,
        default="draft",
        tracking=True,
    )
    line_ids = fields.One2many(
        comodel_name="bench.tier.line",
        inverse_name="document_id",
    )

    def action_approve(self):
        """The single approval measured: the reviewer's validation, then the
        state change it allows (as step 9 accepts the draft as final)."""
        for document in self:
            document.validate_tier()
        self.write({"state": "approved"})
        return True
