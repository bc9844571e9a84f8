# Copyright 2024 SAKIP Indonesia
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import fields, models


class SakipPkMeasurementPartReturnWizard(models.TransientModel):
    """Return one bidang's realisation with a reason. The part's action
    checks the rights."""

    _name = "sakip.pk.measurement.part.return.wizard"
    _description = "Return a Bidang Realisation"

    part_id = fields.Many2one(
        comodel_name="sakip.pk.measurement.part",
        required=True,
        readonly=True,
        ondelete="cascade",
    )
    department_id = fields.Many2one(related="part_id.department_id")
    reason = fields.Text(required=True)

    def action_confirm(self):
        self.ensure_one()
        self.part_id.action_return(self.reason)
        return {"type": "ir.actions.act_window_close"}
