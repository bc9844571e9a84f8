# Copyright 2024 SAKIP Indonesia
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""How an office measures capaian (issue 15, item 3): the cap, the method
for lower-is-better indicators, the text scale and the rating scale."""

from decimal import Decimal

from odoo import api, fields, models
from odoo.exceptions import ValidationError

DEFAULT_TEXT_SCALE = "AA, A, BB, B, CC, C, D"


def parse_text_scale(text):
    """The grades of a text scale written ``"AA, A, BB"`` (best first)."""
    return tuple(grade.strip() for grade in (text or "").split(",") if grade.strip())


class ResCompany(models.Model):
    _inherit = "res.company"

    sakip_capaian_cap_mode = fields.Selection(
        selection=[
            ("none", "No cap"),
            ("100", "100 %"),
            ("120", "120 %"),
            ("custom", "Other"),
        ],
        string="Capaian cap",
        required=True,
        default="none",
        help="The highest capaian counted: a realisation far above its target "
        "counts no more than this.",
    )
    sakip_capaian_cap = fields.Float(
        string="Cap (%)", digits=(16, 2), default=150.0, help="The cap when it is “Other”."
    )
    sakip_capaian_lower_method = fields.Selection(
        selection=[("difference", "(2T − R) ÷ T × 100"), ("ratio", "T ÷ R × 100")],  # noqa: RUF001
        string="Lower is better",
        required=True,
        default="difference",
        help="How the capaian of an indicator whose lower values are better is "
        "computed by default (T target, R realisation).",
    )
    sakip_capaian_text_scale = fields.Char(
        string="Text scale",
        required=True,
        default=DEFAULT_TEXT_SCALE,
        help="The grades of text targets (e.g. the SAKIP predikat), best first, "
        "separated by commas.",
    )
    sakip_rating_band_ids = fields.One2many(
        comodel_name="sakip.rating.band",
        inverse_name="company_id",
        string="Rating scale",
    )

    @api.constrains("sakip_capaian_cap_mode", "sakip_capaian_cap", "sakip_capaian_text_scale")
    def _check_sakip_capaian_settings(self):
        for company in self:
            if company.sakip_capaian_cap_mode == "custom" and company.sakip_capaian_cap < 100:
                raise ValidationError(self.env._("A capaian cap must be at least 100 %."))
            grades = parse_text_scale(company.sakip_capaian_text_scale)
            if not grades or len({grade.casefold() for grade in grades}) != len(grades):
                raise ValidationError(
                    self.env._(
                        "The text scale needs at least one grade, each written once, "
                        "separated by commas (e.g. %(example)s).",
                        example=DEFAULT_TEXT_SCALE,
                    )
                )

    def _sakip_capaian_cap(self):
        """The office's cap as a Decimal, or None."""
        self.ensure_one()
        mode = self.sakip_capaian_cap_mode
        if mode == "custom":
            return Decimal(repr(self.sakip_capaian_cap))
        return None if mode in (False, "none") else Decimal(mode)

    @api.model_create_multi
    def create(self, vals_list):
        companies = super().create(vals_list)
        self.env["sakip.rating.band"]._sakip_create_default_bands(companies)
        return companies
