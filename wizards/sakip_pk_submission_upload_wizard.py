# Copyright 2024 SAKIP Indonesia
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
import base64

from odoo import fields, models
from odoo.exceptions import UserError


class SakipPkSubmissionUploadWizard(models.TransientModel):
    """Upload a bidang's filled collection workbook: checked as a whole, then
    either accepted (it replaces the bidang's lines) or refused with every
    error. The submission's action checks the rights."""

    _name = "sakip.pk.submission.upload.wizard"
    _description = "Upload a Collection File"

    submission_id = fields.Many2one(
        comodel_name="sakip.pk.submission",
        required=True,
        readonly=True,
        ondelete="cascade",
    )
    department_id = fields.Many2one(related="submission_id.department_id")
    pk_id = fields.Many2one(related="submission_id.pk_id")
    file = fields.Binary(string="Filled collection file", required=True, attachment=False)
    filename = fields.Char(string="File name")

    def action_confirm(self):
        self.ensure_one()
        if not self.file:
            raise UserError(self.env._("Choose the filled collection file to upload."))
        self.submission_id._import_file(base64.b64decode(self.file), self.filename)
        return {"type": "ir.actions.act_window_close"}
