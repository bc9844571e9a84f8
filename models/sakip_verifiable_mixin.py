# Copyright 2024 SAKIP Indonesia
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""Printed documents that can be verified online through their QR code."""

import base64

from odoo import api, fields, models
from odoo.exceptions import UserError

from ..tools.verification import new_token, sha256_hex


class SakipVerifiableMixin(models.AbstractModel):
    """A document printed with a QR code that leads to its public verification
    page ``/sakip/verify/<token>``, and whose signed PDF is the document of
    record (attached, with its SHA-256 kept).

    Models using it implement :meth:`_sakip_verify_values` and inherit
    ``sakip.workflow.owned.mixin``, owning the fields below.
    """

    _name = "sakip.verifiable.mixin"
    _description = "Document verifiable by QR code"

    verify_token = fields.Char(
        string="Verification token",
        copy=False,
        readonly=True,
        index="btree_not_null",
    )
    verify_url = fields.Char(
        string="Verification link",
        compute="_compute_verify_url",
        help="Public page that confirms the printed document (its QR code).",
    )
    record_attachment_id = fields.Many2one(
        comodel_name="ir.attachment",
        string="Document of record",
        copy=False,
        readonly=True,
        ondelete="restrict",
        help="The signed PDF as issued: the copy that verification compares against.",
    )
    record_sha256 = fields.Char(
        string="SHA-256",
        copy=False,
        readonly=True,
        help="Fingerprint of the document of record.",
    )

    _sql_constraints = [
        ("verify_token_uniq", "UNIQUE(verify_token)", "Verification tokens are unique."),
    ]

    @api.depends("verify_token")
    def _compute_verify_url(self):
        for record in self:
            token = record.verify_token
            record.verify_url = (
                f"{record.get_base_url().rstrip('/')}/sakip/verify/{token}" if token else False
            )

    def _sakip_ensure_token(self):
        """Give each record without one its verification token (one write per record)."""
        # sudo: the engine gives tokens; the field is not written by users.
        for record in self.sudo().filtered(lambda r: not r.verify_token):
            record._sakip_workflow_write({"verify_token": new_token()})
        return self

    def _sakip_set_record(self, pdf, filename):
        """Make ``pdf`` (bytes) the document of record of this record: attach it
        and keep its SHA-256. Returns the attachment."""
        self.ensure_one()
        self._sakip_ensure_token()
        # sudo: the document of record is written by the engine, whatever the
        # rights of the user whose action produced it.
        attachment = (
            self.env["ir.attachment"]
            .sudo()
            .create(
                {
                    "name": filename,
                    "datas": base64.b64encode(pdf),
                    "res_model": self._name,
                    "res_id": self.id,
                    "mimetype": "application/pdf",
                    # immutable from now on (see ir_attachment.py)
                    "sakip_of_record": True,
                }
            )
        )
        self.sudo()._sakip_workflow_write(
            {"record_attachment_id": attachment.id, "record_sha256": sha256_hex(pdf)}
        )
        return attachment

    def _sakip_prints_final(self):
        """Whether the document prints as issued (with its QR code), not as a
        draft (marked "DRAF", without QR code). Models using the mixin say when."""
        self.ensure_one()
        return False

    def action_download_record(self):
        """Download the document of record (one click from the form)."""
        self.ensure_one()
        if not self.record_attachment_id:
            raise UserError(
                self.env._(
                    "%(document)s has no document of record yet: it is kept when the "
                    "document is signed.",
                    document=self.display_name,
                )
            )
        return {
            "type": "ir.actions.act_url",
            "url": f"/sakip/document/{self._name}/{self.id}",
            "target": "download",
        }

    def _sakip_verify_qr_src(self):
        """The QR code of :attr:`verify_url` as a PNG data URI, for reports."""
        self.ensure_one()
        if not self.verify_url:
            return False
        png = self.env["ir.actions.report"].barcode("QR", self.verify_url, width=300, height=300)
        return "data:image/png;base64," + base64.b64encode(png).decode()

    def _sakip_verify_values(self):
        """What the public verification page shows: only what is printed.

        Called in sudo by the public controller on one record. Returns a dict
        with the keys:

        - ``doc_type``, ``number``, ``office``, ``signer_name``, ``signer_job``
          (text, Indonesian as printed), ``year`` (int) and ``sign_date``
          (date, or False while unsigned);
        - ``status``: ``valid`` (signed and in force), ``superseded`` (replaced
          by a newer version), ``cancelled`` or ``unsigned`` (printed before
          its signature);
        - ``newer``: the newer version whose page the visitor should see (a
          record of a verifiable model with a token), or an empty recordset;
        - ``sha256``: the fingerprint of the document of record, or False.

        Optional keys, when the document prints a second signatory:
        ``signer_label`` (e.g. "Pihak Pertama"), ``cosigner_label``,
        ``cosigner_name`` and ``cosigner_job``.
        """
        raise NotImplementedError
