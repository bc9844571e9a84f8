# Copyright 2024 SAKIP Indonesia
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""Documents of record are immutable: once a signed PDF is kept with its
SHA-256 (``sakip.verifiable.mixin._sakip_set_record``), its attachment keeps
its content, name and owner for ever."""

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


class IrAttachment(models.Model):
    _inherit = "ir.attachment"

    sakip_of_record = fields.Boolean(
        string="Document of record",
        readonly=True,
        copy=False,
        help="A signed document as issued, verified by its SHA-256: its content, name "
        "and owner can no longer change, and it cannot be deleted.",
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
