# Copyright 2024 SAKIP Indonesia
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""The rating scale of an office (issue 15, item 3): its bands as data."""

from odoo import api, fields, models
from odoo.exceptions import ValidationError

from ..tools.capaian import CapaianError
from ..tools.capaian_rating import RatingScale

#: The default scale (Sampang: >= 91 Sangat Baik ... <= 50 Sangat Kurang; the
#: middle bands as in Permendagri 86/2017): (start, inclusive, label, colour).
DEFAULT_BANDS = (
    (0.0, True, "Sangat Kurang", "#C0392B"),
    (50.0, False, "Kurang", "#E67E22"),
    (66.0, True, "Cukup", "#F1C40F"),
    (76.0, True, "Baik", "#27AE60"),
    (91.0, True, "Sangat Baik", "#1E8449"),
)

BAND_FIELDS = ["company_id", "lower_bound", "inclusive", "name", "colour"]


class SakipRatingBand(models.Model):
    """A band of an office's rating scale: from its lower bound (inclusive
    or not) up to the next band's, with a label and a colour."""

    _name = "sakip.rating.band"
    _inherit = ["sakip.workflow.owned.mixin"]
    _description = "Capaian Rating Band"
    _order = "company_id, lower_bound, inclusive desc, id"
    _check_company_auto = True

    _sakip_workflow_fields = frozenset()
    _sakip_user_fields = frozenset({"company_id", "lower_bound", "inclusive", "name", "colour"})

    company_id = fields.Many2one(
        comodel_name="res.company",
        string="Office",
        required=True,
        index=True,
        default=lambda self: self.env.company,
        ondelete="cascade",
    )
    lower_bound = fields.Float(
        string="From capaian (%)",
        digits=(16, 2),
        required=True,
        help="The least capaian rated in this band; the band goes up to the next one.",
    )
    inclusive = fields.Boolean(
        string="Bound included",
        default=True,
        help="Included: capaian ≥ the bound. Not included: capaian > the bound.",
    )
    name = fields.Char(string="Rating", required=True)
    colour = fields.Char(required=True, default="#27AE60")

    @api.constrains("company_id", "lower_bound", "inclusive", "name", "colour")
    def _check_scale(self):
        """The bands of each office make a valid scale (tools.capaian_rating)."""
        companies = self.company_id
        for company, scale in self._sakip_scale_bands(companies).items():
            try:
                RatingScale(scale)
            except CapaianError as error:
                raise ValidationError(
                    self.env._(
                        "The rating scale of %(office)s is not valid: %(reason)s",
                        office=companies.browse(company).display_name,
                        reason=str(error),
                    )
                ) from error

    @api.model
    def _sakip_scale_bands(self, companies):
        """``{company id: [(start, label, colour, inclusive), ...]}`` of ``companies``,
        in one query (companies without bands are left out)."""
        # sudo: the scale rates every capaian, whoever reads it; bands are not secret.
        rows = self.sudo().search_read(
            [("company_id", "in", companies.ids)], BAND_FIELDS, order=self._order
        )
        bands = {}
        for row in rows:
            bands.setdefault(row["company_id"][0], []).append(
                (round(row["lower_bound"], 2), row["name"], row["colour"], row["inclusive"])
            )
        return bands

    @api.model
    def _sakip_scales(self, companies):
        """``{company id: (RatingScale, [band ids in order])}`` of ``companies``
        that have a valid scale, in one query."""
        # sudo: see _sakip_scale_bands.
        rows = self.sudo().search_read(
            [("company_id", "in", companies.ids)], BAND_FIELDS, order=self._order
        )
        grouped = {}
        for row in rows:
            grouped.setdefault(row["company_id"][0], []).append(row)
        scales = {}
        for company, company_rows in grouped.items():
            try:
                scale = RatingScale(
                    (round(r["lower_bound"], 2), r["name"], r["colour"], r["inclusive"])
                    for r in company_rows
                )
            except CapaianError:
                continue  # refused when saved; a scale broken otherwise rates nothing
            scales[company] = (scale, [r["id"] for r in company_rows])
        return scales

    @api.model
    def _sakip_create_default_bands(self, companies=None):
        """Give the default scale to the offices (all of them by default) that
        have no band yet; return the bands created."""
        if companies is None:
            companies = self.env["res.company"].search([("id", "!=", 0)])
        # sudo: offices' scales are set up whoever creates the office.
        Band = self.sudo()
        with_bands = {
            company.id
            for (company,) in Band._read_group(
                [("company_id", "in", companies.ids)], ["company_id"]
            )
        }
        vals_list = [
            {
                "company_id": company.id,
                "lower_bound": start,
                "inclusive": inclusive,
                "name": label,
                "colour": colour,
            }
            for company in companies
            if company.id not in with_bands
            for start, inclusive, label, colour in DEFAULT_BANDS
        ]
        return Band.create(vals_list)
