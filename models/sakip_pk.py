# Copyright 2024 SAKIP Indonesia
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
import contextlib
import contextvars

from markupsafe import Markup

from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError

from ..tools.dates import format_date_id
from ..tools.terbilang import InvalidAmount, terbilang_rupiah

LEVEL_SELECTION = [
    ("head", "Head of agency with the Regent"),
    ("echelon_3", "Echelon III with the head"),
    ("echelon_4", "Echelon IV with their Echelon III"),
    ("staff", "Staff with their Echelon IV"),
]

#: The level of the parent agreement in the cascade, for each level.
PARENT_LEVEL = {"echelon_3": "head", "echelon_4": "echelon_3", "staff": "echelon_4"}

#: Signed agreements are changed only through a new version (PK Perubahan);
#: superseded ones stay on record as they were.
LOCKED_STATES = ("signed", "superseded")

#: The level of the agreements cascaded from an agreement, for each level.
CHILD_LEVEL = {parent: child for child, parent in PARENT_LEVEL.items()}

#: Agreements that no longer count as the current one of their party and year.
INACTIVE_STATES = ("superseded", "cancelled")

#: The date of signing the Kepala chose in the signing dialog, with its reason,
#: while the signature step completes (see ``chosen_sign_date``). Not a context
#: key: the client controls the context of an RPC call.
_CHOSEN_SIGN_DATE = contextvars.ContextVar("sakip_chosen_sign_date", default=None)


@contextlib.contextmanager
def chosen_sign_date(sign_date, reason):
    """The signature step completed in this block dates the agreement
    ``sign_date`` (instead of the office's today), for ``reason``."""
    token = _CHOSEN_SIGN_DATE.set((sign_date, reason))
    try:
        yield
    finally:
        _CHOSEN_SIGN_DATE.reset(token)


