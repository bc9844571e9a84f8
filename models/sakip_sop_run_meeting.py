# Copyright 2024 SAKIP Indonesia
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from datetime import datetime, time, timedelta

from markupsafe import Markup

from odoo import Command, fields, models
from odoo.exceptions import UserError
from odoo.tools import format_datetime, html2plaintext, plaintext2html


class SakipSopRun(models.Model):
    """The meeting of a run: planned at its "meeting invitation" step, with
    the invitees and the invitation's letter type that step names."""

    _inherit = "sakip.sop.run"

    event_id = fields.Many2one(
        comodel_name="calendar.event",
        string="Meeting",
        readonly=True,
        copy=False,
        ondelete="set null",
        help="The meeting planned at the invitation step, in the calendar.",
    )
    meeting_start = fields.Datetime(related="event_id.start", string="Meeting starts")
    meeting_location = fields.Char(related="event_id.location", string="Meeting place")
    invitation_id = fields.Many2one(
        comodel_name="sakip.letter",
        readonly=True,
        copy=False,
        ondelete="set null",
        help="The numbered invitation to the meeting, issued when the meeting is planned.",
    )

    def _sop_meeting_attendees(self):
        """Return ``(partners, employees without contact)`` invited to the
        run's meeting: the users of the actors and groups its invitation step
        names (in the run's company), and the employees its document adds
        (``invitees`` handler of its model), through their user's partner or
        work contact."""
        if not self:
            return self.env["res.partner"], self.env["hr.employee"]
        self.ensure_one()
        step = self.current_step_id
        if step.kind != "meeting_invite":
            step = self.step_ids.filtered(lambda s: s.kind == "meeting_invite")[-1:]
        definition = step.sop_step_id
        groups = definition.invitee_actor_ids.group_id | definition.invitee_group_ids
        users = self.env["res.users"]
        for group in groups:
            users |= step._sop_group_users(group)
        # The document's handlers, or its model's when the run has no document.
        client = self._sop_document()
        if client is None and self.sop_id.res_model in self.env.registry:
            client = self.env[self.sop_id.res_model]
        employees = client._sop_step_invitees(step) if client is not None and step else None
        partners = users.partner_id
        missing = self.env["hr.employee"]
        # sudo: the invitees' contacts, which users without HR rights may not read.
        for employee in (employees or missing).sudo():
            partner = employee.user_id.partner_id or employee.work_contact_id
            if partner:
                partners |= partner
            else:
                missing |= employee
        return partners.with_env(self.env), missing.with_env(self.env)

    def _sop_meeting_defaults(self):
        """Values of the meeting wizard: those of the planned meeting, else the
        next working day from 09:00 to 11:00 (calendar time)."""
        self.ensure_one()
        values = {"run_id": self.id}
        if self.event_id:
            values.update(
                name=self.event_id.name,
                start=self.event_id.start,
                stop=self.event_id.stop,
                location=self.event_id.location,
                agenda=html2plaintext(self.event_id.description or "") or False,
            )
            return values
        calendar = self.company_id._get_sakip_calendar()
        tz = calendar._sakip_tz()
        next_day = calendar._sakip_to_local(
            calendar._sakip_plan(fields.Datetime.now(), 1, "working_day"), tz
        ).date()
        start = calendar._sakip_to_utc(datetime.combine(next_day, time(9, 0)), tz)
        values.update(
            name=f"Rapat {self.sop_id.name or ''} Tahun {self.fiscal_year}".replace("  ", " "),
            start=start,
            stop=start + timedelta(hours=2),
        )
        return values

    def action_plan_meeting(self):
        """Open the wizard planning the meeting (invitation step)."""
        self.ensure_one()
        self._sop_meeting_step()._check_can_act()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Plan the meeting"),
            "res_model": "sakip.sop.meeting.wizard",
            "views": [(False, "form")],
            "target": "new",
            "context": {"default_run_id": self.id},
        }

    def action_open_meeting(self):
        self.ensure_one()
        if not self.event_id:
            return False
        return {
            "type": "ir.actions.act_window",
            "res_model": "calendar.event",
            "res_id": self.event_id.id,
            "views": [(False, "form")],
            "target": "current",
        }

    def _sop_meeting_step(self):
        """The invitation step in progress, or a UserError."""
        self.ensure_one()
        step = self.current_step_id
        if self.state != "running" or step.kind != "meeting_invite":
            raise UserError(
                self.env._(
                    "The meeting of %(run)s is planned at its invitation step, which is "
                    "not in progress.",
                    run=self.display_name,
                )
            )
        return step

    def _sop_invitation_type(self, step):
        """The letter type of the invitation of ``step`` (named on its
        definition), checked with its signer before anything is created."""
        code = step.sop_step_id.letter_type_code
        if not code:
            raise UserError(
                self.env._(
                    "The step “%(step)s” names no letter type for its invitation: a SAKIP "
                    "administrator sets it on the step (SAKIP > Configuration > SOPs).",
                    step=step.name,
                )
            )
        letter_type = self.env["sakip.letter.type"]._sakip_get(code, self.company_id)
        self.env["sakip.letter"]._sakip_check_signer_employee(
            # sudo: the office's Sekretaris, named in its settings.
            self.company_id.sudo().sakip_secretary_employee_id,
            self.env._("the invitation to the meeting"),
        )
        return letter_type

    def _sop_plan_meeting(self, name, start, stop, location, agenda=None):
        """Create the calendar event of the run's meeting (or move it) with
        its invitees as attendees, and issue the numbered invitation.

        Only the users who may do the invitation step (in progress) may plan it.
        """
        self.ensure_one()
        step = self._sop_meeting_step()
        step._check_can_act()
        if not start or not stop or stop <= start:
            raise UserError(self.env._("The meeting must end after it starts."))
        if self.invitation_id.state == "issued":
            raise UserError(
                self.env._(
                    "The invitation %(letter)s is signed: the meeting it announces cannot "
                    "be changed. Cancel the invitation (Outgoing Letters) to plan the "
                    "meeting again with a new one.",
                    letter=self.invitation_id.name,
                )
            )
        # Before anything is created; a refused (cancelled) invitation is
        # replaced by a new one.
        letter_type = None
        if self.invitation_id.state != "to_sign":
            letter_type = self._sop_invitation_type(step)
        partners, missing = self._sop_meeting_attendees()
        vals = {
            "name": name,
            "start": start,
            "stop": stop,
            "location": location,
            "description": plaintext2html(agenda) if agenda else False,
            "partner_ids": [Command.set((partners | self.env.user.partner_id).ids)],
        }
        moved = bool(self.event_id)
        if moved:
            self.event_id.write(vals)
        else:
            event = self.env["calendar.event"].create(
                dict(
                    vals,
                    user_id=self.env.uid,
                    res_model_id=self.env["ir.model"]._get_id(self._name),
                    res_id=self.id,
                )
            )
            # sudo: the engine's write (users only read runs).
            self.sudo()._sakip_workflow_write({"event_id": event.id})
        if letter_type:
            values = self._sop_invitation_values(self.event_id, step)
            invitation = letter_type._sakip_issue(values)
            # sudo: the engine's write (users only read runs).
            self.sudo()._sakip_workflow_write({"invitation_id": invitation.id})
        self._sop_post(self._sop_meeting_lines(start, location, moved, missing, letter_type))
        return self.event_id

    def _sop_meeting_lines(self, start, location, moved, missing, letter_type):
        calendar = self.company_id._get_sakip_calendar()
        when = format_datetime(self.env, start, tz=calendar._sakip_tz().zone, dt_format="short")
        if moved:
            label = self.env._(
                "Meeting moved by %(user)s: %(start)s, %(place)s.",
                user=self.env.user.name,
                start=when,
                place=location,
            )
        else:
            label = self.env._(
                "Meeting planned by %(user)s: %(start)s, %(place)s.",
                user=self.env.user.name,
                start=when,
                place=location,
            )
        lines = [Markup("<b>%s</b>") % label]
        if missing:
            lines.append(
                self.env._(
                    "Not invited in the calendar (no user nor work contact): %(names)s.",
                    names=", ".join(missing.mapped("name")),
                )
            )
        if letter_type:
            lines.append(
                self.env._(
                    "Invitation %(number)s issued, to be signed by %(signer)s.",
                    number=self.invitation_id.name,
                    # sudo: the signer's name, as printed on the letter.
                    signer=self.invitation_id.signer_employee_id.sudo().name,
                )
            )
        return lines

    def _sop_invitation_values(self, event, step):
        """Values of the invitation (``sakip.letter``) to the run's meeting,
        signed by the office's secretary; its addressees are the step's."""
        self.ensure_one()
        company = self.company_id
        document = self._sop_document()
        office = company.sakip_office_name or company.name
        definition = step.sop_step_id
        addressees = definition.addressee_text or ", ".join(
            definition.invitee_actor_ids.mapped("name")
        )
        return {
            "subject": f"Undangan {event.name}",
            "event_id": event.id,
            "run_id": self.id,
            "res_model": document._name if document else False,
            "res_id": document.id if document else False,
            "signer_employee_id": company.sakip_secretary_employee_id.id,
            "addressee_text": addressees.replace("{office}", office),
            "cc_text": "Arsip",
        }
