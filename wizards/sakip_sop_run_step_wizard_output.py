# Copyright 2024 SAKIP Indonesia
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import fields, models


class SakipSopRunStepWizardOutput(models.TransientModel):
    """One named output of the step in its Done dialog: one file."""

    _name = "sakip.sop.run.step.wizard.output"
    _description = "SOP Run Step Action Output"
    _order = "sequence, id"

    wizard_id = fields.Many2one(
        comodel_name="sakip.sop.run.step.wizard",
        required=True,
        ondelete="cascade",
    )
    sequence = fields.Integer()
    name = fields.Char(string="Output", required=True, readonly=True)
    required = fields.Boolean(readonly=True)
    given = fields.Boolean(
        string="Already given",
        readonly=True,
        help="A file was given for this output before: a new one is added to it.",
    )
    file = fields.Binary(attachment=False)
    filename = fields.Char()
