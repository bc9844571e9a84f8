# Copyright 2024 SAKIP Indonesia
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import fields, models


class SakipPkSubmissionReturnWizard(models.TransientModel):
    """Return a bidang's submission with a reason. The submission's action
    checks the rights."""

    _name = "sakip.pk.submission.return.wizard"
    _description = "Return a Bidang Submission"

    submission_id = fields.Many2one(
        comodel_name="sakip.pk.submission",
        required=True,
        readonly=True,
        ondelete="cascade",
    )
    department_id = fields.Many2one(related="submission_id.department_id")
    reason = fields.Text(required=True)

    def action_confirm(self):
        self.ensure_one()
        self.submission_id.action_return(self.reason)
        return {"type": "ir.actions.act_window_close"}
