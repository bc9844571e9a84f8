# Copyright 2024 SAKIP Indonesia
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import api, models


class ResourceCalendarLeaves(models.Model):
    """A changed leave changes the working time of the SOP norms: the
    working intervals kept for the transaction are dropped."""

    _inherit = "resource.calendar.leaves"

    @api.model_create_multi
    def create(self, vals_list):
        result = super().create(vals_list)
        self.env["resource.calendar"]._sakip_worktime_cache_clear()
        return result

    def write(self, vals):
        result = super().write(vals)
        self.env["resource.calendar"]._sakip_worktime_cache_clear()
        return result

    def unlink(self):
        result = super().unlink()
        self.env["resource.calendar"]._sakip_worktime_cache_clear()
        return result
