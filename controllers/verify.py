# Copyright 2024 SAKIP Indonesia
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""The public verification page of printed documents: ``/sakip/verify/<token>``,
the link of the QR code printed on them."""

from werkzeug.exceptions import NotFound

from odoo import http
from odoo.http import request
from odoo.tools import SQL

from ..tools.dates import format_date_id
from ..tools.verification import is_pdf, is_token, sha256_hex

#: Largest PDF a visitor may upload to compare with the document of record.
MAX_UPLOAD_BYTES = 20 * 1024 * 1024

#: Largest request the page reads, and the form's memory limit for that route
#: (Odoo's 10 MB would answer 413 to some PDFs the page accepts): the upload
#: limit and room for the rest of the form, so that a file a little too large
#: is still answered by the page itself.
MAX_REQUEST_BYTES = MAX_UPLOAD_BYTES + 1024 * 1024

#: The page tells the current status of a document: never cached, by browsers
#: or proxies; nor indexed, nor leaking its token to other sites.
PAGE_HEADERS = [
    ("Cache-Control", "no-store"),
    ("Referrer-Policy", "no-referrer"),
    ("X-Robots-Tag", "noindex, nofollow"),
    # never shown inside another site's frame (clickjacking)
    ("X-Frame-Options", "DENY"),
    ("Content-Security-Policy", "frame-ancestors 'none'"),
]


class SakipVerifyController(http.Controller):
    # website=True is the frontend flag of http_routing (as on the portal's
    # pages; no website module): a missing document then gets the very 404
    # page of any missing URL.
    @http.route(
        "/sakip/verify/<string:token>",
        type="http",
        auth="public",
        methods=["GET", "POST"],
        website=True,
        multilang=False,
        max_content_length=MAX_REQUEST_BYTES,
        sakip_max_form_memory_size=MAX_REQUEST_BYTES,
    )
    def sakip_verify(self, token, document=None, **kwargs):
        """Show what the document printed with this token says, and, on POST,
        whether the uploaded PDF (field ``document``) is its document of record."""
        record = self._sakip_find(token)
        check = None
        if request.httprequest.method == "POST":
            check = self._sakip_check_upload(record, document)
        # A lean public page: rendered with its own values only (QWeb's usual
        # ones would read the visitor's user and company), and sent as UTF-8
        # bytes, with its length (a lazily rendered page with non-ASCII text
        # is sent chunked).
        html = (
            request.env["ir.ui.view"]
            .with_context(minimal_qcontext=True)
            ._render_template(
                "sakip_penetapan_kinerja.verify_page",
                {**self._sakip_page_values(record, token, check), "request": request},
            )
        )
        return request.make_response(html.encode(), headers=PAGE_HEADERS)

    def _sakip_verifiable_models(self):
        """Names of the concrete models using ``sakip.verifiable.mixin``."""
        registry = request.env.registry
        return [
            name
            for name in registry.descendants(["sakip.verifiable.mixin"], "_inherit")
            if not (registry[name]._abstract or registry[name]._transient)
        ]

    def _sakip_find(self, token):
        """The document whose verification token is ``token``; otherwise the
        plain 404 of any missing page, whatever the reason.

        One query finds it among every verifiable model: each branch is a
        lookup in the unique index of its table's token column (a token of
        any document, archived or not)."""
        if not is_token(token):
            raise NotFound()
        env = request.env
        lookups = SQL(" UNION ALL ").join(
            SQL(
                "(SELECT %s AS model, id FROM %s WHERE verify_token = %s)",
                name,
                SQL.identifier(env[name]._table),
                token,
            )
            for name in self._sakip_verifiable_models()
        )
        rows = env.execute_query(SQL("%s LIMIT 1", lookups))
        if not rows:
            raise NotFound()
        [(model, record_id)] = rows
        # sudo: the visitor is anonymous; the printed token is their right to this page.
        return env[model].sudo().with_context(active_test=False).browse(record_id)

    def _sakip_check_upload(self, record, document):
        """Compare an uploaded file with the document of record.

        :return: dict with ``result`` (``match``, ``mismatch``, ``missing``,
            ``too_large``, ``not_pdf`` or ``no_record`` when there is nothing to
            compare with) and ``sha256`` (of the upload, once read)
        """
        if not record.record_sha256:
            return {"result": "no_record", "sha256": False}
        if not hasattr(document, "read"):
            return {"result": "missing", "sha256": False}
        data = document.read(MAX_UPLOAD_BYTES + 1)
        if not data:
            return {"result": "missing", "sha256": False}
        if len(data) > MAX_UPLOAD_BYTES:
            return {"result": "too_large", "sha256": False}
        if not is_pdf(data):
            return {"result": "not_pdf", "sha256": False}
        digest = sha256_hex(data)
        result = "match" if digest == record.record_sha256 else "mismatch"
        return {"result": result, "sha256": digest}

    def _sakip_page_values(self, record, token, check):
        """Values of the page template: text only, never a record."""
        values = record._sakip_verify_values()
        newer = values.pop("newer", None)
        sign_date = values.pop("sign_date")
        return {
            **values,
            # The page is in Indonesian whatever the visitor's language.
            "sign_date": format_date_id(sign_date) if sign_date else "",
            "newer_url": newer.verify_url if newer else False,
            "action_url": f"/sakip/verify/{token}",
            "check": check,
            "max_mb": MAX_UPLOAD_BYTES // (1024 * 1024),
        }
