# Copyright 2024 SAKIP Indonesia
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import api, fields, models
from odoo.exceptions import ValidationError
from odoo.tools import float_is_zero
from odoo.tools.misc import formatLang


class SakipPkProgram(models.Model):
    """A programme of an agreement with its budget, in whole Rupiah."""

    _name = "sakip.pk.program"
    _description = "Performance Agreement Programme"
    _order = "pk_id, sequence, id"
    _check_company_auto = True

    #: Fields whose changes are logged on the agreement's chatter.
    _pk_tracked_fields = ("name", "budget", "department_id")

    pk_id = fields.Many2one(
        comodel_name="sakip.pk",
        string="Agreement",
        required=True,
        ondelete="cascade",
        index=True,
    )
    company_id = fields.Many2one(related="pk_id.company_id", store=True, index=True)
    fiscal_year = fields.Integer(related="pk_id.fiscal_year", store=True)
    level = fields.Selection(related="pk_id.level", store=True)
    pk_state = fields.Selection(related="pk_id.state", string="Agreement status", store=True)
    sequence = fields.Integer(default=10)
    name = fields.Char(string="Programme", required=True)
    budget = fields.Float(string="Budget (Rp)", digits=(16, 0))
    department_id = fields.Many2one(
        comodel_name="hr.department",
        string="Responsible unit (bidang)",
        index=True,
        check_company=True,
    )
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

    def _check_whole_rupiah(self, vals):
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

    # ------------------------------------------------------------------
    # Read-only lines of signed agreements, changes logged on the agreement
    # ------------------------------------------------------------------

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            self._check_whole_rupiah(vals)
        lines = super().create(vals_list)
        lines.pk_id._check_editable()
        self.env["sakip.pk"]._line_tracking_created(lines)
        return lines

    def write(self, vals):
        self._check_whole_rupiah(vals)
        agreements = self.pk_id
        if vals.get("pk_id"):
            agreements |= self.env["sakip.pk"].browse(vals["pk_id"])
        agreements._check_editable()
        if not vals.keys().isdisjoint({"pk_id", *self._pk_tracked_fields}):
            self.env["sakip.pk"]._line_tracking_prepare(self)
        return super().write(vals)

    @api.ondelete(at_uninstall=False)
    def _unlink_except_locked_agreement(self):
        self.pk_id._check_editable()

    def unlink(self):
        self.env["sakip.pk"]._line_tracking_removed(self)
        return super().unlink()

    def _pk_tracking_label(self):
        """Name of the line in the messages logged on the agreement."""
        self.ensure_one()
        return self.name

    def _pk_tracking_summary(self):
        """The line in a few words, for the messages logged on the agreement."""
        self.ensure_one()
        return self.env._(
            "%(programme)s (budget Rp %(budget)s)",
            programme=self.name,
            budget=formatLang(self.env, self.budget, digits=0),
        )
