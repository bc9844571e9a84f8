# Copyright 2024 SAKIP Indonesia
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import api, fields, models
from odoo.exceptions import UserError

#: The events of the handler table (see ``_sop_kind_handlers``).
SOP_EVENTS = ("check", "started", "done", "sent_back", "assignees", "preview", "invitees")


class SakipSopDocumentMixin(models.AbstractModel):
    """A document produced by an SOP run: the client of the engine.

    The run (``sakip.sop.run``) knows its document by ``res_model``/``res_id``
    and calls the ``_sop_step_*`` hooks below once per transition, each with
    the step instances (``sakip.sop.run.step``) of this document concerned.

    Who may do step N and what happens next is answered by two things only:
    the step definition (``sakip.sop.step``: its actor, kind, send-back
    target and outputs) and this client's handler table,
    :meth:`_sop_kind_handlers`, which names for each kind of step the method
    of each event. A kind the client adds (``selection_add`` on
    ``sakip.sop.step.kind``) must be in its table: an SOP using a kind that
    neither the engine nor its document model handles cannot be put in force.
    """

    _name = "sakip.sop.document.mixin"
    _description = "Document produced by an SOP run"

    #: Code (``sakip.sop.code``) of the procedure that produces the document.
    _sop_code = None

    sop_run_ids = fields.Many2many(
        comodel_name="sakip.sop.run",
        string="SOP runs",
        compute="_compute_sop_run_ids",
        help="The runs of the SOP for this document, archived ones included.",
    )
    sop_run_count = fields.Integer(
        string="Number of SOP runs",
        compute="_compute_sop_run_ids",
    )
    # The current user's next action on the document: the step of its
    # running SOP run that is theirs (for the buttons; the run checks again).
    sop_can_act = fields.Boolean(
        string="My SOP step is open",
        compute="_compute_sop_can_act",
    )

    def _compute_sop_run_ids(self):
        runs = (
            self.env["sakip.sop.run"]
            .with_context(active_test=False)
            .search([("res_model", "=", self._name), ("res_id", "in", self.ids)])
        )
        for document in self:
            document.sop_run_ids = runs.filtered(lambda run, doc=document: run.res_id == doc.id)
            document.sop_run_count = len(document.sop_run_ids)

    @api.depends_context("uid")
    def _compute_sop_can_act(self):
        running = self.sop_run_ids.filtered(lambda run: run.state == "running")
        acting = {run.res_id for run in running if run.can_act}
        for document in self:
            document.sop_can_act = document.id in acting

    def _sop_running_run(self):
        """The running SOP run of this document (UserError when there is none)."""
        self.ensure_one()
        run = self.sop_run_ids.filtered(lambda run: run.state == "running")[:1]
        if not run:
            raise UserError(
                self.env._("%(document)s has no SOP run in progress.", document=self.display_name)
            )
        return run

    def action_sop_step_done_wizard(self):
        """Complete the current user's step of the running run, from the document."""
        return self._sop_running_run().action_step_done_wizard()

    def _sop_get_sop(self):
        """Return the SOP in force that produces this document."""
        self.ensure_one()
        company = self.company_id if "company_id" in self._fields else self.env.company
        return self.env["sakip.sop"].search(
            [
                ("code", "=", self._sop_code),
                ("is_current", "=", True),
                ("company_id", "=", company.id),
            ],
            limit=1,
        )

    def _sop_run_values(self, sop):
        """Return the values of a new run of ``sop`` for this document."""
        self.ensure_one()
        values = {
            "sop_id": sop.id,
            "company_id": sop.company_id.id,
            "res_model": self._name,
            "res_id": self.id,
        }
        if "fiscal_year" in self._fields and self.fiscal_year:
            values["fiscal_year"] = self.fiscal_year
        return values

    def _sop_check_may_run(self):
        """Raise (UserError) when no run of the SOP may be created or started
        for these documents now, e.g. an agreement already signed. The run
        asks before it is created and before it starts; nothing here."""

    def _sop_sop_for_new_run(self):
        """The SOP a new run of this document follows, once nothing forbids
        one (the document's own check, a run not finished, no SOP in force);
        raise a UserError naming the reason otherwise."""
        self.ensure_one()
        self._sop_check_may_run()
        if self.sop_run_ids.filtered(lambda run: run.state in ("draft", "running")):
            raise UserError(
                self.env._(
                    "%(document)s already has an SOP run that is not finished.",
                    document=self.display_name,
                )
            )
        sop = self._sop_get_sop()
        if not sop:
            raise UserError(
                self.env._(
                    "No SOP in force produces %(document)s: record one with the code "
                    "%(code)s under SAKIP > Configuration > SOPs.",
                    document=self.display_name,
                    code=self._sop_code or "",
                )
            )
        return sop

    def action_start_sop_run(self):
        """Create the draft run of the SOP for this document and open it: the
        actor of the first step writes its order there and starts it."""
        sop = self._sop_sop_for_new_run()
        run = self.env["sakip.sop.run"].create(self._sop_run_values(sop))
        # Computed from a search, without dependencies: refresh it now.
        self.invalidate_recordset(["sop_run_ids", "sop_run_count"])
        return run._get_form_action()

    def action_view_sop_runs(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "sakip_penetapan_kinerja.action_sakip_sop_run"
        )
        action["domain"] = [("res_model", "=", self._name), ("res_id", "=", self.id)]
        action["context"] = {"active_test": False}
        return action

    # The handler table (see the class docstring)
    @api.model
    def _sop_kind_handlers(self):
        """Return this client's handler table: ``{kind: {event: method name}}``.

        ``event`` is one of :data:`SOP_EVENTS`; the method is called with the
        steps of that kind concerned (``check``, ``started``, ``done``), with
        them and the reason (``sent_back``), or with one step (``assignees``:
        the users who get its activity, or None for the default; ``preview``:
        the HTML shown in its Done dialog; ``invitees``: the employees invited
        to its meeting besides the step's actors and groups). Nothing here:
        a client document returns its own table.
        """
        return {}

    @api.model
    def _sop_handlers(self):
        """The handler table with bound methods, checked: an unknown event or
        kind, or a method that does not exist, raises at once."""
        kinds = dict(self.env["sakip.sop.step"]._fields["kind"]._description_selection(self.env))
        table = {}
        for kind, handlers in self._sop_kind_handlers().items():
            if kind not in kinds:
                raise ValueError(
                    f"{self._name}: the SOP handler table names an unknown kind {kind!r}"
                )
            table[kind] = {}
            for event, name in handlers.items():
                method = getattr(self, name, None) if isinstance(name, str) else None
                if event not in SOP_EVENTS or not callable(method):
                    raise ValueError(
                        f"{self._name}: the SOP handler {event!r} of kind {kind!r} "
                        f"({name!r}) does not exist"
                    )
                table[kind][event] = method
        return table

    @api.model
    def _sop_handled_kinds(self):
        """The step kinds this client handles (those of its table)."""
        return set(self._sop_kind_handlers())

    def _register_hook(self):
        res = super()._register_hook()
        if not self._abstract:
            self._sop_handlers()  # a typo in the table fails the registry load
        return res

    def _sop_handler(self, kind, event):
        return self._sop_handlers().get(kind, {}).get(event)

    def _sop_dispatch(self, event, steps, *args):
        handlers = self._sop_handlers()
        for kind, kind_steps in steps.grouped("kind").items():
            method = handlers.get(kind, {}).get(event)
            if method:
                method(kind_steps, *args)

    # Hooks called by the engine (batched: once per transition and document)
    @api.model
    def _sop_step_assignees(self, step):
        """Return the users who get ``step``'s activity, or None for the
        default: the active internal users of the step's actor group."""
        method = self._sop_handler(step.kind, "assignees")
        return method(step) if method else None

    def _sop_step_preview(self, step):
        """What completing ``step`` will do, shown in its Done dialog before
        the user confirms (HTML), or False."""
        method = self._sop_handler(step.kind, "preview")
        return method(step) if method else False

    def _sop_step_invitees(self, step):
        """Employees invited to the meeting of ``step`` besides the users of
        the actors and groups the step names (``hr.employee``)."""
        method = self._sop_handler(step.kind, "invitees")
        return method(step) if method else self.env["hr.employee"]

    def _sop_check_step_done(self, steps):
        """Raise (UserError) to refuse completing ``steps``, e.g. a signature
        step without the signed file: the ``check`` handlers."""
        self._sop_dispatch("check", steps)

    def _sop_step_started(self, steps):
        """``steps`` have just started (their activities are created): the
        ``started`` handlers."""
        self._sop_dispatch("started", steps)

    def _sop_step_done(self, steps):
        """``steps`` have just been done (or skipped by an administrator): the
        ``done`` handlers."""
        self._sop_dispatch("done", steps)

    def _sop_step_sent_back(self, steps, reason):
        """``steps`` have just been sent back, for ``reason``; the step they
        return to starts again (see ``_sop_step_started``): the ``sent_back``
        handlers."""
        self._sop_dispatch("sent_back", steps, reason)
