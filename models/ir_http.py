# Copyright 2024 SAKIP Indonesia
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import models, tools
from odoo.http import request

#: Routing option of a route receiving files larger than Odoo's 10 MB form
#: memory limit: werkzeug may hold a whole file part in memory while parsing
#: (a file with one early carriage return and none after), and then answers 413.
FORM_MEMORY_OPTION = "sakip_max_form_memory_size"


class IrHttp(models.AbstractModel):
    _inherit = "ir.http"

    @classmethod
    def _auth_method_public(cls):
        # The public user by the cached XML id lookup: env.ref() would also
        # query whether it exists, twice per public page (the QR verification
        # page is the one visitors load most). Whatever overrides this still
        # runs, on an environment that has a user now.
        if request.env.uid is None:
            request.update_env(
                user=request.env["ir.model.data"]._xmlid_to_res_id("base.public_user")
            )
        return super()._auth_method_public()

    @classmethod
    def _get_default_lang(cls):
        # http_routing reads the default partner language from ir.default
        # (2 queries) on every frontend page; the website module answers its
        # own instead, so it is left to it when installed.
        if "website" in request.env.registry:
            return super()._get_default_lang()
        langs = request.env["res.lang"]
        lang_code = request.env["ir.http"]._sakip_default_partner_lang()
        if lang_code:
            return langs._get_data(code=lang_code)
        return next(iter(langs._get_active_by("code").values()))

    @tools.ormcache()
    def _sakip_default_partner_lang(self):
        """The default language of partners (ir.default), cached: changing an
        ir.default clears the registry's cache."""
        # sudo: a global default, read for anonymous visitors too.
        return self.env["ir.default"].sudo()._get("res.partner", "lang")

    @classmethod
    def _pre_dispatch(cls, rule, args):
        if getattr(request, "is_frontend", False) and getattr(request, "lang", None):
            # A frontend page's language is known since its URL matched
            # (http_routing sets it in the context right after): in the context
            # now, base's check of the context language finds it, instead of
            # reading the user, their company and its partner (3 queries) on
            # every public page, the QR verification page first.
            request.update_context(lang=request.lang.code)
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
