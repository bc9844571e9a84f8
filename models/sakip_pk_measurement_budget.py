# Copyright 2024 SAKIP Indonesia
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""The budget realisation of one programme in a quarterly measurement
(realisasi and serapan anggaran, issue 15, item 2)."""

from odoo import api, fields, models
from odoo.exceptions import ValidationError
from odoo.tools import float_is_zero
from odoo.tools.misc import formatLang


class SakipPkMeasurementBudget(models.Model):
    _name = "sakip.pk.measurement.budget"
    _inherit = ["sakip.workflow.owned.mixin"]
    _description = "Quarterly Budget Realisation"
    _order = "measurement_id, program_sequence, program_id, id"
    _check_company_auto = True
    _sakip_user_unlink = False

    _sakip_workflow_fields = frozenset(
        {
            "measurement_id",
            "program_id",
            "pk_id",
            "company_id",
            "department_id",
            "program_sequence",
            "budget",
            "absorption",
        }
    )
    _sakip_user_fields = frozenset({"spent", "note"})

    measurement_id = fields.Many2one(
        comodel_name="sakip.pk.measurement",
        required=True,
        ondelete="cascade",
        index=True,
    )
    program_id = fields.Many2one(
        comodel_name="sakip.pk.program",
        string="Programme",
        required=True,
        ondelete="cascade",
        index=True,
    )
    pk_id = fields.Many2one(related="measurement_id.pk_id", store=True, index=True)
    company_id = fields.Many2one(related="measurement_id.company_id", store=True, index=True)
    department_id = fields.Many2one(
        related="program_id.department_id", store=True, index=True, string="Bidang"
    )
    program_sequence = fields.Integer(related="program_id.sequence", store=True)
    measurement_state = fields.Selection(related="measurement_id.state", string="Status")
    budget = fields.Float(string="Budget (Rp)", digits=(16, 0))
    spent = fields.Float(
        string="Spent (Rp)", digits=(16, 0), help="Budget realised up to the end of the quarter."
    )
    absorption = fields.Float(
        string="Absorption (%)", digits=(16, 2), compute="_compute_absorption", store=True
    )
    note = fields.Text()

    @api.depends("budget", "spent")
    def _compute_absorption(self):
        for line in self:
            line.absorption = line.spent / line.budget * 100 if line.budget else 0.0

    @api.constrains("spent")
    def _check_spent(self):
        for line in self:
            if line.spent < 0 or not float_is_zero(
                line.spent - round(line.spent), precision_digits=2
            ):
                raise ValidationError(
                    self.env._(
                        "Programme “%(programme)s”: the budget spent is a whole, "
                        "non-negative amount of Rupiah (%(spent)s).",
                        programme=line.program_id.name,
                        spent=formatLang(self.env, line.spent, digits=2),
                    )
                )

    def write(self, vals):
        if not self._sakip_workflow_is_writing():
            self.measurement_id._sakip_check_open()
            self.env["sakip.pk.measurement.part"]._sakip_check_bidang_may_edit(self)
        return super().write(vals)