class SakipPk(models.Model):
    """A performance agreement (Perjanjian Kinerja, PK) for one fiscal year.

    The first party promises the indicator targets of the attachment to the
    second party, its superior. Agreements cascade from the head of the agency
    down to individual staff; a signed agreement is changed by a new version,
    the PK Perubahan, and the earlier version stays on record.
    """

    _name = "sakip.pk"
    _inherit = [
        "sakip.workflow.owned.mixin",
        "mail.thread",
        "mail.activity.mixin",
        "sakip.sop.document.mixin",
        "sakip.verifiable.mixin",
    ]
    _description = "Performance Agreement"
    _sop_code = "penyusunan_pk"
    _order = "fiscal_year desc, level, revision desc, id desc"
    _check_company_auto = True
    _rec_names_search = ["name", "first_party_id.name"]
    #: Set by the SOP run only (sakip.workflow.owned.mixin): the status, the
    #: signature, what follows it (cover letter, copies, sending), the
    #: document of record, the revision chain and the computed name and total.
    _sakip_workflow_fields = frozenset(
        {
            "name",
            "state",
            "sign_date",
            "signed_by_id",
            "signed_at",
            "cover_letter_id",
            "copy_count",
            "distributed_at",
            "revision",
            "previous_id",
            "origin_id",
            "budget_total",
            "verify_token",
            "record_attachment_id",
            "record_sha256",
            "submission_ids",
        }
    )
    #: The content of the agreement, while it is not signed.
    _sakip_user_fields = frozenset(
        {
            "fiscal_year",
            "company_id",
            "level",
            "parent_id",
            "child_ids",
            "first_party_id",
            "second_party_id",
            "second_party_name",
            "second_party_title",
            "sign_place",
            "indicator_ids",
            "program_ids",
        }
    )

    name = fields.Char(compute="_compute_name", store=True, index="trigram")
    fiscal_year = fields.Integer(
        string="Fiscal year",
        required=True,
        index=True,
        tracking=True,
        default=lambda self: self.env.company._sakip_today().year,
    )
    company_id = fields.Many2one(
        comodel_name="res.company",
        required=True,
        index=True,
        tracking=True,
        default=lambda self: self.env.company,
    )
    level = fields.Selection(
        selection=LEVEL_SELECTION,
        required=True,
        default="head",
        index=True,
        tracking=True,
        help="Who agrees with whom: the head of the agency with the Regent (IKU), "
        "an Echelon III official with the head, an Echelon IV official with their "
        "Echelon III, or a staff member with their Echelon IV (IKI).",
    )
    parent_level = fields.Selection(
        selection=LEVEL_SELECTION,
        string="Level of the parent agreement",
        compute="_compute_parent_level",
    )
    parent_id = fields.Many2one(
        comodel_name="sakip.pk",
        string="Parent agreement",
        index=True,
        tracking=True,
        check_company=True,
        domain="[('level', '=', parent_level), ('fiscal_year', '=', fiscal_year), "
        "('state', 'not in', ('superseded', 'cancelled'))]",
        help="The agreement of the level above that this agreement cascades from.",
    )
    child_ids = fields.One2many(
        comodel_name="sakip.pk",
        inverse_name="parent_id",
        string="Cascaded agreements",
    )
    child_count = fields.Integer(
        string="Number of cascaded agreements",
        compute="_compute_child_count",
    )
    first_party_id = fields.Many2one(
        comodel_name="hr.employee",
        string="First party",
        required=True,
        index=True,
        tracking=True,
        check_company=True,
        help="The official who promises the targets (Pihak Pertama).",
    )
    first_party_job = fields.Char(
        string="First party's position",
        related="first_party_id.job_title",
    )
    second_party_id = fields.Many2one(
        comodel_name="hr.employee",
        string="Second party",
        compute="_compute_second_party_id",
        store=True,
        readonly=False,
        index=True,
        tracking=True,
        check_company=True,
        help="The superior of the first party (Pihak Kedua). Empty for the head of "
        "the agency, whose second party is the Regent.",
    )
    second_party_name = fields.Char(
        string="Second party's name",
        compute="_compute_second_party_text",
        store=True,
        readonly=False,
        tracking=True,
        help="Name printed for the second party: the Regent's for the head of the "
        "agency, otherwise the second party's.",
    )
    second_party_title = fields.Char(
        string="Second party's title",
        compute="_compute_second_party_text",
        store=True,
        readonly=False,
        tracking=True,
        help="Title printed for the second party, e.g. Bupati Banyumas.",
    )
    sign_place = fields.Char(
        string="Place of signing",
        tracking=True,
        default=lambda self: self.env.company.sakip_sign_city,
    )
    sign_date = fields.Date(string="Date of signing", tracking=True, copy=False)
    state = fields.Selection(
        selection=[
            ("draft", "Draft"),
            ("in_review", "In review"),
            ("final", "Final draft"),
            ("signed", "Signed"),
            ("superseded", "Superseded"),
            ("cancelled", "Cancelled"),
        ],
        string="Status",
        required=True,
        default="draft",
        readonly=True,
        copy=False,
        index=True,
        tracking=True,
        group_expand=True,
    )
    signed_by_id = fields.Many2one(
        comodel_name="res.users",
        string="Signed by",
        readonly=True,
        copy=False,
        tracking=True,
        help="Who completed the signature step of the SOP run.",
    )
    signed_at = fields.Datetime(string="Signed at", readonly=True, copy=False)
    cover_letter_id = fields.Many2one(
        comodel_name="sakip.letter",
        string="Cover letter",
        readonly=True,
        copy=False,
        help="The numbered surat pengantar the signed agreement is sent with (SOP step 12).",
    )
    cover_letter_state = fields.Selection(
        related="cover_letter_id.state", string="Cover letter status"
    )
    copy_count = fields.Integer(
        string="Copies made",
        readonly=True,
        copy=False,
        help="Number of copies of the signed agreement made for distribution (SOP step 13).",
    )
    distributed_at = fields.Datetime(
        string="Sent on",
        readonly=True,
        copy=False,
        help="When the signed agreement was emailed to the recipients (SOP step 14).",
    )
    is_locked = fields.Boolean(
        string="Locked",
        compute="_compute_is_locked",
        help="Signed and superseded agreements can no longer be changed.",
    )
    revision = fields.Integer(
        default=0,
        readonly=True,
        copy=False,
        help="0 for the original agreement, then 1, 2, … for each PK Perubahan.",
    )
    previous_id = fields.Many2one(
        comodel_name="sakip.pk",
        string="Revises",
        readonly=True,
        copy=False,
        index=True,
        help="The earlier version that this PK Perubahan replaces.",
    )
    origin_id = fields.Many2one(
        comodel_name="sakip.pk",
        string="Original agreement",
        compute="_compute_origin_id",
        store=True,
        recursive=True,
        index=True,
        help="First version of the agreement; shared by all its revisions.",
    )
    revision_ids = fields.Many2many(
        comodel_name="sakip.pk",
        string="Versions",
        compute="_compute_revision_ids",
        help="Every version of this agreement, the original and its revisions.",
    )
    revision_count = fields.Integer(
        string="Number of versions",
        compute="_compute_revision_ids",
    )
    indicator_ids = fields.One2many(
        comodel_name="sakip.pk.indicator",
        inverse_name="pk_id",
        string="Indicators",
        copy=True,
    )
    program_ids = fields.One2many(
        comodel_name="sakip.pk.program",
        inverse_name="pk_id",
        string="Programmes",
        copy=True,
    )
    indicator_count = fields.Integer(
        string="Number of indicators",
        compute="_compute_line_counts",
    )
    program_count = fields.Integer(
        string="Number of programmes",
        compute="_compute_line_counts",
    )
    # The total of every bidang's programmes: for those who read every line.
    # A Staf Bidang reads ``budget_total_shown`` instead (see readme/USAGE.md).
    budget_total = fields.Float(
        string="Total budget (Rp)",
        digits=(16, 0),
        compute="_compute_budget_total",
        store=True,
        tracking=True,
        groups="sakip_penetapan_kinerja.group_sakip_planner,"
        "sakip_penetapan_kinerja.group_sakip_secretary,"
        "sakip_penetapan_kinerja.group_sakip_head",
    )
    budget_total_shown = fields.Float(
        string="Total budget",
        digits=(16, 0),
        compute="_compute_budget_total_shown",
        help="The total of the programmes you may read: every programme for the "
        "planning team, secretary and head, and for everyone once the agreement is "
        "signed; only your own bidang's while a Staf Bidang prepares it.",
    )
    budget_total_words = fields.Char(
        string="Total budget in words",
        compute="_compute_budget_total_words",
        help="The total budget in Indonesian words (terbilang), as printed.",
    )

    @api.depends("fiscal_year", "first_party_id.name", "first_party_id.job_title")
    def _compute_name(self):
        for pk in self:
            party = pk.first_party_id.job_title or pk.first_party_id.name
            year = f"PK {pk.fiscal_year}"
            pk.name = f"{year} \N{EN DASH} {party}" if party else year

    @api.depends("name", "revision")
    def _compute_display_name(self):
        for pk in self:
            if pk.revision:
                pk.display_name = self.env._(
                    "%(name)s (revision %(revision)s)", name=pk.name, revision=pk.revision
                )
            else:
                pk.display_name = pk.name

    @api.depends("level")
    def _compute_parent_level(self):
        for pk in self:
            pk.parent_level = PARENT_LEVEL.get(pk.level, False)

    @api.depends("child_ids")
    def _compute_child_count(self):
        for pk in self:
            pk.child_count = len(pk.child_ids)

    @api.depends("level", "parent_id")
    def _compute_second_party_id(self):
        for pk in self:
            if pk.level == "head":
                pk.second_party_id = False
            elif pk.parent_id:
                pk.second_party_id = pk.parent_id.first_party_id
            # otherwise keep the value chosen by the user

    @api.depends("level", "second_party_id", "company_id")
    def _compute_second_party_text(self):
        # A snapshot taken when the party is chosen (no dependency on the names
        # themselves): a later rename does not rewrite existing agreements.
        for pk in self:
            if pk.level == "head":
                pk.second_party_name = pk.company_id.sakip_regent_name
                pk.second_party_title = pk.company_id.sakip_regent_title
            elif pk.second_party_id:
                pk.second_party_name = pk.second_party_id.name
                pk.second_party_title = pk.second_party_id.job_title

    @api.depends("state")
    def _compute_is_locked(self):
        for pk in self:
            pk.is_locked = pk.state in LOCKED_STATES

    @api.depends("previous_id.origin_id")
    def _compute_origin_id(self):
        for pk in self:
            pk.origin_id = pk.previous_id.origin_id or pk.previous_id or pk._origin

    @api.depends("origin_id")
    def _compute_revision_ids(self):
        origins = self.origin_id
        versions = self.search([("origin_id", "in", origins.ids)]) if origins else self.browse()
        by_origin = versions.grouped("origin_id")
        for pk in self:
            pk.revision_ids = by_origin.get(pk.origin_id, pk._origin)
            pk.revision_count = len(pk.revision_ids)

    def _compute_line_counts(self):
        indicators = dict(
            self.env["sakip.pk.indicator"]._read_group(
                [("pk_id", "in", self.ids)], groupby=["pk_id"], aggregates=["__count"]
            )
        )
        programs = dict(
            self.env["sakip.pk.program"]._read_group(
                [("pk_id", "in", self.ids)], groupby=["pk_id"], aggregates=["__count"]
            )
        )
        for pk in self:
            pk.indicator_count = indicators.get(pk._origin, 0)
            pk.program_count = programs.get(pk._origin, 0)

    @api.depends("program_ids.budget")
    def _compute_budget_total(self):
        for pk in self:
            pk.budget_total = sum(pk.program_ids.mapped("budget"))

    @api.depends("program_ids.budget", "state")
    @api.depends_context("uid")
    def _compute_budget_total_shown(self):
        # The programmes the current user reads (the bidang record rules apply).
        totals = dict(
            self.env["sakip.pk.program"]._read_group(
                [("pk_id", "in", self._origin.ids)], groupby=["pk_id"], aggregates=["budget:sum"]
            )
        )
        for pk in self:
            if isinstance(pk.id, models.NewId):
                # a form being edited: its lines as the user sees them there
                pk.budget_total_shown = sum(pk.program_ids.mapped("budget"))
            else:
                pk.budget_total_shown = totals.get(pk, 0.0)

    @api.depends("budget_total_shown")
    @api.depends_context("uid")
    def _compute_budget_total_words(self):
        for pk in self:
            try:
                pk.budget_total_words = terbilang_rupiah(round(pk.budget_total_shown))
            except InvalidAmount:
                pk.budget_total_words = False

    @api.constrains("fiscal_year", "level", "first_party_id", "company_id", "state")
    def _check_single_current_agreement(self):
        current = self.filtered(lambda pk: pk.state not in INACTIVE_STATES)
        if not current:
            return
        # sudo: the rule spans every agreement of the company, including those
        # the current user is not allowed to read.
        duplicates = self.sudo()._read_group(
            [
                ("state", "not in", INACTIVE_STATES),
                ("company_id", "in", current.company_id.ids),
                ("fiscal_year", "in", current.mapped("fiscal_year")),
                ("level", "in", current.mapped("level")),
                ("first_party_id", "in", current.first_party_id.ids),
            ],
            groupby=["company_id", "fiscal_year", "level", "first_party_id"],
            aggregates=["id:recordset"],
            having=[("__count", ">", 1)],
        )
        level_names = dict(self._fields["level"]._description_selection(self.env))
        for __, year, level, party, agreements in duplicates:
            mine = agreements & current
            if not mine:
                continue
            others = (agreements - mine) or (agreements - mine[:1])
            raise ValidationError(
                self.env._(
                    "%(party)s already has a current performance agreement for fiscal "
                    "year %(year)s at the level “%(level)s”: %(agreement)s. To change a "
                    "signed agreement, revise it (PK Perubahan); otherwise cancel one "
                    "of them.",
                    party=party.name,
                    year=year,
                    level=level_names[level],
                    agreement=others[:1].display_name,
                )
            )

    @api.constrains("parent_id", "level", "fiscal_year")
    def _check_parent(self):
        level_names = dict(self._fields["level"]._description_selection(self.env))
        # The children are checked too: changing the year or the level of a
        # parent must not leave its cascade inconsistent.
        for pk in self | self.child_ids:
            parent = pk.parent_id
            if not parent:
                continue
            expected = PARENT_LEVEL.get(pk.level)
            if not expected:
                raise ValidationError(
                    self.env._(
                        "%(agreement)s is the agreement of the head of the agency with "
                        "the Regent: it is the top of the cascade and cannot have a "
                        "parent agreement.",
                        agreement=pk.display_name,
                    )
                )
            if parent.level != expected:
                raise ValidationError(
                    self.env._(
                        "The parent of %(agreement)s (level “%(level)s”) must be an "
                        "agreement of the level directly above, “%(expected)s”; "
                        "%(parent)s is at the level “%(parent_level)s”.",
                        agreement=pk.display_name,
                        level=level_names[pk.level],
                        expected=level_names[expected],
                        parent=parent.display_name,
                        parent_level=level_names[parent.level],
                    )
                )
            if parent.fiscal_year != pk.fiscal_year:
                raise ValidationError(
                    self.env._(
                        "The parent of %(agreement)s must be an agreement of the same "
                        "fiscal year (%(year)s); %(parent)s is for %(parent_year)s.",
                        agreement=pk.display_name,
                        year=pk.fiscal_year,
                        parent=parent.display_name,
                        parent_year=parent.fiscal_year,
                    )
                )

    def action_view_children(self):
        """Open the agreements cascaded from this one."""
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Cascaded from %(agreement)s", agreement=self.display_name),
            "res_model": "sakip.pk",
            "view_mode": "list,kanban,form",
            "domain": [("parent_id", "=", self.id)],
            "context": {
                "default_parent_id": self.id,
                "default_fiscal_year": self.fiscal_year,
                "default_level": CHILD_LEVEL.get(self.level),
                "default_company_id": self.company_id.id,
            },
        }

    # ------------------------------------------------------------------
    # The agreement as the document of its SOP run (sakip.sop.document.mixin):
    # one method per kind of step and event, ``_sop_<event>_<kind>``.
    # ------------------------------------------------------------------
    def _sop_check_may_run(self):
        """No run prepares an agreement already signed, superseded or cancelled:
        a signed one changes through a PK Perubahan (Revise), which has its own run."""
        closed = self.filtered(lambda pk: pk.state in (*LOCKED_STATES, "cancelled"))
        if closed:
            states = dict(self._fields["state"]._description_selection(self.env))
            raise UserError(
                self.env._(
                    "%(agreement)s is %(state)s: no SOP run can prepare it any more. To "
                    "change a signed agreement, revise it (PK Perubahan).",
                    agreement=closed[0].display_name,
                    state=states[closed[0].state].lower(),
                )
            )

    def _sop_check_has_indicators(self):
        if not self.indicator_ids:
            raise UserError(
                self.env._(
                    "%(agreement)s has no indicators yet: the draft cannot be accepted "
                    "or signed.",
                    agreement=self.display_name,
                )
            )

    # Steps 2, 3 and 6: the collection format and each bidang's submission.
    def _sop_collection_submissions(self, steps):
        """The submissions of the runs of ``steps``, created when missing."""
        Submission = self.env["sakip.pk.submission"]
        submissions = Submission
        for run in steps.run_id:
            submissions |= Submission._collection_ensure(run)
        return submissions

    def _sop_collection_deadline(self, steps, start=None):
        """The date the bidang return their lines: the collection step's
        deadline once it has started; before, the day it falls due when each
        step from now to it (the collection step included) takes its norm,
        counted in working time from ``start``."""
        run_steps = steps.run_id.step_ids
        collection = run_steps.filtered(lambda s: s.kind == "collection")[-1:]
        if collection.date_deadline:
            return collection._sop_deadline_date()
        if not collection:
            return self.company_id._sakip_today()
        calendar = self.company_id._get_sakip_calendar()
        deadline = start or fields.Datetime.now()
        ahead = run_steps.filtered(
            lambda s: s.state == "waiting" and s.sequence <= collection.sequence
        ).sorted(lambda s: (s.sequence, s.iteration, s.id))
        for step in ahead or collection:
            deadline = calendar._sakip_plan(deadline, step.duration_value, step.duration_unit)
        return calendar._sakip_to_local(deadline, calendar._sakip_tz()).date()

    # Step 2: Tim Perencanaan makes one workbook per bidang.
    def _sop_done_collection_format(self, steps):
        done = steps.filtered(lambda step: step.state == "done")
        if not done:
            return
        submissions = self._sop_collection_submissions(done)
        if not submissions:
            for run in done.run_id:
                # sudo: the engine's note on the run (users only read runs).
                run.sudo()._sop_post(
                    [
                        self.env._(
                            "No department of %(company)s takes part in the SAKIP "
                            "collection, so no collection format was made: tick “Takes "
                            "part in SAKIP collection” on each bidang (Employees > "
                            "Departments).",
                            company=run.company_id.name,
                        )
                    ]
                )
            return
        submissions._format_generate()
        for step in done:
            # Outputs of the step where they are, on each bidang's submission.
            step._sop_link_outputs(
                submissions.filtered(
                    lambda s, step=step: s.run_id == step.run_id
                ).format_attachment_id
            )

    # Step 3: each bidang receives its workbook (activity and email).
    def _sop_check_collection_send(self, steps):
        submissions = self._sop_collection_submissions(steps)
        submissions._collection_refresh_users()
        nobody = submissions.filtered(lambda s: not s.user_ids)
        if nobody:
            raise UserError(
                self.env._(
                    "The collection format cannot be sent: nobody receives it for "
                    "%(bidang)s. Give each bidang a manager with a user, or bidang staff "
                    "whose employee belongs to it.",
                    bidang=", ".join(nobody.department_id.mapped("name")),
                )
            )
        no_email = submissions.filtered(lambda s: not s.user_ids.partner_id.filtered("email"))
        if no_email:
            raise UserError(
                self.env._(
                    "The collection format cannot be sent by email: no user of "
                    "%(bidang)s has an email address.",
                    bidang=", ".join(no_email.department_id.mapped("name")),
                )
            )

    def _sop_done_collection_send(self, steps):
        done = steps.filtered(lambda step: step.state == "done")
        if not done:
            return
        submissions = self._sop_collection_submissions(done)
        deadline = self._sop_collection_deadline(done)
        # sudo: the engine's write (users only read submissions).
        submissions.sudo()._sakip_workflow_write({"date_deadline": deadline})
        # The format sent prints the deadline fixed now.
        submissions._format_generate()
        submissions._format_send(deadline)
        by_run = submissions.grouped("run_id")
        for step in done:
            step._sop_link_outputs(
                by_run.get(step.run_id, submissions.browse()).format_attachment_id
            )

    # Step 6: each bidang submits; Tim Perencanaan collects.
    def _sop_assignees_collection(self, step):
        """The step itself is Tim Perencanaan's (the bidang get their own
        activities on their submissions)."""
        return step._sop_group_users(self.env.ref("sakip_penetapan_kinerja.group_sakip_planner"))

    def _sop_started_collection(self, steps):
        submissions = self._sop_collection_submissions(steps)
        submissions._collection_refresh_users()
        today = self.company_id._sakip_today()
        # The bidang keep the deadline they were sent (step 3), if any: one
        # routing per step and deadline.
        groups = submissions.grouped(lambda s: (s.step_id, s.date_deadline))
        for (step, deadline), group in groups.items():
            if step in steps:
                group._activity_route(
                    max(deadline, today) if deadline else step._sop_deadline_date()
                )

    def _sop_check_collection(self, steps):
        waiting = self.env["sakip.pk.submission"].search(
            [("step_id", "in", steps.ids), ("state", "in", ("pending", "returned"))]
        )
        if waiting:
            raise UserError(
                self.env._(
                    "Not every bidang has submitted yet: %(bidang)s. Wait for them, or "
                    "close the collection without them with “Close collection”.",
                    bidang=", ".join(waiting.department_id.mapped("name")),
                )
            )

    def _sop_done_collection(self, steps):
        """A collection skipped by an administrator: the bidang that had not
        submitted are missing, and their activities closed."""
        skipped = steps.filtered(lambda step: step.state == "skipped")
        if not skipped:
            return
        waiting = self.env["sakip.pk.submission"].search(
            [("step_id", "in", skipped.ids), ("state", "in", ("pending", "returned"))]
        )
        # sudo: the engine's write (users only read submissions).
        waiting.sudo()._sakip_workflow_write({"state": "missing"})
        # sudo: the activities of other users (mail.activity rules).
        self.env["mail.activity"].sudo().search(
            [("res_model", "=", waiting._name), ("res_id", "in", waiting.ids)]
        ).unlink()

    # Step 9: the Sekretaris's correction (review).
    def _sop_check_review(self, steps):
        self._sop_check_has_indicators()

    def _sop_started_review(self, steps):
        """The Sekretaris's correction puts the draft in review."""
        if self.state == "draft":
            self._sakip_workflow_write({"state": "in_review"})

    def _sop_done_review(self, steps):
        """Accepted by the Sekretaris: final draft (Rancangan Akhir). A step an
        administrator skipped changes nothing."""
        if steps.filtered(lambda step: step.state == "done"):
            self._sakip_workflow_write({"state": "final"})

    def _sop_sent_back_review(self, steps, reason):
        """Sent back to drafting (step 8): the agreement is a draft again."""
        self._sakip_workflow_write({"state": "draft"})

    # Step 11: the Kepala Dinas's signature.
    def _sop_check_signature(self, steps):
        self._sop_check_has_indicators()

    def _sop_done_signature(self, steps):
        """Signed by the Kepala: signed, and therefore frozen; the PDF printed
        now, with its QR code, is the document of record."""
        signature = steps.filtered(lambda step: step.state == "done")[:1]
        if signature:
            sign_date = self._sakip_signing_date()
            self._sakip_workflow_write(
                {
                    "state": "signed",
                    "sign_date": sign_date,
                    "signed_by_id": signature.done_by_id.id,
                    "signed_at": signature.date_done,
                }
            )
            attachment = self._sakip_make_record()
            signature._sop_link_outputs(attachment)

    def _sakip_signing_date(self):
        """The date of signing: the office's today, or the date the Kepala
        chose in the signing dialog, with its reason (posted on the chatter)."""
        self.ensure_one()
        today = self.company_id._sakip_today()
        chosen, reason = _CHOSEN_SIGN_DATE.get() or (None, None)
        chosen = fields.Date.to_date(chosen) if chosen else today
        if chosen == today:
            return today
        self._sakip_check_signing_date(chosen, reason)
        self.message_post(
            body=self.env._(
                "Date of signing set to %(date)s (the day of signing in SAKIP is "
                "%(today)s) by %(user)s: %(reason)s",
                date=format_date_id(chosen),
                today=format_date_id(today),
                user=self.env.user.name,
                reason=reason.strip(),
            ),
            subtype_xmlid="mail.mt_note",
        )
        return chosen

    def _sakip_check_signing_date(self, sign_date, reason):
        """A date of signing other than today needs a reason, and cannot be
        in the future."""
        self.ensure_one()
        today = self.company_id._sakip_today()
        if not sign_date or sign_date == today:
            return
        if sign_date > today:
            raise UserError(
                self.env._(
                    "The date of signing cannot be in the future (today is %(today)s).",
                    today=format_date_id(today),
                )
            )
        if not (reason or "").strip():
            raise UserError(
                self.env._(
                    "Give the reason why %(agreement)s is dated %(date)s and not today, "
                    "the day it is signed.",
                    agreement=self.display_name,
                    date=format_date_id(sign_date),
                )
            )

    def _sop_sent_back_signature(self, steps, reason):
        """Sent back to drafting (step 8): the agreement is a draft again."""
        self._sakip_workflow_write({"state": "draft"})

    # Steps 12 to 14: cover letter, copies, distribution.
    def _sakip_distribution_recipients(self):
        """The external recipients of the signed agreement (Settings), refusing
        any without an email address, named in the message."""
        self.ensure_one()
        recipients = self.company_id.sakip_recipient_ids
        if not recipients:
            raise UserError(
                self.env._(
                    "No recipient of the signed agreement is set: add Bappedalitbang and "
                    "the Bagian Organisasi Setda under Settings > SAKIP."
                )
            )
        missing = recipients.filtered(lambda partner: not partner.email)
        if missing:
            raise UserError(
                self.env._(
                    "The signed agreement cannot be sent: these recipients have no email "
                    "address: %(names)s. Add it to their contact and try again.",
                    names=", ".join(missing.mapped("display_name")),
                )
            )
        return recipients

    def _sop_check_cover_letter(self, steps):
        if self.state != "signed" or not self.record_attachment_id:
            raise UserError(
                self.env._(
                    "%(agreement)s is not signed yet: the cover letter follows the signature.",
                    agreement=self.display_name,
                )
            )
        # Before the step closes: the cover letter's signer must be able to sign it.
        self.env["sakip.letter"]._sakip_check_signer_employee(
            self._sakip_cover_letter_signer(), self.env._("the cover letter")
        )

    def _sakip_cover_letter_signer(self):
        """The official who signs the cover letter: the Kepala Dinas of the
        office's settings, else the agreement's first party."""
        self.ensure_one()
        return self.company_id.sakip_head_employee_id or self.first_party_id

    def _sop_done_cover_letter(self, steps):
        """Step 12: give the cover letter its number; the Kepala Dinas is asked
        to sign it (its PDF of record is made when signed, see
        ``sakip.letter.action_sign``)."""
        step = steps.filtered(lambda s: s.state == "done")[:1]
        if not step or self.cover_letter_id.state in ("to_sign", "issued"):
            return
        company = self.company_id
        letter_type = self.env["sakip.letter.type"]._sakip_get("cover_letter", company)
        letter = letter_type._sakip_issue(
            {
                "subject": f"Penyampaian Perjanjian Kinerja Tahun {self.fiscal_year}",
                "attachment_note": "1 (satu) berkas",
                "partner_ids": [fields.Command.set(company.sakip_recipient_ids.ids)],
                "signer_employee_id": self._sakip_cover_letter_signer().id,
                "res_model": self._name,
                "res_id": self.id,
                "run_id": step.run_id.id,
            }
        )
        # sudo: the engine links the letter to the signed (locked) agreement.
        self.sudo()._sakip_workflow_write({"cover_letter_id": letter.id})

    def _sakip_check_cover_letter_signed(self):
        """Refuse sending the agreement while its cover letter is not signed,
        naming who signs it."""
        letter = self.cover_letter_id
        if letter.state == "to_sign":
            raise UserError(
                self.env._(
                    "%(agreement)s cannot be sent before its cover letter %(letter)s is "
                    "signed by %(signer)s (Outgoing Letters > To sign).",
                    agreement=self.display_name,
                    letter=letter.name,
                    # sudo: the signer's name, as printed on the letter.
                    signer=letter.signer_employee_id.sudo().name,
                )
            )
        if letter.state == "cancelled":
            raise UserError(
                self.env._(
                    "The cover letter %(letter)s of %(agreement)s is cancelled (%(reason)s): "
                    "issue a new one with New cover letter on the agreement.",
                    letter=letter.name,
                    agreement=self.display_name,
                    reason=letter.cancel_reason or "",
                )
            )

    def _sop_done_copies(self, steps):
        """Step 13: the number of copies made (the step asks for it, see
        ``sakip.sop.step.quantity_label``)."""
        done = steps.filtered(lambda s: s.state == "done")
        if done:
            # sudo: the engine records the copies on the signed (locked) agreement.
            self.sudo()._sakip_workflow_write({"copy_count": sum(done.mapped("quantity"))})

    def _sop_check_distribution(self, steps):
        self._sakip_check_cover_letter_signed()
        self._sakip_distribution_recipients()
        if not self.record_attachment_id or not self.cover_letter_id.record_attachment_id:
            raise UserError(
                self.env._(
                    "%(agreement)s cannot be sent before it is signed and its cover letter "
                    "is numbered (steps 11 and 12).",
                    agreement=self.display_name,
                )
            )

    def _sakip_distribution_email(self):
        """The email of step 14: its recipients, subject, body and the
        documents attached (the signed agreement and its cover letter)."""
        self.ensure_one()
        recipients = self._sakip_distribution_recipients()
        template = self.env.ref("sakip_penetapan_kinerja.mail_template_sakip_pk_distribution")
        # sudo: the agreement's and the letter's documents of record are read
        # whatever the rights of the sender on the attachments' records.
        documents = (self.record_attachment_id | self.cover_letter_id.record_attachment_id).sudo()
        body = template._render_field("body_html", self.ids, compute_lang=True)[self.id]
        subject = template._render_field("subject", self.ids, compute_lang=True)[self.id]
        return {"recipients": recipients, "subject": subject, "body": body, "documents": documents}

    def _sop_preview_distribution(self, step):
        """Step 14's dialog: the email as it will go, before it is sent (or
        why it cannot go yet)."""
        try:
            self._sop_check_distribution(step)
            email = self._sakip_distribution_email()
        except UserError as error:
            return Markup('<div class="alert alert-warning" role="alert">%s</div>') % str(
                error.args[0]
            )
        recipients = Markup("<br/>").join(
            f"{partner.display_name} <{partner.email}>" for partner in email["recipients"]
        )
        files = Markup("<br/>").join(att.name for att in email["documents"])
        rows = [
            (self.env._("To"), recipients),
            (self.env._("Subject"), email["subject"]),
            (self.env._("Attachments"), files),
        ]
        table = Markup("").join(
            Markup(
                '<tr><th class="pe-2 align-top text-nowrap">%s</th>'
                '<td class="text-break">%s</td></tr>'
            )
            % (label, value)
            for label, value in rows
        )
        return Markup(
            '<div class="o_sakip_email_preview border rounded p-2 mb-2">'
            '<p class="fw-bold mb-1">%s</p><table class="table table-sm mb-2">%s</table>'
            '<div class="border-top pt-2">%s</div></div>'
        ) % (
            self.env._("This email is sent when you click Done:"),
            table,
            Markup(email["body"]),
        )

    def _sop_done_distribution(self, steps):
        """Step 14: one email to the recipients with the signed agreement and
        the cover letter, logged on the run's chatter (the run is archived when
        its last step closes)."""
        step = steps.filtered(lambda s: s.state == "done")[:1]
        if not step:
            return
        email = self._sakip_distribution_email()
        step.run_id.message_post(
            body=email["body"],
            subject=email["subject"],
            partner_ids=email["recipients"].ids,
            attachments=[(att.name, att.raw) for att in email["documents"]],
            message_type="comment",
            subtype_xmlid="mail.mt_comment",
            email_layout_xmlid="mail.mail_notification_light",
        )
        # sudo: the engine records the sending on the signed (locked) agreement.
        self.sudo()._sakip_workflow_write({"distributed_at": fields.Datetime.now()})
