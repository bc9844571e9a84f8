# Copyright 2024 SAKIP Indonesia
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import api, fields, models
from odoo.exceptions import ValidationError


class SakipSopStepOutput(models.Model):
    """A named output of an SOP step (e.g. Berita Acara Rapat): one file the
    user gives in the step's Done dialog, kept as an output named after it."""

    _name = "sakip.sop.step.output"
    _inherit = ["sakip.workflow.owned.mixin"]
    _description = "SOP Step Output"
    _order = "step_id, sequence, id"
    #: Configuration, written by SAKIP administrators.
    _sakip_workflow_fields = frozenset()
    _sakip_user_fields = frozenset({"step_id", "sequence", "name", "required"})

    step_id = fields.Many2one(
        comodel_name="sakip.sop.step",
        string="SOP step",
        required=True,
        ondelete="cascade",
        index=True,
    )
    sequence = fields.Integer(default=10)
    name = fields.Char(
        string="Output",
        required=True,
        help="Name of the file the step produces (e.g. Berita Acara Rapat): the "
        "Done dialog asks for one file under this name.",
    )
    required = fields.Boolean(
        default=True,
        help="The step cannot be done without this file.",
    )

    _sql_constraints = [
        (
            "step_name_uniq",
            "UNIQUE(step_id, name)",
            "Each output may appear only once in a step.",
        ),
    ]

    @api.constrains("name")
    def _check_name(self):
        for output in self:
            if not (output.name or "").strip():
                raise ValidationError(self.env._("Give the output a name."))

    def _sakip_slots(self):
        """The outputs as the run's steps keep them: ``[{name, required}]``."""
        return [{"name": output.name.strip(), "required": output.required} for output in self]
