# Copyright 2024 SAKIP Indonesia
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""The Rencana Aksi of an agreement (issue 15, item 1): per indicator, the
kegiatan and sub-kegiatan that deliver it."""

from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.tools import float_is_zero
from odoo.tools.misc import formatLang

ACTION_QUARTERS = ("target_q1", "target_q2", "target_q3", "target_q4")


class SakipPkAction(models.Model):
    """An action (kegiatan or sub-kegiatan) of the action plan of one
    indicator: its responsible official, quarterly targets and budget.

    The agreement's quarterly targets (Tw I-IV) stay the reference; an
    action's own targets are those of its output. The plan is made for the
    agreement in force: it can change while the agreement is current, not
    once a PK Perubahan superseded it (the new version carries a copy).
    """

    _name = "sakip.pk.action"
    _inherit = ["sakip.workflow.owned.mixin"]
    _description = "Action Plan Item (Rencana Aksi)"
    _order = "pk_id, indicator_sequence, indicator_id, sequence, id"
    _parent_store = True
    _check_company_auto = True

    #: Copies of the indicator and agreement (related, stored for the record rules).
    _sakip_workflow_fields = frozenset(
        {"pk_id", "company_id", "department_id", "indicator_sequence", "parent_path"}
    )
    _sakip_user_fields = frozenset(
        {
            "indicator_id",
            "sequence",
            "name",
            "kind",
            "parent_id",
            "child_ids",
            "employee_id",
            "uom",
            *ACTION_QUARTERS,
            "budget",
            "note",
        }
    )

    indicator_id = fields.Many2one(
        comodel_name="sakip.pk.indicator",
        required=True,
        ondelete="cascade",
        index=True,
    )
    pk_id = fields.Many2one(related="indicator_id.pk_id", store=True, index=True)
    company_id = fields.Many2one(related="indicator_id.company_id", store=True, index=True)
    department_id = fields.Many2one(
        related="indicator_id.department_id", store=True, index=True, string="Bidang"
    )
    indicator_sequence = fields.Integer(related="indicator_id.sequence", store=True)
    objective = fields.Char(related="indicator_id.objective")
    sequence = fields.Integer(default=10)
    name = fields.Char(string="Action", required=True)
    kind = fields.Selection(
        selection=[("kegiatan", "Kegiatan"), ("sub_kegiatan", "Sub-kegiatan")],
        required=True,
        default="kegiatan",
    )
    parent_id = fields.Many2one(
        comodel_name="sakip.pk.action",
        string="Kegiatan",
        ondelete="cascade",
        index=True,
        domain="[('indicator_id', '=', indicator_id), ('kind', '=', 'kegiatan')]",
        help="The kegiatan a sub-kegiatan belongs to.",
    )
    parent_path = fields.Char(index=True, copy=False)
    child_ids = fields.One2many(
        comodel_name="sakip.pk.action", inverse_name="parent_id", string="Sub-kegiatan"
    )
    employee_id = fields.Many2one(
        comodel_name="hr.employee",
        string="Responsible official",
        check_company=True,
    )
    uom = fields.Char(string="Unit", help="Unit of the action's output targets.")
    target_q1 = fields.Float(string="Q1 target", digits=(16, 2))
    target_q2 = fields.Float(string="Q2 target", digits=(16, 2))
    target_q3 = fields.Float(string="Q3 target", digits=(16, 2))
    target_q4 = fields.Float(string="Q4 target", digits=(16, 2))
    budget = fields.Float(string="Budget (Rp)", digits=(16, 0))
    note = fields.Text()

    @api.constrains("kind", "parent_id", "indicator_id")
    def _check_parent(self):
        for action in self:
            parent = action.parent_id
            if action.kind == "kegiatan" and parent:
                raise ValidationError(
                    self.env._(
                        "“%(action)s” is a kegiatan: only a sub-kegiatan belongs to a kegiatan.",
                        action=action.name,
                    )
                )
            misplaced = parent.kind != "kegiatan" or parent.indicator_id != action.indicator_id
            if action.kind == "sub_kegiatan" and (not parent or misplaced):
                raise ValidationError(
                    self.env._(
                        "The sub-kegiatan “%(action)s” belongs to a kegiatan of the same "
                        "indicator.",
                        action=action.name,
                    )
                )

    @api.constrains("budget", *ACTION_QUARTERS)
    def _check_amounts(self):
        for action in self:
            amounts = [action[fname] for fname in ("budget", *ACTION_QUARTERS)]
            if any(amount < 0 for amount in amounts):
                raise ValidationError(
                    self.env._(
                        "“%(action)s”: targets and budget cannot be negative.",
                        action=action.name,
                    )
                )

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            self._check_whole_rupiah(vals)
        actions = super().create(vals_list)
        actions._check_agreement_current()
        return actions

    def write(self, vals):
        self._check_whole_rupiah(vals)
        self._check_agreement_current()
        result = super().write(vals)
        if "indicator_id" in vals:
            self._check_agreement_current()
        return result

    @api.ondelete(at_uninstall=False)
    def _unlink_except_superseded(self):
        self._check_agreement_current()

    def _check_whole_rupiah(self, vals):
        budget = vals.get("budget") or 0.0
        if not float_is_zero(budget - round(budget), precision_digits=2):
            raise ValidationError(
                self.env._(
                    "“%(action)s”: budgets are in whole Rupiah, without cents (%(budget)s).",
                    action=vals.get("name") or self[:1].name or "",
                    budget=formatLang(self.env, budget, digits=2),
                )
            )

    def _check_agreement_current(self):
        """The plan of a superseded or cancelled agreement is on record only."""
        if self.env["sakip.workflow.owned.mixin"]._sakip_workflow_is_writing():
            return
        closed = self.pk_id.filtered(lambda pk: pk.state in ("superseded", "cancelled"))
        if closed:
            raise UserError(
                self.env._(
                    "The action plan of %(agreement)s can no longer change: the agreement "
                    "is superseded or cancelled. Change the plan of its current version.",
                    agreement=closed[0].display_name,
                )
            )

    @api.model
    def _sakip_copy_to_versions(self, previous, revisions):
        """Copy the action plans of the agreements ``previous`` to their new
        versions ``revisions``: each action to the indicator of the same
        sasaran and name; kegiatan first, then their sub-kegiatan."""
        targets = {
            (pk.previous_id.id, indicator.objective, indicator.name): indicator.id
            for pk in revisions
            for indicator in pk.indicator_ids
        }
        actions = self.search([("pk_id", "in", previous.ids)])
        copied = {}
        for kind in ("kegiatan", "sub_kegiatan"):
            batch = actions.filtered(lambda action, k=kind: action.kind == k)
            vals_list, sources = [], []
            for action, vals in zip(batch, batch.copy_data(), strict=True):
                indicator = targets.get(
                    (action.pk_id.id, action.indicator_id.objective, action.indicator_id.name)
                )
                parent = copied.get(action.parent_id.id) if action.parent_id else False
                if not indicator or (action.parent_id and not parent):
                    continue
                vals.update(indicator_id=indicator, parent_id=parent)
                vals_list.append(vals)
                sources.append(action.id)
            new = self._sakip_workflow_create(vals_list)
            copied.update(zip(sources, new.ids, strict=True))
        return self.browse(list(copied.values()))
