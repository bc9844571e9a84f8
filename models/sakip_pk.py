# Copyright 2024 SAKIP Indonesia
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
import contextlib
import contextvars
from collections import defaultdict

from markupsafe import Markup

from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.tools.misc import formatLang

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

#: Status changes allowed from a locked status: any other would reopen a signed
#: agreement without a PK Perubahan.
LOCKED_TRANSITIONS = {"signed": {"signed", "superseded"}, "superseded": {"superseded"}}

#: Agreements that no longer count as the current one of their party and year.
INACTIVE_STATES = ("superseded", "cancelled")

#: Key of the pending line changes in ``cr.precommit.data``.
LINE_TRACKING_KEY = "sakip.pk.line.tracking"

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

    # ------------------------------------------------------------------
    # Computes
    # ------------------------------------------------------------------

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

    # ------------------------------------------------------------------
    # Constraints
    # ------------------------------------------------------------------

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

    # ------------------------------------------------------------------
    # Read-only signed and superseded agreements
    # ------------------------------------------------------------------

    def _get_fields_writable_when_locked(self):
        """Fields that may still change on a signed or superseded agreement.

        The status and what the workflow records after the signature (document
        of record, cover letter, copies, sending), and the chatter, followers
        and activities; the content of the agreement changes only through a
        new version (PK Perubahan).
        """
        return (
            {"state", "cover_letter_id", "copy_count", "distributed_at"}
            | set(self.env["sakip.verifiable.mixin"]._fields)
            | set(self.env["mail.thread"]._fields)
            | set(self.env["mail.activity.mixin"]._fields)
        )

    def _check_editable(self):
        """Raise if any agreement of ``self`` is signed or superseded."""
        locked = self.filtered("is_locked")
        if not locked:
            return
        pk = locked[0]
        raise UserError(
            self.env._(
                "%(agreement)s is %(state)s and can no longer be changed. To change a "
                "signed performance agreement, create a PK Perubahan with the button "
                "“Revise (PK Perubahan)”: it becomes the new version and the signed "
                "one stays on record.",
                agreement=pk.display_name,
                state=dict(self._fields["state"]._description_selection(self.env))[
                    pk.state
                ].lower(),
            )
        )

    def _check_state_change(self, new_state):
        """Raise if ``new_state`` would reopen a signed or superseded agreement.

        A superseded agreement may only become signed again once its revision
        no longer exists (see :meth:`unlink`).
        """
        reopened = self.filtered(
            lambda pk: new_state not in LOCKED_TRANSITIONS.get(pk.state, {new_state})
        )
        if new_state == "signed" and reopened:
            # sudo: a revision counts even if the user may not read it
            revised = self.sudo().search([("previous_id", "in", reopened.ids)]).previous_id
            reopened = reopened.filtered(lambda pk: pk.state != "superseded" or pk in revised)
        if reopened:
            states = dict(self._fields["state"]._description_selection(self.env))
            raise UserError(
                self.env._(
                    "%(agreement)s is %(state)s: its status cannot change to "
                    "“%(new_state)s”. To change a signed performance agreement, create "
                    "a PK Perubahan with the button “Revise (PK Perubahan)”.",
                    agreement=reopened[0].display_name,
                    state=states[reopened[0].state].lower(),
                    new_state=states[new_state],
                )
            )

    def write(self, vals):
        if set(vals) - self._get_fields_writable_when_locked():
            self._check_editable()
        if "state" in vals:
            self._check_state_change(vals["state"])
        return super().write(vals)

    @api.ondelete(at_uninstall=False)
    def _unlink_except_locked(self):
        self._check_editable()

    def _sakip_check_user_unlink(self):
        """Users delete only draft agreements that no SOP run has worked on
        (sakip.workflow.owned.mixin): the others are records of the workflow."""
        # sudo: a run counts even if the user may not read it.
        kept = self.sudo().filtered(lambda pk: pk.state != "draft" or pk.sop_run_ids)
        if kept:
            raise UserError(
                self.env._(
                    "%(agreement)s cannot be deleted: only a draft agreement without an "
                    "SOP run can be. Its run and its versions stay on record.",
                    agreement=kept[0].display_name,
                )
            )

    def unlink(self):
        # Deleting a draft PK Perubahan makes the version it revised current again.
        previous = self.previous_id.filtered(lambda pk: pk.state == "superseded") - self
        result = super().unlink()
        if previous:
            previous._sakip_workflow_write({"state": "signed"})
            previous._message_log_batch(
                {
                    pk.id: self.env._(
                        "The revision of this agreement was deleted: this version is "
                        "current again."
                    )
                    for pk in previous
                }
            )
        return result

    @api.model_create_multi
    def create(self, vals_list):
        # Lines created with their agreement are not logged one by one: the
        # creation of the agreement is.
        pks = super(SakipPk, self.with_context(sakip_pk_line_tracking_disable=True)).create(
            vals_list
        )
        return pks.with_env(self.env)

    # ------------------------------------------------------------------
    # Actions
    # ------------------------------------------------------------------

    def action_revise(self):
        """Create the PK Perubahan of signed agreements.

        Each new version is a draft copy with its indicator and programme lines,
        linked to the agreement it revises, which becomes superseded.

        :return: an action opening the new version(s)
        """
        not_signed = self.filtered(lambda pk: pk.state != "signed")
        if not_signed:
            raise UserError(
                self.env._(
                    "Only a signed performance agreement can be revised; %(agreement)s "
                    "is not signed.",
                    agreement=not_signed[0].display_name,
                )
            )
        vals_list = self.copy_data()
        for pk, vals in zip(self, vals_list, strict=True):
            vals.update(revision=pk.revision + 1, previous_id=pk.id, state="draft")
        # Supersede first: only one current agreement per party and year.
        self._sakip_workflow_write({"state": "superseded"})
        revisions = self._sakip_workflow_create(vals_list)
        self._message_log_batch(
            {
                pk.id: self.env._("Superseded by %(revision)s.", revision=new._get_html_link())
                for pk, new in zip(self, revisions, strict=True)
            }
        )
        revisions._message_log_batch(
            {
                new.id: self.env._(
                    "PK Perubahan (revision %(number)s) of %(agreement)s.",
                    number=new.revision,
                    agreement=pk._get_html_link(),
                )
                for pk, new in zip(self, revisions, strict=True)
            }
        )
        return revisions._get_records_action(name=self.env._("PK Perubahan"))

    def action_view_revisions(self):
        """Open every version of the agreement."""
        self.ensure_one()
        return self.revision_ids._get_records_action(
            name=self.env._("Versions of %(agreement)s", agreement=self.origin_id.name),
            context={"create": False},
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
    # Changes of indicator and programme lines, logged on the agreement
    # ------------------------------------------------------------------
    #
    # Lines are snapshotted before they change; when the transaction is about to
    # be committed, one message per agreement and bidang lists every line added,
    # changed or removed since (the way mail tracks fields). The line models
    # declare the fields logged in ``_pk_tracked_fields`` and call these helpers.
    # Each message carries its bidang (``mail.message.sakip_department_id``):
    # record rules let only those who may read the bidang's lines read it.

    @api.model
    def _line_tracking_data(self):
        """Pending line changes of the transaction: ``{(model, line id): entry}``.

        An entry holds the agreement id (``pk``) and bidang id (``department``)
        of the line before its first change, and either its values then
        (``values``, with its ``summary``), ``None`` for a line added in this
        transaction, or the summary of a removed line (``removed``).
        """
        data = self.env.cr.precommit.data
        if LINE_TRACKING_KEY not in data:
            data[LINE_TRACKING_KEY] = {}
            self.env.cr.precommit.add(self._line_tracking_finalize)
        return data[LINE_TRACKING_KEY]

    @api.model
    def _line_tracking_enabled(self, lines):
        context = lines.env.context
        return not (
            context.get("tracking_disable")
            or context.get("mail_notrack")
            or context.get("sakip_pk_line_tracking_disable")
            # lines loaded from a data file are not edits of the agreement
            or context.get("install_filename")
        )

    @api.model
    def _line_tracking_values(self, line):
        """Return ``{field name: value as shown}`` for the logged fields of ``line``."""
        values = {}
        for fname in line._pk_tracked_fields:
            field = line._fields[fname]
            value = line[fname]
            if field.type == "float":
                digits = field.get_digits(line.env)
                values[fname] = formatLang(line.env, value, digits=digits[1] if digits else 2)
            elif field.type == "many2one":
                values[fname] = value.display_name or ""
            elif field.type == "selection":
                values[fname] = dict(field._description_selection(line.env)).get(value, "")
            else:
                values[fname] = value or ""
        return values

    @api.model
    def _line_tracking_prepare(self, lines):
        """Remember the values of ``lines`` before they change."""
        if not self._line_tracking_enabled(lines):
            return
        data = self._line_tracking_data()
        for line in lines:
            key = (line._name, line.id)
            if key not in data:
                data[key] = {
                    "pk": line.pk_id.id,
                    "department": line.department_id.id,
                    "values": self._line_tracking_values(line),
                    "summary": line._pk_tracking_summary(),
                }

    @api.model
    def _line_tracking_created(self, lines):
        """Log ``lines`` as added to their agreement."""
        if not self._line_tracking_enabled(lines):
            return
        data = self._line_tracking_data()
        for line in lines:
            data[(line._name, line.id)] = {
                "pk": line.pk_id.id,
                "department": line.department_id.id,
                "values": None,
            }

    @api.model
    def _line_tracking_removed(self, lines):
        """Log ``lines``, about to be deleted, as removed from their agreement."""
        if not self._line_tracking_enabled(lines):
            return
        data = self._line_tracking_data()
        for line in lines:
            key = (line._name, line.id)
            entry = data.get(key)
            if entry and entry["values"] is None:
                # added and removed in the same transaction: nothing to tell
                del data[key]
                continue
            data[key] = {
                "pk": entry["pk"] if entry else line.pk_id.id,
                "department": entry["department"] if entry else line.department_id.id,
                "values": entry["values"] if entry else None,
                "removed": entry["summary"] if entry else line._pk_tracking_summary(),
            }

    def _line_tracking_items(self, data):
        """Return ``{(agreement id, bidang id): [text]}``: the pending changes of
        ``data`` told per agreement and bidang. A line moved to another
        agreement or bidang is removed from the first and added to the second."""
        by_model = defaultdict(list)
        for (model, line_id), entry in data.items():
            if "removed" not in entry:
                by_model[model].append(line_id)
        current = {}
        for model, ids in by_model.items():
            for line in self.env[model].browse(ids).exists():
                current[(model, line.id)] = line
        items = defaultdict(list)
        for key, entry in data.items():
            before = (entry["pk"], entry["department"] or False)
            if "removed" in entry:
                items[before].append(self.env._("Removed: %(line)s", line=entry["removed"]))
                continue
            line = current.get(key)
            if not line:
                continue
            after = (line.pk_id.id, line.department_id.id or False)
            if entry["values"] is None:
                items[after].append(self.env._("Added: %(line)s", line=line._pk_tracking_summary()))
                continue
            if before != after:
                items[before].append(self.env._("Removed: %(line)s", line=entry["summary"]))
                items[after].append(self.env._("Added: %(line)s", line=line._pk_tracking_summary()))
                continue
            new_values = self._line_tracking_values(line)
            changes = [
                self.env._(
                    "%(field)s: %(old)s → %(new)s",
                    field=line._fields[fname]._description_string(self.env),
                    old=old or "\N{EN DASH}",
                    new=new_values[fname] or "\N{EN DASH}",
                )
                for fname, old in entry["values"].items()
                if old != new_values[fname]
            ]
            if changes:
                items[after].append(
                    self.env._(
                        "%(line)s: %(changes)s",
                        line=line._pk_tracking_label(),
                        changes="; ".join(changes),
                    )
                )
        return items

    def _line_tracking_finalize(self):
        """Log one note per agreement and bidang listing the pending line changes."""
        data = self.env.cr.precommit.data.pop(LINE_TRACKING_KEY, {})
        if not data:
            return
        items = self._line_tracking_items(data)
        pks = self.browse({pk_id for pk_id, _department in items}).exists()
        if not pks:
            return
        author_id, email_from = pks._message_compute_author(raise_on_email=False)
        note = self.env["ir.model.data"]._xmlid_to_res_id("mail.mt_note")
        title = self.env._("Indicator and programme lines changed:")
        values_list = [
            {
                "model": self._name,
                "res_id": pk_id,
                "author_id": author_id,
                "email_from": email_from,
                "message_type": "notification",
                "subtype_id": note,
                "is_internal": True,
                "body": Markup("<p>%s</p><ul>%s</ul>")
                % (title, Markup().join(Markup("<li>%s</li>") % item for item in texts)),
                "sakip_line_log": True,
                "sakip_department_id": department_id,
            }
            for (pk_id, department_id), texts in items.items()
            if pk_id in pks.ids
        ]
        # sudo: the lines' user may only read the agreement; the record rules
        # on mail.message restrict who reads each bidang's log.
        self.env["mail.message"].sudo().create(values_list)
        # this runs after the last flush before the commit: flush the messages
        self.env.flush_all()

    # ------------------------------------------------------------------
    # The agreement as the document of its SOP run (sakip.sop.document.mixin):
    # its handlers and their table are in sakip_pk_sop_client.py.
    # ------------------------------------------------------------------

    # Steps 2, 3 and 6: the collection format and each bidang's submission.
    # (collection section)
    submission_ids = fields.One2many(
        comodel_name="sakip.pk.submission",
        inverse_name="pk_id",
        string="Bidang submissions",
    )
    submission_count = fields.Integer(
        string="Submissions",
        compute="_compute_submission_counts",
    )
    submission_done_count = fields.Integer(
        string="Submitted",
        compute="_compute_submission_counts",
    )
    collection_step_id = fields.Many2one(
        comodel_name="sakip.sop.run.step",
        string="Collection in progress",
        compute="_compute_collection_step_id",
        help="The collection step (step 6) of the agreement's running SOP run, while in progress.",
    )

    def _compute_submission_counts(self):
        groups = self.env["sakip.pk.submission"]._read_group(
            [("pk_id", "in", self.ids)], groupby=["pk_id", "state"], aggregates=["__count"]
        )
        totals, done = defaultdict(int), defaultdict(int)
        for pk, state, count in groups:
            totals[pk] += count
            if state == "submitted":
                done[pk] += count
        for pk in self:
            pk.submission_count = totals[pk._origin]
            pk.submission_done_count = done[pk._origin]

    def _compute_collection_step_id(self):
        steps = self.env["sakip.sop.run.step"].search(
            [
                ("run_id.res_model", "=", self._name),
                ("run_id.res_id", "in", self.ids),
                ("kind", "=", "collection"),
                ("state", "=", "in_progress"),
            ]
        )
        for pk in self:
            pk.collection_step_id = steps.filtered(lambda s, pk=pk: s.run_id.res_id == pk.id)[:1]

    def action_view_submissions(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "sakip_penetapan_kinerja.action_sakip_pk_submission"
        )
        action["domain"] = [("pk_id", "=", self.id)]
        action["context"] = {}
        return action

    def action_open_collection_close_wizard(self):
        self.ensure_one()
        step = self.collection_step_id
        if not step:
            raise UserError(
                self.env._(
                    "%(agreement)s has no collection in progress.", agreement=self.display_name
                )
            )
        return self.env["sakip.pk.collection.close.wizard"]._open_for_step(step)

    # Steps 4 and 5: the meeting.
    # (meeting section)

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

    # Steps 12 to 14: cover letter, copies, distribution.
    # (distribution section)
    def _sakip_render_pdf(self, report_xmlid, records):
        """Render ``records`` with the QWeb PDF report ``report_xmlid`` (bytes)."""
        # sudo: the document of record is printed whatever the reader's rights
        # on the report's related records (employees, company profile).
        report = self.env["ir.actions.report"].sudo().with_context(force_report_rendering=True)
        pdf, _type = report._render_qweb_pdf(report_xmlid, records.ids)
        return pdf

    def _sakip_make_record(self):
        """Print the signed agreement with its QR code and keep it as the
        document of record (attachment + SHA-256). Returns the attachment."""
        self.ensure_one()
        self._sakip_ensure_token()
        pdf = self._sakip_render_pdf("sakip_penetapan_kinerja.action_report_sakip_pk", self)
        filename = self.env._("%(agreement)s (signed).pdf", agreement=self.display_name)
        return self._sakip_set_record(pdf, filename)

    def _sakip_cover_letter_items(self):
        """The rows of the cover letter's table: what is sent, and how many."""
        self.ensure_one()
        return [
            {
                "name": f"Dokumen {self.display_name}",
                "quantity": 1,
                "note": "Untuk dipergunakan sebagaimana mestinya.",
            }
        ]

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

    def _sakip_cover_letter_signer(self):
        """The official who signs the cover letter: the Kepala Dinas of the
        office's settings, else the agreement's first party."""
        self.ensure_one()
        return self.company_id.sakip_head_employee_id or self.first_party_id

    def action_new_cover_letter(self):
        """Issue a new cover letter in place of a cancelled one (e.g. refused
        by its signer), as step 12 does: only who may do step 12, while the
        run has yet to send the agreement."""
        self.ensure_one()
        if self.cover_letter_id.state != "cancelled":
            raise UserError(
                self.env._(
                    "%(agreement)s has no cancelled cover letter to replace.",
                    agreement=self.display_name,
                )
            )
        steps = self.sop_run_ids.filtered(lambda run: run.state == "running").step_ids
        step = steps.filtered(lambda s: s.kind == "cover_letter" and s.state == "done")[-1:]
        if not step:
            raise UserError(
                self.env._(
                    "The cover letter of %(agreement)s is issued by step 12 of its running "
                    "SOP run.",
                    agreement=self.display_name,
                )
            )
        step._check_can_act()
        self._sop_done_cover_letter(step)
        return True

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

    # ------------------------------------------------------------------
    # Verification (sakip.verifiable.mixin)
    # ------------------------------------------------------------------
    # (verification section)
    def _sakip_prints_final(self):
        """Printed as signed once signed (a superseded version prints its
        document of record)."""
        self.ensure_one()
        return self.state in ("signed", "superseded")

    def _sakip_verify_newer(self):
        """The signed later version of this agreement, if it has its public
        page: the one a visitor of a superseded version is sent to."""
        self.ensure_one()
        # with its token in the same query: the page links to it
        return self.search_fetch(
            [
                ("origin_id", "=", self.origin_id.id),
                ("revision", ">", self.revision),
                ("state", "=", "signed"),
                ("verify_token", "!=", False),
            ],
            ["verify_token"],
            order="revision desc",
            limit=1,
        )

    def _sakip_verify_values(self):
        """The agreement as printed: its statement page names both parties and
        is signed by the first party with the second."""
        self.ensure_one()
        # Only what the page prints (reading every column of the agreement and
        # of an employee costs more than the rest of the page).
        self.fetch(
            [
                "state",
                "revision",
                "name",
                "fiscal_year",
                "company_id",
                "first_party_id",
                "second_party_name",
                "second_party_title",
                "sign_date",
                "origin_id",
                "record_sha256",
            ]
        )
        self.company_id.fetch(["name", "sakip_office_name"])
        self.first_party_id.fetch(["name", "job_title"])
        if self.state == "signed":
            status = "valid"
        elif self.state in ("superseded", "cancelled"):
            status = self.state
        else:
            status = "unsigned"
        return {
            # As the title of the printed agreement, in Indonesian.
            "doc_type": "Perjanjian Kinerja Perubahan" if self.revision else "Perjanjian Kinerja",
            "number": self.name,
            "year": self.fiscal_year,
            "office": self.company_id.sakip_office_name or self.company_id.name,
            "signer_label": "Pihak Pertama",
            "signer_name": self.first_party_id.name,
            "signer_job": self.first_party_job or "",
            "cosigner_label": "Pihak Kedua",
            "cosigner_name": self.second_party_name or "",
            "cosigner_job": self.second_party_title or "",
            "sign_date": self.sign_date if status != "unsigned" else False,
            "status": status,
            "newer": self._sakip_verify_newer() if status == "superseded" else self.browse(),
            "sha256": self.record_sha256,
        }
