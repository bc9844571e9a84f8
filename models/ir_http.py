# Copyright 2024 SAKIP Indonesia
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import models
from odoo.http import request

#: Routing option of a route receiving files larger than Odoo's 10 MB form
#: memory limit: werkzeug may hold a whole file part in memory while parsing
#: (a file with one early carriage return and none after), and then answers 413.
FORM_MEMORY_OPTION = "sakip_max_form_memory_size"


class IrHttp(models.AbstractModel):
    _inherit = "ir.http"

    @classmethod
    def _pre_dispatch(cls, rule, args):
        result = super()._pre_dispatch(rule, args)
        limit = rule.endpoint.routing.get(FORM_MEMORY_OPTION)
        if limit:
            # Before the form is parsed (in the dispatcher, after this hook), on
            # werkzeug's request itself: Odoo's wrapper passes max_content_length
            # through, not max_form_memory_size (it sets it in its constructor).
            httprequest = request.httprequest
            getattr(httprequest, "_HTTPRequest__wrapped", httprequest).max_form_memory_size = limit
        return result

    @classmethod
    def _serve_fallback(cls):
        # No attachment nor redirection has a NUL in its URL, and PostgreSQL
        # text cannot hold one: the lookups would fail (500) instead of the
        # plain 404 of any missing page.
        if "\x00" in request.httprequest.path:
            return None
        return super()._serve_fallback()
