# Copyright 2024 SAKIP Indonesia
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import fields, models


class SakipLetterCancelWizard(models.TransientModel):
    """Cancel letters with a reason; their numbers stay in the register.
    ``sakip.letter._sakip_cancel`` checks the rights."""

    _name = "sakip.letter.cancel.wizard"
    _description = "Cancel Letter"

    letter_ids = fields.Many2many(
        comodel_name="sakip.letter",
        relation="sakip_letter_cancel_wizard_letter_rel",
        column1="wizard_id",
        column2="letter_id",
        string="Letters",
        required=True,
        readonly=True,
    )
    reason = fields.Text(required=True)

    def action_confirm(self):
        self.ensure_one()
        self.letter_ids._sakip_cancel(self.reason)
        return {"type": "ir.actions.act_window_close"}
