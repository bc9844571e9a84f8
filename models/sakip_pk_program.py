# Copyright 2024 SAKIP Indonesia
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import api, fields, models
from odoo.exceptions import ValidationError
from odoo.tools import float_is_zero
from odoo.tools.misc import formatLang


class SakipPkProgram(models.Model):
    """A programme of an agreement with its budget, in whole Rupiah."""

    _name = "sakip.pk.program"
    _inherit = "sakip.pk.line.mixin"
    _description = "Performance Agreement Programme"

    #: Owned: the agreement's copies (sakip.pk.line.mixin); users fill in the rest.
    _sakip_workflow_fields = frozenset({"company_id", "fiscal_year", "level"})
    _sakip_user_fields = frozenset({"pk_id", "sequence", "department_id", "name", "budget", "note"})

    #: Fields whose changes are logged on the agreement's chatter.
    _pk_tracked_fields = ("name", "budget", "department_id")

    name = fields.Char(string="Programme", required=True)
    budget = fields.Float(string="Budget (Rp)", digits=(16, 0))
    note = fields.Text()

    @api.constrains("budget")
    def _check_budget_not_negative(self):
        for line in self:
            if line.budget < 0:
                raise ValidationError(
                    self.env._(
                        "Programme “%(programme)s”: the budget cannot be negative.",
                        programme=line.name,
                    )
                )

    def _pk_line_check_vals(self, vals):
        """Refuse a budget with a fraction of a Rupiah.

        Checked on the values given, before the field's rounding to whole
        Rupiah would hide the fraction.
        """
        budget = vals.get("budget") or 0.0
        if not float_is_zero(budget - round(budget), precision_digits=2):
            raise ValidationError(
                self.env._(
                    "Programme “%(programme)s”: budgets are in whole Rupiah, "
                    "without cents (%(budget)s).",
                    programme=vals.get("name") or self[:1].name or "",
                    budget=formatLang(self.env, budget, digits=2),
                )
            )

    # Messages logged on the agreement (sakip.pk.line.mixin)

    def _pk_tracking_summary(self):
        """The line in a few words, for the messages logged on the agreement."""
        self.ensure_one()
        return self.env._(
            "%(programme)s (budget Rp %(budget)s)",
            programme=self.name,
            budget=formatLang(self.env, self.budget, digits=0),
        )
