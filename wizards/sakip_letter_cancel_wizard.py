# Copyright 2024 SAKIP Indonesia
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import fields, models


class SakipLetterCancelWizard(models.TransientModel):
    """Cancel letters with a reason, or refuse to sign them (the signer);
    their numbers stay in the register. ``sakip.letter._sakip_cancel`` and
    ``_sakip_refuse`` check the rights."""

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
    refuse = fields.Boolean(
        string="Refusal by the signer",
        readonly=True,
        help="The signer refuses to sign (sakip.letter._sakip_refuse checks it is them).",
    )

    def action_confirm(self):
        self.ensure_one()
        if self.refuse:
            self.letter_ids._sakip_refuse(self.reason)
        else:
            self.letter_ids._sakip_cancel(self.reason)
        return {"type": "ir.actions.act_window_close"}
