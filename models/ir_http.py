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
        super()._pre_dispatch(rule, args)
        limit = rule.endpoint.routing.get(FORM_MEMORY_OPTION)
        if limit:
            # Before the form is parsed (in the dispatcher, after this hook).
            request.httprequest.max_form_memory_size = limit
