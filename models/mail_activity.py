# Copyright 2024 SAKIP Indonesia
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
import contextlib
import contextvars

from odoo import api, fields, models
from odoo.exceptions import AccessError

#: True while the SOP engine closes activities itself: marking those activities
#: done must not complete their step (or sign their document) again. Not a
#: context key: the client controls the context of an RPC call.
_ENGINE_CLOSING = contextvars.ContextVar("sakip_engine_closing_activities", default=False)
MODULE = "sakip_penetapan_kinerja"

#: True while the SOP engine creates the activities of steps: it subscribes
#: their assignees to the runs itself, in one batch per set of assignees,
#: rather than mail.activity's one subscription per assignee (see
#: ``sakip.sop.run.message_subscribe``).
_ENGINE_SUBSCRIBING = contextvars.ContextVar("sakip_engine_subscribing", default=False)

#: Group whose members may edit, reschedule or delete any step's activity.
ADMIN_GROUP = "sakip_penetapan_kinerja.group_sakip_admin"

#: What ties a step's activity to its step and assignee: only the engine sets it.
STEP_ACTIVITY_ROUTING_FIELDS = ("user_id", "res_model_id", "res_model", "res_id")


@contextlib.contextmanager
def engine_closing_activities():
    """The engine closes activities in this block: their step or document is
    not done again (see ``MailActivity._action_done``)."""
    token = _ENGINE_CLOSING.set(True)
    try:
        yield
    finally:
        _ENGINE_CLOSING.reset(token)


@contextlib.contextmanager
def engine_subscribing():
    """The engine creates step activities in this block and subscribes their
    assignees itself (see ``sakip.sop.run.message_subscribe``)."""
    token = _ENGINE_SUBSCRIBING.set(True)
    try:
        yield
    finally:
        _ENGINE_SUBSCRIBING.reset(token)


