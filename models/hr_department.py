# Copyright 2024 SAKIP Indonesia
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import fields, models


class HrDepartment(models.Model):
    """A department stands for a bidang (or the sekretariat) of the agency."""

    _inherit = "hr.department"

    sakip_code = fields.Char(
        string="SAKIP code",
        help="Short code of the bidang used in SAKIP documents and letter numbers, e.g. SD.",
    )
    is_sakip_unit = fields.Boolean(
        string="Takes part in SAKIP collection",
        help="The unit submits its indicators and programmes when the performance "
        "agreement is prepared (the bidang and the sekretariat).",
    )

    _sql_constraints = [
        (
            "sakip_code_company_uniq",
            "UNIQUE(sakip_code, company_id)",
            "The SAKIP code of a department must be unique per company.",
        ),
    ]
