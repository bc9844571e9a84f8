# Copyright 2024 SAKIP Indonesia
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import fields, models


class BenchTierLine(models.Model):
    """An indicator line of the benchmark document (as sakip.pk.indicator)."""

    _name = "bench.tier.line"
    _description = "Benchmark: indicator line"
    _order = "document_id, sequence, id"

    document_id = fields.Many2one(
        comodel_name="bench.tier.document",
        required=True,
        ondelete="cascade",
        index=True,
    )
    sequence = fields.Integer(default=10)
    objective = fields.Char()
    name = fields.Char(required=True)
    uom = fields.Char(string="Unit")
    target = fields.Float()
