# Copyright 2024 SAKIP Indonesia
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""The signature step of an agreement opens the signing screen
(``sakip.signing.wizard``) instead of the generic step dialog."""

from odoo import models


class SakipSopRunStep(models.Model):
    _inherit = "sakip.sop.run.step"

    def _sakip_opens_signing_screen(self):
        """The step is the signature of an agreement, in progress."""
        self.ensure_one()
        return (
            self.kind == "signature"
            and self.state == "in_progress"
            and self.run_id.res_model == "sakip.pk"
        )

    def _open_wizard(self, mode):
        if mode in ("done", "send_back") and self._sakip_opens_signing_screen():
            return self.env["sakip.signing.wizard"]._sakip_open(step=self)
        return super()._open_wizard(mode)
