# Copyright 2024 SAKIP Indonesia
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import api, fields, models

SUBMISSION_MODEL = "sakip.pk.submission"


class IrAttachment(models.Model):
    """A bidang's files (its collection format, its filled workbook) belong to
    its submission: who may read the submission reads them. Odoo already checks
    the document on ``read`` and ``search``; the record rule of
    ``security/sakip_bidang_security.xml`` on ``sakip_bidang_readable`` also
    hides them where Odoo only applies record rules, e.g. the outputs of a run's
    steps (``attachment_ids``) or a message's attachments."""

    _inherit = "ir.attachment"

    sakip_bidang_readable = fields.Boolean(
        string="Readable by your bidang",
        compute="_compute_sakip_bidang_readable",
        search="_search_sakip_bidang_readable",
        help="Not a file of a bidang submission you may not read.",
    )

    @api.depends_context("uid")
    def _compute_sakip_bidang_readable(self):
        # sudo: where each file belongs (record rules are evaluated as superuser)
        owners = {att.id: (att.res_model, att.res_id) for att in self.sudo()}
        submission_ids = [res_id for model, res_id in owners.values() if model == SUBMISSION_MODEL]
        # the current user's rights, even when called as superuser by the rules
        readable = set(
            self.env[SUBMISSION_MODEL]
            .sudo(False)
            .browse(submission_ids)
            .exists()
            ._filtered_access("read")
            .ids
        )
        for attachment in self:
            model, res_id = owners.get(attachment.id, (False, False))
            attachment.sakip_bidang_readable = model != SUBMISSION_MODEL or res_id in readable

    def _search_sakip_bidang_readable(self, operator, value):
        if operator not in ("=", "!=") or not isinstance(value, bool):
            return NotImplemented
        # the current user's submissions, even when the rules search as superuser
        readable = self.env[SUBMISSION_MODEL].sudo(False)._search([])
        domain = ["|", ("res_model", "!=", SUBMISSION_MODEL), ("res_id", "in", readable)]
        return domain if (operator == "=") == value else ["!", *domain]
