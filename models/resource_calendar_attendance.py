# Copyright 2024 SAKIP Indonesia
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import models


class ResourceCalendarAttendance(models.Model):
    """A changed attendance changes the working time of the SOP norms."""

    _name = "resource.calendar.attendance"
    _inherit = ["resource.calendar.attendance", "sakip.worktime.source.mixin"]
