# Copyright 2024 SAKIP Indonesia
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""Download of a document of record from its record's form, under a file name
every browser accepts."""

from werkzeug.exceptions import NotFound

from odoo import http
from odoo.http import content_disposition, request


class SakipDocumentController(http.Controller):
    @http.route(
        "/sakip/document/<string:model>/<int:res_id>",
        type="http",
        auth="user",
        methods=["GET"],
        readonly=True,
    )
    def sakip_document(self, model, res_id):
        """The document of record of ``model``/``res_id`` as the reader may read it.

        Werkzeug's ``send_file`` (``/web/content``) leaves parentheses of a
        non-ASCII file name unescaped in ``filename*``, which the web client's
        download refuses ("invalid extended field value"); Odoo's
        ``content_disposition`` escapes them as RFC 5987 requires.
        """
        registry = request.env.registry
        if model not in registry or not issubclass(
            registry[model], registry["sakip.verifiable.mixin"]
        ):
            raise NotFound()
        # The reader's own rights: reading the record and its attachment.
        record = request.env[model].browse(res_id).exists()
        if not record:
            raise NotFound()
        record.check_access("read")
        attachment = record.record_attachment_id
        if not attachment:
            raise NotFound()
        return request.make_response(
            attachment.raw,
            headers=[
                ("Content-Type", attachment.mimetype or "application/pdf"),
                ("Content-Disposition", content_disposition(attachment.name)),
                ("X-Content-Type-Options", "nosniff"),
                ("Cache-Control", "no-store"),
            ],
        )
