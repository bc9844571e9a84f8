# Copyright 2024 SAKIP Indonesia
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
import contextlib
import contextvars

from odoo import api, fields, models
from odoo.exceptions import ValidationError

from ..tools.terbilang import InvalidAmount, terbilang_rupiah

LEVEL_SELECTION = [
    ("head", "Head of agency with the Regent"),
    ("echelon_3", "Echelon III with the head"),
    ("echelon_4", "Echelon IV with their Echelon III"),
    ("staff", "Staff with their Echelon IV"),
]

#: An acting official signing in place of the holder of the position: the
#: prefix printed before the jabatan (Plt.: pelaksana tugas, Plh.: pelaksana harian).
ACTING_SELECTION = [("plt", "Plt."), ("plh", "Plh.")]

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
            "first_party_acting",
            "second_party_acting",
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
    first_party_acting = fields.Selection(
        selection=ACTING_SELECTION,
        string="First party acts as",
        tracking=True,
        help="Plt. or Plh. when the first party signs as an acting official: the prefix "
        "is printed before the position. Empty for the holder of the position.",
    )
    second_party_acting = fields.Selection(
        selection=ACTING_SELECTION,
        string="Second party acts as",
        tracking=True,
        help="Plt. or Plh. when the second party signs as an acting official, e.g. "
        "Plt. Bupati. Empty for the holder of the position.",
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

    @api.constrains("fiscal_year", "level", "first_party_id", "company_id")
    def _check_single_current_agreement(self):
        """One current agreement per party, year and level. A change of status
        is checked only when it makes an agreement current again (see
        ``write``): draft, in review, final and signed are all current."""
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
