# Copyright 2024 SAKIP Indonesia
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import models

from .mail_activity import engine_is_subscribing


class SakipSopRun(models.Model):
    """The run's chatter as the SOP engine uses it."""

    _inherit = "sakip.sop.run"

    def message_subscribe(self, partner_ids=None, subtype_ids=None):
        """While the engine creates the activities of steps, mail.activity's
        subscription of each assignee is left to the engine, which subscribes
        them all at once (see ``sakip.sop.run.step._activity_update``)."""
        if engine_is_subscribing():
            return True
        return super().message_subscribe(partner_ids=partner_ids, subtype_ids=subtype_ids)
