# Copyright 2024 SAKIP Indonesia
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
import os

from odoo import fields, models
from odoo.exceptions import AccessError, UserError
from odoo.tools import SQL, format_datetime

from .sakip_sop_run_step_routing import sop_transition


class SakipSopRunStep(models.Model):
    """The transitions of a step (Done, Send back, Skip) and their checks:
    each is guarded by the one permission check, then locks its rows."""

    _inherit = "sakip.sop.run.step"

    @sop_transition
    def action_done(self, note=None, attachment_ids=None, quantity=None, outputs=None):
        """Complete the steps (in progress) and start the next step of their runs.

        :param note: what the user says about the work done
        :param attachment_ids: ids of uploaded files that become the step's outputs
        :param quantity: the positive whole number asked by steps with a
            ``quantity_label`` (e.g. the number of copies made)
        :param outputs: ``{output name: attachment id}``: the files of the
            step's named outputs (one step only), kept under the output's name
        """
        self._lock_for_transition()
        self._check_can_act()
        self._check_in_progress()
        self._check_quantity(quantity)
        self._check_meeting_over()
        self._check_output_slots(outputs or {})
        if attachment_ids:
            self._sop_attach(self.env["ir.attachment"].browse(attachment_ids))
        if outputs:
            self._sop_fill_slots(outputs)
        self._check_outputs()
        self._sop_close("done", note=note, quantity=quantity)
        self._sop_advance()
        return True

    @sop_transition
    def action_send_back(self, reason):
        """Send the draft back to the SOP's send-back step (e.g. 9 -> 8) with a reason.

        The steps from the target to this one run again: new instances
        (iteration + 1) are created in one create, the target starts.
        """
        self._lock_for_transition()
        self._check_can_act()
        self._check_in_progress()
        reason = (reason or "").strip()
        if not reason:
            raise UserError(self.env._("Give the reason for sending the step back."))
        for step in self:
            if not step.send_back_sequence:
                raise UserError(
                    self.env._(
                        "The step “%(name)s” cannot send back: its SOP gives it "
                        "no step to return to.",
                        name=step._sop_label(),
                    )
                )
        self._sop_close("sent_back", note=reason)
        vals_list = []
        for step in self:
            latest = {}
            for other in step.run_id.step_ids.sorted(self._sop_order_key):
                if step.send_back_sequence <= other.sequence <= step.sequence:
                    latest[other.sequence] = other
            vals_list += [
                dict(other._sop_copy_values(), iteration=other.iteration + 1)
                for other in latest.values()
            ]
        # sudo: users only read step instances; the permission check above
        # guards this transition.
        new_steps = self.sudo()._sakip_workflow_create(vals_list).with_env(self.env)
        targets = self.browse()
        by_run = new_steps.grouped("run_id")
        for step in self:
            target = by_run[step.run_id].sorted(self._sop_order_key)[:1]
            # sudo: the engine's write (users only read step instances).
            target.sudo()._sakip_workflow_write(
                {
                    "returned_reason": self.env._(
                        "Sent back by “%(step)s” (%(user)s): %(reason)s",
                        step=step._sop_label(),
                        user=self.env.user.name,
                        reason=reason,
                    )
                }
            )
            targets |= target
        for run in self.run_id:
            # sudo: the engine's write (users only read runs).
            run.sudo()._sakip_workflow_write({"send_back_count": run.send_back_count + 1})
        targets._sop_begin(fields.Datetime.now())
        self._sop_after_transition(targets, reason=reason)
        return True

    @sop_transition
    def action_skip(self, reason):
        """Skip the steps (administrators only, with a reason).

        A step in progress is closed and the next one starts; a waiting step
        will simply not run.
        """
        self._lock_for_transition()
        self._check_can_act(admin_only=True)
        reason = (reason or "").strip()
        if not reason:
            raise UserError(self.env._("Give the reason for skipping the step."))
        for step in self:
            if step.state not in ("waiting", "in_progress"):
                raise UserError(
                    self.env._(
                        "The step “%(name)s” is already closed.",
                        name=step._sop_label(),
                    )
                )
        running = self.filtered(lambda s: s.state == "in_progress")
        waiting = self - running
        # sudo: the engine's write (users only read step instances).
        waiting.sudo()._sakip_workflow_write({"state": "skipped", "skip_reason": reason})
        for step in waiting:
            step.run_id._sop_post(
                [
                    self.env._(
                        "“%(step)s” will be skipped, by %(user)s: %(reason)s",
                        step=step._sop_label(),
                        user=self.env.user.name,
                        reason=reason,
                    )
                ]
            )
        if running:
            running._sop_close("skipped", note=reason)
            running._sop_advance()
        return True

    def _lock_for_transition(self):
        """Lock the steps' rows, refusing at once if another transaction holds them.

        Two users completing the same step at the same moment: the second one
        gets a clear refusal instead of waiting and completing it again. The
        rows another transaction holds are skipped, not waited for (one query,
        and no failed statement to roll back). The lock comes before the
        permission check, so that the steps are read once, locked (a user who
        may not act is refused next, and the transaction with its lock is
        rolled back).
        """
        self.env.cr.execute(
            SQL(
                "SELECT id FROM %s WHERE id IN %s FOR UPDATE SKIP LOCKED",
                SQL.identifier(self._table),
                tuple(self.ids),
            )
        )
        locked = {row[0] for row in self.env.cr.fetchall()}
        if (self - self.browse(locked)).exists():
            raise UserError(
                self.env._(
                    "This step is being completed by someone else: reload the page "
                    "to see what they did."
                )
            )
        # Re-read what the lock protects (state and friends).
        self.invalidate_recordset()

    def _check_in_progress(self):
        for step in self:
            if step.state != "in_progress":
                current = step.run_id.current_step_id
                raise UserError(
                    self.env._(
                        "The step “%(name)s” is not in progress; the current "
                        "step is %(current)s.",
                        name=step._sop_label(),
                        current=current._sop_label() if current else self.env._("none"),
                    )
                )

    def _check_quantity(self, quantity):
        """Refuse completing a step that asks for a quantity without a positive whole number."""
        for step in self.filtered("quantity_label"):
            if isinstance(quantity, bool) or not isinstance(quantity, int) or quantity <= 0:
                raise UserError(
                    self.env._(
                        "The step “%(name)s” asks for %(label)s: give a whole "
                        "number greater than zero with its Done button.",
                        name=step._sop_label(),
                        label=step.quantity_label,
                    )
                )

    def _check_outputs(self):
        """Refuse completion while a required output is missing or the meeting
        of an invitation step is not planned, then ask the document."""
        for step in self:
            if step.kind == "meeting_invite" and not step.run_id.event_id:
                raise UserError(
                    self.env._(
                        "The step “%(name)s” cannot be done before the meeting is "
                        "planned: use Plan the meeting on the run.",
                        name=step._sop_label(),
                    )
                )
            if step.kind in ("meeting_invite", "meeting"):
                step._check_invitation_signed()
        self._sop_call_hook("_sop_check_step_done")

    def _check_meeting_over(self):
        """Refuse completing a meeting step before the meeting's end."""
        now = fields.Datetime.now()
        for step in self.filtered(lambda s: s.kind == "meeting"):
            event = step.run_id.event_id
            if event.stop and event.stop > now:
                calendar = step.company_id._get_sakip_calendar()
                raise UserError(
                    self.env._(
                        "The step “%(name)s” cannot be done before the meeting " "ends (%(end)s).",
                        name=step._sop_label(),
                        end=format_datetime(
                            self.env, event.stop, tz=calendar._sakip_tz().zone, dt_format="short"
                        ),
                    )
                )

    def _check_output_slots(self, outputs):
        """Refuse files for outputs the step does not have, and completing the
        step while a required output has no file (given now or before)."""
        for step in self:
            slots = step.output_slots or []
            names = {slot["name"] for slot in slots}
            unknown = sorted(set(outputs) - names)
            if unknown:
                raise UserError(
                    self.env._(
                        "The step “%(name)s” has no output named %(outputs)s.",
                        name=step._sop_label(),
                        outputs=", ".join(unknown),
                    )
                )
            missing = [
                slot["name"]
                for slot in slots
                if slot.get("required")
                and not slot.get("attachment_id")
                and not outputs.get(slot["name"])
            ]
            if missing:
                raise UserError(
                    self.env._(
                        "The step “%(name)s” cannot be done without these "
                        "outputs: %(missing)s. Give one file for each in the Done dialog.",
                        name=step._sop_label(),
                        missing=", ".join(missing),
                    )
                )

    def _sop_fill_slots(self, outputs):
        """Keep each file of ``outputs`` ({name: attachment id}) as the step's
        output of that name: renamed after it, and recorded in its slot."""
        self.ensure_one()
        files = {
            name: self.env["ir.attachment"].browse(att_id).exists()
            for name, att_id in outputs.items()
            if att_id
        }
        attachments = self.env["ir.attachment"].union(*files.values())
        self._sop_attach(attachments)
        slots = []
        for slot in self.output_slots or []:
            attachment = files.get(slot["name"])
            if attachment:
                extension = os.path.splitext(attachment.name or "")[1]
                # sudo: the file now belongs to the run, which users only read.
                attachment.sudo().name = f"{slot['name']}{extension}"
                slot = dict(slot, attachment_id=attachment.id)
            slots.append(slot)
        # sudo: the engine's write (users only read step instances).
        self.sudo()._sakip_workflow_write({"output_slots": slots})

    def _check_invitation_signed(self):
        """Refuse sending the invitation (step 4) or holding the meeting
        (step 5) while the run's invitation is not signed, naming its signer."""
        self.ensure_one()
        invitation = self.run_id.invitation_id
        if invitation.state == "to_sign":
            raise UserError(
                self.env._(
                    "The step “%(name)s” cannot be done before the invitation "
                    "%(letter)s is signed by %(signer)s (Outgoing Letters > To sign).",
                    name=self._sop_label(),
                    letter=invitation.name,
                    # sudo: the signer's name, as printed on the letter.
                    signer=invitation.signer_employee_id.sudo().name,
                )
            )
        if invitation.state == "cancelled" and self.kind == "meeting_invite":
            raise UserError(
                self.env._(
                    "The step “%(name)s” cannot be done: the invitation %(letter)s "
                    "is cancelled (%(reason)s). Plan the meeting again to issue a new one.",
                    name=self._sop_label(),
                    letter=invitation.name,
                    reason=invitation.cancel_reason or "",
                )
            )

    def _sop_attach(self, attachments):
        """Make ``attachments`` outputs of the step (and attachments of its run)."""
        self.ensure_one()
        attachments = attachments.exists()
        activity_ids = set(self.with_context(active_test=False).activity_ids.ids)
        for attachment in attachments.sudo():
            model, res_id = attachment.res_model, attachment.res_id
            allowed = (
                (model == "sakip.sop.run" and res_id == self.run_id.id)
                or (model == "mail.activity" and res_id in activity_ids)
                or (
                    (model == "sakip.sop.run.step.wizard" or not model)
                    and attachment.create_uid == self.env.user
                )
            )
            if not allowed:
                raise AccessError(
                    self.env._(
                        "%(file)s belongs to another document: it cannot become an "
                        "output of the step “%(step)s”.",
                        file=attachment.name,
                        step=self._sop_label(),
                    )
                )
        # sudo: uploads belong to the wizard or the activity until they are
        # moved to the run, which users only read.
        attachments.sudo().filtered(lambda a: a.res_model != "sakip.sop.run").write(
            {"res_model": "sakip.sop.run", "res_id": self.run_id.id}
        )
        # sudo: the engine's write (users only read step instances).
        self.sudo().attachment_ids = [fields.Command.link(att.id) for att in attachments]

    def _sop_link_outputs(self, attachments):
        """Show ``attachments`` of the run's document (e.g. its signed PDF) as
        outputs of the step, where they are."""
        # sudo: the engine's write (users only read step instances).
        self.sudo().write({"attachment_ids": [fields.Command.link(att.id) for att in attachments]})
