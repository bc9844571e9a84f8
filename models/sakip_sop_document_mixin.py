# Copyright 2024 SAKIP Indonesia
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import api, fields, models
from odoo.exceptions import UserError


class SakipSopDocumentMixin(models.AbstractModel):
    """A document produced by an SOP run (e.g. the performance agreement).

    The run (``sakip.sop.run``) knows its document by ``res_model``/``res_id``
    and calls the ``_sop_*`` hooks below once per transition, each with the
    step instances (``sakip.sop.run.step``) of this document concerned. They do
    nothing here: a document overrides the ones it needs, typically by
    looking at ``step.kind`` (meeting, collection, signature, distribution…).
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

    def _compute_sop_run_ids(self):
        runs = (
            self.env["sakip.sop.run"]
            .with_context(active_test=False)
            .search([("res_model", "=", self._name), ("res_id", "in", self.ids)])
        )
        for document in self:
            document.sop_run_ids = runs.filtered(lambda run, doc=document: run.res_id == doc.id)
            document.sop_run_count = len(document.sop_run_ids)

    # ------------------------------------------------------------------
    # Starting a run
    # ------------------------------------------------------------------
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

    def action_start_sop_run(self):
        """Create the draft run of the SOP for this document and open it: the
        Kepala Dinas writes the disposition there and starts it (step 1)."""
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

    # ------------------------------------------------------------------
    # Hooks called by the engine (batched: once per transition and document)
    # ------------------------------------------------------------------
    # Each hook dispatches to the methods named after the kind of the steps
    # concerned, ``_sop_<event>_<kind>(steps)``: a document implements, e.g.,
    # ``_sop_done_signature`` or ``_sop_check_collection`` and nothing else.
    def _sop_dispatch(self, event, steps, *args):
        for kind in dict.fromkeys(steps.mapped("kind")):
            method = getattr(self, f"_sop_{event}_{kind}", None)
            if method:
                method(steps.filtered(lambda step, kind=kind: step.kind == kind), *args)

    @api.model
    def _sop_step_assignees(self, step):
        """Return the users who get ``step``'s activity, or None for the
        default: the active internal users of the step's actor group."""
        method = getattr(self, f"_sop_assignees_{step.kind}", None)
        return method(step) if method else None

    def _sop_step_preview(self, step):
        """What completing ``step`` will do, shown in its Done dialog before
        the user confirms (HTML), or False: ``_sop_preview_<kind>(step)``."""
        method = getattr(self, f"_sop_preview_{step.kind}", None)
        return method(step) if method else False

    def _sop_check_step_done(self, steps):
        """Raise (UserError) to refuse completing ``steps``, e.g. a signature
        step without the signed PDF: ``_sop_check_<kind>(steps)``."""
        self._sop_dispatch("check", steps)

    def _sop_step_started(self, steps):
        """``steps`` have just started (their activities are created):
        ``_sop_started_<kind>(steps)``."""
        self._sop_dispatch("started", steps)

    def _sop_step_done(self, steps):
        """``steps`` have just been done (or skipped by an administrator):
        ``_sop_done_<kind>(steps)``."""
        self._sop_dispatch("done", steps)

    def _sop_step_sent_back(self, steps, reason):
        """``steps`` have just been sent back, for ``reason``; the step they
        return to starts again (see ``_sop_step_started``):
        ``_sop_sent_back_<kind>(steps, reason)``."""
        self._sop_dispatch("sent_back", steps, reason)
