# Copyright 2024 SAKIP Indonesia
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""The activities of the bidang users on their submission: due on the return
deadline, moved with it, closed once the bidang has submitted."""

import textwrap

from odoo import fields, models
from odoo.tools import plaintext2html

from .mail_activity import engine_closing_activities
from .sakip_pk_submission import OPEN_STATES


class SakipPkSubmissionActivity(models.Model):
    _inherit = "sakip.pk.submission"

    def _activity_route(self, deadline, summary=None, note=None):
        """Give each bidang user of an open submission an activity due
        ``deadline``, or move its open one to that date; one batch each."""
        Activity = self.env["mail.activity"]
        activity_type = self.env.ref("sakip_penetapan_kinerja.mail_act_sakip_pk_submission")
        model_id = self.env["ir.model"]._get_id(self._name)
        # sudo: the activities of other users (mail.activity rules).
        existing = Activity.sudo().search(
            [("res_model", "=", self._name), ("res_id", "in", self.ids)]
        )
        existing.filtered(lambda a: a.date_deadline != deadline).write({"date_deadline": deadline})
        have = {(activity.res_id, activity.user_id.id) for activity in existing}
        vals_list = []
        for submission in self.filtered(lambda s: s.state in OPEN_STATES):
            text = note or self.env._(
                "Fill in the indicator and programme lines of %(bidang)s for "
                "%(agreement)s: enter them in SAKIP and click Submit, or upload the "
                "filled collection format.",
                bidang=submission.department_id.name,
                agreement=submission.pk_id.display_name,
            )
            vals_list += [
                {
                    "res_model_id": model_id,
                    "res_id": submission.id,
                    "activity_type_id": activity_type.id,
                    "summary": summary
                    or self.env._(
                        "PK %(year)s: lines of %(bidang)s",
                        year=submission.fiscal_year,
                        bidang=textwrap.shorten(
                            submission.department_id.name or "", 60, placeholder="…"
                        ),
                    ),
                    "note": plaintext2html(text),
                    "user_id": user.id,
                    "date_deadline": deadline,
                    "automated": True,
                    "attachment_ids": [fields.Command.link(submission.format_attachment_id.id)]
                    if submission.format_attachment_id
                    else [],
                }
                for user in submission.user_ids
                if (submission.id, user.id) not in have
            ]
        if vals_list:
            # sudo: activities are created for other users (mail.activity rules).
            Activity.sudo().create(vals_list)

    def _activity_close(self):
        """Close the bidang's open activities of these submissions."""
        # sudo: the activities of other users (mail.activity rules).
        activities = (
            self.env["mail.activity"]
            .sudo()
            .search([("res_model", "=", self._name), ("res_id", "in", self.ids)])
        )
        # The submission is done: closing its activities does not submit again.
        with engine_closing_activities():
            activities.action_feedback(feedback=self.env._("Submitted"))
