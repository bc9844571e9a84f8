# Copyright 2024 SAKIP Indonesia
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import api, models


class SakipWorktimeSourceMixin(models.AbstractModel):
    """A record the working time of the SOP norms is read from (an attendance,
    a leave): changing it drops the working intervals kept for the transaction
    (``resource.calendar._sakip_worktime_cache_clear``)."""

    _name = "sakip.worktime.source.mixin"
    _description = "Source of the SOP working time"

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
