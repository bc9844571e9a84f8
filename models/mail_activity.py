# Copyright 2024 SAKIP Indonesia
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import fields, models

#: Context key set while the SOP engine closes activities itself: marking those
#: activities done must not complete their step again.
ENGINE_CONTEXT_KEY = "sakip_sop_engine"
MODULE = "sakip_penetapan_kinerja"


class MailActivity(models.Model):
    _inherit = "mail.activity"

    sakip_run_step_id = fields.Many2one(
        comodel_name="sakip.sop.run.step",
        string="SOP run step",
        index="btree_not_null",
        ondelete="cascade",
        readonly=True,
        help="The step of an SOP run this activity asks to do: marking the "
        "activity done completes the step.",
    )

    def _action_done(self, feedback=False, attachment_ids=None):
        """Marking a step's activity done completes the step, with the same
        permission check as the step's Done button (``action_done``): the step
        then closes its other users' activities and routes the next step."""
        if self.env.context.get(ENGINE_CONTEXT_KEY):
            return super()._action_done(feedback=feedback, attachment_ids=attachment_ids)
        # Marking a signing activity done is signing the document, with the
        # same checks as its Sign button: refused for anyone but the signer.
        sign_type = self.env.ref(f"{MODULE}.mail_act_sakip_letter_sign", raise_if_not_found=False)
        sign_activities = self.filtered(lambda activity: activity.activity_type_id == sign_type)
        if sign_activities:
            # The documents close their signing activities themselves.
            for model, activities in sign_activities.grouped("res_model").items():
                self.env[model].browse(activities.mapped("res_id")).action_sign()
            others = (self - sign_activities).exists()
            if not others:
                return self.env["mail.message"], self.env["mail.activity"]
            return super(MailActivity, others)._action_done(
                feedback=feedback, attachment_ids=attachment_ids
            )
        step_activities = self.filtered("sakip_run_step_id")
        if not step_activities:
            return super()._action_done(feedback=feedback, attachment_ids=attachment_ids)
        steps = step_activities.sakip_run_step_id
        # Files dropped on the activities become outputs of their steps.
        activity_attachments = self.env["ir.attachment"].search(
            [("res_model", "=", self._name), ("res_id", "in", step_activities.ids)]
        )
        attachments = activity_attachments | self.env["ir.attachment"].browse(attachment_ids or [])
        for step in steps:
            step.action_done(note=feedback or None, attachment_ids=attachments.ids or None)
        messages = self.env["mail.message"]
        others = (self - step_activities).exists()
        next_activities = self.env["mail.activity"]
        if others:
            other_messages, next_activities = super(MailActivity, others)._action_done(
                feedback=feedback, attachment_ids=attachment_ids
            )
            messages |= other_messages
        return messages, next_activities
