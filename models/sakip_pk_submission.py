# Copyright 2024 SAKIP Indonesia
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""Each bidang's submission of its indicator and programme lines (SOP steps 2, 3, 6).

Tim Perencanaan makes one collection workbook per bidang (step 2), sends it
(step 3) and collects the lines (step 6): a bidang submits the lines it entered
in Odoo, or uploads the filled workbook, which replaces its lines on the
agreement. The collection step completes by itself when every bidang has
submitted, or when Tim Perencanaan closes it naming the missing ones.
"""

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError

from .sakip_sop_run_step import ADMIN_GROUP

PLANNER_GROUP = "sakip_penetapan_kinerja.group_sakip_planner"
STAFF_GROUP = "sakip_penetapan_kinerja.group_sakip_staff"

#: States in which the bidang still owes its lines.
OPEN_STATES = ("pending", "returned")

XLSX_MIMETYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


class SakipPkSubmission(models.Model):
    """What one bidang submits for the performance agreement of an SOP run."""

    _name = "sakip.pk.submission"
    _inherit = ["sakip.workflow.owned.mixin", "mail.thread", "mail.activity.mixin"]
    _description = "Bidang Submission"
    _order = "run_id desc, department_id, id"
    _check_company_auto = True
    # Every reader of a submission (its bidang, Tim Perencanaan) may discuss it.
    _mail_post_access = "read"
    #: A submission is the collection's record: made and moved by the run and
    #: the bidang's actions only (sakip.workflow.owned.mixin).
    _sakip_workflow_fields = frozenset(
        {
            "name",
            "run_id",
            "step_id",
            "pk_id",
            "company_id",
            "fiscal_year",
            "department_id",
            "user_ids",
            "state",
            "submitted_by_id",
            "date_submitted",
            "return_reason",
            "format_attachment_id",
            "file_attachment_id",
            "format_sent",
            "date_deadline",
        }
    )
    _sakip_user_fields = frozenset()
    _sakip_user_unlink = False

    name = fields.Char(compute="_compute_name", store=True)
    run_id = fields.Many2one(
        comodel_name="sakip.sop.run",
        string="SOP run",
        required=True,
        readonly=True,
        index=True,
        ondelete="cascade",
        check_company=True,
    )
    step_id = fields.Many2one(
        comodel_name="sakip.sop.run.step",
        string="Collection step",
        readonly=True,
        index=True,
        ondelete="cascade",
        help="The step of the run that collects the submissions (step 6).",
    )
    step_state = fields.Selection(related="step_id.state", string="Collection status")
    pk_id = fields.Many2one(
        comodel_name="sakip.pk",
        string="Agreement",
        required=True,
        readonly=True,
        index=True,
        ondelete="cascade",
        check_company=True,
    )
    company_id = fields.Many2one(
        comodel_name="res.company",
        required=True,
        readonly=True,
        index=True,
    )
    fiscal_year = fields.Integer(related="pk_id.fiscal_year", store=True)
    department_id = fields.Many2one(
        comodel_name="hr.department",
        string="Bidang",
        required=True,
        readonly=True,
        index=True,
        ondelete="restrict",
        check_company=True,
    )
    user_ids = fields.Many2many(
        comodel_name="res.users",
        relation="sakip_pk_submission_res_users_rel",
        column1="submission_id",
        column2="user_id",
        string="Submitted by (bidang)",
        readonly=True,
        help="Who submits for the bidang: the user of its manager and the bidang "
        "staff whose employee belongs to it.",
    )
    state = fields.Selection(
        selection=[
            ("pending", "Pending"),
            ("submitted", "Submitted"),
            ("returned", "Returned"),
            ("missing", "Missing"),
        ],
        string="Status",
        required=True,
        default="pending",
        readonly=True,
        index=True,
        tracking=True,
    )
    submitted_by_id = fields.Many2one(
        comodel_name="res.users",
        string="Submitted by",
        readonly=True,
        tracking=True,
    )
    date_submitted = fields.Datetime(string="Submitted on", readonly=True)
    return_reason = fields.Text(string="Reason for return", readonly=True)
    format_attachment_id = fields.Many2one(
        comodel_name="ir.attachment",
        string="Collection format",
        readonly=True,
        ondelete="set null",
        help="The XLSX workbook made for the bidang (step 2), sent to it in step 3.",
    )
    file_attachment_id = fields.Many2one(
        comodel_name="ir.attachment",
        string="Accepted file",
        readonly=True,
        ondelete="set null",
        help="The last filled workbook accepted from the bidang.",
    )
    format_sent = fields.Boolean(string="Format sent", readonly=True)
    date_deadline = fields.Date(
        string="Return deadline",
        readonly=True,
        help="The day the bidang returns its lines, fixed when the format is sent "
        "(step 3) in working time: printed in the format, the due date of the "
        "bidang's activity and of its reminders.",
    )
    indicator_count = fields.Integer(
        string="Indicators",
        compute="_compute_line_counts",
    )
    program_count = fields.Integer(
        string="Programmes",
        compute="_compute_line_counts",
    )
    can_submit = fields.Boolean(compute="_compute_user_rights")
    can_collect = fields.Boolean(compute="_compute_user_rights")

    _sql_constraints = [
        (
            "step_department_uniq",
            "UNIQUE(run_id, step_id, department_id)",
            "A bidang has one submission per collection of a run.",
        ),
    ]

    @api.depends("department_id.name", "run_id.name")
    def _compute_name(self):
        for submission in self:
            submission.name = self.env._(
                "%(bidang)s, %(run)s",
                bidang=submission.department_id.name or "",
                run=submission.run_id.name or "",
            )

    def _compute_line_counts(self):
        counts = {}
        for model in ("sakip.pk.indicator", "sakip.pk.program"):
            counts[model] = {
                (pk.id, department.id): count
                for pk, department, count in self.env[model]._read_group(
                    [
                        ("pk_id", "in", self.pk_id.ids),
                        ("department_id", "in", self.department_id.ids),
                    ],
                    groupby=["pk_id", "department_id"],
                    aggregates=["__count"],
                )
            }
        for submission in self:
            key = (submission.pk_id.id, submission.department_id.id)
            submission.indicator_count = counts["sakip.pk.indicator"].get(key, 0)
            submission.program_count = counts["sakip.pk.program"].get(key, 0)

    @api.depends("state", "user_ids", "department_id", "step_id.state")
    @api.depends_context("uid")
    def _compute_user_rights(self):
        collector = self._is_collector()
        for submission in self:
            is_open = submission.state in OPEN_STATES and submission._collection_open()
            submission.can_submit = is_open and (
                collector or submission._is_bidang_user(self.env.user)
            )
            submission.can_collect = collector and submission._collection_open()

    @api.model_create_multi
    def create(self, vals_list):
        if not self.env.su and not self.env.user.has_group(ADMIN_GROUP):
            raise AccessError(
                self.env._("The bidang submissions are created by the SOP run (steps 2, 3 and 6).")
            )
        return super().create(vals_list)

    @api.model
    def _is_collector(self):
        """Tim Perencanaan (and SAKIP administrators, who belong to it)."""
        return self.env.su or self.env.user.has_group(PLANNER_GROUP)

    def _is_bidang_user(self, user):
        """Whether ``user`` submits for this submission's bidang."""
        self.ensure_one()
        if user in self.user_ids:
            return True
        # The own-bidang rule of the lines: the departments of the user's employees.
        return user.has_group(STAFF_GROUP) and self.department_id in (
            user.employee_ids.department_id
        )

    def _check_may_submit(self):
        """Raise AccessError unless the current user may submit for every bidang of ``self``."""
        if self._is_collector():
            return
        for submission in self:
            if not submission._is_bidang_user(self.env.user):
                raise AccessError(
                    self.env._(
                        "You may not submit for %(bidang)s: only its own users and "
                        "Tim Perencanaan may.",
                        bidang=submission.department_id.display_name,
                    )
                )

    def _check_may_collect(self):
        """Raise AccessError unless the current user belongs to Tim Perencanaan."""
        if not self._is_collector():
            raise AccessError(
                self.env._(
                    "Only Tim Perencanaan (%(group)s) may return or close the bidang's "
                    "submissions.",
                    group=self.env.ref(PLANNER_GROUP).full_name,
                )
            )

    def _collection_open(self):
        """The bidang may still submit: the run goes on and its collection step
        has not closed yet (it may not have started: the format came in step 3)."""
        self.ensure_one()
        return self.run_id.state == "running" and self.step_id.state in ("waiting", "in_progress")

    def _check_open(self, states=OPEN_STATES):
        for submission in self:
            if not submission._collection_open():
                raise UserError(
                    self.env._(
                        "The collection of %(run)s is closed: %(bidang)s can no longer "
                        "submit or be returned.",
                        run=submission.run_id.display_name,
                        bidang=submission.department_id.display_name,
                    )
                )
            if submission.state not in states:
                state = dict(submission._fields["state"]._description_selection(self.env))[
                    submission.state
                ]
                raise UserError(
                    self.env._(
                        "The submission of %(bidang)s is %(state)s: nothing to do.",
                        bidang=submission.department_id.display_name,
                        state=state.lower(),
                    )
                )

    @api.model
    def _collection_departments(self, company):
        """The bidang (and sekretariat) of ``company`` that submit lines."""
        return self.env["hr.department"].search(
            [("is_sakip_unit", "=", True), ("company_id", "in", (company.id, False))],
            order="name, id",
        )

    @api.model
    def _collection_users(self, departments, company):
        """Return ``{department: users}``: the user of each department's manager
        and the bidang staff whose employee belongs to it."""
        # sudo: who belongs to a bidang is needed whatever the HR rights of the
        # user acting (the engine routes the step).
        employees = (
            self.env["hr.employee"]
            .sudo()
            .search([("department_id", "in", departments.ids), ("user_id", "!=", False)])
        )
        staff_group = self.env.ref(STAFF_GROUP)
        result = {}
        for department in departments:
            users = department.sudo().manager_id.user_id
            users |= employees.filtered(
                lambda e, dep=department: e.department_id == dep
            ).user_id.filtered(lambda u, group=staff_group: group in u.groups_id)
            result[department] = users.filtered(
                lambda u: u.active and not u.share and company in u.company_ids
            ).with_env(self.env)
        return result

    def _collection_refresh_users(self):
        """Update who submits for each bidang (people move between bidang)."""
        for company in self.company_id:
            mine = self.filtered(lambda s, company=company: s.company_id == company)
            users = self._collection_users(mine.department_id, company)
            for submission in mine:
                wanted = users[submission.department_id]
                if wanted != submission.user_ids:
                    # sudo: the engine's write (users only read submissions).
                    submission.sudo()._sakip_workflow_write(
                        {"user_ids": [fields.Command.set(wanted.ids)]}
                    )

    @api.model
    def _collection_ensure(self, run):
        """Return the submissions of ``run``'s collection, creating the missing
        ones (one per bidang, in one create)."""
        pk = run._sop_document()
        step = run.step_ids.filtered(lambda s: s.kind == "collection").sorted(
            run.step_ids._sop_order_key
        )[-1:]
        existing = self.search([("run_id", "=", run.id), ("step_id", "=", step.id or False)])
        departments = self._collection_departments(run.company_id) - existing.department_id
        if not departments:
            return existing
        users = self._collection_users(departments, run.company_id)
        # sudo: the engine creates the submissions (users only read them).
        created = (
            self.sudo()
            ._sakip_workflow_create(
                [
                    {
                        "run_id": run.id,
                        "step_id": step.id,
                        "pk_id": pk.id,
                        "company_id": run.company_id.id,
                        "department_id": department.id,
                        "user_ids": [fields.Command.set(users[department].ids)],
                    }
                    for department in departments
                ]
            )
            .with_env(self.env)
        )
        return existing | created

    def action_submit(self):
        """Submit the lines the bidang entered in Odoo."""
        self._check_may_submit()
        self._check_open()
        problems = self._submit_problems()
        if problems:
            raise UserError(
                self.env._("These lines cannot be submitted yet:")
                + "\n"
                + "\n".join(f"- {problem}" for problem in problems)
            )
        self._mark_submitted()
        return True

    def _bidang_lines(self):
        """The indicator and programme lines of the submissions' bidang on their agreement."""
        domain = [
            ("pk_id", "in", self.pk_id.ids),
            ("department_id", "in", self.department_id.ids),
        ]
        # sudo: the manager of a bidang may lack the staff group that reads lines;
        # the caller checked the right on the submission.
        indicators = self.env["sakip.pk.indicator"].sudo().search(domain)
        programs = self.env["sakip.pk.program"].sudo().search(domain)
        return indicators, programs

    def _mark_submitted(self, attachment=None):
        """The bidang has submitted: close its activities, log it, and complete
        the collection step once every bidang has submitted."""
        vals = {
            "state": "submitted",
            "submitted_by_id": self.env.uid,
            "date_submitted": fields.Datetime.now(),
            "return_reason": False,
        }
        if attachment:
            vals["file_attachment_id"] = attachment.id
        # sudo: the engine's write (users only read submissions); the action checked the right.
        self.sudo()._sakip_workflow_write(vals)
        self._activity_close()
        for submission in self:
            counts = self.env._(
                "%(indicators)s indicators, %(programs)s programmes",
                indicators=submission.indicator_count,
                programs=submission.program_count,
            )
            submission.message_post(
                body=self.env._(
                    "Submitted by %(user)s (%(counts)s).", user=self.env.user.name, counts=counts
                ),
                attachment_ids=attachment.ids if attachment else None,
                subtype_xmlid="mail.mt_note",
            )
            # sudo: bidang users may read the run but not post on it.
            submission.run_id.sudo()._sop_post(
                [
                    self.env._(
                        "%(bidang)s submitted its lines (%(counts)s), by %(user)s.",
                        bidang=submission.department_id.name,
                        counts=counts,
                        user=self.env.user.name,
                    )
                ]
            )
        self._collection_complete_if_all_submitted()

    def _collection_complete_if_all_submitted(self):
        """Complete the collection steps in progress whose bidang have all submitted."""
        steps = self.step_id.filtered(lambda s: s.state == "in_progress")
        if not steps:
            return
        # sudo: every bidang's submission counts, not only those the user reads.
        states = self.sudo().search([("step_id", "in", steps.ids)]).grouped("step_id")
        done = steps.filtered(
            lambda s: all(sub.state == "submitted" for sub in states.get(s.sudo(), []))
        )
        if done:
            # sudo: the last bidang's submission completes Tim Perencanaan's step
            # by itself; the bidang users are not the step's actors.
            done.sudo().action_done(note=self.env._("Every bidang has submitted its lines."))

    def action_return(self, reason):
        """Return a submission to its bidang with a reason (Tim Perencanaan)."""
        self._check_may_collect()
        self._check_open(states=("submitted",))
        reason = (reason or "").strip()
        if not reason:
            raise UserError(self.env._("Give the reason for returning the submission."))
        # sudo: the engine's write (users only read submissions).
        self.sudo()._sakip_workflow_write({"state": "returned", "return_reason": reason})
        # One message per submission, to its bidang's users, from the
        # administrators' editable template (rendered for all in one batch).
        self.env["mail.compose.message"].with_context(
            default_composition_mode="comment",
            default_model=self._name,
            default_res_ids=self.ids,
            default_template_id=self.env.ref(
                "sakip_penetapan_kinerja.mail_template_sakip_pk_submission_returned"
            ).id,
        ).create(
            {
                "message_type": "comment",
                "subtype_id": self.env["ir.model.data"]._xmlid_to_res_id("mail.mt_comment"),
            }
        )._action_send_mail()
        # One office: the records of one collection share their company.
        today = self.company_id[:1]._sakip_today()
        step_deadline = (
            self.step_id[:1]._sop_deadline_date() if self.step_id[:1].date_deadline else today
        )
        for submission in self:
            submission._activity_route(
                max(submission.date_deadline or step_deadline, today),
                summary=self.env._("PK %(year)s: submission returned", year=submission.fiscal_year),
                note=self.env._(
                    "Tim Perencanaan returned the lines of %(bidang)s: %(reason)s",
                    bidang=submission.department_id.name,
                    reason=reason,
                ),
            )
        return True

    def action_mark_missing(self):
        """The collection closes without these bidang (Tim Perencanaan)."""
        self._check_may_collect()
        self._check_open()
        # sudo: the engine's write (users only read submissions).
        self.sudo()._sakip_workflow_write({"state": "missing"})
        # sudo: the activities of other users (mail.activity rules).
        self.env["mail.activity"].sudo().search(
            [("res_model", "=", self._name), ("res_id", "in", self.ids)]
        ).unlink()
        for submission in self:
            submission.message_post(
                body=self.env._(
                    "The collection closed without the lines of %(bidang)s (closed by %(user)s).",
                    bidang=submission.department_id.name,
                    user=self.env.user.name,
                ),
                subtype_xmlid="mail.mt_note",
            )
        return True

    def action_open_upload_wizard(self):
        self.ensure_one()
        self._check_may_submit()
        self._check_open()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Upload the collection file"),
            "res_model": "sakip.pk.submission.upload.wizard",
            "views": [(False, "form")],
            "target": "new",
            "context": {"default_submission_id": self.id},
        }

    def action_open_return_wizard(self):
        self.ensure_one()
        self._check_may_collect()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Return the submission"),
            "res_model": "sakip.pk.submission.return.wizard",
            "views": [(False, "form")],
            "target": "new",
            "context": {"default_submission_id": self.id},
        }

    def _action_bidang_lines(self, action_xmlid):
        """The action ``action_xmlid`` on the bidang's lines of the agreement."""
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(action_xmlid)
        action["domain"] = [
            ("pk_id", "=", self.pk_id.id),
            ("department_id", "=", self.department_id.id),
        ]
        action["context"] = {
            "default_pk_id": self.pk_id.id,
            "default_department_id": self.department_id.id,
        }
        return action

    def action_view_lines(self):
        """The bidang's indicator lines on the agreement, to enter or check them."""
        return self._action_bidang_lines("sakip_penetapan_kinerja.action_sakip_pk_indicator")

    def action_view_programs(self):
        """The bidang's programme lines on the agreement."""
        return self._action_bidang_lines("sakip_penetapan_kinerja.action_sakip_pk_program")
