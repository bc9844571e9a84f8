# Copyright 2024 SAKIP Indonesia
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import api, fields, models
from odoo.exceptions import ValidationError

from ..tools.dates import DEFAULT_OFFICE_TZ, local_date


class ResCompany(models.Model):
    """The SAKIP profile of an office (perangkat daerah): letterhead, signatories,
    recipients and working time."""

    _inherit = "res.company"

    sakip_regency = fields.Char(
        string="Regional government",
        help="First line of the letterhead, e.g. Pemerintah Kabupaten Banyumas.",
    )
    sakip_office_name = fields.Char(
        string="Office name",
        help="Name of the office on the letterhead, e.g. Dinas Pendidikan.",
    )
    sakip_address = fields.Text(
        string="Letterhead address",
        help="Address lines printed under the office name.",
    )
    sakip_sign_city = fields.Char(
        string="City of signing",
        help="Place written above the signatures, e.g. Purwokerto.",
    )
    sakip_head_employee_id = fields.Many2one(
        comodel_name="hr.employee",
        string="Head of agency",
        domain="[('company_id', '=', id)]",
        help="Default signatory as Kepala Dinas.",
    )
    sakip_secretary_employee_id = fields.Many2one(
        comodel_name="hr.employee",
        string="Agency secretary",
        domain="[('company_id', '=', id)]",
        help="Default signatory as Sekretaris Dinas.",
    )
    sakip_regent_name = fields.Char(
        string="Regent's name",
        help="Second party of the office's performance agreement, e.g. the Bupati's name.",
    )
    sakip_regent_title = fields.Char(
        string="Regent's title",
        help="Title of the second party as printed, e.g. Bupati Banyumas.",
    )
    sakip_recipient_ids = fields.Many2many(
        comodel_name="res.partner",
        relation="res_company_sakip_recipient_rel",
        column1="company_id",
        column2="partner_id",
        string="Recipients of the signed agreement",
        help="External offices the signed agreement is sent to, e.g. Bappedalitbang "
        "and the Bagian Organisasi Setda.",
    )
    sakip_calendar_id = fields.Many2one(
        comodel_name="resource.calendar",
        string="Working time for norms",
        domain="['|', ('company_id', '=', False), ('company_id', '=', id)]",
        help="Working hours used to count the SOP norms in working days and hours. "
        "Empty: the company's default working hours.",
    )

    sakip_reminder_lead_hours = fields.Integer(
        string="Reminder lead time (working hours)",
        default=4,
        help="The users assigned to a step of an SOP run are reminded this many "
        "working hours before its deadline.",
    )

    @api.constrains("sakip_reminder_lead_hours")
    def _check_sakip_reminder_lead_hours(self):
        if any(company.sakip_reminder_lead_hours < 0 for company in self):
            raise ValidationError(self.env._("The reminder lead time cannot be negative."))

    def _get_sakip_calendar(self):
        """Return the working-time calendar for SOP norms of this company."""
        self.ensure_one()
        return self.sakip_calendar_id or self.resource_calendar_id

    def _sakip_tz_name(self):
        """The office's time zone: its SOP working calendar's, else Western
        Indonesia (Asia/Jakarta). Never the acting user's: an office's records
        are dated where the office is, whoever clicks."""
        self.ensure_one()
        return self._get_sakip_calendar().tz or DEFAULT_OFFICE_TZ

    def _sakip_today(self):
        """Today's date in the office: the date of record of the letters,
        signatures and defaults of this company (see :meth:`_sakip_tz_name`)."""
        return self._sakip_date_of(fields.Datetime.now())

    def _sakip_date_of(self, moment_utc):
        """The office's local date of the naive UTC datetime ``moment_utc``."""
        self.ensure_one()
        return local_date(moment_utc, self._sakip_tz_name())
