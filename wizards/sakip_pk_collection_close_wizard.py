# Copyright 2024 SAKIP Indonesia
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from markupsafe import Markup

from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.tools import plaintext2html


class SakipPkCollectionCloseWizard(models.TransientModel):
    """Close the collection (step 6) although some bidang have not submitted:
    they become missing, named in the step's note and on the chatter."""

    _name = "sakip.pk.collection.close.wizard"
    _description = "Close the Bidang Collection"

    step_id = fields.Many2one(
        comodel_name="sakip.sop.run.step",
        required=True,
        readonly=True,
        ondelete="cascade",
    )
    run_id = fields.Many2one(related="step_id.run_id")
    missing_ids = fields.Many2many(
        comodel_name="sakip.pk.submission",
        string="Missing bidang",
        compute="_compute_missing_ids",
        help="The bidang that have not submitted: they are recorded as missing.",
    )
    note = fields.Text(help="Why the collection closes without them (optional).")

    @api.depends("step_id")
    def _compute_missing_ids(self):
        for wizard in self:
            wizard.missing_ids = self.env["sakip.pk.submission"].search(
                [("step_id", "=", wizard.step_id.id), ("state", "in", ("pending", "returned"))]
            )

    @api.model
    def _open_for_step(self, step):
        if step.kind != "collection" or step.state != "in_progress":
            raise UserError(
                self.env._("Step %(number)s is not a collection in progress.", number=step.sequence)
            )
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Close the collection"),
            "res_model": self._name,
            "views": [(False, "form")],
            "target": "new",
            "context": {"default_step_id": step.id},
        }

    def action_confirm(self):
        self.ensure_one()
        step = self.step_id
        step._check_can_act()
        missing = self.env["sakip.pk.submission"].search(
            [("step_id", "=", step.id), ("state", "in", ("pending", "returned"))]
        )
        names = ", ".join(missing.department_id.mapped("name"))
        lines = []
        if missing:
            missing.action_mark_missing()
            lines.append(
                self.env._("Collection closed without the lines of: %(bidang)s.", bidang=names)
            )
        if self.note:
            lines.append(self.note)
        step.action_done(note="\n".join(lines) or None)
        pk = step.run_id._sop_document()
        if pk and missing:
            pk.message_post(
                body=Markup("%s%s")
                % (
                    self.env._(
                        "%(user)s closed the collection without the lines of: %(bidang)s.",
                        user=self.env.user.name,
                        bidang=names,
                    ),
                    plaintext2html(self.note) if self.note else "",
                ),
                subtype_xmlid="mail.mt_note",
            )
        return {"type": "ir.actions.act_window_close"}
