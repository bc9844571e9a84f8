# Copyright 2024 SAKIP Indonesia
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import api, fields, models
from odoo.exceptions import ValidationError

#: Minutes in one unit of a clock-time duration. Working days are counted
#: apart: how long a working day is depends on the working calendar.
MINUTES_PER_UNIT = {"minute": 1, "hour": 60}


def duration_to_minutes(value, unit):
    """Return the norm duration ``value`` ``unit`` in whole minutes.

    Durations in working days return 0: they are summed as days, not minutes.
    """
    factor = MINUTES_PER_UNIT.get(unit)
    if not factor or not value:
        return 0
    return int(round(value * factor))


class SakipSopStep(models.Model):
    """One numbered activity of an SOP, with its norm (Mutu Baku)."""

    _name = "sakip.sop.step"
    _description = "SOP Step"
    _order = "sop_id, sequence, id"
    _rec_name = "name"
    _check_company_auto = True

    sop_id = fields.Many2one(
        comodel_name="sakip.sop",
        string="SOP",
        required=True,
        ondelete="cascade",
        index=True,
    )
    company_id = fields.Many2one(
        related="sop_id.company_id",
        store=True,
        index=True,
    )
    sequence = fields.Integer(
        string="No.",
        required=True,
        default=1,
        help="Official number of the step on the SOP sheet.",
    )
    name = fields.Text(string="Activity", required=True)
    actor_id = fields.Many2one(
        comodel_name="sakip.sop.actor",
        required=True,
        ondelete="restrict",
        index=True,
        check_company=True,
        help="The actor (Pelaksana) who completes the step.",
    )
    participant_actor_ids = fields.Many2many(
        comodel_name="sakip.sop.actor",
        relation="sakip_sop_step_participant_actor_rel",
        column1="step_id",
        column2="actor_id",
        string="Participants",
        check_company=True,
        help="Other actor lanes involved in the step, as drawn on the SOP sheet.",
    )
    requirement = fields.Char(
        string="Requirement / input",
        help="Requirements or inputs of the step (Persyaratan/Kelengkapan).",
    )
    duration_value = fields.Float(
        string="Duration",
        required=True,
        default=1.0,
        help="Norm time of the step (Waktu), in the duration unit.",
    )
    duration_unit = fields.Selection(
        selection=[
            ("minute", "Minutes"),
            ("hour", "Hours"),
            ("working_day", "Working days"),
        ],
        string="Unit",
        required=True,
        default="hour",
    )
    duration_minutes = fields.Integer(
        string="Duration (minutes)",
        compute="_compute_duration_minutes",
        store=True,
        help="Norm time in minutes for steps measured in minutes or hours; "
        "0 for steps measured in working days.",
    )
    output = fields.Char()
    note = fields.Text()

    _sql_constraints = [
        (
            "sop_sequence_uniq",
            "UNIQUE(sop_id, sequence)",
            "Each step number may appear only once in an SOP.",
        ),
    ]

    @api.depends("duration_value", "duration_unit")
    def _compute_duration_minutes(self):
        for step in self:
            step.duration_minutes = duration_to_minutes(step.duration_value, step.duration_unit)

    @api.constrains("duration_value")
    def _check_duration_value(self):
        for step in self:
            if step.duration_value <= 0:
                raise ValidationError(
                    self.env._(
                        "The norm duration of step %(number)s (%(activity)s) "
                        "must be greater than zero.",
                        number=step.sequence,
                        activity=step.name,
                    )
                )

    @api.depends("sequence", "name")
    def _compute_display_name(self):
        for step in self:
            step.display_name = f"{step.sequence}. {step.name or ''}".strip()
