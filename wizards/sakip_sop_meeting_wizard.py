# Copyright 2024 SAKIP Indonesia
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import api, fields, models


class SakipSopMeetingWizard(models.TransientModel):
    """Plan the meeting of an SOP run at its invitation step: date and time,
    place and agenda. The run creates (or moves) the calendar event with its
    attendees and issues the numbered invitation; it checks the rights."""

    _name = "sakip.sop.meeting.wizard"
    _description = "Plan the Meeting of an SOP Run"

    run_id = fields.Many2one(
        comodel_name="sakip.sop.run",
        required=True,
        readonly=True,
        ondelete="cascade",
    )
    name = fields.Char(
        string="Meeting",
        required=True,
        help="Name of the meeting in the calendar; the invitation's subject is "
        "Undangan followed by this name.",
    )
    start = fields.Datetime(required=True)
    stop = fields.Datetime(string="End", required=True)
    location = fields.Char(string="Place", required=True)
    agenda = fields.Text(help="Printed on the invitation and written in the calendar event.")
    attendee_partner_ids = fields.Many2many(
        comodel_name="res.partner",
        string="Attendees",
        compute="_compute_attendee_partner_ids",
        help="The users of the actors and groups the invitation step names, and the "
        "people its document invites.",
    )

    @api.model
    def default_get(self, fields_list):
        values = super().default_get(fields_list)
        run = self.env["sakip.sop.run"].browse(values.get("run_id"))
        if run:
            values.update(run._sop_meeting_defaults())
        return values

    @api.depends("run_id")
    def _compute_attendee_partner_ids(self):
        for wizard in self:
            wizard.attendee_partner_ids = wizard.run_id._sop_meeting_attendees()[0]

    def action_confirm(self):
        self.ensure_one()
        self.run_id._sop_plan_meeting(
            name=self.name,
            start=self.start,
            stop=self.stop,
            location=self.location,
            agenda=self.agenda,
        )
        return {"type": "ir.actions.act_window_close"}
