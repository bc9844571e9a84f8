# Copyright 2024 SAKIP Indonesia
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import fields, models
from odoo.exceptions import UserError


class SakipDocumentLinkMixin(models.AbstractModel):
    """A record that belongs to a document of any model, e.g. the SOP run that
    produces a performance agreement, or the letter that sends it."""

    _name = "sakip.document.link.mixin"
    _description = "Linked to a document"

    res_model = fields.Char(string="Document model", index=True, readonly=True)
    res_id = fields.Many2oneReference(
        string="Document ID",
        model_field="res_model",
        index=True,
        readonly=True,
    )

    def _sakip_linked_document(self):
        """The linked document, if it (still) exists; else None."""
        self.ensure_one()
        if not self.res_model or not self.res_id or self.res_model not in self.env:
            return None
        return self.env[self.res_model].browse(self.res_id).exists() or None

    def action_open_document(self):
        """Open the linked document."""
        self.ensure_one()
        document = self._sakip_linked_document()
        if document is None:
            raise UserError(self.env._("The linked document no longer exists."))
        return {
            "type": "ir.actions.act_window",
            "res_model": document._name,
            "res_id": document.id,
            "views": [(False, "form")],
            "target": "current",
        }
