# Copyright 2024 SAKIP Indonesia
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""How an indicator's capaian is measured (issue 15, item 3): its polarity,
method, range and quarterly roll-up, as data on the indicator."""

from decimal import Decimal

from odoo import api, fields, models
from odoo.exceptions import ValidationError

from ..tools.capaian import Rule
from .res_company_capaian import parse_text_scale
from .sakip_pk_indicator import SakipPkIndicator

CAPAIAN_FIELDS = (
    "polarity",
    "capaian_lower_method",
    "range_low",
    "range_high",
    "capaian_rollup",
)


class SakipPkIndicatorCapaian(models.Model):
    _inherit = "sakip.pk.indicator"

    _sakip_user_fields = SakipPkIndicator._sakip_user_fields | frozenset(
        {*CAPAIAN_FIELDS, "action_ids"}
    )
    _pk_tracked_fields = (*SakipPkIndicator._pk_tracked_fields, *CAPAIAN_FIELDS)

    polarity = fields.Selection(
        selection=[
            ("higher", "Higher is better"),
            ("lower", "Lower is better"),
            ("range", "Within a range"),
            ("text", "Text grade"),
        ],
        compute="_compute_polarity",
        store=True,
        readonly=False,
        required=True,
        precompute=True,
        help="Higher is better: capaian = R ÷ T × 100. Lower is better: by the "  # noqa: RUF001
        "office's method. Within a range: 100 inside the range. Text grade: "
        "measured on the office's text scale.",
    )
    capaian_lower_method = fields.Selection(
        selection=[("difference", "(2T − R) ÷ T × 100"), ("ratio", "T ÷ R × 100")],  # noqa: RUF001
        string="Method (lower is better)",
        default=lambda self: self.env.company.sakip_capaian_lower_method or "difference",
        help="The office's method by default.",
    )
    range_low = fields.Float(string="Range from", digits=(16, 2))
    range_high = fields.Float(string="Range to", digits=(16, 2))
    capaian_rollup = fields.Selection(
        selection=[("sum", "Cumulative sum"), ("average", "Average"), ("last", "Last value")],
        string="Quarterly roll-up",
        compute="_compute_capaian_rollup",
        store=True,
        readonly=False,
        required=True,
        precompute=True,
        help="How the quarters add up to the capaian so far: the sum of the "
        "quarters, their average, or the latest quarter's value.",
    )
    action_ids = fields.One2many(
        comodel_name="sakip.pk.action",
        inverse_name="indicator_id",
        string="Action plan",
        copy=False,  # copied by the PK Perubahan, kegiatan before their sub-kegiatan
    )

    @api.depends("target_kind")
    def _compute_polarity(self):
        for line in self:
            if line.target_kind == "text":
                line.polarity = "text"
            elif not line.polarity or line.polarity == "text":
                line.polarity = "higher"

    @api.depends("target_kind", "quarter_rule")
    def _compute_capaian_rollup(self):
        for line in self:
            if line.target_kind == "text" or line.quarter_rule == "cumulative":
                line.capaian_rollup = "last"
            elif not line.capaian_rollup:
                line.capaian_rollup = "sum"

    @api.constrains("polarity", "target_kind", "range_low", "range_high", "capaian_rollup")
    def _check_capaian_method(self):
        for line in self:
            if (line.polarity == "text") != (line.target_kind == "text"):
                raise ValidationError(
                    self.env._(
                        "Indicator “%(indicator)s”: a text target is measured as a text "
                        "grade, and only a text target is.",
                        indicator=line.name,
                    )
                )
            if line.polarity == "text" and line.capaian_rollup != "last":
                raise ValidationError(
                    self.env._(
                        "Indicator “%(indicator)s”: a text grade rolls up by its last value.",
                        indicator=line.name,
                    )
                )
            if line.polarity == "range" and (
                line.range_low < 0 or line.range_high <= 0 or line.range_low > line.range_high
            ):
                raise ValidationError(
                    self.env._(
                        "Indicator “%(indicator)s”: a range goes from a bound of at least "
                        "0 up to a higher bound (from %(low)s to %(high)s).",
                        indicator=line.name,
                        low=line._format_target(line.range_low),
                        high=line._format_target(line.range_high),
                    )
                )

    def _sakip_capaian_rules(self):
        """``{indicator id: Rule}`` of the indicators, from their fields and
        their office's settings (one Rule object per distinct choice)."""
        rules, cache = {}, {}
        for line in self:
            company = line.company_id
            polarity = line.polarity or "higher"
            key = (
                company.id,
                polarity,
                line.capaian_lower_method or company.sakip_capaian_lower_method or "difference",
                line.capaian_rollup or ("last" if polarity == "text" else "sum"),
            )
            rule = cache.get(key)
            if rule is None:
                scale = (
                    parse_text_scale(company.sakip_capaian_text_scale) if polarity == "text" else ()
                )
                rule = cache[key] = Rule(
                    polarity=polarity,
                    lower_method=key[2],
                    rollup=key[3],
                    cap=company._sakip_capaian_cap(),
                    scale=scale,
                )
            rules[line.id] = rule
        return rules

    def _sakip_range_target(self):
        """The range target ``(low, high)`` of a range indicator."""
        self.ensure_one()
        return (Decimal(repr(self.range_low)), Decimal(repr(self.range_high)))
