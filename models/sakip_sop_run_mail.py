# Copyright 2024 SAKIP Indonesia
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import models

from .mail_activity import engine_is_subscribing


class SakipSopRun(models.Model):
    """The run's chatter as the SOP engine uses it: what a step transition
    posts and sends costs no query it does not need."""

    _inherit = "sakip.sop.run"

    def message_subscribe(self, partner_ids=None, subtype_ids=None):
        """While the engine creates the activities of steps, mail.activity's
        subscription of each assignee is left to the engine, which subscribes
        them all at once (see ``sakip.sop.run.step._activity_update``)."""
        if engine_is_subscribing():
            return True
        return super().message_subscribe(partner_ids=partner_ids, subtype_ids=subtype_ids)

    def _notify_by_email_get_base_mail_values(self, message, additional_values=None):
        """The email of a notice to a user (an assigned step, a reminder) is
        no reply in the run's discussion: it refers to itself only, without
        reading the run's last messages to thread with them (three queries)."""
        if message.message_type != "user_notification":
            return super()._notify_by_email_get_base_mail_values(
                message, additional_values=additional_values
            )
        message_sudo = message.sudo()
        values = {"mail_message_id": message.id, "references": message_sudo.message_id}
        subject = " ".join((message.subject or message.record_name or "").splitlines())
        if subject and subject != message.subject:
            values["subject"] = subject
        values.update(additional_values or {})
        headers = {}
        if message_sudo.record_alias_domain_id.bounce_email:
            headers["Return-Path"] = message_sudo.record_alias_domain_id.bounce_email
        headers = self._notify_by_email_get_headers(headers=headers)
        if headers:
            values["headers"] = repr(headers)
        return values
