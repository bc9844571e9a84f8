# Copyright 2024 SAKIP Indonesia
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import api, fields, models

from ..models.sakip_pk import chosen_sign_date


class SakipSopRunStepWizard(models.TransientModel):
    """The signature step of an agreement: the date it is signed, today
    unless the Kepala chooses another one, for a reason recorded on the
    agreement."""

    _inherit = "sakip.sop.run.step.wizard"

    signs_agreement = fields.Boolean(
        string="Signs an agreement", compute="_compute_signs_agreement"
    )
    sign_date = fields.Date(
        string="Date of signing",
        help="Printed on the agreement and shown on its verification page. Today "
        "unless the agreement is dated otherwise; another date needs a reason.",
    )
    sign_date_is_other = fields.Boolean(
        string="Another date", compute="_compute_sign_date_is_other"
    )
    sign_date_reason = fields.Text(
        string="Reason for the date",
        help="Why the agreement is dated another day than today (kept on its chatter).",
    )

    @api.depends("step_id", "mode")
    def _compute_signs_agreement(self):
        for wizard in self:
            wizard.signs_agreement = (
                wizard.mode == "done"
                and wizard.step_id.kind == "signature"
                and wizard.step_id.run_id.res_model == "sakip.pk"
            )

    @api.depends("sign_date", "step_id")
    def _compute_sign_date_is_other(self):
        for wizard in self:
            today = wizard.step_id.run_id.company_id._sakip_today()
            wizard.sign_date_is_other = bool(wizard.sign_date) and wizard.sign_date != today

    @api.model
    def default_get(self, fields_list):
        values = super().default_get(fields_list)
        if values.get("step_id") and values.get("mode") == "done" and "sign_date" in fields_list:
            step = self.env["sakip.sop.run.step"].browse(values["step_id"])
            if step.kind == "signature":
                values.setdefault("sign_date", step.run_id.company_id._sakip_today())
        return values

    def _confirm_done(self):
        # The agreement signed by this step is dated as chosen (checked there).
        sign_date = self.sign_date if self.signs_agreement else None
        with chosen_sign_date(sign_date, self.sign_date_reason):
            return super()._confirm_done()
