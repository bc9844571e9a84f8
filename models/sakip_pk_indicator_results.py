# Copyright 2024 SAKIP Indonesia
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""An indicator's results so far (issue 15, items 5 and 6): its quarters
rolled up over the approved measurements by its own rule (tools.capaian), its
rating, and the Renstra end target the LKjIP compares them with."""

from typing import NamedTuple

from odoo import api, fields, models

from ..tools.capaian import CapaianError, measure
from ..tools.roman import to_roman
from .sakip_pk_indicator import QUARTER_FIELDS, QUARTER_TEXT_FIELDS
from .sakip_pk_indicator_capaian import SakipPkIndicatorCapaian

LINE_FIELDS = ["indicator_id", "quarter", "realisation", "realisation_text", "realisation_entered"]


class Result(NamedTuple):
    """An indicator rolled up through ``quarter``: target, realisation
    (Decimal, or a grade), capaian (Decimal) and rating band id; None where
    no approved quarter records it."""

    quarter: int | None
    target: object
    realisation: object
    capaian: object
    band_id: int | None


NO_RESULT = Result(None, None, None, None, None)


class SakipPkIndicatorResults(models.Model):
    _inherit = "sakip.pk.indicator"

    _sakip_user_fields = SakipPkIndicatorCapaian._sakip_user_fields | frozenset({"renstra_target"})

    renstra_target = fields.Char(
        string="Renstra end target",
        help="The target of the Renstra's last year for this indicator, when recorded "
        "(printed in the LKjIP table).",
    )
    capaian_so_far = fields.Float(
        string="Capaian so far (%)",
        digits=(16, 2),
        compute="_compute_capaian_so_far",
        help="The approved quarters rolled up by the indicator's rule, measured "
        "against the targets of the same quarters.",
    )
    capaian_through = fields.Char(string="Through", compute="_compute_capaian_so_far")
    rating_so_far_id = fields.Many2one(
        comodel_name="sakip.rating.band", string="Rating so far", compute="_compute_capaian_so_far"
    )
    rating_so_far_colour = fields.Char(
        string="Rating colour so far", compute="_compute_capaian_so_far"
    )

    @api.depends("pk_id.state", "polarity", "capaian_rollup", "target", "target_text")
    def _compute_capaian_so_far(self):
        results = self._origin._sakip_results()  # the saved lines, also in a form being edited
        # sudo: the office's scale rates every capaian; bands are not secret.
        bands = self.env["sakip.rating.band"].sudo().browse({r.band_id for r in results.values()})
        colours = {band.id: band.colour for band in bands if band.id}
        for line in self:
            result = results.get(line._origin.id, NO_RESULT)
            line.capaian_so_far = float(result.capaian) if result.capaian is not None else 0.0
            line.capaian_through = f"Tw {to_roman(result.quarter)}" if result.quarter else ""
            line.rating_so_far_id = bands.browse(result.band_id).with_env(self.env)
            line.rating_so_far_colour = colours.get(result.band_id, False)

    def _sakip_quarter_targets(self):
        """The four quarterly targets of the indicator as tools.capaian takes
        them, and the roll-up of the target side (``last`` when only the
        annual target is given: it is the target of every quarter)."""
        self.ensure_one()
        if self.polarity == "text":
            return [self[fname] or self.target_text or None for fname in QUARTER_TEXT_FIELDS], None
        if self.polarity == "range":
            return [self._sakip_range_target()] * 4, "last"
        quarters = [self[fname] for fname in QUARTER_FIELDS]
        if any(quarters):
            return quarters, None
        return [self.target] * 4, "last"

    def _sakip_results(self, states=("approved",)):
        """``{indicator id: Result}`` of the indicators over their
        measurements in ``states`` (the approved ones by default), in a few
        queries whatever their number."""
        indicators = self.filtered("id")
        if not indicators:
            return {}
        # sudo: approved measurements are office-wide records every role reads;
        # only their lines are rolled up here.
        rows = (
            self.env["sakip.pk.measurement.line"]
            .sudo()
            .search_read(
                [("indicator_id", "in", indicators.ids), ("measurement_id.state", "in", states)],
                LINE_FIELDS,
            )
        )
        realisations = {}
        for row in rows:
            values = realisations.setdefault(row["indicator_id"][0], [None] * 4)
            if row["realisation_text"]:
                value = row["realisation_text"]
            else:
                value = row["realisation"] if row["realisation_entered"] else None
            values[int(row["quarter"]) - 1] = value
        rules = indicators._sakip_capaian_rules()
        scales = self.env["sakip.rating.band"]._sakip_scales(indicators.company_id)
        band_ids = {
            company: dict(zip(scale.bands, ids, strict=True))
            for company, (scale, ids) in scales.items()
        }
        results = {}
        for indicator in indicators:
            values = realisations.get(indicator.id)
            if not values:
                continue
            rule = rules[indicator.id]
            if rule.polarity != "text":
                values = [None if isinstance(v, str) else v for v in values]
            targets, target_rollup = indicator._sakip_quarter_targets()
            try:
                result = measure(targets, values, rule, target_rollup=target_rollup)
            except CapaianError:
                continue  # a value refused when entered; nothing to roll up
            band = None
            scale = scales.get(indicator.company_id.id)
            if scale and result.capaian is not None:
                rated = scale[0].rate(result.capaian)
                band = band_ids[indicator.company_id.id][rated] if rated else None
            results[indicator.id] = Result(*result, band)
        return results
