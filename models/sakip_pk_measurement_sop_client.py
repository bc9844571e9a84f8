# Copyright 2024 SAKIP Indonesia
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""The quarterly measurement as the client of the SOP engine (issue 15,
item 4): the SOP "Pengukuran Kinerja Triwulan" (data) runs on it, and its
status moves only through the run's steps, by their handlers below."""

from odoo import api, fields, models
from odoo.exceptions import UserError

from ..tools.roman import to_roman
from .sakip_pk_measurement import SakipPkMeasurement as MeasurementBase

#: Code of the SOP that produces a quarterly measurement.
MEASUREMENT_SOP_CODE = "pengukuran_kinerja"


class SakipPkMeasurement(models.Model):
    _name = "sakip.pk.measurement"
    _inherit = ["sakip.pk.measurement", "sakip.sop.document.mixin", "sakip.verifiable.mixin"]

    _sop_code = MEASUREMENT_SOP_CODE
    _sakip_workflow_fields = MeasurementBase._sakip_workflow_fields | {
        "part_ids",
        "verify_token",
        "record_attachment_id",
        "record_sha256",
    }

    part_ids = fields.One2many(
        comodel_name="sakip.pk.measurement.part",
        inverse_name="measurement_id",
        string="Bidang parts",
    )
    my_part_id = fields.Many2one(
        comodel_name="sakip.pk.measurement.part",
        string="My part",
        compute="_compute_my_part_id",
        help="The part of the current user's bidang still to submit.",
    )

    @api.depends_context("uid")
    def _compute_my_part_id(self):
        # sudo: who enters a part is the engine's routing, read for the button.
        parts = (
            self.env["sakip.pk.measurement.part"]
            .sudo()
            .search(
                [
                    ("measurement_id", "in", self.ids),
                    ("user_ids", "in", self.env.uid),
                    ("state", "!=", "submitted"),
                ]
            )
        )
        mine = {part.measurement_id.id: part.id for part in parts}
        for measurement in self:
            measurement.my_part_id = mine.get(measurement.id, False)

    # Opening the quarter: the run starts

    def _sop_check_may_run(self):
        """A quarter is measured once, against a signed agreement."""
        for measurement in self:
            if measurement.state == "approved":
                raise UserError(
                    self.env._(
                        "%(measurement)s is approved: its SOP run is over.",
                        measurement=measurement.display_name,
                    )
                )
            # sudo: the agreement's status, whoever opens the quarter.
            if measurement.pk_id.sudo().state != "signed":
                raise UserError(
                    self.env._(
                        "%(agreement)s is not signed: performance is measured against a "
                        "signed agreement only.",
                        agreement=measurement.pk_id.sudo().display_name,
                    )
                )

    def _sop_run_values(self, sop):
        """The run starts with its order: Tim Perencanaan opens the quarter."""
        values = super()._sop_run_values(sop)
        quarter = "Tw " + to_roman(int(self.quarter))
        values["start_text"] = self.env._(
            "Measure the performance of %(quarter)s %(year)s: each bidang enters its "
            "realisation with its evidence.",
            quarter=quarter,
            year=self.fiscal_year,
        )
        return values

    def action_sop_open_quarter(self):
        """Tim Perencanaan opens the quarter: the run of the SOP starts, its
        order done, and each bidang is asked for its realisation."""
        sop = self._sop_sop_for_new_run()
        # sudo: only heads and administrators create runs; the run's start
        # below checks that the user is the actor of the SOP's first step.
        run = self.env["sakip.sop.run"].sudo().create(self._sop_run_values(sop))
        run.with_env(self.env).action_start()
        self.invalidate_recordset(["sop_run_ids", "sop_run_count"])
        return True

    def action_submit_my_part(self):
        """The current user's bidang submits its realisation."""
        self.ensure_one()
        if not self.my_part_id:
            raise UserError(
                self.env._(
                    "You have no realisation to submit in %(measurement)s.",
                    measurement=self.display_name,
                )
            )
        return self.my_part_id.with_env(self.env).action_submit()

    # The handler table

    @api.model
    def _sop_kind_handlers(self):
        return {
            "measurement_entry": {
                "started": "_sop_started_entry",
                "check": "_sop_check_parts",
                "done": "_sop_done_entry",
            },
            "measurement_verify": {
                "started": "_sop_started_verify",
                "check": "_sop_check_parts",
                "done": "_sop_done_verify",
            },
            "signature": {
                "check": "_sop_check_signature",
                "done": "_sop_done_signature",
            },
        }

    def _sop_write_state(self, state, **values):
        # sudo: the engine's write, whichever actor's step moves the status.
        self.sudo()._sakip_workflow_write({"state": state, **values})

    # Step 2: each bidang enters its realisasi (one part each).
    def _sop_started_entry(self, steps):
        parts = self.env["sakip.pk.measurement.part"]._sakip_ensure(self)
        # A new run: every bidang enters again.
        # sudo: the engine's write (users only read parts).
        parts.sudo()._sakip_workflow_write({"state": "pending", "returned_reason": False})
        parts._sakip_route(steps[:1]._sop_deadline_date())
        if self.state != "draft":
            self._sop_write_state("draft")

    def _sop_check_parts(self, steps):
        waiting = self.part_ids.filtered(lambda part: part.state != "submitted")
        if waiting:
            raise UserError(
                self.env._(
                    "Not every bidang has submitted its realisation yet: %(bidang)s.",
                    bidang=", ".join(waiting.mapped("display_name")),
                )
            )

    def _sop_done_entry(self, steps):
        self._sop_write_state("submitted")

    # Step 3: Tim Perencanaan verifies (and may return one bidang).
    def _sop_started_verify(self, steps):
        """Also after the Sekretaris or the Kepala sent the measurement back."""
        if self.state != "submitted":
            self._sop_write_state("submitted", approved_by_id=False, approved_at=False)

    def _sop_done_verify(self, steps):
        if steps.filtered(lambda step: step.state == "done"):
            self._sop_write_state("verified")

    # Step 5: the Kepala approves; the measurement is locked.
    def _sop_check_signature(self, steps):
        # sudo: every line counts, whoever approves.
        self.line_ids.sudo()._sakip_check_complete()

    def _sop_done_signature(self, steps):
        """Approved by the Kepala: read-only from now on, and its report with
        its QR code is the document of record."""
        approval = steps.filtered(lambda step: step.state == "done")[:1]
        if not approval:
            return
        self._sop_write_state(
            "approved",
            approved_by_id=approval.done_by_id.id,
            approved_at=approval.date_done,
        )
        attachment = self._sakip_make_record()
        approval._sop_link_outputs(attachment)
