# Copyright 2024 SAKIP Indonesia
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""The quarterly performance measurement of an agreement (issue 15, item 2):
one document per agreement and quarter, with a line per indicator
(realisasi, capaian, rating) and per programme (budget absorption).

Its status moves only through the steps of its quarterly SOP run (issue 15,
item 4, see sakip_pk_measurement_sop_client.py).
"""

from odoo import Command, api, fields, models
from odoo.exceptions import UserError

from ..tools.roman import to_roman

#: The lines of a measurement, by field.
LINE_MODELS = {"line_ids": "sakip.pk.measurement.line", "budget_ids": "sakip.pk.measurement.budget"}
QUARTERS = [("1", "Q1"), ("2", "Q2"), ("3", "Q3"), ("4", "Q4")]


class SakipPkMeasurement(models.Model):
    _name = "sakip.pk.measurement"
    _inherit = ["sakip.workflow.owned.mixin", "mail.thread", "mail.activity.mixin"]
    _description = "Quarterly Performance Measurement"
    _order = "fiscal_year desc, pk_id, quarter desc, id desc"
    _check_company_auto = True

    _sakip_workflow_fields = frozenset(
        {
            "name",
            "state",
            "company_id",
            "fiscal_year",
            "approved_by_id",
            "approved_at",
            "line_ids",
            "budget_ids",
        }
    )
    _sakip_user_fields = frozenset({"pk_id", "quarter"})

    name = fields.Char(compute="_compute_name", store=True)
    pk_id = fields.Many2one(
        comodel_name="sakip.pk",
        string="Agreement",
        required=True,
        index=True,
        ondelete="cascade",
        domain="[('state', '=', 'signed')]",
    )
    quarter = fields.Selection(selection=QUARTERS, required=True)
    state = fields.Selection(
        selection=[
            ("draft", "Draft"),
            ("submitted", "Submitted"),
            ("verified", "Verified"),
            ("approved", "Approved"),
        ],
        string="Status",
        required=True,
        default="draft",
        tracking=True,
        copy=False,
    )
    company_id = fields.Many2one(related="pk_id.company_id", store=True, index=True)
    fiscal_year = fields.Integer(related="pk_id.fiscal_year", store=True)
    line_ids = fields.One2many(
        comodel_name="sakip.pk.measurement.line",
        inverse_name="measurement_id",
        string="Indicators",
    )
    budget_ids = fields.One2many(
        comodel_name="sakip.pk.measurement.budget",
        inverse_name="measurement_id",
        string="Budget realisation",
    )
    approved_by_id = fields.Many2one(comodel_name="res.users", string="Approved by", copy=False)
    approved_at = fields.Datetime(string="Approved on", copy=False)
    behind_count = fields.Integer(
        string="Behind target", compute="_compute_behind_count", help="Indicators below 100 %."
    )

    _sql_constraints = [
        (
            "pk_quarter_unique",
            "UNIQUE(pk_id, quarter)",
            "An agreement has one measurement per quarter.",
        ),
    ]

    @api.depends("pk_id.name", "quarter", "fiscal_year")
    def _compute_name(self):
        for measurement in self:
            quarter = to_roman(int(measurement.quarter)) if measurement.quarter else ""
            measurement.name = " - ".join(
                part
                for part in (
                    f"Pengukuran Kinerja Tw {quarter} {measurement.fiscal_year or ''}".strip(),
                    measurement.pk_id.name,
                )
                if part
            )

    @api.depends("line_ids.is_behind")
    def _compute_behind_count(self):
        counts = dict(
            self.env["sakip.pk.measurement.line"]._read_group(
                [("measurement_id", "in", self.ids), ("is_behind", "=", True)],
                ["measurement_id"],
                ["__count"],
            )
        )
        for measurement in self:
            measurement.behind_count = counts.get(measurement, 0)

    # Creation: the lines follow the agreement, the realisasi of an earlier version

    @api.model_create_multi
    def create(self, vals_list):
        measurements = super().create(vals_list)
        if not self._sakip_workflow_is_writing():
            unsigned = measurements.pk_id.filtered(lambda pk: pk.state != "signed")
            if unsigned:
                raise UserError(
                    self.env._(
                        "%(agreement)s is not signed: performance is measured against a "
                        "signed agreement only.",
                        agreement=unsigned[0].display_name,
                    )
                )
        measurements._sakip_create_lines()
        return measurements

    def _sakip_create_lines(self):
        """Create the lines of new measurements: one per indicator and per
        programme of the agreement, with the quarter's target, and the
        realisasi recorded for the same quarter on an earlier version of the
        agreement (PK Perubahan) carried over to the matching indicators."""
        Line = self.env["sakip.pk.measurement.line"]
        Budget = self.env["sakip.pk.measurement.budget"]
        # sudo: every indicator and programme gets its line, whoever opens the quarter.
        indicators = self.pk_id.sudo().indicator_ids
        programs = self.pk_id.sudo().program_ids
        carried = self._sakip_carried_over()
        by_pk_ind = indicators.grouped("pk_id")
        by_pk_prog = programs.grouped("pk_id")
        line_vals, budget_vals = [], []
        for measurement in self:
            quarter = int(measurement.quarter)
            for indicator in by_pk_ind.get(measurement.pk_id, ()):
                vals = {
                    "measurement_id": measurement.id,
                    "indicator_id": indicator.id,
                    **Line._sakip_quarter_target(indicator, quarter),
                }
                key = ("indicator", quarter, indicator.objective, indicator.name)
                vals.update(carried.get((measurement.pk_id.id, *key), {}))
                line_vals.append(vals)
            for program in by_pk_prog.get(measurement.pk_id, ()):
                vals = {
                    "measurement_id": measurement.id,
                    "program_id": program.id,
                    "budget": program.budget,
                }
                key = ("program", quarter, program.name, None)
                vals.update(carried.get((measurement.pk_id.id, *key), {}))
                budget_vals.append(vals)
        Line._sakip_workflow_create(line_vals)
        Budget._sakip_workflow_create(budget_vals)

    def _sakip_carried_over(self):
        """``{(pk id, kind, quarter, name, indicator): user values}`` recorded on
        earlier versions of the agreements of ``self`` for the same quarters —
        the latest version with a measurement of that quarter wins. Indicators
        match by sasaran and indicator name, programmes by name."""
        # sudo: the realisasi carried over is the office's, whoever opens the quarter.
        pks = self.pk_id.sudo()
        versions = pks.revision_ids - pks
        if not versions:
            return {}
        earlier = self.sudo().search(
            [("pk_id", "in", versions.ids), ("quarter", "in", self.mapped("quarter"))]
        )
        earlier = earlier.sorted(lambda m: m.pk_id.revision)  # later versions overwrite
        lines = earlier.line_ids
        budgets = earlier.budget_ids
        current = {(pk.origin_id.id, m.quarter): pk.id for m in self for pk in m.pk_id.sudo()}
        carried = {}
        for line in lines:
            measurement = line.measurement_id
            pk_id = current.get((measurement.pk_id.origin_id.id, measurement.quarter))
            if not pk_id or not line.realisation_entered:
                continue
            key = (pk_id, "indicator", int(measurement.quarter), line.objective, line.name)
            carried[key] = {
                "realisation": line.realisation,
                "realisation_text": line.realisation_text,
                "realisation_entered": True,
                "explanation": line.explanation,
                "evidence_ids": [fields.Command.set(line.evidence_ids.ids)],
            }
        for budget in budgets:
            measurement = budget.measurement_id
            pk_id = current.get((measurement.pk_id.origin_id.id, measurement.quarter))
            if pk_id:
                key = (pk_id, "program", int(measurement.quarter), budget.program_id.name, None)
                carried[key] = {"spent": budget.spent}
        return carried

    # Changes

    def write(self, vals):
        vals = self._sakip_write_lines(vals)
        if not vals:
            return True
        if not self._sakip_workflow_is_writing():
            self._sakip_check_open()
            if ("pk_id" in vals or "quarter" in vals) and any(
                (vals.get("pk_id", m.pk_id.id), vals.get("quarter", m.quarter))
                != (m.pk_id.id, m.quarter)
                for m in self
            ):
                raise UserError(
                    self.env._(
                        "The agreement and quarter of a measurement are set when it is "
                        "opened; open another measurement instead."
                    )
                )
        return super().write(vals)

    def _sakip_write_lines(self, vals):
        """The lines are the workflow's (created with the measurement, never
        relinked); what the form edits in them (UPDATE commands only) is
        written on the lines themselves, with their own access rules and
        checks. Return the remaining values."""
        remaining = dict(vals)
        for fname, model in LINE_MODELS.items():
            commands = vals.get(fname)
            if not commands or any(
                not isinstance(command, list | tuple) or command[0] != Command.UPDATE
                for command in commands
            ):
                continue  # anything else is refused as an owned field
            del remaining[fname]
            lines = self.env[model].browse([command[1] for command in commands])
            if lines.measurement_id - self:
                raise UserError(self.env._("These lines belong to another measurement."))
            for __, line_id, line_vals in commands:
                # One write per edited line, as the form sends them.
                lines.browse(line_id).write(line_vals)
        return remaining

    def _sakip_check_open(self):
        """Approved measurements are documents of record: read-only."""
        approved = self.filtered(lambda m: m.state == "approved")
        if approved:
            raise UserError(
                self.env._(
                    "%(measurement)s is approved and can no longer be changed.",
                    measurement=approved[0].display_name,
                )
            )

    def _sakip_check_user_unlink(self):
        kept = self.filtered(lambda m: m.state != "draft")
        if kept:
            raise UserError(
                self.env._(
                    "%(measurement)s cannot be deleted: only a draft measurement can be.",
                    measurement=kept[0].display_name,
                )
            )
