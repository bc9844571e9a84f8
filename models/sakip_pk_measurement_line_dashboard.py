# Copyright 2024 SAKIP Indonesia
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""The "Capaian Kinerja" dashboard over the measurement lines (issue 15,
item 5): the fields it groups and filters by, stored and indexed so the
pivot and the graph are one grouped query whatever the number of agreements."""

from odoo import fields, models

from .sakip_pk_measurement_line import SakipPkMeasurementLine

#: Copies of the indicator and the measurement the dashboard groups by.
DASHBOARD_FIELDS = frozenset({"objective", "name", "fiscal_year", "rating_colour"})


class SakipPkMeasurementLineDashboard(models.Model):
    _inherit = "sakip.pk.measurement.line"

    _sakip_workflow_fields = SakipPkMeasurementLine._sakip_workflow_fields | DASHBOARD_FIELDS

    # Stored copies (the original fields are related, not stored): grouping by
    # them reads no other table, so the pivot's queries do not grow with the
    # number of indicators (indicators of the same name are one row).
    objective = fields.Char(string="Sasaran", store=True, index=True)
    name = fields.Char(string="Indicator", store=True, index=True)
    quarter = fields.Selection(index=True)
    fiscal_year = fields.Integer(
        string="Year", related="measurement_id.fiscal_year", store=True, index=True
    )
    rating_colour = fields.Char(store=True)
