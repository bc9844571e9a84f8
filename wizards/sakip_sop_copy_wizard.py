# Copyright 2024 SAKIP Indonesia
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import api, fields, models


class SakipSopCopyWizard(models.TransientModel):
    """Copy an SOP into another office: its actors and letter types are
    matched there by code, or copied (sakip.sop.copy_data)."""

    _name = "sakip.sop.copy.wizard"
    _description = "Copy SOP to Another Office"

    sop_id = fields.Many2one(
        comodel_name="sakip.sop",
        string="SOP",
        required=True,
        readonly=True,
        ondelete="cascade",
        default=lambda self: self._default_sop_id(),
    )
    company_id = fields.Many2one(
        comodel_name="res.company",
        string="Office",
        required=True,
        domain=lambda self: [("id", "in", self.env.user.company_ids.ids)],
        help="The office that receives the copy. Its actors and letter types with the "
        "same codes are used; those it lacks are copied too.",
    )
    is_current = fields.Boolean(
        string="In force",
        default=True,
        help="Put the copy in force in that office (refused if another SOP of the "
        "procedure is in force there).",
    )

    @api.model
    def _default_sop_id(self):
        if self.env.context.get("active_model") == "sakip.sop":
            return self.env.context.get("active_id")
        return False

    def action_copy(self):
        """Copy the SOP and open the copy."""
        self.ensure_one()
        sop = (
            self.sop_id.with_company(self.company_id)
            .copy({"company_id": self.company_id.id, "is_current": self.is_current})
            .with_env(self.env)
        )
        return {
            "type": "ir.actions.act_window",
            "res_model": "sakip.sop",
            "res_id": sop.id,
            "view_mode": "form",
            "target": "current",
            "context": {"allowed_company_ids": (self.company_id | self.env.companies).ids},
        }
