# Copyright 2024 SAKIP Indonesia
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import api, fields, models
from odoo.exceptions import ValidationError

#: The kinds of work the engine knows: a client document adds its own with
#: ``selection_add`` and names their handlers in its table
#: (``sakip.sop.document.mixin._sop_kind_handlers``). "order" completes
#: when the run starts, with the text (or file) its run starts with.
STEP_KINDS = [
    ("generic", "Generic"),
    ("order", "Order (done when the run starts)"),
    ("meeting_invite", "Meeting invitation"),
    ("meeting", "Meeting"),
    ("review", "Review"),
    ("signature", "Signature"),
]
ENGINE_KINDS = tuple(kind for kind, _label in STEP_KINDS)

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
    _inherit = ["sakip.workflow.owned.mixin"]
    _description = "SOP Step"
    _order = "sop_id, sequence, id"
    _rec_name = "name"
    _check_company_auto = True
    #: Configuration, written by SAKIP administrators, except the copy of the
    #: SOP's company and the computed norm (sakip.workflow.owned.mixin).
    _sakip_workflow_fields = frozenset({"company_id", "duration_minutes"})
    _sakip_user_fields = frozenset(
        {
            "sop_id",
            "sequence",
            "name",
            "actor_id",
            "participant_actor_ids",
            "requirement",
            "duration_value",
            "duration_unit",
            "output",
            "note",
            "kind",
            "activity_type_id",
            "instructions",
            "send_back_step_id",
            "output_ids",
            "quantity_label",
            "invitee_actor_ids",
            "invitee_group_ids",
            "letter_type_code",
            "addressee_text",
        }
    )

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
    # Routing: who does the step is actor_id.group_id; the fields below say what
    # the SOP run does with it (see sakip.sop.run.step).
    kind = fields.Selection(
        selection=STEP_KINDS,
        required=True,
        default="generic",
        help="What kind of work the step is. The engine knows some kinds (order, "
        "meeting…); the document the run produces handles its own.",
    )
    activity_type_id = fields.Many2one(
        comodel_name="mail.activity.type",
        string="Activity type",
        domain="['|', ('res_model', '=', False), ('res_model', '=', 'sakip.sop.run')]",
        help="Type of the activity given to each user who may do the step.",
    )
    instructions = fields.Text(
        help="What to do and what to attach: the note of the activity.",
    )
    send_back_step_id = fields.Many2one(
        comodel_name="sakip.sop.step",
        string="Send back to",
        domain="[('sop_id', '=', sop_id), ('sequence', '<', sequence)]",
        ondelete="set null",
        help="The earlier step a draft returns to when this step sends it back. "
        "Empty: the step cannot send back.",
    )
    output_ids = fields.One2many(
        comodel_name="sakip.sop.step.output",
        inverse_name="step_id",
        string="Outputs to give",
        copy=True,
        help="Named files the step produces (e.g. Berita Acara Rapat, Notula Rapat): "
        "its Done dialog asks for one file per output, and the required ones must "
        "be given before the step can be done.",
    )
    quantity_label = fields.Char(
        string="Quantity to record",
        translate=True,
        help="When set (e.g. Number of copies), completing the step asks for a "
        "positive whole number under this label, kept on the run's step.",
    )
    # The meeting a "meeting invitation" step plans.
    invitee_actor_ids = fields.Many2many(
        comodel_name="sakip.sop.actor",
        relation="sakip_sop_step_invitee_actor_rel",
        column1="step_id",
        column2="actor_id",
        string="Invited actors",
        check_company=True,
        help="The users of these actors are invited to the meeting the step plans.",
    )
    invitee_group_ids = fields.Many2many(
        comodel_name="res.groups",
        relation="sakip_sop_step_invitee_group_rel",
        column1="step_id",
        column2="group_id",
        string="Invited groups",
        help="The users of these groups (in the run's company) are invited to the meeting.",
    )
    letter_type_code = fields.Char(
        string="Invitation letter type",
        help="Code of the letter type (SAKIP > Configuration > Letter Types) of the "
        "invitation the step issues when it plans the meeting.",
    )
    addressee_text = fields.Char(
        string="Invitation addressees",
        help="Printed as the addressees (Yth.) of the invitation; {office} is replaced "
        "by the office's name. Empty: the invited actors' names.",
    )

    _sql_constraints = [
        (
            "sop_sequence_uniq",
            "UNIQUE(sop_id, sequence)",
            "Each step number may appear only once in an SOP.",
        ),
    ]

    @api.model_create_multi
    def create(self, vals_list):
        # Send-backs copied from another SOP are checked once remapped.
        steps = (
            super(SakipSopStep, self.with_context(sakip_sop_step_remap=True))
            .create(vals_list)
            .with_env(self.env)
        )
        steps._remap_send_back_steps()
        return steps

    def _remap_send_back_steps(self):
        """Point send-backs copied from another SOP (e.g. by duplicating it) to
        the step of the same number in the step's own SOP."""
        for step in self.filtered(
            lambda s: s.send_back_step_id and s.send_back_step_id.sop_id != s.sop_id
        ):
            target = step.sop_id.step_ids.filtered(
                lambda s, number=step.send_back_step_id.sequence: s.sequence == number
            )
            step.send_back_step_id = target[:1]

    @api.constrains("send_back_step_id", "sequence", "sop_id")
    def _check_send_back_step(self):
        for step in self.filtered("send_back_step_id"):
            target = step.send_back_step_id
            if target.sop_id != step.sop_id and self.env.context.get("sakip_sop_step_remap"):
                continue
            if target.sop_id != step.sop_id or target.sequence >= step.sequence:
                raise ValidationError(
                    self.env._(
                        "The step “%(step)s” can only send back to an earlier step of the "
                        "same SOP.",
                        step=step.name,
                    )
                )

    @api.constrains("kind", "sop_id")
    def _check_kind_handled(self):
        self.sop_id.filtered(lambda sop: sop.is_current and sop.active)._sop_check_step_kinds()

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
                        "The norm duration of the step “%(activity)s” must be greater than zero.",
                        activity=step.name,
                    )
                )

    @api.depends("sequence", "name")
    def _compute_display_name(self):
        for step in self:
            step.display_name = f"{step.sequence}. {step.name or ''}".strip()
