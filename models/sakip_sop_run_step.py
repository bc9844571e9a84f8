# Copyright 2024 SAKIP Indonesia
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""The SOP engine: step instances of a run and their transitions.

Who may do a step and what happens next is read from the step definition
(``sakip.sop.step``), copied into each instance when the run starts: its actor's
security group (SAKIP administrators may always act), its norm, its activity
type and instructions, the step a send-back returns to and the attachments it
requires. Every transition is an ``action_*`` method guarded by one permission
check (:meth:`SakipSopRunStep._check_can_act`), and routes the run in one batch
(:meth:`SakipSopRunStep._activity_update`).
"""

import os
import textwrap
from collections import defaultdict

import psycopg2.errors
import pytz
from markupsafe import Markup

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError
from odoo.tools import SQL, create_index, format_datetime, plaintext2html

from .sakip_sop_step import STEP_KINDS

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
    kind = fields.Selection(selection=STEP_KINDS, readonly=True)
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

    # ------------------------------------------------------------------
    # Computes
    # ------------------------------------------------------------------
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

    @api.depends("sequence", "name", "iteration")
    def _compute_display_name(self):
        for step in self:
            name = textwrap.shorten(step.name or "", width=70, placeholder="…")
            label = f"{step.sequence}. {name}"
            if step.iteration > 1:
                label += f" (#{step.iteration})"
            step.display_name = label

    # ------------------------------------------------------------------
    # ORM: the state of a step changes through its transitions only
    # ------------------------------------------------------------------
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

    # ------------------------------------------------------------------
    # Permission check (the only one of every transition)
    # ------------------------------------------------------------------
    @api.model
    def _sop_check_may_act(self, number, name, group, assignees=None, admin_only=False):
        """Raise AccessError unless the current user may do step ``number``.

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
                    "Only a member of %(admin)s may do this on step %(number)s (%(name)s).",
                    admin=admin_group.full_name,
                    number=number,
                    name=name,
                )
            )
        if (group and group in user.groups_id) or (assignees and user in assignees):
            return
        raise AccessError(
            self.env._(
                "You may not do step %(number)s (%(name)s): it is done by the members "
                "of %(group)s (or of %(admin)s).",
                number=number,
                name=name,
                group=group.full_name if group else self.env._("its actor group"),
                admin=admin_group.full_name,
            )
        )

    def _check_can_act(self, admin_only=False):
        """The permission check of every transition on these steps."""
        self.check_access("read")
        for step in self:
            self._sop_check_may_act(
                step.sequence,
                step.name,
                step.group_id,
                assignees=step.user_ids,
                admin_only=admin_only,
            )

    # ------------------------------------------------------------------
    # Transitions
    # ------------------------------------------------------------------
    def action_done(self, note=None, attachment_ids=None, quantity=None, outputs=None):
        """Complete the steps (in progress) and start the next step of their runs.

        :param note: what the user says about the work done
        :param attachment_ids: ids of uploaded files that become the step's outputs
        :param quantity: the positive whole number asked by steps with a
            ``quantity_label`` (e.g. the number of copies made)
        :param outputs: ``{output name: attachment id}``: the files of the
            step's named outputs (one step only), kept under the output's name
        """
        self._check_can_act()
        self._lock_for_transition()
        self._check_in_progress()
        self._check_quantity(quantity)
        self._check_meeting_over()
        self._check_output_slots(outputs or {})
        if attachment_ids:
            self._sop_attach(self.env["ir.attachment"].browse(attachment_ids))
        if outputs:
            self._sop_fill_slots(outputs)
        self._check_outputs()
        self._sop_close("done", note=note, quantity=quantity)
        self._sop_advance()
        return True

    def action_send_back(self, reason):
        """Send the draft back to the SOP's send-back step (e.g. 9 -> 8) with a reason.

        The steps from the target to this one run again: new instances
        (iteration + 1) are created in one create, the target starts.
        """
        self._check_can_act()
        self._lock_for_transition()
        self._check_in_progress()
        reason = (reason or "").strip()
        if not reason:
            raise UserError(self.env._("Give the reason for sending the step back."))
        for step in self:
            if not step.send_back_sequence:
                raise UserError(
                    self.env._(
                        "Step %(number)s (%(name)s) cannot send back: its SOP gives it "
                        "no step to return to.",
                        number=step.sequence,
                        name=step.name,
                    )
                )
        self._sop_close("sent_back", note=reason)
        vals_list = []
        for step in self:
            latest = {}
            for other in step.run_id.step_ids.sorted(self._sop_order_key):
                if step.send_back_sequence <= other.sequence <= step.sequence:
                    latest[other.sequence] = other
            vals_list += [
                dict(other._sop_copy_values(), iteration=other.iteration + 1)
                for other in latest.values()
            ]
        # sudo: users only read step instances; the permission check above
        # guards this transition.
        new_steps = self.sudo()._sakip_workflow_create(vals_list).with_env(self.env)
        targets = self.browse()
        by_run = new_steps.grouped("run_id")
        for step in self:
            target = by_run[step.run_id].sorted(self._sop_order_key)[:1]
            # sudo: the engine's write (users only read step instances).
            target.sudo()._sakip_workflow_write(
                {
                    "returned_reason": self.env._(
                        "Sent back by step %(step)s (%(user)s): %(reason)s",
                        step=step.display_name,
                        user=self.env.user.name,
                        reason=reason,
                    )
                }
            )
            targets |= target
        for run in self.run_id:
            # sudo: the engine's write (users only read runs).
            run.sudo()._sakip_workflow_write({"send_back_count": run.send_back_count + 1})
        targets._sop_begin(fields.Datetime.now())
        self._sop_after_transition(targets, reason=reason)
        return True

    def action_skip(self, reason):
        """Skip the steps (administrators only, with a reason).

        A step in progress is closed and the next one starts; a waiting step
        will simply not run.
        """
        self._check_can_act(admin_only=True)
        self._lock_for_transition()
        reason = (reason or "").strip()
        if not reason:
            raise UserError(self.env._("Give the reason for skipping the step."))
        for step in self:
            if step.state not in ("waiting", "in_progress"):
                raise UserError(
                    self.env._(
                        "Step %(number)s (%(name)s) is already closed.",
                        number=step.sequence,
                        name=step.name,
                    )
                )
        running = self.filtered(lambda s: s.state == "in_progress")
        waiting = self - running
        # sudo: the engine's write (users only read step instances).
        waiting.sudo()._sakip_workflow_write({"state": "skipped", "skip_reason": reason})
        for step in waiting:
            step.run_id._sop_post(
                [
                    self.env._(
                        "Step %(step)s will be skipped, by %(user)s: %(reason)s",
                        step=step.display_name,
                        user=self.env.user.name,
                        reason=reason,
                    )
                ]
            )
        if running:
            running._sop_close("skipped", note=reason)
            running._sop_advance()
        return True

    # ------------------------------------------------------------------
    # Transition checks
    # ------------------------------------------------------------------
    def _lock_for_transition(self):
        """Lock the steps' rows, refusing at once if another transaction holds them.

        Two users completing the same step at the same moment: the second one
        gets a clear refusal instead of waiting and completing it again.
        """
        try:
            with self.env.cr.savepoint(flush=False):
                self.env.cr.execute(
                    SQL(
                        "SELECT id FROM %s WHERE id IN %s FOR UPDATE NOWAIT",
                        SQL.identifier(self._table),
                        tuple(self.ids),
                    ),
                    log_exceptions=False,
                )
        except psycopg2.errors.LockNotAvailable:
            raise UserError(
                self.env._(
                    "This step is being completed by someone else: reload the page "
                    "to see what they did."
                )
            ) from None
        # Re-read what the lock protects (state and friends).
        self.invalidate_recordset()

    def _check_in_progress(self):
        for step in self:
            if step.state != "in_progress":
                current = step.run_id.current_step_id
                raise UserError(
                    self.env._(
                        "Step %(number)s (%(name)s) is not in progress; the current "
                        "step is %(current)s.",
                        number=step.sequence,
                        name=step.name,
                        current=current.display_name if current else self.env._("none"),
                    )
                )

    def _check_quantity(self, quantity):
        """Refuse completing a step that asks for a quantity without a positive whole number."""
        for step in self.filtered("quantity_label"):
            if isinstance(quantity, bool) or not isinstance(quantity, int) or quantity <= 0:
                raise UserError(
                    self.env._(
                        "Step %(number)s (%(name)s) asks for %(label)s: give a whole "
                        "number greater than zero with its Done button.",
                        number=step.sequence,
                        name=step.name,
                        label=step.quantity_label,
                    )
                )

    def _check_outputs(self):
        """Refuse completion while a required output is missing or the meeting
        of an invitation step is not planned, then ask the document."""
        for step in self:
            if step.kind == "meeting_invite" and not step.run_id.event_id:
                raise UserError(
                    self.env._(
                        "Step %(number)s (%(name)s) cannot be done before the meeting is "
                        "planned: use Plan the meeting on the run.",
                        number=step.sequence,
                        name=step.name,
                    )
                )
            if step.kind in ("meeting_invite", "meeting"):
                step._check_invitation_signed()
        self._sop_call_hook("_sop_check_step_done")

    def _check_meeting_over(self):
        """Refuse completing a meeting step before the meeting's end."""
        now = fields.Datetime.now()
        for step in self.filtered(lambda s: s.kind == "meeting"):
            event = step.run_id.event_id
            if event.stop and event.stop > now:
                calendar = step.company_id._get_sakip_calendar()
                raise UserError(
                    self.env._(
                        "Step %(number)s (%(name)s) cannot be done before the meeting "
                        "ends (%(end)s).",
                        number=step.sequence,
                        name=step.name,
                        end=format_datetime(
                            self.env, event.stop, tz=calendar._sakip_tz().zone, dt_format="short"
                        ),
                    )
                )

    def _check_output_slots(self, outputs):
        """Refuse files for outputs the step does not have, and completing the
        step while a required output has no file (given now or before)."""
        for step in self:
            slots = step.output_slots or []
            names = {slot["name"] for slot in slots}
            unknown = sorted(set(outputs) - names)
            if unknown:
                raise UserError(
                    self.env._(
                        "Step %(number)s (%(name)s) has no output named %(outputs)s.",
                        number=step.sequence,
                        name=step.name,
                        outputs=", ".join(unknown),
                    )
                )
            missing = [
                slot["name"]
                for slot in slots
                if slot.get("required")
                and not slot.get("attachment_id")
                and not outputs.get(slot["name"])
            ]
            if missing:
                raise UserError(
                    self.env._(
                        "Step %(number)s (%(name)s) cannot be done without these "
                        "outputs: %(missing)s. Give one file for each in the Done dialog.",
                        number=step.sequence,
                        name=step.name,
                        missing=", ".join(missing),
                    )
                )

    def _sop_fill_slots(self, outputs):
        """Keep each file of ``outputs`` ({name: attachment id}) as the step's
        output of that name: renamed after it, and recorded in its slot."""
        self.ensure_one()
        files = {
            name: self.env["ir.attachment"].browse(att_id).exists()
            for name, att_id in outputs.items()
            if att_id
        }
        attachments = self.env["ir.attachment"].union(*files.values())
        self._sop_attach(attachments)
        slots = []
        for slot in self.output_slots or []:
            attachment = files.get(slot["name"])
            if attachment:
                extension = os.path.splitext(attachment.name or "")[1]
                # sudo: the file now belongs to the run, which users only read.
                attachment.sudo().name = f"{slot['name']}{extension}"
                slot = dict(slot, attachment_id=attachment.id)
            slots.append(slot)
        # sudo: the engine's write (users only read step instances).
        self.sudo()._sakip_workflow_write({"output_slots": slots})

    def _check_invitation_signed(self):
        """Refuse sending the invitation (step 4) or holding the meeting
        (step 5) while the run's invitation is not signed, naming its signer."""
        self.ensure_one()
        invitation = self.run_id.invitation_id
        if invitation.state == "to_sign":
            raise UserError(
                self.env._(
                    "Step %(number)s (%(name)s) cannot be done before the invitation "
                    "%(letter)s is signed by %(signer)s (Outgoing Letters > To sign).",
                    number=self.sequence,
                    name=self.name,
                    letter=invitation.name,
                    # sudo: the signer's name, as printed on the letter.
                    signer=invitation.signer_employee_id.sudo().name,
                )
            )
        if invitation.state == "cancelled" and self.kind == "meeting_invite":
            raise UserError(
                self.env._(
                    "Step %(number)s (%(name)s) cannot be done: the invitation %(letter)s "
                    "is cancelled (%(reason)s). Plan the meeting again to issue a new one.",
                    number=self.sequence,
                    name=self.name,
                    letter=invitation.name,
                    reason=invitation.cancel_reason or "",
                )
            )

    def _sop_attach(self, attachments):
        """Make ``attachments`` outputs of the step (and attachments of its run)."""
        self.ensure_one()
        attachments = attachments.exists()
        activity_ids = set(self.with_context(active_test=False).activity_ids.ids)
        for attachment in attachments.sudo():
            model, res_id = attachment.res_model, attachment.res_id
            allowed = (
                (model == "sakip.sop.run" and res_id == self.run_id.id)
                or (model == "mail.activity" and res_id in activity_ids)
                or (
                    (model == "sakip.sop.run.step.wizard" or not model)
                    and attachment.create_uid == self.env.user
                )
            )
            if not allowed:
                raise AccessError(
                    self.env._(
                        "%(file)s belongs to another document: it cannot become an "
                        "output of step %(number)s.",
                        file=attachment.name,
                        number=self.sequence,
                    )
                )
        # sudo: uploads belong to the wizard or the activity until they are
        # moved to the run, which users only read.
        attachments.sudo().filtered(lambda a: a.res_model != "sakip.sop.run").write(
            {"res_model": "sakip.sop.run", "res_id": self.run_id.id}
        )
        # sudo: the engine's write (users only read step instances).
        self.sudo().attachment_ids = [fields.Command.link(att.id) for att in attachments]

    def _sop_link_outputs(self, attachments):
        """Show ``attachments`` of the run's document (e.g. its signed PDF) as
        outputs of the step, where they are."""
        # sudo: the engine's write (users only read step instances).
        self.sudo().write({"attachment_ids": [fields.Command.link(att.id) for att in attachments]})

    # ------------------------------------------------------------------
    # Engine
    # ------------------------------------------------------------------
    @staticmethod
    def _sop_order_key(step):
        return (step.sequence, step.iteration, step.id)

    @api.model
    def _sop_snapshot_values(self, run, sop_step):
        """Values of the instance of ``sop_step`` in ``run``: a copy of the definition."""
        return {
            "run_id": run.id,
            "sop_step_id": sop_step.id,
            "sequence": sop_step.sequence,
            "name": sop_step.name,
            "actor_id": sop_step.actor_id.id,
            "group_id": sop_step.actor_id.group_id.id,
            "duration_value": sop_step.duration_value,
            "duration_unit": sop_step.duration_unit,
            "kind": sop_step.kind,
            "activity_type_id": sop_step.activity_type_id.id,
            "instructions": sop_step.instructions,
            "output_slots": sop_step.output_ids._sakip_slots(),
            "send_back_sequence": sop_step.send_back_step_id.sequence or 0,
            "quantity_label": sop_step.quantity_label,
        }

    def _sop_copy_values(self):
        """Values of a new instance of the same step (after a send-back): the
        instance's own copy of the definition, whatever the SOP became since."""
        self.ensure_one()
        fnames = self._sop_snapshot_values(self.run_id, self.sop_step_id).keys()
        values = self._convert_to_write({fname: self[fname] for fname in fnames})
        # The named outputs, without the files of the previous pass.
        values["output_slots"] = [
            {"name": slot["name"], "required": slot.get("required")}
            for slot in self.output_slots or []
        ]
        return values

    def _sop_default_assignees(self):
        """The active internal users of the step's group in the run's company.

        SAKIP administrators belong to every actor group (through the group
        hierarchy); they are only assigned when nobody else is, though they
        may always act.
        """
        return self._sop_group_users(self.group_id)

    def _sop_group_users(self, group):
        """The active internal users of ``group`` in the step's company, SAKIP
        administrators only when nobody else is (they belong to every group)."""
        self.ensure_one()
        users = group.users.filtered(
            lambda u: u.active and not u.share and self.company_id in u.company_ids
        )
        return (users - self.env.ref(ADMIN_GROUP).users) or users

    def _sop_assignees(self):
        self.ensure_one()
        document = self.run_id._sop_document()
        users = document._sop_step_assignees(self) if document else None
        if users is None:
            users = self._sop_default_assignees()
        return users

    def _sop_begin(self, now):
        """Start the steps: in progress and assigned; the deadline follows from
        the start (see :meth:`_compute_working_time`)."""
        # sudo: the engine's writes (users only read step instances).
        self.sudo()._sakip_workflow_write({"state": "in_progress", "date_start": now})
        by_assignees = defaultdict(lambda: self.browse())
        for step in self:
            by_assignees[step._sop_assignees()] |= step
        for users, steps in by_assignees.items():
            steps.sudo()._sakip_workflow_write({"user_ids": [fields.Command.set(users.ids)]})

    def _sop_close(self, state, note=None, quantity=None):
        """Close the steps as ``state`` (done, sent_back, skipped) by the current user."""
        vals = {"state": state, "date_done": fields.Datetime.now(), "done_by_id": self.env.uid}
        if quantity and state == "done":
            vals["quantity"] = quantity
        if state == "skipped":
            vals["skip_reason"] = note
        elif note:
            vals["note"] = note
        # sudo: the engine's write (users only read step instances).
        self.sudo()._sakip_workflow_write(vals)

    def _sop_advance(self):
        """``self`` just closed: start the next waiting step of each run, or finish the run."""
        now = fields.Datetime.now()
        to_start = self.browse()
        finished = self.env["sakip.sop.run"]
        for run in self.run_id:
            if run.step_ids.filtered(lambda s: s.state == "in_progress"):
                continue
            waiting = run.step_ids.filtered(lambda s: s.state == "waiting")
            if waiting:
                to_start |= waiting.sorted(self._sop_order_key)[:1]
            else:
                finished |= run
        to_start._sop_begin(now)
        finished._sop_finish()
        self._sop_after_transition(to_start, finished=finished)

    def _sop_after_transition(self, started, finished=None, reason=None):
        """Route (activities), tell the documents (hooks) and log (chatter).

        ``self`` are the steps just closed, ``started`` the steps just begun,
        ``finished`` the runs just completed, ``reason`` that of a send-back.
        """
        (self | started)._activity_update()
        if reason is not None:
            self._sop_call_hook("_sop_step_sent_back", reason)
        else:
            self._sop_call_hook("_sop_step_done")
        started._sop_call_hook("_sop_step_started")
        # Every line is written before the first post: a post empties the
        # caches, which would make each run read the names of all of them again.
        closed_of, started_of = self.grouped("run_id"), started.grouped("run_id")
        lines_of = {}
        for run in (self | started).run_id:
            lines = [step._sop_close_line() for step in closed_of.get(run, ())]
            lines += [step._sop_start_line() for step in started_of.get(run, ())]
            if finished and run in finished:
                lines.append(
                    Markup("<b>%s</b>")
                    % self.env._("All steps are closed: the run is finished and archived.")
                )
            lines_of[run] = lines
        for run, lines in lines_of.items():
            run._sop_post(lines)
        started._sop_notify_assignees()

    def _sop_close_line(self):
        self.ensure_one()
        user = self.done_by_id.name
        if self.state == "sent_back":
            target = self._sop_send_back_target()
            label = self.env._(
                "Step %(step)s sent back to step %(target)s by %(user)s",
                step=self.display_name,
                target=target.display_name if target else self.send_back_sequence,
                user=user,
            )
        elif self.state == "skipped":
            label = self.env._(
                "Step %(step)s skipped by %(user)s", step=self.display_name, user=user
            )
        else:
            label = self.env._("Step %(step)s done by %(user)s", step=self.display_name, user=user)
        line = Markup("<b>%s</b>") % label
        if self.quantity_label and self.quantity:
            line += Markup("<br/>%s: %s") % (self.quantity_label, self.quantity)
        text = self.skip_reason if self.state == "skipped" else self.note
        if text:
            line += Markup("<br/>") + plaintext2html(text)
        return line

    def _sop_send_back_target(self):
        """The instance of the step a send-back returns to (its latest pass)."""
        self.ensure_one()
        if not self.send_back_sequence:
            return self.browse()
        return self.run_id.step_ids.filtered(
            lambda s: s.sequence == self.send_back_sequence
        ).sorted(self._sop_order_key)[-1:]

    def _sop_start_line(self):
        self.ensure_one()
        return self.env._(
            "Step %(step)s started: assigned to %(users)s, due %(deadline)s.",
            step=self.display_name,
            users=", ".join(self.user_ids.mapped("name")) or self.env._("nobody"),
            deadline=self._sop_format_deadline(),
        )

    def _sop_format_deadline(self):
        self.ensure_one()
        calendar = self.company_id._get_sakip_calendar()
        return format_datetime(
            self.env, self.date_deadline, tz=calendar._sakip_tz().zone, dt_format="short"
        )

    def _sop_deadline_date(self):
        """The deadline's date in the calendar's time zone (the activity's due date)."""
        self.ensure_one()
        calendar = self.company_id._get_sakip_calendar()
        return calendar._sakip_to_local(self.date_deadline, calendar._sakip_tz()).date()

    def _sop_notify_assignees(self):
        """One notification per started step to its assignees (not to the user acting)."""
        # Every notice is written before the first is sent: sending empties the
        # caches, which would make each step read the names of all of them again.
        notices = [
            (
                step.run_id,
                (step.user_ids - self.env.user).partner_id,
                self.env._(
                    "%(run)s: step %(step)s is yours",
                    run=step.run_id.display_name,
                    step=step.display_name,
                ),
                plaintext2html(step.instructions or step.name or ""),
            )
            for step in self
        ]
        for run, partners, subject, body in notices:
            if partners:
                run.message_notify(
                    partner_ids=partners.ids,
                    subject=subject,
                    body=body,
                    email_layout_xmlid="mail.mail_notification_layout",
                )

    def _sop_call_hook(self, hook, *args):
        """Call ``hook`` of each run's client document once, with its steps."""
        for run, steps in self.grouped("run_id").items():
            document = run._sop_document()
            if document:
                getattr(document, hook)(steps, *args)

    # ------------------------------------------------------------------
    # Reminders and escalation (scheduled action)
    # ------------------------------------------------------------------
    @api.model
    def _cron_sakip_remind(self):
        """Hourly: remind the assignees of the steps whose deadline comes within
        their company's lead time (in working hours), and tell the superior
        actor's users about the overdue steps: each at most once per step and
        (local) day, whatever the number of times the action runs.

        Each recipient gets one digest (:meth:`_sop_send_digests`) listing all
        their steps; the cost grows with the recipients, not with the steps.
        """
        now = fields.Datetime.now()
        steps = self.search(
            [
                ("state", "=", "in_progress"),
                ("run_id.state", "=", "running"),
                ("date_deadline", "!=", False),
            ]
        )
        to_remind = defaultdict(self.browse)  # local date -> steps
        to_escalate = defaultdict(self.browse)
        left = {}  # step -> working minutes left
        for company, company_steps in steps.grouped("company_id").items():
            today = company._sakip_date_of(now)
            overdue = company_steps.filtered(lambda s: s.date_deadline <= now)
            to_escalate[today] |= overdue.filtered(
                lambda s, today=today: s.escalated_on != today
                and s.actor_id.superior_actor_id.group_id
            )
            coming = (company_steps - overdue).filtered(
                lambda s, today=today: s.reminded_on != today
            )
            if not coming:
                continue
            calendar = company._get_sakip_calendar()
            minutes = calendar._sakip_worked_minutes_until(now, coming.mapped("date_deadline"))
            lead = company.sakip_reminder_lead_hours * 60
            due = coming.filtered(
                lambda s, minutes=minutes, lead=lead: minutes[s.date_deadline] <= lead
            )
            left.update({step: minutes[step.date_deadline] for step in due})
            to_remind[today] |= due
        reminded = self.browse().union(*to_remind.values())
        escalated = self.browse().union(*to_escalate.values())
        self._sop_send_digests(reminded, escalated, left, now)
        for today, steps_of_day in to_remind.items():
            # sudo: the engine's write (users only read step instances).
            steps_of_day.sudo()._sakip_workflow_write({"reminded_on": today})
        for today, steps_of_day in to_escalate.items():
            # sudo: the engine's write (users only read step instances).
            steps_of_day.sudo()._sakip_workflow_write({"escalated_on": today})

    @api.model
    def _sop_escalation_recipients(self, steps):
        """``{step: users}``: the users of each overdue step's superior actor
        (e.g. the Sekretaris Dinas for the planning team's steps), each group
        and company read once, the administrators group once."""
        admins = self.env.ref(ADMIN_GROUP).users
        cache = {}
        result = {}
        for step in steps:
            group = step.actor_id.superior_actor_id.group_id
            key = (group, step.company_id)
            if key not in cache:
                users = group.users.filtered(
                    lambda u, company=step.company_id: u.active
                    and not u.share
                    and company in u.company_ids
                )
                cache[key] = (users - admins) or users
            result[step] = cache[key]
        return result

    @api.model
    def _sop_digest_row(self, step, tz, base_url):
        """What the digest shows of ``step``: plain values (the words are the
        template's, so that they follow the recipient's language)."""
        deadline = pytz.utc.localize(step.date_deadline).astimezone(tz)
        return {
            "run": step.run_id.display_name,
            "step": step.display_name,
            "actor": step.actor_id.name or "",
            "users": ", ".join(step.user_ids.mapped("name")),
            "deadline": deadline.strftime("%Y-%m-%d %H:%M"),
            "url": f"{base_url}/odoo/sakip.sop.run/{step.run_id.id}",
            "sort": step.date_deadline,
        }

    @api.model
    def _sop_send_digests(self, reminded, escalated, left, now):
        """One notification per recipient listing the steps ``reminded`` (to
        their assignees; ``left``: working minutes left per step) and
        ``escalated`` (to the superior actor's users), rendered by the
        administrators' editable template ``mail_template_sakip_step_digest``."""
        if not reminded and not escalated:
            return
        base_url = self.get_base_url()
        tz_of = {
            company: company._get_sakip_calendar()._sakip_tz()
            for company in (reminded | escalated).company_id
        }
        digest = defaultdict(lambda: {"due": [], "overdue": []})  # user id -> rows
        for step in reminded:
            row = self._sop_digest_row(step, tz_of[step.company_id], base_url)
            minutes = left.get(step, 0)
            row["left"] = f"{minutes // 60}:{minutes % 60:02d}"
            for user in step.user_ids:
                digest[user.id]["due"].append(row)
        for step, users in self._sop_escalation_recipients(escalated).items():
            row = self._sop_digest_row(step, tz_of[step.company_id], base_url)
            minutes = int((now - step.date_deadline).total_seconds() // 60)
            row["late"] = f"{minutes // 60}:{minutes % 60:02d}"
            for user in users:
                digest[user.id]["overdue"].append(row)
        if not digest:
            return
        for rows in digest.values():
            rows["due"].sort(key=lambda r: r["sort"])
            rows["overdue"].sort(key=lambda r: r["sort"])
            rows["due_count"] = str(len(rows["due"]))
            rows["overdue_count"] = str(len(rows["overdue"]))
        # sudo: the engine renders its own template for every recipient
        # (the scheduled action may run as any user).
        template = self.env.ref("sakip_penetapan_kinerja.mail_template_sakip_step_digest").sudo()
        user_ids = list(digest)
        ctx = {"sakip_digest": dict(digest)}
        subjects = template._render_field("subject", user_ids, compute_lang=True, add_context=ctx)
        bodies = template._render_field("body_html", user_ids, compute_lang=True, add_context=ctx)
        thread = self.env["mail.thread"]
        for user in self.env["res.users"].browse(user_ids):
            thread.message_notify(
                partner_ids=user.partner_id.ids,
                subject=subjects[user.id],
                body=Markup(bodies[user.id]),  # rendered by QWeb: escaped already
                email_layout_xmlid="mail.mail_notification_layout",
            )

    # ------------------------------------------------------------------
    # Routing through activities (one batch per transition)
    # ------------------------------------------------------------------
    def _activity_update(self):
        """Create the activities of the steps that started, close those of the
        steps that closed: each in one batch, whatever the number of users."""
        if self.env.context.get("mail_activity_automation_skip"):
            return
        Activity = self.env["mail.activity"].with_context(mail_activity_quick_update=True)
        closed = self.filtered(lambda s: s.state != "in_progress")
        if closed:
            # sudo: the remaining activities are other users' (mail.activity rules).
            open_activities = Activity.sudo().search([("sakip_run_step_id", "in", closed.ids)])
            kept = open_activities.filtered("activity_type_id.keep_done")
            kept.action_archive()  # marked done: kept as history, as Odoo does
            (open_activities - kept).unlink()
        started = self.filtered(lambda s: s.state == "in_progress")
        if not started:
            return
        already = {
            (activity.sakip_run_step_id.id, activity.user_id.id)
            for activity in Activity.sudo().search([("sakip_run_step_id", "in", started.ids)])
        }
        model_id = self.env["ir.model"]._get_id("sakip.sop.run")
        todo_type = self.env.ref("mail.mail_activity_data_todo")
        vals_list = []
        for step in started:
            text = "\n\n".join(filter(None, [step.returned_reason, step.instructions]))
            note = plaintext2html(text) if text else False
            summary = self.env._(
                "Step %(number)s: %(name)s",
                number=step.sequence,
                name=textwrap.shorten(step.name or "", width=90, placeholder="…"),
            )
            deadline = step._sop_deadline_date()
            vals_list += [
                {
                    "res_model_id": model_id,
                    "res_id": step.run_id.id,
                    "activity_type_id": (step.activity_type_id or todo_type).id,
                    "summary": summary,
                    "note": note,
                    "user_id": user.id,
                    "date_deadline": deadline,
                    "automated": True,
                    "sakip_run_step_id": step.id,
                }
                for user in step.user_ids
                if (step.id, user.id) not in already
            ]
        if vals_list:
            for run, steps in started.grouped("run_id").items():
                # sudo: subscribing other users (the assignees) to the run.
                run.sudo().message_subscribe(partner_ids=steps.user_ids.partner_id.ids)
            # sudo: activities are created for other users (mail.activity rules).
            Activity.sudo().create(vals_list)

    # ------------------------------------------------------------------
    # Wizard
    # ------------------------------------------------------------------
    def _open_wizard(self, mode):
        self.ensure_one()
        titles = {
            "done": self.env._("Complete step %(step)s", step=self.sequence),
            "send_back": self.env._("Send back step %(step)s", step=self.sequence),
            "skip": self.env._("Skip step %(step)s", step=self.sequence),
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
