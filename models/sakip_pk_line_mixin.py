# Copyright 2024 SAKIP Indonesia
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import api, fields, models
from odoo.exceptions import AccessError

#: Roles that read and fill in the lines of every bidang (security/).
ALL_BIDANG_GROUPS = ("group_sakip_planner", "group_sakip_secretary", "group_sakip_head")


class SakipPkLineMixin(models.AbstractModel):
    """What every line of an agreement shares: its place in the agreement and
    its bidang, the agreement's data copied for analysis, and its life cycle —
    lines of a signed or superseded agreement are read-only, and changes are
    logged on the agreement's chatter.

    Concrete lines set ``_pk_tracked_fields`` and may refuse values in
    :meth:`_pk_line_check_vals`.
    """

    _name = "sakip.pk.line.mixin"
    _inherit = ["sakip.workflow.owned.mixin"]
    _description = "Performance Agreement Line"
    _order = "pk_id, sequence, id"
    _check_company_auto = True

    #: Fields whose changes are logged on the agreement's chatter.
    _pk_tracked_fields = ()

    #: The agreement's data copied on its lines (sakip.workflow.owned.mixin):
    #: they follow the agreement, nobody writes them on a line.
    _sakip_workflow_fields = frozenset({"company_id", "fiscal_year", "level"})
    #: What every line's users fill in (concrete lines add their own fields).
    _sakip_user_fields = frozenset({"pk_id", "sequence", "department_id"})

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
    # Not stored: a change of the agreement's status must not rewrite its lines.
    pk_state = fields.Selection(related="pk_id.state", string="Agreement status")
    sequence = fields.Integer(default=10)
    department_id = fields.Many2one(
        comodel_name="hr.department",
        string="Responsible unit (bidang)",
        index=True,
        check_company=True,
        domain="[('id', 'in', bidang_choice_ids)]",
    )
    # The bidang the current user may give a line (the record rules decide
    # the rest): their own for a Staf Bidang, all for the other roles.
    bidang_choice_ids = fields.Many2many(
        comodel_name="hr.department",
        string="Bidang you may choose",
        compute="_compute_bidang_choice_ids",
    )

    # pk_id: recomputed in the form once the agreement is chosen (a compute
    # without dependencies keeps its first value in an onchange).
    @api.depends("pk_id")
    @api.depends_context("uid", "allowed_company_ids")
    def _compute_bidang_choice_ids(self):
        user = self.env.user
        if any(user.has_group(f"sakip_penetapan_kinerja.{group}") for group in ALL_BIDANG_GROUPS):
            choices = self.env["hr.department"].search(
                [("company_id", "in", [False, *self.env.companies.ids])]
            )
        else:
            choices = user.employee_ids.department_id
        self.bidang_choice_ids = choices

    def _pk_line_check_vals(self, vals):
        """Refuse values before they are written (``vals`` of create or write)."""

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            self._pk_line_check_vals(vals)
        lines = super().create(vals_list)
        lines.pk_id._check_editable()
        self.env["sakip.pk"]._line_tracking_created(lines)
        return lines

    def write(self, vals):
        self._pk_line_check_vals(vals)
        agreements = self.pk_id
        if vals.get("pk_id"):
            agreements |= self.env["sakip.pk"].browse(vals["pk_id"])
        agreements._check_editable()
        if not vals.keys().isdisjoint({"pk_id", *self._pk_tracked_fields}):
            self.env["sakip.pk"]._line_tracking_prepare(self)
        res = super().write(vals)
        if "department_id" in vals and not self.env.su:
            self._pk_line_check_moved()
        return res

    def _pk_line_check_moved(self):
        """A user moves lines only into a bidang whose lines they may edit: the
        record rules are checked again on the new bidang (Odoo checks them
        before a write only); the transaction is then rolled back."""
        refused = self - self._filtered_access("write")
        if refused:
            # sudo: the moved line is no longer readable by the user who moved it.
            line = refused[0].sudo()
            raise AccessError(
                self.env._(
                    "You cannot move the line “%(line)s” to %(bidang)s: you may only "
                    "edit the lines of your own bidang.",
                    line=line._pk_tracking_label(),
                    bidang=line.department_id.name or self.env._("no bidang"),
                )
            )

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
