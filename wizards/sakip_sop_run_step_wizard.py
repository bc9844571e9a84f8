# Copyright 2024 SAKIP Indonesia
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import api, fields, models
from odoo.exceptions import UserError


class SakipSopRunStepWizard(models.TransientModel):
    """Complete, send back or skip a step of an SOP run, with a note or reason
    and the outputs to attach. The step's action method checks the rights."""

    _name = "sakip.sop.run.step.wizard"
    _description = "SOP Run Step Action"

    step_id = fields.Many2one(
        comodel_name="sakip.sop.run.step",
        required=True,
        readonly=True,
        ondelete="cascade",
    )
    run_id = fields.Many2one(related="step_id.run_id")
    mode = fields.Selection(
        selection=[
            ("done", "Done"),
            ("send_back", "Send back"),
            ("skip", "Skip"),
        ],
        required=True,
        default="done",
        readonly=True,
    )
    instructions = fields.Text(related="step_id.instructions")
    output_line_ids = fields.One2many(
        comodel_name="sakip.sop.run.step.wizard.output",
        inverse_name="wizard_id",
        string="Outputs",
        help="One file per named output of the step; the required ones must be given.",
    )
    send_back_sequence = fields.Integer(related="step_id.send_back_sequence")
    send_back_target = fields.Char(
        string="Back to",
        compute="_compute_send_back_target",
        help="The step the draft returns to.",
    )
    preview = fields.Html(
        string="What will be sent",
        compute="_compute_preview",
        sanitize=False,
        help="What completing the step does (e.g. the email to the recipients), "
        "shown before confirming.",
    )
    quantity_label = fields.Char(related="step_id.quantity_label")
    quantity = fields.Integer(
        help="The positive whole number the step asks for (e.g. the number of copies).",
    )
    existing_attachment_ids = fields.Many2many(
        related="step_id.attachment_ids",
        string="Attached outputs",
    )
    note = fields.Text(help="What was done (optional).")
    reason = fields.Text(
        help="Why the step goes back or is skipped (required): the next "
        "activity's note and the step's record show it.",
    )
    attachment_ids = fields.Many2many(
        comodel_name="ir.attachment",
        relation="sakip_sop_run_step_wizard_attachment_rel",
        column1="wizard_id",
        column2="attachment_id",
        string="Outputs to attach",
    )

    @api.model
    def default_get(self, fields_list):
        values = super().default_get(fields_list)
        if values.get("step_id") and values.get("mode") == "done":
            step = self.env["sakip.sop.run.step"].browse(values["step_id"])
            if step.state != "in_progress":
                raise UserError(
                    self.env._(
                        "The step “%(name)s” is not in progress.",
                        name=step._sop_label(),
                    )
                )
            if "output_line_ids" in fields_list:
                values["output_line_ids"] = [
                    fields.Command.create(
                        {
                            "sequence": index,
                            "name": slot["name"],
                            "required": bool(slot.get("required")),
                            "given": bool(slot.get("attachment_id")),
                        }
                    )
                    for index, slot in enumerate(step.output_slots or [])
                ]
        return values

    @api.depends("step_id", "mode")
    @api.depends_context("lang")
    def _compute_send_back_target(self):
        for wizard in self:
            step = wizard.step_id
            target = step._sop_send_back_target() if wizard.mode == "send_back" else False
            wizard.send_back_target = (
                self.env._("Back to: %(name)s", name=target.name) if target else False
            )

    @api.depends("step_id", "mode")
    def _compute_preview(self):
        for wizard in self:
            document = wizard.step_id.run_id._sop_document()
            wizard.preview = (
                document._sop_step_preview(wizard.step_id)
                if document and wizard.mode == "done"
                else False
            )

    def _upload_outputs(self):
        """The files given for the named outputs, as attachments of the
        dialog (the step keeps them): ``{output name: attachment id}``."""
        lines = self.output_line_ids.filtered("file")
        attachments = self.env["ir.attachment"].create(
            [
                {
                    "name": line.filename or line.name,
                    "datas": line.file,
                    "res_model": self._name,
                    "res_id": self.id,
                }
                for line in lines
            ]
        )
        return {line.name: att.id for line, att in zip(lines, attachments, strict=True)}

    def _confirm_done(self):
        """Complete the step with what the dialog gives."""
        self.step_id.action_done(
            note=self.note or None,
            attachment_ids=self.attachment_ids.ids,
            quantity=self.quantity if self.quantity_label else None,
            outputs=self._upload_outputs() or None,
        )

    def action_confirm(self):
        self.ensure_one()
        step = self.step_id
        if self.mode == "done":
            self._confirm_done()
        elif self.mode == "send_back":
            step.action_send_back(self.reason)
        else:
            step.action_skip(self.reason)
        return {"type": "ir.actions.act_window_close"}
