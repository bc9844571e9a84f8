# Copyright 2024 SAKIP Indonesia
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""Two rules on files.

Documents of record are immutable: once a signed PDF is kept with its SHA-256
(``sakip.verifiable.mixin._sakip_set_record``), its attachment keeps its
content, name and owner for ever.

A bidang's files (its collection format, its filled workbook) belong to its
submission: who may read the submission reads them. Odoo already checks the
document on ``read`` and ``search``; the record rule of
``security/sakip_bidang_security.xml`` on ``sakip_bidang_readable`` also hides
them where Odoo only applies record rules, e.g. the outputs of a run's steps
(``attachment_ids``) or a message's attachments."""

import base64

from odoo import api, fields, models
from odoo.exceptions import UserError

from odoo.addons.base.models.ir_model import MODULE_UNINSTALL_FLAG

#: What makes the document of record: its content, its name and its owner.
#: Not even the superuser changes them (to the same value aside, as the move of
#: a file between storages does).
RECORD_FIELDS = frozenset(
    {
        "datas",
        "raw",
        "db_datas",
        "store_fname",
        "checksum",
        "file_size",
        "mimetype",
        "type",
        "url",
        "name",
        "res_model",
        "res_id",
        "res_field",
        "company_id",
        "sakip_of_record",
    }
)
#: Fields whose new value is compared as the file's content.
CONTENT_FIELDS = frozenset({"datas", "raw", "db_datas"})

SUBMISSION_MODEL = "sakip.pk.submission"


class IrAttachment(models.Model):
    _inherit = "ir.attachment"

    sakip_of_record = fields.Boolean(
        string="Document of record",
        readonly=True,
        copy=False,
        help="A signed document as issued, verified by its SHA-256: its content, name "
        "and owner can no longer change, and it cannot be deleted.",
    )

    sakip_bidang_readable = fields.Boolean(
        string="Readable by your bidang",
        compute="_compute_sakip_bidang_readable",
        search="_search_sakip_bidang_readable",
        help="Not a file of a bidang submission you may not read.",
    )

    def _sakip_records(self):
        """The documents of record among these attachments (one query)."""
        # sudo: the flag is read whatever the user's rights on the attachments,
        # so that a change is refused with its reason, never half made.
        return self.sudo().filtered("sakip_of_record").with_env(self.env)

    def _sakip_refuse(self, records):
        raise UserError(
            self.env._(
                "%(documents)s is a document of record: a signed document as issued, "
                "verified by its fingerprint (SHA-256). It cannot be changed or deleted. "
                "To change the document, make a revision of it.",
                documents=", ".join(records.sudo().mapped("name")),
            )
        )

    def _sakip_changes(self, records, vals):
        """Whether ``vals`` would change what makes one of ``records`` a document
        of record (content, name, owner)."""
        protected = set(vals) & RECORD_FIELDS
        if not protected:
            return False
        # sudo: the values are compared whatever the user's rights; the
        # attachments are read in one go (prefetched).
        for record in records.sudo():
            for name in protected:
                if name in CONTENT_FIELDS:
                    if record.raw != self._sakip_new_raw(name, vals[name]):
                        return True
                    continue
                field = record._fields[name]
                old = field.convert_to_write(record[name], record)
                if (old or False) != (vals[name] or False):
                    return True
        return False

    @api.model
    def _sakip_new_raw(self, name, value):
        """The content (bytes) that ``value`` written to field ``name`` gives."""
        if not value:
            return b""
        if name == "datas":
            return base64.b64decode(value)
        return value.encode() if isinstance(value, str) else bytes(value)

    def _sakip_refuse_flag(self):
        raise UserError(
            self.env._(
                "Only the signing workflow makes a document of record; it cannot be set by hand."
            )
        )

    @api.model_create_multi
    def create(self, vals_list):
        if not self.env.su and any(vals.get("sakip_of_record") for vals in vals_list):
            self._sakip_refuse_flag()
        return super().create(vals_list)

    def write(self, vals):
        if not self.env.su and "sakip_of_record" in vals:
            self._sakip_refuse_flag()
        records = self._sakip_records()
        if records and (not self.env.su or self._sakip_changes(records, vals)):
            # Users change nothing on a document of record; the superuser only
            # what is not its content, name or owner (e.g. an access token).
            self._sakip_refuse(records)
        return super().write(vals)

    def unlink(self):
        records = self._sakip_records()
        if records and not self.env.context.get(MODULE_UNINSTALL_FLAG):
            self._sakip_refuse(records)
        return super().unlink()

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
