# Copyright 2024 SAKIP Indonesia
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""One bidang's part of a quarterly measurement (issue 15, item 4): the
sub-task of the SOP's entry step, as the collection's submissions are for
the agreement. The bidang enters its realisasi and evidence and submits
its part; Tim Perencanaan may return it, with a reason, while it verifies."""

from markupsafe import Markup

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError
from odoo.tools import plaintext2html

from .mail_activity import engine_closing_activities

MODULE = "sakip_penetapan_kinerja"
#: The steps during which the bidang parts are entered, submitted or returned.
PART_STEP_KINDS = ("measurement_entry", "measurement_verify")
#: Who works on any bidang's part (submits for it, or returns it).
PLANNER_GROUP = f"{MODULE}.group_sakip_planner"
#: Who may still correct a submitted bidang's lines (while not approved).
REVIEW_GROUPS = (
    PLANNER_GROUP,
    f"{MODULE}.group_sakip_secretary",
    f"{MODULE}.group_sakip_head",
)
ADMIN_GROUP = f"{MODULE}.group_sakip_admin"


class SakipPkMeasurementPart(models.Model):
    _name = "sakip.pk.measurement.part"
    _inherit = ["sakip.workflow.owned.mixin"]
    _description = "Bidang part of a quarterly measurement"
    _order = "measurement_id, department_id, id"
    _check_company_auto = True
    _sakip_user_unlink = False

    _sakip_workflow_fields = frozenset(
        {
            "measurement_id",
            "department_id",
            "company_id",
            "state",
            "user_ids",
            "date_deadline",
            "submitted_by_id",
            "submitted_at",
            "returned_reason",
            "return_count",
        }
    )
    _sakip_user_fields = frozenset()

    measurement_id = fields.Many2one(
        comodel_name="sakip.pk.measurement",
        required=True,
        ondelete="cascade",
        index=True,
    )
    department_id = fields.Many2one(
        comodel_name="hr.department", string="Bidang", required=True, index=True
    )
    company_id = fields.Many2one(related="measurement_id.company_id", store=True, index=True)
    state = fields.Selection(
        selection=[("pending", "To enter"), ("submitted", "Submitted"), ("returned", "Returned")],
        string="Status",
        required=True,
        default="pending",
    )
    user_ids = fields.Many2many(
        comodel_name="res.users",
        relation="sakip_pk_measurement_part_user_rel",
        column1="part_id",
        column2="user_id",
        string="Entered by",
        help="The bidang's head and staff, who get the activity of the part.",
    )
    date_deadline = fields.Date(string="Due")
    submitted_by_id = fields.Many2one(comodel_name="res.users", string="Submitted by")
    submitted_at = fields.Datetime(string="Submitted on")
    returned_reason = fields.Text(string="Reason returned")
    return_count = fields.Integer(string="Times returned")

    _sql_constraints = [
        (
            "measurement_department_unique",
            "UNIQUE(measurement_id, department_id)",
            "A bidang has one part in a measurement.",
        ),
    ]

    def _compute_display_name(self):
        for part in self:
            part.display_name = part.department_id.name or ""

    # Made and routed by the SOP's entry step

    def _sakip_ensure(self, measurements):
        """The parts of ``measurements``: one per bidang with an indicator or a
        programme, the missing ones created in one create."""
        # sudo: every bidang gets its part, whoever starts the step.
        measurements = measurements.sudo()
        existing = self.sudo().search([("measurement_id", "in", measurements.ids)])
        have = {(part.measurement_id.id, part.department_id.id) for part in existing}
        vals_list = [
            {"measurement_id": measurement.id, "department_id": department.id}
            for measurement in measurements
            for department in (
                measurement.line_ids.department_id | measurement.budget_ids.department_id
            )
            if (measurement.id, department.id) not in have
        ]
        created = self.sudo()._sakip_workflow_create(vals_list)
        return (existing | created).with_env(self.env)

    def _sakip_route(self, deadline):
        """Who enters each part now (people move between bidang), and an
        activity on the measurement for each of them while the part is open."""
        Submission = self.env["sakip.pk.submission"]
        by_users = {}
        for company, parts in self.grouped("company_id").items():
            users = Submission._collection_users(parts.department_id, company)
            for part in parts:
                wanted = users[part.department_id]
                by_users.setdefault(wanted, self.browse())
                by_users[wanted] |= part
        for users, parts in by_users.items():
            # sudo: the engine's write (users only read parts); one per set of users.
            parts.sudo()._sakip_workflow_write(
                {"user_ids": [fields.Command.set(users.ids)], "date_deadline": deadline}
            )
        self.filtered(lambda part: part.state != "submitted")._sakip_activity_open()

    def _sakip_activity_type(self):
        return self.env.ref(f"{MODULE}.mail_act_sakip_measurement_entry")

    def _sakip_activities(self):
        """The open entry activities of these parts (on their measurement)."""
        # sudo: the activities of other users (mail.activity rules).
        activities = (
            self.env["mail.activity"]
            .sudo()
            .search(
                [
                    ("res_model", "=", "sakip.pk.measurement"),
                    ("res_id", "in", self.measurement_id.ids),
                    ("activity_type_id", "=", self._sakip_activity_type().id),
                ]
            )
        )
        return activities.filtered(
            lambda activity: any(
                part.measurement_id.id == activity.res_id and activity.user_id in part.user_ids
                for part in self
            )
        )

    def _sakip_activity_open(self):
        """Give each user of the parts an activity on the measurement due the
        part's deadline (one create), the reason of a return in its note."""
        have = {(a.res_id, a.user_id.id) for a in self._sakip_activities()}
        model_id = self.env["ir.model"]._get_id("sakip.pk.measurement")
        vals_list = []
        for part in self:
            text = self.env._(
                "Enter the realisation of %(bidang)s for %(measurement)s, with its "
                "evidence, then click Submit my part.",
                bidang=part.department_id.name,
                measurement=part.measurement_id.name,
            )
            if part.state == "returned" and part.returned_reason:
                text += "\n" + self.env._("Returned: %(reason)s", reason=part.returned_reason)
            vals_list += [
                {
                    "res_model_id": model_id,
                    "res_id": part.measurement_id.id,
                    "activity_type_id": self._sakip_activity_type().id,
                    "summary": self.env._("Realisation of %(bidang)s", bidang=part.display_name),
                    "note": plaintext2html(text),
                    "user_id": user.id,
                    "date_deadline": part.date_deadline or fields.Date.context_today(self),
                    "automated": True,
                }
                for user in part.user_ids
                if (part.measurement_id.id, user.id) not in have
            ]
        if vals_list:
            # sudo: activities are created for other users (mail.activity rules).
            self.env["mail.activity"].sudo().create(vals_list)

    def _sakip_activity_close(self, feedback):
        activities = self._sakip_activities()
        # The part is closed: closing its activities does nothing more.
        with engine_closing_activities():
            activities.action_feedback(feedback=feedback)

    @api.model
    def _sakip_check_bidang_may_edit(self, lines):
        """A bidang changes its lines (``sakip.pk.measurement.line`` or
        ``.budget``) only while its part is open: once submitted, only a
        return by Tim Perencanaan reopens them."""
        if self.env.su or any(self.env.user.has_group(group) for group in REVIEW_GROUPS):
            return
        # sudo: the parts' status, read for the check.
        submitted = self.sudo().search(
            [
                ("measurement_id", "in", lines.measurement_id.ids),
                ("department_id", "in", lines.department_id.ids),
                ("state", "=", "submitted"),
            ]
        )
        closed = {(part.measurement_id.id, part.department_id.id) for part in submitted}
        for line in lines:
            if (line.measurement_id.id, line.department_id.id) in closed:
                raise UserError(
                    self.env._(
                        "%(bidang)s has submitted its realisation of %(measurement)s: it "
                        "changes only if Tim Perencanaan returns it.",
                        bidang=line.department_id.name,
                        measurement=line.measurement_id.display_name,
                    )
                )

    # The bidang's and the planning team's actions

    def _sakip_check_step_open(self):
        """The parts are worked on while the entry or verification step of
        their measurement's run is in progress."""
        runs = self.measurement_id.sop_run_ids.filtered(lambda run: run.state == "running")
        steps = runs.step_ids.filtered(
            lambda step: step.state == "in_progress" and step.kind in PART_STEP_KINDS
        )
        open_ids = set(steps.run_id.mapped("res_id"))
        for part in self:
            if part.measurement_id.id not in open_ids:
                raise UserError(
                    self.env._(
                        "The realisation of %(measurement)s is not being entered or "
                        "verified now: the part of %(bidang)s cannot change.",
                        measurement=part.measurement_id.display_name,
                        bidang=part.display_name,
                    )
                )

    def _sakip_is_planner(self):
        return self.env.su or self.env.user.has_group(PLANNER_GROUP)

    def action_submit(self):
        """The bidang has entered its realisation: every indicator recorded,
        with an explanation where behind target."""
        for part in self:
            if not (self._sakip_is_planner() or self.env.user in part.user_ids):
                raise AccessError(
                    self.env._(
                        "Only the head and staff of %(bidang)s, or Tim Perencanaan, may "
                        "submit its realisation.",
                        bidang=part.display_name,
                    )
                )
            if part.state == "submitted":
                raise UserError(
                    self.env._("%(bidang)s has already submitted.", bidang=part.display_name)
                )
        self._sakip_check_step_open()
        lines = self.measurement_id.line_ids.filtered(
            lambda line: line.department_id in self.department_id
        )
        # sudo: the check reads every line of the bidang, the rules aside.
        lines.sudo()._sakip_check_complete()
        # sudo: the engine's write (users only read parts).
        self.sudo()._sakip_workflow_write(
            {
                "state": "submitted",
                "submitted_by_id": self.env.uid,
                "submitted_at": fields.Datetime.now(),
            }
        )
        self._sakip_activity_close(self.env._("Submitted"))
        self._sakip_post(
            lambda part: self.env._(
                "%(user)s submitted the realisation of %(bidang)s.",
                user=self.env.user.name,
                bidang=part.display_name,
            )
        )
        return True

    def action_return(self, reason):
        """Tim Perencanaan returns a bidang's part with a reason: the bidang
        enters again; the other bidang stay submitted."""
        if not self._sakip_is_planner():
            raise AccessError(self.env._("Only Tim Perencanaan returns a bidang's realisation."))
        reason = (reason or "").strip()
        if not reason:
            raise UserError(self.env._("Give the reason for returning the realisation."))
        not_in = self.filtered(lambda part: part.state != "submitted")
        if not_in:
            raise UserError(
                self.env._(
                    "%(bidang)s has not submitted: there is nothing to return.",
                    bidang=not_in[0].display_name,
                )
            )
        self._sakip_check_step_open()
        for count, parts in self.grouped("return_count").items():
            # sudo: the engine's write (users only read parts).
            parts.sudo()._sakip_workflow_write(
                {"state": "returned", "returned_reason": reason, "return_count": count + 1}
            )
        self._sakip_activity_open()
        self._sakip_post(
            lambda part: self.env._(
                "%(user)s returned the realisation of %(bidang)s: %(reason)s",
                user=self.env.user.name,
                bidang=part.display_name,
                reason=reason,
            )
        )
        return True

    def action_open_return_wizard(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Return %(bidang)s", bidang=self.display_name),
            "res_model": "sakip.pk.measurement.part.return.wizard",
            "view_mode": "form",
            "target": "new",
            "context": {"default_part_id": self.id},
        }

    def _sakip_post(self, message):
        """Log each part's change (``message(part)``) on its measurement,
        whose buttons follow the parts."""
        self.measurement_id.invalidate_recordset(["my_part_id"])
        for part in self:
            text = message(part)
            part.measurement_id.message_post(
                body=Markup("<p>%s</p>") % text, subtype_xmlid="mail.mt_note"
            )
