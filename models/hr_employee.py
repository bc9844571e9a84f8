# Copyright 2024 SAKIP Indonesia
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import api, fields, models
from odoo.exceptions import ValidationError

from ..tools.nip import (
    MIN_BIRTH_YEAR,
    MIN_SERVICE_AGE,
    InvalidNip,
    format_nip,
    golongan_selection,
    normalize_nip,
    pangkat_name,
    parse_nip,
)

ESELON_SELECTION = [
    ("II.a", "II.a"),
    ("II.b", "II.b"),
    ("III.a", "III.a"),
    ("III.b", "III.b"),
    ("IV.a", "IV.a"),
    ("IV.b", "IV.b"),
    ("none", "Non-echelon"),
]


def _normalize_nip_value(value):
    """Return the NIP as stored: without spaces and dots, or False when empty.

    Anything that is not text is left alone for the constraint to refuse.
    """
    if not isinstance(value, str):
        return value
    return normalize_nip(value) or False


def _nip_display(nip):
    """Return ``nip`` grouped for print, or as stored if it is not 18 digits."""
    if not nip:
        return False
    try:
        return format_nip(nip)
    except InvalidNip:
        return nip


class HrEmployee(models.Model):
    """Civil-servant data of an employee: NIP, golongan ruang, pangkat and eselon.

    The jabatan (position) is hr's ``job_title``.
    """

    _inherit = "hr.employee"

    nip = fields.Char(
        string="NIP",
        index=True,
        tracking=True,
        copy=False,
        help="Civil servant identity number (Nomor Induk Pegawai), 18 digits: birth date, "
        "start of civil service, sex and serial. It may be typed with spaces or dots, "
        "e.g. 19660217 199303 1 002; it is stored as 18 digits.",
    )
    nip_display = fields.Char(
        string="NIP (grouped)",
        compute="_compute_nip_display",
        search="_search_nip_display",
        help="The NIP grouped as printed, e.g. 19660217 199303 1 002.",
    )
    golongan = fields.Selection(
        selection=golongan_selection(),
        string="Golongan ruang",
        tracking=True,
        help="Civil-service grade (golongan ruang), from I/a to IV/e.",
    )
    pangkat = fields.Char(
        compute="_compute_pangkat",
        store=True,
        help="Rank name that goes with the golongan ruang, e.g. Pembina Utama Muda for IV/c.",
    )
    pangkat_printed = fields.Char(
        string="Rank as printed",
        compute="_compute_pangkat_printed",
        store=True,
        readonly=False,
        help="The rank as the office writes it on its documents, e.g. Pembina Tk. I. "
        "Filled in from the golongan ruang; change it freely (a new golongan fills it "
        "in again).",
    )
    eselon = fields.Selection(
        selection=ESELON_SELECTION,
        tracking=True,
        help="Echelon of a structural position; Non-echelon for functional and general "
        "positions.",
    )

    _sql_constraints = [
        (
            "nip_company_uniq",
            "UNIQUE(nip, company_id)",
            "Another employee of this company already has this NIP.",
        ),
    ]

    @api.depends("nip")
    def _compute_nip_display(self):
        for employee in self:
            employee.nip_display = _nip_display(employee.nip)

    def _search_nip_display(self, operator, value):
        """Search the stored NIP with a value typed grouped or with dots."""
        if isinstance(value, str):
            value = normalize_nip(value)
        elif operator in ("in", "not in") and isinstance(value, (list, tuple)):
            value = [normalize_nip(v) if isinstance(v, str) else v for v in value]
        return [("nip", operator, value)]

    @api.depends("golongan")
    def _compute_pangkat(self):
        for employee in self:
            employee.pangkat = pangkat_name(employee.golongan) if employee.golongan else False

    @api.depends("pangkat")
    def _compute_pangkat_printed(self):
        for employee in self:
            employee.pangkat_printed = employee.pangkat

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            if "nip" in vals:
                vals["nip"] = _normalize_nip_value(vals["nip"])
        return super().create(vals_list)

    def write(self, vals):
        if "nip" in vals:
            vals = dict(vals, nip=_normalize_nip_value(vals["nip"]))
        return super().write(vals)

    @api.constrains("nip")
    def _check_nip(self):
        today = self.env.company._sakip_today()
        for employee in self.filtered("nip"):
            try:
                parse_nip(employee.nip, today=today)
            except InvalidNip as error:
                raise ValidationError(employee._nip_error_message(error.reason)) from None

    def _nip_error_message(self, reason):
        """Return the translated message refusing this employee's NIP for ``reason``.

        ``reason`` is :attr:`odoo.addons.sakip_penetapan_kinerja.tools.nip.InvalidNip.reason`.
        """
        self.ensure_one()
        nip = self.nip or ""
        params = {"employee": self.name, "nip": nip}
        service_start = f"{nip[8:12]}-{nip[12:14]}"  # outside _(): babel cannot read f-strings
        match reason:
            case "format":
                return self.env._(
                    "The NIP of %(employee)s (%(nip)s) may contain only digits, spaces "
                    "and dots.",
                    **params,
                )
            case "length":
                return self.env._(
                    "The NIP of %(employee)s (%(nip)s) has %(count)s digits; an NIP has 18.",
                    count=len(nip),
                    **params,
                )
            case "birth_date":
                return self.env._(
                    "The NIP of %(employee)s (%(nip)s) does not start with a valid birth "
                    "date: %(digits)s is not a date written YYYYMMDD.",
                    digits=nip[:8],
                    **params,
                )
            case "birth_year":
                return self.env._(
                    "The NIP of %(employee)s (%(nip)s) gives %(year)s as the birth year; "
                    "a civil servant with an 18-digit NIP is born in %(min_year)s or later.",
                    year=nip[:4],
                    min_year=MIN_BIRTH_YEAR,
                    **params,
                )
            case "service_month":
                return self.env._(
                    "The NIP of %(employee)s (%(nip)s) gives %(month)s as the month the civil "
                    "service started; the month must be 01 to 12.",
                    month=nip[12:14],
                    **params,
                )
            case "service_age":
                return self.env._(
                    "The NIP of %(employee)s (%(nip)s) gives a start of civil service "
                    "(%(start)s) before the age of %(age)s.",
                    start=service_start,
                    age=MIN_SERVICE_AGE,
                    **params,
                )
            case "service_future":
                return self.env._(
                    "The NIP of %(employee)s (%(nip)s) gives a start of civil service "
                    "(%(start)s) in the future.",
                    start=service_start,
                    **params,
                )
            case "sex":
                return self.env._(
                    "The NIP of %(employee)s (%(nip)s) has %(digit)s as its 15th digit; "
                    "it must be 1 (male) or 2 (female).",
                    digit=nip[14:15],
                    **params,
                )
            case "serial":
                return self.env._(
                    "The NIP of %(employee)s (%(nip)s) ends with the serial number 000, "
                    "which is never given.",
                    **params,
                )
        return self.env._("The NIP of %(employee)s (%(nip)s) is not valid.", **params)


class HrEmployeePublic(models.Model):
    """The same civil-servant data on the public profile.

    The NIP, pangkat and jabatan are printed on every signed agreement and
    letter, so users without HR rights (who read employees through
    ``hr.employee.public``) need them too.
    """

    _inherit = "hr.employee.public"

    nip = fields.Char(string="NIP", readonly=True)
    nip_display = fields.Char(
        string="NIP (grouped)",
        compute="_compute_nip_display",
        search="_search_nip_display",
    )
    golongan = fields.Selection(
        selection=golongan_selection(),
        string="Golongan ruang",
        readonly=True,
    )
    pangkat = fields.Char(readonly=True)
    pangkat_printed = fields.Char(string="Rank as printed", readonly=True)
    eselon = fields.Selection(selection=ESELON_SELECTION, readonly=True)

    @api.depends("nip")
    def _compute_nip_display(self):
        for employee in self:
            employee.nip_display = _nip_display(employee.nip)

    def _search_nip_display(self, operator, value):
        return self.env["hr.employee"]._search_nip_display(operator, value)
