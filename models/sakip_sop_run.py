# Copyright 2024 SAKIP Indonesia
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from markupsafe import Markup

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError
from odoo.tools import SQL, html2plaintext, is_html_empty

from .sakip_sop_run_step import ADMIN_GROUP

#: Fields a user may set on a draft run; everything else changes only through
#: the engine (action_start and the step transitions).
DRAFT_FIELDS = frozenset(
    {
        "sop_id",
        "company_id",
        "fiscal_year",
        "res_model",
        "res_id",
        "start_text",
        "start_file",
        "start_filename",
    }
)
#: Fields the chatter writes on any run (e.g. when a message has attachments).
MAIL_FIELDS = frozenset({"message_main_attachment_id"})


class SakipSopRun(models.Model):
    """One run of an SOP: its step instances, who is asked to do what and by
    when, and what happened."""

    _name = "sakip.sop.run"
    _inherit = [
        "sakip.workflow.owned.mixin",
        "mail.thread",
        "mail.activity.mixin",
        "sakip.document.link.mixin",
    ]
    _description = "SOP Run"
    _order = "date_start desc, id desc"
    _check_company_auto = True
    # Every reader of a run (its company's SAKIP users) may discuss it.
    _mail_post_access = "read"
    # One running run per document, whoever starts it and however: the
    # partial unique index made in init() (the name is the index's, so that the
    # database's refusal is shown with this message).
    _sql_constraints = [
        (
            "one_running_run",
            "",
            "A document can have only one running SOP run: finish or cancel the "
            "running one before starting another.",
        )
    ]
    #: The run's progress is the engine's (sakip.workflow.owned.mixin); users
    #: set up a draft run (DRAFT_FIELDS, and only while it is a draft).
    _sakip_workflow_fields = frozenset(
        {
            "name",
            "state",
            "step_ids",
            "current_step_id",
            "current_sop_step_id",
            "event_id",
            "invitation_id",
            "date_start",
            "date_done",
            "started_by_id",
            "send_back_count",
            "active",
        }
    )
    _sakip_user_fields = DRAFT_FIELDS

    name = fields.Char(
        string="Reference",
        required=True,
        readonly=True,
        copy=False,
        default="/",
    )
    sop_id = fields.Many2one(
        comodel_name="sakip.sop",
        string="SOP",
        required=True,
        index=True,
        ondelete="restrict",
        check_company=True,
        tracking=True,
        domain="[('is_current', '=', True)]",
        default=lambda self: self._default_sop_id(),
        help="The SOP version the run follows. Its steps are copied into the run when "
        "it starts: later changes to the SOP do not affect the run.",
    )
    company_id = fields.Many2one(
        comodel_name="res.company",
        required=True,
        index=True,
        default=lambda self: self.env.company,
    )
    fiscal_year = fields.Integer(
        string="Fiscal year",
        required=True,
        default=lambda self: self.env.company._sakip_today().year,
        tracking=True,
    )
    document_name = fields.Char(string="Document", compute="_compute_document_name")
    start_text = fields.Html(
        string="Order",
        help="What the first step (an order, done when the run starts) orders, as "
        "written on its sheet.",
    )
    start_file = fields.Binary(
        string="Scanned order",
        attachment=True,
        copy=False,
    )
    start_filename = fields.Char(string="Order file name")
    start_attachment_id = fields.Many2one(
        comodel_name="ir.attachment",
        string="Order attachment",
        compute="_compute_start_attachment_id",
    )
    state = fields.Selection(
        selection=[
            ("draft", "Draft"),
            ("running", "Running"),
            ("done", "Done"),
            ("cancelled", "Cancelled"),
        ],
        required=True,
        default="draft",
        readonly=True,
        index=True,
        tracking=True,
        copy=False,
    )
    step_ids = fields.One2many(
        comodel_name="sakip.sop.run.step",
        inverse_name="run_id",
        string="Steps",
        readonly=True,
        copy=False,
    )
    current_step_id = fields.Many2one(
        comodel_name="sakip.sop.run.step",
        string="Current step",
        compute="_compute_current_step_id",
        store=True,
        index=True,
    )
    current_sop_step_id = fields.Many2one(
        related="current_step_id.sop_step_id",
        string="Current SOP step",
        store=True,
    )
    current_deadline = fields.Datetime(
        related="current_step_id.date_deadline",
        string="Current deadline",
    )
    current_user_ids = fields.Many2many(
        related="current_step_id.user_ids",
        string="Assigned to",
    )
    current_step_kind = fields.Selection(related="current_step_id.kind", string="Current kind")
    date_start = fields.Datetime(string="Started on", readonly=True, copy=False)
    date_done = fields.Datetime(string="Finished on", readonly=True, copy=False)
    started_by_id = fields.Many2one(
        comodel_name="res.users",
        string="Started by",
        readonly=True,
        copy=False,
    )
    send_back_count = fields.Integer(
        string="Send-backs",
        readonly=True,
        copy=False,
        help="How many times a step sent the draft back.",
    )
    overdue_step_count = fields.Integer(
        string="Overdue steps",
        compute="_compute_overdue_step_count",
    )
    is_overdue = fields.Boolean(
        string="Overdue",
        compute="_compute_is_overdue",
        search="_search_is_overdue",
        help="The current step is past its deadline.",
    )
    # Read-only for users (no Archive/Unarchive offered): the engine archives
    # a run when it ends.
    active = fields.Boolean(
        default=True,
        readonly=True,
        help="A finished run is archived: read-only, still searchable, its " "attachments kept.",
    )
    # What the current user may do, for the buttons (the server checks again).
    can_start = fields.Boolean(compute="_compute_user_rights")
    can_act = fields.Boolean(compute="_compute_user_rights")
    can_send_back = fields.Boolean(compute="_compute_user_rights")
    is_sakip_admin = fields.Boolean(compute="_compute_user_rights")
    color = fields.Integer(
        compute="_compute_is_overdue",
        help="Kanban highlight: red for an overdue run.",
    )

    def init(self):
        res = super().init()
        self.env.cr.execute(
            SQL(
                "CREATE UNIQUE INDEX IF NOT EXISTS %s ON %s (res_model, res_id) "
                "WHERE state = 'running' AND res_model IS NOT NULL AND res_id IS NOT NULL",
                SQL.identifier(f"{self._table}_one_running_run"),
                SQL.identifier(self._table),
            )
        )
        return res

    @api.model
    def _default_sop_id(self):
        """The SOP in force of the current company, when there is only one."""
        sops = self.env["sakip.sop"].search(
            [("is_current", "=", True), ("company_id", "=", self.env.company.id)], limit=2
        )
        return sops if len(sops) == 1 else sops.browse()

    @api.depends("res_model", "res_id")
    def _compute_document_name(self):
        """One query per document model, whatever the number of runs: the
        documents that exist (archived ones too) and that the user may read,
        fetched with the columns their display name is made of (a list or a
        kanban column reads it for every row)."""
        self.document_name = False
        linked = self.filtered(lambda run: run.res_model in self.env and run.res_id)
        for model, runs in linked.grouped("res_model").items():
            Document = self.env[model]
            if not hasattr(Document, "_sop_step_done"):
                continue
            depends = self.env.registry.field_depends[Document._fields["display_name"]]
            documents = Document.with_context(active_test=False).search_fetch(
                [("id", "in", list(set(runs.mapped("res_id"))))],
                [fname for fname in depends if fname in Document._fields],
            )
            names = dict(documents.mapped(lambda document: (document.id, document.display_name)))
            for run in runs:
                run.document_name = names.get(run.res_id, False)

    def _compute_start_attachment_id(self):
        attachments = (
            self.env["ir.attachment"]
            .sudo()  # field attachments are hidden from searches without res_field
            .search(
                [
                    ("res_model", "=", self._name),
                    ("res_field", "=", "start_file"),
                    ("res_id", "in", self.ids),
                ]
            )
        )
        by_run = attachments.grouped("res_id")
        for run in self:
            run.start_attachment_id = by_run.get(run.id, attachments.browse())[:1].with_env(
                self.env
            )

    @api.depends("step_ids.state")
    def _compute_current_step_id(self):
        for run in self:
            run.current_step_id = run.step_ids.filtered(lambda s: s.state == "in_progress")[:1]

    @api.depends("step_ids.is_overdue")
    def _compute_overdue_step_count(self):
        # One count for all the runs (a list reads it for each row).
        counts = dict(
            self.env["sakip.sop.run.step"]._read_group(
                [("run_id", "in", self.ids), ("is_overdue", "=", True)],
                ["run_id"],
                ["__count"],
            )
        )
        for run in self:
            run.overdue_step_count = counts.get(run, 0)

    @api.depends("current_step_id.is_overdue")
    def _compute_is_overdue(self):
        # The current step's own flag: no count (the kanban's cards read it).
        for run in self:
            run.is_overdue = run.current_step_id.is_overdue
            run.color = 1 if run.is_overdue else 0

    def _search_is_overdue(self, operator, value):
        if operator not in ("=", "!="):
            return NotImplemented
        positive = (operator == "=") == bool(value)
        domain = [
            ("state", "=", "running"),
            ("current_step_id.date_deadline", "<", fields.Datetime.now()),
        ]
        return domain if positive else ["!", "&", *domain]

    @api.depends("state", "current_step_id")
    @api.depends_context("uid")
    def _compute_user_rights(self):
        user = self.env.user
        is_admin = user.has_group(ADMIN_GROUP)
        groups = user.groups_id
        for run in self:
            first_group = run.sop_id.step_ids[:1].actor_id.group_id
            run.is_sakip_admin = is_admin
            run.can_start = run.state == "draft" and (is_admin or first_group in groups)
            run.can_act = run.current_step_id.can_act
            run.can_send_back = run.current_step_id.can_send_back

    @api.depends("name", "fiscal_year", "sop_id")
    def _compute_display_name(self):
        for run in self:
            if run.name and run.name != "/":
                run.display_name = run.name
            else:
                run.display_name = self.env._(
                    "New SOP run %(year)s", year=run.fiscal_year or ""
                ).strip()

    @api.model_create_multi
    def create(self, vals_list):
        if not self.env.su:
            for vals in vals_list:
                # A new run is active; the form sends that default.
                self._check_user_values(
                    {key: value for key, value in vals.items() if key != "active" or not value},
                    draft=True,
                )
        runs = super().create(vals_list)
        runs._sop_check_may_run(states=("draft", "running"))
        return runs

    @api.model
    def _sakip_workflow_prepare_create(self, vals_list):
        """The reference comes from the sequence of the run's SOP (an owned
        field), its year the office's."""
        sops = self.env["sakip.sop"].browse(
            {vals["sop_id"] for vals in vals_list if vals.get("sop_id")}
        )
        for vals in vals_list:
            if vals.get("name", "/") == "/" and vals.get("sop_id"):
                vals["name"] = sops.browse(vals["sop_id"])._sop_next_run_name() or "/"

    def write(self, vals):
        if not self.env.su:
            self._check_user_values(vals, draft=all(run.state == "draft" for run in self))
        res = super().write(vals)
        if not vals.keys().isdisjoint({"res_model", "res_id"}):
            self._sop_check_may_run(states=("draft", "running"))
        return res

    def _sop_check_may_run(self, states=("running",)):
        """Refuse runs of a document that may not have one now: the document
        refuses (``_sop_check_may_run`` of the document, e.g. a signed
        agreement), or it already has another run in ``states`` (by default a
        running one: the database's unique index is the last guard)."""
        linked = self.filtered(lambda run: run.res_model and run.res_id)
        if not linked:
            return
        for model, runs in linked.grouped("res_model").items():
            document = self.env[model].browse(runs.mapped("res_id")).exists()
            if hasattr(document, "_sop_check_may_run"):
                document._sop_check_may_run()
        # sudo: runs of any company count (the index is global too).
        others = (
            self.sudo()
            .with_context(active_test=False)
            .search(
                [
                    ("id", "not in", linked.ids),
                    ("state", "in", states),
                    ("res_model", "in", list(set(linked.mapped("res_model")))),
                    ("res_id", "in", linked.mapped("res_id")),
                ]
            )
        )
        taken = {(run.res_model, run.res_id) for run in others}
        for run in linked:
            if (run.res_model, run.res_id) in taken:
                raise UserError(
                    self.env._(
                        "%(document)s already has an SOP run that is not finished.",
                        document=run.document_name or run.display_name,
                    )
                )

    def _check_user_values(self, vals, draft):
        """Refuse user writes outside a draft run's own fields: a started run
        changes only through the engine (its step transitions)."""
        fields_written = set(vals) - MAIL_FIELDS
        if fields_written and (not draft or fields_written - DRAFT_FIELDS):
            raise UserError(
                self.env._(
                    "An SOP run changes only through its steps' actions (Start, Done, "
                    "Send back, Skip); only the order, SOP, year and company of a "
                    "draft run can be edited."
                )
            )

    @api.ondelete(at_uninstall=False)
    def _unlink_only_draft_or_cancelled(self):
        for run in self:
            if run.state not in ("draft", "cancelled"):
                raise UserError(
                    self.env._(
                        "%(run)s cannot be deleted: only draft or cancelled runs can.",
                        run=run.display_name,
                    )
                )

    def _sop_document(self):
        """Return the client document of the run (a ``sakip.sop.document.mixin``), if any."""
        document = self._sakip_linked_document()
        if document is None or not hasattr(document, "_sop_step_done"):
            return None
        return document

    def _get_form_action(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "res_model": self._name,
            "res_id": self.id,
            "views": [(False, "form")],
            "target": "current",
        }

    def action_start(self):
        """Copy the SOP's steps into the run in one create, complete the
        first step with the run's order and start the next one.

        Only the actor of the SOP's first step or a SAKIP administrator may
        start a run.
        """
        Step = self.env["sakip.sop.run.step"]
        for run in self:
            if run.state != "draft":
                raise UserError(
                    self.env._(
                        "%(run)s has already been started.",
                        run=run.display_name,
                    )
                )
            if not run.sop_id.step_ids:
                raise UserError(
                    self.env._(
                        "The SOP %(sop)s has no steps: there is nothing to run.",
                        sop=run.sop_id.display_name,
                    )
                )
            first = run.sop_id.step_ids[0]
            Step._sop_check_may_act(first.name, first.actor_id.group_id)
            if first.kind == "order" and not run._sop_has_order():
                raise UserError(
                    self.env._(
                        "%(run)s cannot start without its order (%(step)s): write it or "
                        "attach its scanned sheet (Order tab), then start it again.",
                        run=run.display_name,
                        step=first.name,
                    )
                )
        self._sop_check_may_run()
        vals_list = [
            Step._sop_snapshot_values(run, sop_step)
            for run in self
            for sop_step in run.sop_id.step_ids
        ]
        # sudo: users only read step instances and runs; the permission check
        # above guards this transition.
        steps = Step.sudo()._sakip_workflow_create(vals_list).with_env(self.env)
        now = fields.Datetime.now()
        self.sudo()._sakip_workflow_write(
            {"state": "running", "date_start": now, "started_by_id": self.env.uid}
        )
        steps_of = steps.grouped("run_id")
        first_of = {run: steps_of[run].sorted(Step._sop_order_key)[:1] for run in self}
        firsts = Step.concat(*first_of.values())
        firsts._sop_begin(now)
        orders = firsts.filtered(lambda step: step.kind == "order")
        for run, first in first_of.items():
            if first not in orders:
                continue
            if run.start_attachment_id:
                first._sop_attach(run.start_attachment_id)
            text = False if is_html_empty(run.start_text) else run.start_text
            first._sop_close("done", note=html2plaintext(text) if text else None)
        orders._sop_advance()
        if firsts - orders:
            # A first step of another kind is simply the step in progress.
            Step._sop_after_transition(firsts - orders)
        return True

    def _sop_has_order(self):
        """The first step has its order: a text (not only markup or blanks)
        or a scanned sheet."""
        self.ensure_one()
        text = html2plaintext(self.start_text or "").strip()
        return bool(text or self.start_attachment_id)

    def action_cancel(self):
        """Cancel a draft or running run (SAKIP administrators only)."""
        if not (self.env.su or self.env.user.has_group(ADMIN_GROUP)):
            raise AccessError(
                self.env._(
                    "Only a member of %(admin)s may cancel an SOP run.",
                    admin=self.env.ref(ADMIN_GROUP).full_name,
                )
            )
        for run in self:
            if run.state not in ("draft", "running"):
                raise UserError(
                    self.env._("%(run)s is finished: it cannot be cancelled.", run=run.display_name)
                )
        open_steps = self.step_ids.filtered(lambda s: s.state in ("waiting", "in_progress"))
        # sudo: the engine's writes (users only read runs and steps).
        open_steps.sudo()._sakip_workflow_write(
            {"state": "skipped", "skip_reason": self.env._("Run cancelled")}
        )
        open_steps._activity_update()
        self.sudo()._sakip_workflow_write(
            {"state": "cancelled", "date_done": fields.Datetime.now()}
        )
        for run in self:
            run.message_post(
                body=self.env._("Run cancelled by %(user)s.", user=self.env.user.name),
                subtype_xmlid="mail.mt_note",
            )
        return True

    def _sop_finish(self):
        """All steps closed: the run is done and archived (read-only, still searchable)."""
        now = fields.Datetime.now()
        # sudo: the engine's writes (users only read runs).
        self.sudo()._sakip_workflow_write({"state": "done", "date_done": now, "active": False})

    def _open_step_wizard(self, mode):
        self.ensure_one()
        step = self.current_step_id
        if not step:
            raise UserError(self.env._("%(run)s has no step in progress.", run=self.display_name))
        return step._open_wizard(mode)

    def action_step_done_wizard(self):
        return self._open_step_wizard("done")

    def action_step_send_back_wizard(self):
        return self._open_step_wizard("send_back")

    def action_step_skip_wizard(self):
        return self._open_step_wizard("skip")

    def _sop_post(self, lines):
        """Post ``lines`` (a list of Markup-safe strings) as one note on the run."""
        self.ensure_one()
        body = Markup("<br/>").join(lines)
        return self.message_post(body=body, subtype_xmlid="mail.mt_note")
