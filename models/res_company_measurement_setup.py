# Copyright 2024 SAKIP Indonesia
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""Setting up an office gives it the quarterly measurement's SOP too
(issue 15, item 4), next to the agreement's, on the same actors."""

from odoo import models

from .res_company_sakip_setup import MODULE, TEMPLATE_SOP

#: The measurement's SOP shipped in data, the template of every office's copy.
MEASUREMENT_TEMPLATE_SOP = f"{MODULE}.sop_pengukuran_kinerja"


class ResCompany(models.Model):
    _inherit = "res.company"

    def _sakip_setup_sop(self, template):
        """After the agreement's SOP, the measurement's (when it is shipped)."""
        lines = super()._sakip_setup_sop(template)
        if template == self.env.ref(TEMPLATE_SOP, raise_if_not_found=False):
            measurement = self.env.ref(MEASUREMENT_TEMPLATE_SOP, raise_if_not_found=False)
            if measurement:
                # sudo: the template is another office's (as the agreement's).
                lines += super()._sakip_setup_sop(measurement.sudo())
        return lines
