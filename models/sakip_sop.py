# Copyright 2024 SAKIP Indonesia
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import api, fields, models
from odoo.exceptions import ValidationError

from .sakip_sop_step import ENGINE_KINDS, duration_to_minutes


def sum_norm(durations):
    """Total norm of an SOP from ``(value, unit)`` pairs of its steps.

    Return ``(working_days, minutes)``: working days are summed as days,
    minutes and hours as whole minutes.
    """
    working_days = 0.0
    minutes = 0
    for value, unit in durations:
        if unit == "working_day":
            working_days += value or 0.0
        else:
            minutes += duration_to_minutes(value, unit)
    return working_days, minutes


def format_number(value):
    """Render a float without a useless decimal part: 18.0 -> '18', 0.5 -> '0.5'."""
    return f"{value:g}"


class SakipSop(models.Model):
    """A Standard Operating Procedure (SOP) of the agency, with its steps."""

    _name = "sakip.sop"
    _inherit = ["sakip.workflow.owned.mixin", "mail.thread"]
    _description = "Standard Operating Procedure"
    _order = "date_effective desc, id desc"
    _rec_names_search = ["number", "name"]
    _check_company_auto = True
    #: Configuration, written by SAKIP administrators; only the totals
    #: computed from the steps are not (sakip.workflow.owned.mixin).
    _sakip_workflow_fields = frozenset({"step_count", "norm_working_days", "norm_minutes"})
    _sakip_user_fields = frozenset(
        {
            "number",
            "name",
            "code",
            "res_model",
            "sequence_id",
            "version",
            "is_current",
            "active",
            "company_id",
            "date_made",
            "date_revised",
            "date_effective",
            "approver_name",
            "approver_rank",
            "approver_nip",
            "approver_title",
            "legal_basis",
            "executor_qualification",
            "related_sops",
            "equipment",
            "warning",
            "records_kept",
            "step_ids",
        }
    )

    number = fields.Char(
        required=True,
        tracking=True,
        help="Official number of the SOP, e.g. 000.8.33/169/I/2024.",
    )
    name = fields.Char(required=True, tracking=True)
    code = fields.Char(
        required=True,
        tracking=True,
        help="Technical key of the procedure, shared by all its versions.",
    )
    res_model = fields.Selection(
        selection="_selection_res_model",
        string="Document model",
        tracking=True,
        help="The kind of document the runs of this SOP produce: it handles the "
        "step kinds the engine does not.",
    )
    sequence_id = fields.Many2one(
        comodel_name="ir.sequence",
        string="Run numbering",
        copy=True,
        ondelete="restrict",
        help="Numbers of the runs of this SOP (shared by its versions): made on "
        "demand from the SOP's code when empty.",
    )
    version = fields.Integer(
        string="Revision",
        default=0,
        tracking=True,
        help="0 for the original SOP, then 1, 2, … for each revision.",
    )
    is_current = fields.Boolean(
        string="In force",
        default=True,
        tracking=True,
        help="The version of the procedure in force. Only one SOP per code and "
        "company can be in force.",
    )
    active = fields.Boolean(default=True)
    company_id = fields.Many2one(
        comodel_name="res.company",
        required=True,
        index=True,
        default=lambda self: self.env.company,
    )
    date_made = fields.Date(string="Date made")
    date_revised = fields.Date(string="Date revised")
    date_effective = fields.Date(string="Effective date", tracking=True)
    approver_name = fields.Char(string="Approved by")
    approver_rank = fields.Char(
        string="Approver rank",
        help="Rank (pangkat) of the approver, e.g. Pembina Utama Muda.",
    )
    approver_nip = fields.Char(
        string="Approver NIP",
        help="Civil servant number (NIP) of the approver.",
    )
    approver_title = fields.Char(
        string="Approver position",
        help="Position (jabatan) of the approver, as printed on the SOP sheet.",
    )
    legal_basis = fields.Text(
        string="Legal basis",
        help="Regulations the SOP is based on (Dasar Hukum), one per line.",
    )
    executor_qualification = fields.Text(
        string="Executor qualifications",
        help="Qualifications of the executors (Kualifikasi Pelaksana), one per line.",
    )
    related_sops = fields.Text(
        string="Related SOPs",
        help="Related procedures (Keterkaitan), one per line.",
    )
    equipment = fields.Text(
        help="Equipment and supplies (Peralatan/Perlengkapan), one per line.",
    )
    warning = fields.Text(
        help="What happens if the SOP is not followed (Peringatan).",
    )
    records_kept = fields.Text(
        string="Records kept",
        help="Records and data kept (Pencatatan dan Pendataan), one per line.",
    )
    step_ids = fields.One2many(
        comodel_name="sakip.sop.step",
        inverse_name="sop_id",
        string="Steps",
        copy=True,
    )
    step_count = fields.Integer(
        string="Number of steps",
        compute="_compute_norm",
        store=True,
    )
    norm_working_days = fields.Float(
        string="Norm (working days)",
        compute="_compute_norm",
        store=True,
        help="Sum of the norms of the steps measured in working days.",
    )
    norm_minutes = fields.Integer(
        string="Norm (minutes)",
        compute="_compute_norm",
        store=True,
        help="Sum of the norms of the steps measured in minutes or hours, in minutes.",
    )
    norm_display = fields.Char(
        string="Total norm",
        compute="_compute_norm_display",
        help="Total norm time of the SOP: working days plus clock time.",
    )

    @api.model
    def _selection_res_model(self):
        """The document models that are clients of the engine."""
        return sorted(
            (name, self.env[name]._description)
            for name in self.env.registry
            if not self.env[name]._abstract and hasattr(self.env[name], "_sop_kind_handlers")
        )

    @api.depends("step_ids.duration_value", "step_ids.duration_unit")
    def _compute_norm(self):
        for sop in self:
            days, minutes = sum_norm(
                (step.duration_value, step.duration_unit) for step in sop.step_ids
            )
            sop.step_count = len(sop.step_ids)
            sop.norm_working_days = days
            sop.norm_minutes = minutes

    @api.depends("norm_working_days", "norm_minutes")
    @api.depends_context("lang")
    def _compute_norm_display(self):
        for sop in self:
            sop.norm_display = sop._format_norm(sop.norm_working_days, sop.norm_minutes)

    @api.model
    def _format_norm(self, working_days, minutes):
        """Render a norm, e.g. "18 working days + 11 h 10 min"."""
        parts = []
        if working_days:
            if working_days == 1:
                parts.append(self.env._("%(days)s working day", days=format_number(working_days)))
            else:
                parts.append(self.env._("%(days)s working days", days=format_number(working_days)))
        hours, rest = divmod(minutes or 0, 60)
        if hours and rest:
            parts.append(self.env._("%(hours)s h %(minutes)s min", hours=hours, minutes=rest))
        elif hours:
            parts.append(self.env._("%(hours)s h", hours=hours))
        elif rest:
            parts.append(self.env._("%(minutes)s min", minutes=rest))
        if len(parts) == 2:
            return self.env._("%(days)s + %(time)s", days=parts[0], time=parts[1])
        return parts[0] if parts else ""

    @api.depends("number", "name")
    def _compute_display_name(self):
        for sop in self:
            if sop.number and sop.name:
                sop.display_name = f"{sop.number} \N{EN DASH} {sop.name}"
            else:
                sop.display_name = sop.number or sop.name or ""

    @api.constrains("is_current", "code", "company_id", "active")
    def _check_single_current(self):
        for sop in self.filtered(lambda s: s.is_current and s.active):
            duplicate = self.search_count(
                [
                    ("id", "!=", sop.id),
                    ("code", "=", sop.code),
                    ("company_id", "=", sop.company_id.id),
                    ("is_current", "=", True),
                ],
                limit=1,
            )
            if duplicate:
                raise ValidationError(
                    self.env._(
                        "Only one SOP per procedure code can be in force: "
                        "another SOP with code %(code)s is already in force "
                        "in %(company)s.",
                        code=sop.code,
                        company=sop.company_id.name,
                    )
                )

    @api.constrains("is_current", "active", "res_model", "step_ids")
    def _check_step_kinds(self):
        self.filtered(lambda sop: sop.is_current and sop.active)._sop_check_step_kinds()

    def _sop_check_step_kinds(self):
        """Refuse an SOP whose step kind neither the engine nor its document
        model's handler table handles, naming the step."""
        kinds = dict(self.env["sakip.sop.step"]._fields["kind"]._description_selection(self.env))
        for sop in self:
            handled = set(ENGINE_KINDS)
            model = self.env._("no document model")
            if sop.res_model in self.env.registry:
                Document = self.env[sop.res_model]
                handled |= Document._sop_handled_kinds()
                model = Document._description
            step = sop.step_ids.filtered(lambda s, handled=handled: s.kind not in handled)[:1]
            if step:
                raise ValidationError(
                    self.env._(
                        "The SOP %(sop)s cannot be in force: its step “%(step)s” is of the "
                        "kind %(kind)s, which its document model (%(model)s) does not handle.",
                        sop=sop.display_name,
                        step=step.name,
                        kind=kinds.get(step.kind, step.kind),
                        model=model,
                    )
                )

    def _sop_next_run_name(self):
        """The next run number of this SOP, from its sequence (made on demand
        from the code: CODE/%(year)s/0001), dated the office's today."""
        self.ensure_one()
        if not self.sequence_id:
            # Another version of the procedure (archived ones included) numbers
            # its runs already: share it. sudo: the run's starter may not read
            # every version.
            sequence = self.sudo().with_context(active_test=False).search(
                [
                    ("code", "=", self.code),
                    ("company_id", "=", self.company_id.id),
                    ("sequence_id", "!=", False),
                ],
                limit=1,
            ).sequence_id.with_env(self.env) or (
                self.env["ir.sequence"]
                .sudo()  # the engine numbers the runs; users may not create sequences
                .create(
                    {
                        "name": self.env._("SOP run: %(sop)s", sop=self.name),
                        "prefix": f"{(self.code or 'SOP').upper()}/%(year)s/",
                        "padding": 4,
                        "company_id": False,
                    }
                )
            )
            # sudo: the engine's write (the numbering of the SOP's runs).
            self.sudo()._sakip_workflow_write({"sequence_id": sequence.id})
        today = self.company_id._sakip_today()
        # sudo: users starting a run may not read sequences.
        return self.sequence_id.sudo().with_context(ir_sequence_date=today).next_by_id()
