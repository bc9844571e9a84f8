# Copyright 2024 SAKIP Indonesia
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import models


class SakipSop(models.Model):
    """Duplicating an SOP, into its own office or another one."""

    _inherit = "sakip.sop"

    def copy_data(self, default=None):
        """Odoo's copy of every copied field, steps and their lines included;
        then, for another office (``company_id`` in ``default``), every actor,
        letter type or other record matched by code is replaced by the one of
        that office with the same code, copied there if it has none
        (``res.company._sakip_remap_copy_values``). Send-backs follow the
        copied steps (``sakip.sop.step.create``). A copy is in force only if
        no SOP of its procedure is in force in its office yet."""
        default = dict(default or {})
        vals_list = super().copy_data(default)
        Company = self.env["res.company"]
        in_force = set()
        if "is_current" not in default:
            targets = {vals.get("company_id") for vals in vals_list if vals}
            in_force = {
                (sop.company_id.id, sop.code)
                for sop in self.search(
                    [
                        ("is_current", "=", True),
                        ("company_id", "in", list(targets)),
                        ("code", "in", list(set(self.mapped("code")))),
                    ]
                )
            }
        elsewhere = {}
        for sop, vals in zip(self, vals_list, strict=True):
            if not vals:
                continue
            if (vals.get("company_id"), vals.get("code")) in in_force:
                vals["is_current"] = False
            if vals.get("company_id") != sop.company_id.id:
                elsewhere.setdefault(vals["company_id"], []).append(vals)
        for company_id, company_vals_list in elsewhere.items():
            Company.browse(company_id)._sakip_remap_copy_values(self, company_vals_list)
        return vals_list