def engine_is_subscribing():
    """Whether the engine subscribes the assignees of the activities being created."""
    return _ENGINE_SUBSCRIBING.get()


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

    @api.depends("res_model", "res_id", "user_id", "sakip_run_step_id")
    @api.depends_context("uid")
    def _compute_can_write(self):
        """The addon's activities (a step's, a signature's, a bidang's
        submission) are done, edited or cancelled by their assignee (and a
        step's by a SAKIP administrator too): nobody else is offered *Mark
        Done*, which would only end in an access error."""
        res = super()._compute_can_write()
        sakip_types = self.env["mail.activity.type"]
        for xmlid in ("mail_act_sakip_letter_sign", "mail_act_sakip_pk_submission"):
            sakip_types |= self.env.ref(f"{MODULE}.{xmlid}", raise_if_not_found=False) or (
                sakip_types.browse()
            )
        user = self.env.user
        is_admin = user.has_group(ADMIN_GROUP)
        for activity in self:
            if not activity.can_write or activity.user_id == user:
                continue
            if activity.sakip_run_step_id:
                activity.can_write = is_admin
            elif activity.activity_type_id in sakip_types:
                activity.can_write = False
        return res

    # A step's activity belongs to the engine and to its assignee
    @api.model_create_multi
    def create(self, vals_list):
        if not self.env.su and any(vals.get("sakip_run_step_id") for vals in vals_list):
            raise AccessError(
                self.env._("Only the SOP engine gives the steps of a run their activities.")
            )
        return super().create(vals_list)

    def write(self, vals):
        if not self.env.su:
            self._sakip_check_step_activity_change(vals)
        return super().write(vals)

    def unlink(self):
        if not self.env.su:
            self._sakip_check_step_activity_change()
        return super().unlink()

    def _sakip_check_step_activity_change(self, vals=None):
        """Only the assignee of a step's activity and the SAKIP administrators
        may edit, reschedule or delete it (``vals`` None: delete); nobody
        reassigns it or moves it to another record: the engine routes steps."""
        if vals and "sakip_run_step_id" in vals:
            raise AccessError(
                self.env._("Only the SOP engine gives the steps of a run their activities.")
            )
        step_activities = self.filtered("sakip_run_step_id")
        if not step_activities:
            return
        if vals:
            rerouted = step_activities.filtered(
                lambda activity: any(
                    fname in vals
                    and (
                        activity[fname].id
                        if activity._fields[fname].type == "many2one"
                        else activity[fname]
                    )
                    != vals[fname]
                    for fname in STEP_ACTIVITY_ROUTING_FIELDS
                )
            )
            if rerouted:
                raise AccessError(
                    self.env._(
                        "The activity of step “%(step)s” cannot be reassigned nor moved: "
                        "the SOP run routes its steps to their actors.",
                        step=rerouted[0].sakip_run_step_id.display_name,
                    )
                )
        if self.env.user.has_group(ADMIN_GROUP):
            return
        others = step_activities.filtered(lambda activity: activity.user_id != self.env.user)
        if others:
            raise AccessError(
                self.env._(
                    "Only %(user)s, to whom it is assigned, or a SAKIP administrator may "
                    "change or delete the activity of step “%(step)s”.",
                    user=others[0].user_id.name,
                    step=others[0].sakip_run_step_id.display_name,
                )
            )

    def _action_done(self, feedback=False, attachment_ids=None):
        """Marking one of the addon's activities done does what it asks, with
        the same checks as its button, or refuses (the activity stays open):

        - a signing activity signs its document (``action_sign``);
        - a bidang's activity on its submission submits the bidang's lines
          (``action_submit``, the Submit button);
        - a step's activity completes its step (``action_done``): the step then
          closes its other users' activities and routes the next step.

        Other activities are marked done as usual."""
        if _ENGINE_CLOSING.get():
            return super()._action_done(feedback=feedback, attachment_ids=attachment_ids)
        sign_type = self.env.ref(f"{MODULE}.mail_act_sakip_letter_sign", raise_if_not_found=False)
        submission_type = self.env.ref(
            f"{MODULE}.mail_act_sakip_pk_submission", raise_if_not_found=False
        )
        sign_activities = self.filtered(lambda activity: activity.activity_type_id == sign_type)
        submission_activities = self.filtered(
            lambda activity: activity.activity_type_id == submission_type
            and activity.res_model == "sakip.pk.submission"
        )
        step_activities = (self - sign_activities - submission_activities).filtered(
            "sakip_run_step_id"
        )
        # The documents close their signing activities themselves.
        for model, activities in sign_activities.grouped("res_model").items():
            self.env[model].browse(activities.mapped("res_id")).action_sign()
        if submission_activities:
            not_theirs = submission_activities.filtered(
                lambda activity: activity.user_id != self.env.user
            )
            if not_theirs:
                raise AccessError(
                    self.env._(
                        "Only %(user)s, to whom it is assigned, may mark this activity "
                        "done: it submits the lines of the bidang. Tim Perencanaan "
                        "submits for a bidang with the Submit button of its submission.",
                        user=not_theirs[0].user_id.name,
                    )
                )
            # The submissions close their bidang's activities themselves.
            self.env["sakip.pk.submission"].browse(
                set(submission_activities.mapped("res_id"))
            ).action_submit()
        if step_activities:
            # Files dropped on the activities become outputs of their steps.
            activity_attachments = self.env["ir.attachment"].search(
                [("res_model", "=", self._name), ("res_id", "in", step_activities.ids)]
            )
            attachments = activity_attachments | self.env["ir.attachment"].browse(
                attachment_ids or []
            )
            for step in step_activities.sakip_run_step_id:
                step.action_done(note=feedback or None, attachment_ids=attachments.ids or None)
        others = (self - sign_activities - submission_activities - step_activities).exists()
        if not others:
            return self.env["mail.message"], self.env["mail.activity"]
        return super(MailActivity, others)._action_done(
            feedback=feedback, attachment_ids=attachment_ids
        )
