# Copyright 2024 SAKIP Indonesia
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from itertools import pairwise

from odoo import api, fields, models
from odoo.exceptions import ValidationError
from odoo.tools import float_compare, float_is_zero
from odoo.tools.misc import formatLang

from ..tools.pk_format import format_target_cell

#: Targets are compared to the hundredth.
TARGET_DIGITS = 2
#: Targets keep the decimals the user typed, up to this many (2,855 stays 2,855).
TARGET_STORED_DIGITS = 4

QUARTER_FIELDS = ("target_q1", "target_q2", "target_q3", "target_q4")
QUARTER_TEXT_FIELDS = ("target_q1_text", "target_q2_text", "target_q3_text", "target_q4_text")


class SakipPkIndicator(models.Model):
    """A performance indicator of an agreement, with its annual target and
    the quarterly targets of the action plan (Rencana Aksi).

    Targets are numbers (e.g. 97.5 %) or text (e.g. "Predikat B").
    """

    _name = "sakip.pk.indicator"
    _inherit = "sakip.pk.line.mixin"
    _description = "Performance Indicator"

    #: Owned: the agreement's copies (sakip.pk.line.mixin); users fill in the rest.
    _sakip_workflow_fields = frozenset({"company_id", "fiscal_year", "level"})
    _sakip_user_fields = frozenset(
        {
            "pk_id",
            "sequence",
            "department_id",
            "objective",
            "name",
            "indicator_type",
            "uom",
            "target_kind",
            "target",
            "target_text",
            "quarter_rule",
            *QUARTER_FIELDS,
            *QUARTER_TEXT_FIELDS,
            "note",
        }
    )

    #: Fields whose changes are logged on the agreement's chatter.
    _pk_tracked_fields = (
        "objective",
        "name",
        "uom",
        "target_kind",
        "target",
        "target_text",
        "quarter_rule",
        *QUARTER_FIELDS,
        *QUARTER_TEXT_FIELDS,
        "department_id",
    )

    objective = fields.Char(
        string="Strategic objective",
        required=True,
        help="The strategic objective (sasaran strategis) the indicator measures.",
    )
    name = fields.Char(string="Indicator", required=True)
    indicator_type = fields.Selection(
        selection=[("iku", "IKU"), ("iki", "IKI")],
        string="Type",
        required=True,
        default="iku",
        help="IKU: key performance indicator of the agency or an official; "
        "IKI: individual performance indicator of a staff member.",
    )
    uom = fields.Char(string="Unit", help="Unit of the target (satuan), e.g. %, schools, years.")
    target_kind = fields.Selection(
        selection=[("number", "Numeric"), ("text", "Text")],
        string="Target kind",
        required=True,
        default="number",
        help="Numeric: a measurable target such as 97.5. Text: a target such as “Predikat B”.",
    )
    target = fields.Float(digits=(16, TARGET_STORED_DIGITS), aggregator="avg")
    target_text = fields.Char(string="Target (text)")
    quarter_rule = fields.Selection(
        selection=[("cumulative", "Cumulative"), ("per_quarter", "Per quarter")],
        string="Quarterly rule",
        required=True,
        default="cumulative",
        help="Cumulative: each quarter states the total reached so far, so Q4 equals "
        "the annual target. Per quarter: each quarter states its own share, and the "
        "four add up to the annual target.",
    )
    target_q1 = fields.Float(
        string="Q1 target", digits=(16, TARGET_STORED_DIGITS), aggregator="avg"
    )
    target_q2 = fields.Float(
        string="Q2 target", digits=(16, TARGET_STORED_DIGITS), aggregator="avg"
    )
    target_q3 = fields.Float(
        string="Q3 target", digits=(16, TARGET_STORED_DIGITS), aggregator="avg"
    )
    target_q4 = fields.Float(
        string="Q4 target", digits=(16, TARGET_STORED_DIGITS), aggregator="avg"
    )
    target_q1_text = fields.Char(string="Q1 target (text)")
    target_q2_text = fields.Char(string="Q2 target (text)")
    target_q3_text = fields.Char(string="Q3 target (text)")
    target_q4_text = fields.Char(string="Q4 target (text)")
    target_display = fields.Char(
        string="Target as shown",
        compute="_compute_target_display",
        help="The annual target with its unit, as printed on the agreement.",
    )
    note = fields.Text(string="Source / notes")

    @api.depends("target_kind", "target", "target_text", "uom")
    @api.depends_context("lang")
    def _compute_target_display(self):
        for line in self:
            if line.target_kind == "text":
                line.target_display = line.target_text or ""
            else:
                number = line._format_target(line.target)
                line.target_display = f"{number} {line.uom}" if line.uom else number

    def _format_target(self, value):
        """Format a numeric target in the user's language, with the decimals it has."""
        decimals = f"{round(value % 1, TARGET_STORED_DIGITS):.{TARGET_STORED_DIGITS}f}"[2:]
        return formatLang(self.env, value, digits=len(decimals.rstrip("0")))

    def _sakip_print_cells(self, unit_inside=False):
        """The cells of the indicator's row on the printed agreement, never
        empty (an empty cell would shift the row): unit, annual target and the
        four quarterly targets."""
        self.ensure_one()
        text = self.target_kind == "text"
        quarters = [
            format_target_cell(
                self.target_kind,
                self[number] or None,
                self[label],
                decimals=TARGET_STORED_DIGITS,
            )
            for number, label in zip(QUARTER_FIELDS, QUARTER_TEXT_FIELDS, strict=True)
        ]
        return {
            "uom": (self.uom or "").strip() or "\N{NO-BREAK SPACE}",
            "target": format_target_cell(
                self.target_kind,
                None if text else self.target,
                self.target_text,
                self.uom,
                unit_inside=unit_inside,
                decimals=TARGET_STORED_DIGITS,
            ),
            "quarters": quarters,
        }

    # Constraints

    @api.constrains("target_kind", "quarter_rule", "target", *QUARTER_FIELDS)
    def _check_targets(self):
        """No negative target; numeric quarterly targets, when given, follow the
        indicator's rule: cumulative ones never decrease and reach the annual
        target in Q4, per-quarter ones add up to it."""
        for line in self:
            if any(line[fname] < 0 for fname in ("target", *QUARTER_FIELDS)):
                raise ValidationError(
                    self.env._(
                        "Indicator “%(indicator)s”: targets cannot be negative.",
                        indicator=line.name,
                    )
                )
            if line.target_kind != "number":
                continue
            quarters = [line[fname] for fname in QUARTER_FIELDS]
            if all(float_is_zero(q, precision_digits=TARGET_DIGITS) for q in quarters):
                continue  # no quarterly targets given
            shown = {
                "indicator": line.name,
                "target": line._format_target(line.target),
                "q1": line._format_target(quarters[0]),
                "q2": line._format_target(quarters[1]),
                "q3": line._format_target(quarters[2]),
                "q4": line._format_target(quarters[3]),
            }
            if line.quarter_rule == "cumulative":
                if any(
                    float_compare(before, after, precision_digits=TARGET_DIGITS) > 0
                    for before, after in pairwise(quarters)
                ):
                    raise ValidationError(
                        self.env._(
                            "Indicator “%(indicator)s”: cumulative quarterly targets "
                            "cannot decrease from one quarter to the next (Q1 %(q1)s, "
                            "Q2 %(q2)s, Q3 %(q3)s, Q4 %(q4)s).",
                            **shown,
                        )
                    )
                if float_compare(quarters[3], line.target, precision_digits=TARGET_DIGITS):
                    raise ValidationError(
                        self.env._(
                            "Indicator “%(indicator)s”: with cumulative quarterly "
                            "targets, the Q4 target (%(q4)s) must equal the annual "
                            "target (%(target)s).",
                            **shown,
                        )
                    )
            elif float_compare(sum(quarters), line.target, precision_digits=TARGET_DIGITS):
                raise ValidationError(
                    self.env._(
                        "Indicator “%(indicator)s”: the four quarterly targets (Q1 "
                        "%(q1)s, Q2 %(q2)s, Q3 %(q3)s, Q4 %(q4)s) add up to %(total)s, "
                        "not to the annual target (%(target)s).",
                        total=line._format_target(sum(quarters)),
                        **shown,
                    )
                )

    # Messages logged on the agreement (sakip.pk.line.mixin)

    def _pk_tracking_summary(self):
        """The line in a few words, for the messages logged on the agreement."""
        self.ensure_one()
        return self.env._(
            "%(indicator)s (target %(target)s)",
            indicator=self.name,
            target=self.target_display or "\N{EN DASH}",
        )
