# Copyright 2024 SAKIP Indonesia
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""The SOP engine: step instances of a run (fields, computes, permission).

Who may do a step and what happens next is read from the step definition
(``sakip.sop.step``), copied into each instance when the run starts: its actor's
security group (SAKIP administrators may always act), its norm, its activity
type and instructions, the step a send-back returns to and the attachments it
requires. Every transition is an ``action_*`` method guarded by one permission
check (:meth:`SakipSopRunStep._check_can_act`), and routes the run in one batch
(:meth:`SakipSopRunStep._activity_update`). What a step of a given kind does
besides is the run's document's handler table (``_sop_kind_handlers``).
The transitions, the routing and the reminders live in
``sakip_sop_run_step_transitions.py``, ``…_routing.py`` and ``…_reminders.py``.
"""

import textwrap

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError
from odoo.tools import create_index

ADMIN_GROUP = "sakip_penetapan_kinerja.group_sakip_admin"

STEP_STATES = [
    ("waiting", "Waiting"),
    ("in_progress", "In progress"),
    ("done", "Done"),
    ("sent_back", "Sent back"),
    ("skipped", "Skipped"),
]

#: Fields users may write on a step instance (administrators only, by the
#: access rights); the others change through the transitions alone.
USER_FIELDS = frozenset({"note", "attachment_ids"})


class SakipSopRunStep(models.Model):
    """One step of an SOP run: a copy of the SOP step plus what happened."""

    _name = "sakip.sop.run.step"
    _inherit = ["sakip.workflow.owned.mixin"]
    _description = "SOP Run Step"
    # The run's order (newest first) on the step's own columns, served by the
    # index made in init(): no join on the run.
    _order = "run_date_start desc, run_id.id desc, sequence, iteration, id"
    _check_company_auto = True
    #: A step instance is the engine's record (sakip.workflow.owned.mixin):
    #: its snapshot of the SOP step, what happened, its routing and its
    #: computed times. Administrators may only add a note and outputs.
    _sakip_workflow_fields = frozenset(
        {
            # the run and the snapshot of the SOP step
            "run_id",
            "run_date_start",
            "company_id",
            "fiscal_year",
            "sop_step_id",
            "sequence",
            "name",
            "actor_id",
            "group_id",
            "duration_value",
            "duration_unit",
            "kind",
            "activity_type_id",
            "instructions",
            "output_slots",
            "send_back_sequence",
            "quantity_label",
            # what happened, and the routing
            "iteration",
            "state",
            "user_ids",
            "date_start",
            "date_deadline",
            "date_done",
            "done_by_id",
            "quantity",
            "reminded_on",
            "escalated_on",
            "skip_reason",
            "returned_reason",
            "activity_ids",
            # computed times
            "norm_minutes",
            "worked_minutes",
            "norm_hours",
            "worked_hours",
            "done_late",
            "late_share",
            "send_back_flag",
        }
    )
    _sakip_user_fields = USER_FIELDS
    _sakip_user_unlink = False

    run_id = fields.Many2one(
        comodel_name="sakip.sop.run",
        required=True,
        ondelete="cascade",
        index=True,
        readonly=True,
    )
    company_id = fields.Many2one(related="run_id.company_id", store=True, index=True)
    run_date_start = fields.Datetime(
        related="run_id.date_start", string="Run started on", store=True
    )
    run_active = fields.Boolean(related="run_id.active", string="Run active")
    fiscal_year = fields.Integer(related="run_id.fiscal_year", store=True)
    sop_step_id = fields.Many2one(
        comodel_name="sakip.sop.step",
        string="SOP step",
        ondelete="set null",
        index=True,
        readonly=True,
    )
    # Snapshot of the SOP step when the run started.
    sequence = fields.Integer(string="No.", readonly=True)
    name = fields.Text(string="Activity", readonly=True)
    actor_id = fields.Many2one(
        comodel_name="sakip.sop.actor",
        ondelete="set null",
        readonly=True,
    )
    group_id = fields.Many2one(
        comodel_name="res.groups",
        string="Actor group",
        ondelete="set null",
        readonly=True,
        help="Members of this group (and SAKIP administrators) may do the step.",
    )
    duration_value = fields.Float(string="Norm", readonly=True)
    duration_unit = fields.Selection(
        selection=[
            ("minute", "Minutes"),
            ("hour", "Hours"),
            ("working_day", "Working days"),
        ],
        string="Norm unit",
        readonly=True,
    )
    kind = fields.Selection(selection="_selection_kind", readonly=True)
    activity_type_id = fields.Many2one(
        comodel_name="mail.activity.type",
        string="Activity type",
        ondelete="set null",
        readonly=True,
    )
    instructions = fields.Text(readonly=True)
    output_slots = fields.Json(
        string="Named outputs",
        readonly=True,
        help="The named outputs of the step ([{name, required, attachment_id}]): "
        "one file each, given in the Done dialog.",
    )
    output_slots_display = fields.Char(
        string="Outputs to give",
        compute="_compute_output_slots_display",
    )
    send_back_sequence = fields.Integer(
        string="Sends back to step",
        readonly=True,
        help="Number of the step a send-back returns to; 0: the step cannot send back.",
    )
    quantity_label = fields.Char(
        string="Quantity to record",
        readonly=True,
        help="When set, completing the step asks for a positive whole number under this label.",
    )
    # What happened.
    iteration = fields.Integer(
        default=1,
        readonly=True,
        help="1 for the first pass; 2, 3… when a send-back makes the step run again.",
    )
    state = fields.Selection(
        selection=STEP_STATES,
        required=True,
        default="waiting",
        readonly=True,
        index=True,
    )
    user_ids = fields.Many2many(
        comodel_name="res.users",
        relation="sakip_sop_run_step_res_users_rel",
        column1="step_id",
        column2="user_id",
        string="Assigned to",
        readonly=True,
    )
    date_start = fields.Datetime(string="Started on", readonly=True)
    date_deadline = fields.Datetime(
        string="Deadline", compute="_compute_working_time", store=True, readonly=True
    )
    date_done = fields.Datetime(string="Closed on", readonly=True)
    done_by_id = fields.Many2one(comodel_name="res.users", string="Done by", readonly=True)
    norm_minutes = fields.Integer(
        string="Norm (working minutes)",
        compute="_compute_working_time",
        store=True,
        readonly=True,
        aggregator="sum",
        help="The norm in working minutes on the company's calendar, from start to deadline.",
    )
    worked_minutes = fields.Integer(
        string="Worked (working minutes)",
        compute="_compute_working_time",
        store=True,
        readonly=True,
        aggregator="sum",
        help="Working time from start to close on the company's calendar.",
    )
    norm_hours = fields.Float(
        string="Norm (h)",
        compute="_compute_hours",
        store=True,
        aggregator="sum",
        digits=(16, 2),
    )
    worked_hours = fields.Float(
        string="Worked (h)",
        compute="_compute_hours",
        store=True,
        aggregator="sum",
        digits=(16, 2),
    )
    norm_display = fields.Char(string="Norm time", compute="_compute_displays")
    worked_display = fields.Char(string="Worked time", compute="_compute_displays")
    done_late = fields.Boolean(
        string="Closed late",
        compute="_compute_done_late",
        store=True,
        help="Closed (done or sent back) after its deadline.",
    )
    late_share = fields.Float(
        string="Late (share)",
        compute="_compute_done_late",
        store=True,
        aggregator="avg",
        help="1 for a step closed after its deadline, else 0: its average is the "
        "share of late steps.",
    )
    send_back_flag = fields.Integer(
        string="Send-backs",
        compute="_compute_send_back_flag",
        store=True,
        aggregator="sum",
    )
    is_overdue = fields.Boolean(
        string="Overdue",
        compute="_compute_is_overdue",
        search="_search_is_overdue",
        help="In progress past its deadline, or closed after it.",
    )
    attachment_ids = fields.Many2many(
        comodel_name="ir.attachment",
        relation="sakip_sop_run_step_attachment_rel",
        column1="step_id",
        column2="attachment_id",
        string="Outputs",
    )
    note = fields.Text(help="Note of who closed the step; the reason of a send-back.")
    quantity = fields.Integer(
        readonly=True,
        help="The number recorded when the step was done (see Quantity to record).",
    )
    reminded_on = fields.Date(
        string="Reminded on",
        readonly=True,
        help="Last day the assignees were reminded of the coming deadline.",
    )
    escalated_on = fields.Date(
        string="Escalated on",
        readonly=True,
        help="Last day the actor's superior was told that the step is overdue.",
    )
    skip_reason = fields.Text(string="Reason for skipping", readonly=True)
    returned_reason = fields.Text(
        string="Sent back with",
        readonly=True,
        help="This pass of the step comes from a send-back: which step sent it "
        "back, who, and the reason.",
    )
    activity_ids = fields.One2many(
        comodel_name="mail.activity",
        inverse_name="sakip_run_step_id",
        string="Routed activities",
        readonly=True,
    )
    # What the current user may do, for the buttons (the server checks again).
    can_act = fields.Boolean(compute="_compute_user_rights")
    can_send_back = fields.Boolean(compute="_compute_user_rights")
    is_sakip_admin = fields.Boolean(compute="_compute_user_rights")

    @api.model
    def _selection_kind(self):
        """The kinds of the step definitions, the clients' included."""
        return self.env["sakip.sop.step"]._fields["kind"].selection

    def init(self):
        res = super().init()
        # The index of _order: the step list reads its first rows from it.
        create_index(
            self.env.cr,
            f"{self._table}_list_order_index",
            self._table,
            ["run_date_start DESC", "run_id DESC", "sequence", "iteration", "id"],
        )
        return res

    @api.depends("date_start", "date_done", "duration_value", "duration_unit", "company_id")
    def _compute_working_time(self):
        """Deadline = start + norm, and the norm and the time spent, all in
        working time on the company's SAKIP calendar."""
        for step in self:
            if not step.date_start:
                step.date_deadline = step.norm_minutes = step.worked_minutes = False
                continue
            calendar = step.company_id._get_sakip_calendar()
            step.date_deadline = calendar._sakip_plan(
                step.date_start, step.duration_value, step.duration_unit
            )
            step.norm_minutes = calendar._sakip_worked_minutes(step.date_start, step.date_deadline)
            step.worked_minutes = calendar._sakip_worked_minutes(step.date_start, step.date_done)

    @api.depends("norm_minutes", "worked_minutes")
    def _compute_hours(self):
        for step in self:
            step.norm_hours = step.norm_minutes / 60.0
            step.worked_hours = step.worked_minutes / 60.0

    @api.depends("duration_value", "duration_unit", "worked_minutes", "state")
    @api.depends_context("lang")
    def _compute_displays(self):
        Sop = self.env["sakip.sop"]
        for step in self:
            if step.duration_unit == "working_day":
                step.norm_display = Sop._format_norm(step.duration_value, 0)
            else:
                factor = 60 if step.duration_unit == "hour" else 1
                step.norm_display = Sop._format_norm(0, round(step.duration_value * factor))
            if step.state in ("done", "sent_back"):
                step.worked_display = Sop._format_norm(0, step.worked_minutes) or "0"
            else:
                step.worked_display = False

    @api.depends("state", "date_done", "date_deadline")
    def _compute_done_late(self):
        for step in self:
            late = bool(
                step.state in ("done", "sent_back")
                and step.date_done
                and step.date_deadline
                and step.date_done > step.date_deadline
            )
            step.done_late = late
            step.late_share = 1.0 if late else 0.0

    @api.depends("state")
    def _compute_send_back_flag(self):
        for step in self:
            step.send_back_flag = 1 if step.state == "sent_back" else 0

    @api.depends("state", "date_deadline", "done_late")
    def _compute_is_overdue(self):
        now = fields.Datetime.now()
        for step in self:
            step.is_overdue = step.done_late or bool(
                step.state == "in_progress" and step.date_deadline and step.date_deadline < now
            )

    def _search_is_overdue(self, operator, value):
        if operator not in ("=", "!="):
            return NotImplemented
        positive = (operator == "=") == bool(value)
        domain = [
            "|",
            ("done_late", "=", True),
            "&",
            ("state", "=", "in_progress"),
            ("date_deadline", "<", fields.Datetime.now()),
        ]
        return domain if positive else ["!", *domain]

    @api.depends("output_slots")
    @api.depends_context("lang")
    def _compute_output_slots_display(self):
        optional = self.env._("optional")
        for step in self:
            step.output_slots_display = ", ".join(
                slot["name"] if slot.get("required") else f"{slot['name']} ({optional})"
                for slot in step.output_slots or []
            )

    @api.depends("state", "group_id", "user_ids", "send_back_sequence")
    @api.depends_context("uid")
    def _compute_user_rights(self):
        user = self.env.user
        is_admin = user.has_group(ADMIN_GROUP)
        groups = user.groups_id
        for step in self:
            may = step.state == "in_progress" and (
                is_admin or step.group_id in groups or user in step.user_ids
            )
            step.can_act = may
            step.can_send_back = may and bool(step.send_back_sequence)
            step.is_sakip_admin = is_admin

    def _sop_label(self):
        """The step's name as messages show it (shortened): the SOP is
        versioned data, its numbers are not quoted to users."""
        self.ensure_one()
        label = textwrap.shorten(self.name or "", width=90, placeholder="…")
        return f"{label} (#{self.iteration})" if self.iteration > 1 else label

    @api.depends("sequence", "name", "iteration")
    def _compute_display_name(self):
        for step in self:
            name = textwrap.shorten(step.name or "", width=70, placeholder="…")
            label = f"{step.sequence}. {name}"
            if step.iteration > 1:
                label += f" (#{step.iteration})"
            step.display_name = label

    @api.model_create_multi
    def create(self, vals_list):
        if not self.env.su:
            raise AccessError(
                self.env._("The steps of an SOP run are created when the run starts.")
            )
        return super().create(vals_list)

    def write(self, vals):
        if not self.env.su and set(vals) - USER_FIELDS:
            raise UserError(
                self.env._(
                    "The steps of an SOP run change through their actions only "
                    "(Done, Send back, Skip)."
                )
            )
        return super().write(vals)

    @api.model
    def _sop_check_may_act(self, name, group, assignees=None, admin_only=False):
        """Raise AccessError unless the current user may do the step ``name``.

        SAKIP administrators may do every step; otherwise the user must be a
        member of ``group`` (the step's actor group) or one of ``assignees``,
        and ``admin_only`` transitions (skipping) are refused.
        """
        user = self.env.user
        if self.env.su or user.has_group(ADMIN_GROUP):
            return
        admin_group = self.env.ref(ADMIN_GROUP)
        if admin_only:
            raise AccessError(
                self.env._(
                    "Only a member of %(admin)s may do this on the step “%(name)s”.",
                    admin=admin_group.full_name,
                    name=name,
                )
            )
        # The user's groups as has_group() knows them (cached): no read of groups_id.
        if (group and group.id in user._get_group_ids()) or (assignees and user in assignees):
            return
        raise AccessError(
            self.env._(
                "You may not do the step “%(name)s”: it is done by the members "
                "of %(group)s (or of %(admin)s).",
                name=name,
                group=group.full_name if group else self.env._("its actor group"),
                admin=admin_group.full_name,
            )
        )

    def _check_can_act(self, admin_only=False):
        """The permission check of every transition on these steps. The
        assignees are only read when the user is not a member of the step's
        group (the cached groups of the user answer first)."""
        self.check_access("read")
        user = self.env.user
        if not admin_only and (self.env.su or user.has_group(ADMIN_GROUP)):
            return
        group_ids = user._get_group_ids()
        for step in self:
            if not admin_only and step.group_id.id in group_ids:
                continue
            self._sop_check_may_act(
                step._sop_label(),
                step.group_id,
                assignees=step.user_ids,
                admin_only=admin_only,
            )

    def _open_wizard(self, mode):
        self.ensure_one()
        titles = {
            "done": self.env._("Complete: %(step)s", step=self._sop_label()),
            "send_back": self.env._("Send back: %(step)s", step=self._sop_label()),
            "skip": self.env._("Skip: %(step)s", step=self._sop_label()),
        }
        return {
            "type": "ir.actions.act_window",
            "name": titles[mode],
            "res_model": "sakip.sop.run.step.wizard",
            "views": [(False, "form")],
            "target": "new",
            "context": {"default_step_id": self.id, "default_mode": mode},
        }

    def action_open_done_wizard(self):
        return self._open_wizard("done")

    def action_open_send_back_wizard(self):
        return self._open_wizard("send_back")

    def action_open_skip_wizard(self):
        return self._open_wizard("skip")
