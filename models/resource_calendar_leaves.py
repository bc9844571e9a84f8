# Copyright 2024 SAKIP Indonesia
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import models


class ResourceCalendarLeaves(models.Model):
    """A changed leave changes the working time of the SOP norms."""

    _name = "resource.calendar.leaves"
    _inherit = ["resource.calendar.leaves", "sakip.worktime.source.mixin"]
