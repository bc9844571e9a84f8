# Copyright 2024 SAKIP Indonesia
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import fields, models


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    sakip_regency = fields.Char(related="company_id.sakip_regency", readonly=False)
    sakip_office_name = fields.Char(related="company_id.sakip_office_name", readonly=False)
    sakip_address = fields.Text(related="company_id.sakip_address", readonly=False)
    sakip_sign_city = fields.Char(related="company_id.sakip_sign_city", readonly=False)
    sakip_phone = fields.Char(related="company_id.phone", readonly=False)
    sakip_email = fields.Char(related="company_id.email", readonly=False)
    sakip_website = fields.Char(related="company_id.website", readonly=False)
    sakip_logo = fields.Binary(related="company_id.logo", readonly=False)
    sakip_logo_is_placeholder = fields.Boolean(related="company_id.sakip_logo_is_placeholder")
    sakip_pk_heading = fields.Selection(related="company_id.sakip_pk_heading", readonly=False)
    sakip_pk_party_label = fields.Selection(
        related="company_id.sakip_pk_party_label", readonly=False
    )
    sakip_pk_statement = fields.Text(related="company_id.sakip_pk_statement", readonly=False)
    sakip_pk_font = fields.Selection(related="company_id.sakip_pk_font", readonly=False)
    sakip_pk_font_size = fields.Float(related="company_id.sakip_pk_font_size", readonly=False)
    sakip_pk_unit_in_target = fields.Boolean(
        related="company_id.sakip_pk_unit_in_target", readonly=False
    )
    sakip_pk_amount_prefix = fields.Boolean(
        related="company_id.sakip_pk_amount_prefix", readonly=False
    )
    sakip_head_employee_id = fields.Many2one(
        related="company_id.sakip_head_employee_id",
        readonly=False,
        domain="[('company_id', '=', company_id)]",
    )
    sakip_secretary_employee_id = fields.Many2one(
        related="company_id.sakip_secretary_employee_id",
        readonly=False,
        domain="[('company_id', '=', company_id)]",
    )
    sakip_regent_name = fields.Char(related="company_id.sakip_regent_name", readonly=False)
    sakip_regent_title = fields.Char(related="company_id.sakip_regent_title", readonly=False)
    sakip_recipient_ids = fields.Many2many(
        related="company_id.sakip_recipient_ids",
        readonly=False,
    )
    sakip_reminder_lead_hours = fields.Integer(
        related="company_id.sakip_reminder_lead_hours",
        readonly=False,
    )
    sakip_calendar_id = fields.Many2one(
        related="company_id.sakip_calendar_id",
        readonly=False,
        domain="['|', ('company_id', '=', False), ('company_id', '=', company_id)]",
    )

    def action_sakip_setup_office(self):
        """Settings > SAKIP > Set up this office (res.company checks who may)."""
        self.ensure_one()
        return self.company_id.action_sakip_setup_office()

    def action_sakip_pk_preview(self):
        """Settings > SAKIP > Preview: the office's latest agreement not yet
        signed, printed in the format just saved (marked DRAF). The client saves
        the settings before calling a button: related fields are written then."""
        self.ensure_one()
        return self.company_id._sakip_pk_preview_action()
