# Copyright 2024 SAKIP Indonesia
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, models


class TierDefinition(models.Model):
    _inherit = "tier.definition"

    @api.model
    def _get_tier_validation_model_names(self):
        names = super()._get_tier_validation_model_names()
        names.append("bench.tier.document")
        return names
