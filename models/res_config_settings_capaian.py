# Copyright 2024 SAKIP Indonesia
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import fields, models


class ResConfigSettings(models.TransientModel):
    """Settings → SAKIP: how the office measures capaian (issue 15, item 3)."""

    _inherit = "res.config.settings"

    sakip_capaian_cap_mode = fields.Selection(
        related="company_id.sakip_capaian_cap_mode", readonly=False
    )
    sakip_capaian_cap = fields.Float(related="company_id.sakip_capaian_cap", readonly=False)
    sakip_capaian_lower_method = fields.Selection(
        related="company_id.sakip_capaian_lower_method", readonly=False
    )
    sakip_capaian_text_scale = fields.Char(
        related="company_id.sakip_capaian_text_scale", readonly=False
    )

    def action_sakip_rating_bands(self):
        """Open the rating scale of the office."""
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "sakip_penetapan_kinerja.action_sakip_rating_band"
        )
        action["domain"] = [("company_id", "=", self.company_id.id)]
        action["context"] = {"default_company_id": self.company_id.id}
        return action
