# Copyright 2024 SAKIP Indonesia
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""The realisasi of one indicator in a quarterly measurement, its capaian
and rating (issue 15, items 2 and 3)."""

from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError

from ..tools.capaian import CapaianError, capaian_many, to_decimal

#: Filled in by the bidang (and the planning team).
REALISATION_FIELDS = ("realisation", "realisation_text", "realisation_entered")


class SakipPkMeasurementLine(models.Model):
    _name = "sakip.pk.measurement.line"
    _inherit = ["sakip.workflow.owned.mixin"]
    _description = "Quarterly Performance Measurement Line"
    _order = "measurement_id, indicator_sequence, indicator_id, id"
    _check_company_auto = True
    _sakip_user_unlink = False

    _sakip_workflow_fields = frozenset(
        {
            "measurement_id",
            "indicator_id",
            "pk_id",
            "company_id",
            "department_id",
            "quarter",
            "indicator_sequence",
            "target",
            "target_text",
            "capaian",
            "is_measured",
            "is_behind",
            "rating_band_id",
        }
    )
    _sakip_user_fields = frozenset({*REALISATION_FIELDS, "evidence_ids", "explanation"})

    measurement_id = fields.Many2one(
        comodel_name="sakip.pk.measurement",
        required=True,
        ondelete="cascade",
        index=True,
    )
    indicator_id = fields.Many2one(
        comodel_name="sakip.pk.indicator",
        required=True,
        ondelete="cascade",
        index=True,
    )
    pk_id = fields.Many2one(related="measurement_id.pk_id", store=True, index=True)
    company_id = fields.Many2one(related="measurement_id.company_id", store=True, index=True)
    quarter = fields.Selection(related="measurement_id.quarter", store=True)
    measurement_state = fields.Selection(related="measurement_id.state", string="Status")
    department_id = fields.Many2one(
        related="indicator_id.department_id", store=True, index=True, string="Bidang"
    )
    indicator_sequence = fields.Integer(related="indicator_id.sequence", store=True)
    objective = fields.Char(related="indicator_id.objective")
    name = fields.Char(related="indicator_id.name")
    uom = fields.Char(related="indicator_id.uom")
    target_kind = fields.Selection(related="indicator_id.target_kind")
    polarity = fields.Selection(related="indicator_id.polarity")
    target = fields.Float(string="Quarter target", digits=(16, 2))
    target_text = fields.Char(string="Quarter target (text)")
    realisation = fields.Float(digits=(16, 2))
    realisation_text = fields.Char(string="Realisation (text)")
    realisation_entered = fields.Boolean(
        string="Recorded",
        help="Whether the realisation of the quarter is recorded (a realisation "
        "of 0 is a value, not a gap).",
    )
    evidence_ids = fields.Many2many(
        comodel_name="ir.attachment",
        relation="sakip_pk_measurement_line_evidence_rel",
        column1="line_id",
        column2="attachment_id",
    )
    explanation = fields.Text(help="Why the indicator is behind target, and what is done about it.")
    capaian = fields.Float(
        string="Capaian (%)",
        digits=(16, 2),
        compute="_compute_capaian",
        store=True,
        aggregator="avg",
    )
    is_measured = fields.Boolean(string="Measured", compute="_compute_capaian", store=True)
    is_behind = fields.Boolean(string="Behind target", compute="_compute_capaian", store=True)
    rating_band_id = fields.Many2one(
        comodel_name="sakip.rating.band",
        string="Rating",
        compute="_compute_capaian",
        store=True,
        ondelete="set null",
    )
    rating_colour = fields.Char(related="rating_band_id.colour", string="Rating colour")

    @api.model
    def _sakip_quarter_target(self, indicator, quarter):
        """The target of ``indicator`` in ``quarter`` as line values: its Tw
        target, or the annual one when the agreement gives no quarterly targets."""
        if indicator.target_kind == "text":
            return {"target_text": indicator[f"target_q{quarter}_text"] or indicator.target_text}
        quarters = [indicator[f"target_q{q}"] for q in (1, 2, 3, 4)]
        return {"target": quarters[quarter - 1] if any(quarters) else indicator.target}

    # Capaian, in one pass over the lines

    def _sakip_capaian_items(self):
        """``(target, realisation, rule)`` of each line, None where the line
        has nothing to measure yet."""
        rules = self.indicator_id._sakip_capaian_rules()
        items = []
        for line in self:
            rule = rules[line.indicator_id.id]
            if rule.polarity == "text":
                target, realisation = line.target_text, line.realisation_text
                if not (target and realisation):
                    target = realisation = None
            else:
                target = line.target
                if rule.polarity == "range":
                    target = line.indicator_id._sakip_range_target()
                realisation = line.realisation if line.realisation_entered else None
            items.append((target, realisation, rule))
        return items

    @api.depends(
        "target",
        "target_text",
        "realisation",
        "realisation_text",
        "realisation_entered",
        "indicator_id.polarity",
        "indicator_id.capaian_lower_method",
        "indicator_id.range_low",
        "indicator_id.range_high",
        "company_id.sakip_capaian_cap_mode",
        "company_id.sakip_capaian_cap",
        "company_id.sakip_capaian_text_scale",
        "company_id.sakip_rating_band_ids.lower_bound",
        "company_id.sakip_rating_band_ids.inclusive",
    )
    def _compute_capaian(self):
        items = self._sakip_capaian_items()
        try:
            results = capaian_many(items)
        except CapaianError:
            results = []  # a value refused: measured one by one below, the refused one empty
            for item in items:
                try:
                    results.extend(capaian_many([item]))
                except CapaianError:
                    results.append(None)
        scales = self.env["sakip.rating.band"]._sakip_scales(self.company_id)
        band_ids = {
            company: dict(zip(scale.bands, ids, strict=True))
            for company, (scale, ids) in scales.items()
        }
        for line, value in zip(self, results, strict=True):
            scale = scales.get(line.company_id.id)
            band = scale[0].rate(value) if scale and value is not None else None
            line.capaian = float(value) if value is not None else 0.0
            line.is_measured = value is not None
            line.is_behind = value is not None and value < 100
            line.rating_band_id = band_ids[line.company_id.id][band] if band else False

    @api.constrains(*REALISATION_FIELDS)
    def _check_realisation(self):
        """A realisation is a number of at least 0, or a grade of the office's scale."""
        rules = self.indicator_id._sakip_capaian_rules()
        for line in self:
            rule = rules[line.indicator_id.id]
            try:
                if rule.polarity == "text":
                    if line.realisation_text:
                        rule.rank(line.realisation_text, "realisation")
                elif line.realisation_entered:
                    to_decimal(line.realisation, "realisation")
            except CapaianError as error:
                raise ValidationError(
                    self.env._(
                        "Indicator “%(indicator)s”: the realisation is not valid: %(reason)s",
                        indicator=line.name,
                        reason=str(error),
                    )
                ) from error

    # Changes

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            self._sakip_mark_entered(vals)
        return super().create(vals_list)

    def write(self, vals):
        if not self._sakip_workflow_is_writing():
            self.measurement_id._sakip_check_open()
            self.env["sakip.pk.measurement.part"]._sakip_check_bidang_may_edit(self)
        self._sakip_mark_entered(vals)
        return super().write(vals)

    @api.model
    def _sakip_mark_entered(self, vals):
        """Entering a realisation records it."""
        if "realisation_entered" not in vals and (
            "realisation" in vals or "realisation_text" in vals
        ):
            vals["realisation_entered"] = True

    def _sakip_check_complete(self):
        """Every line recorded, with an explanation where behind target."""
        missing = self.filtered(
            lambda line: not (
                line.realisation_text if line.target_kind == "text" else line.realisation_entered
            )
        )
        if missing:
            raise UserError(
                self.env._(
                    "The realisation of these indicators is not recorded yet: %(indicators)s.",
                    indicators=", ".join(missing[:10].mapped("name")),
                )
            )
        unexplained = self.filtered(lambda line: line.is_behind and not line.explanation)
        if unexplained:
            raise UserError(
                self.env._(
                    "These indicators are behind target and need a short explanation: "
                    "%(indicators)s.",
                    indicators=", ".join(unexplained[:10].mapped("name")),
                )
            )
