# Copyright 2024 SAKIP Indonesia
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""The rules of a bidang's lines (tools.collection_rules) applied to what it
submits, from Odoo or in the filled workbook, and their messages."""

from odoo import api, models

from ..tools import collection_rules


class SakipPkSubmissionRules(models.Model):
    _inherit = "sakip.pk.submission"

    def _submit_problems(self):
        """Return what keeps the bidang's lines in Odoo from being submitted: the
        rules of a bidang's lines (collection_rules), as for an uploaded file."""
        problems = []
        all_indicators, all_programs = self._bidang_lines()
        indicators_of = all_indicators.grouped(lambda line: (line.pk_id, line.department_id))
        programs_of = all_programs.grouped(lambda line: (line.pk_id, line.department_id))
        for submission in self:
            key = (submission.pk_id, submission.department_id)
            lines = {
                "indicator": indicators_of.get(key, all_indicators.browse()),
                "program": programs_of.get(key, all_programs.browse()),
            }
            found = collection_rules.check_lines(
                [self._indicator_row(line) for line in lines["indicator"]],
                [self._program_row(line) for line in lines["program"]],
            )
            for problem in found:
                if problem.index is None:
                    place = submission.department_id.name
                elif problem.kind == "indicator":
                    place = self.env._(
                        "Indicator “%(indicator)s”",
                        indicator=lines["indicator"][problem.index].name,
                    )
                else:
                    place = self.env._(
                        "Programme “%(programme)s”",
                        programme=lines["program"][problem.index].name,
                    )
                problems.append(
                    submission._line_problem_message(
                        problem.code, place, problem.kind, problem.key, problem.value
                    )
                )
        return problems

    @api.model
    def _format_int(self, number):
        """A whole number in the user's language, exactly (formatLang goes through floats)."""
        lang = self.env["res.lang"]._lang_get(self.env.lang or "en_US")
        return lang.format("%d", number, grouping=True) if lang else str(number)

    @api.model
    def _line_problem_message(self, code, place, kind, key, value):
        """The message of one problem of a bidang's lines (collection_rules),
        the same for an uploaded file and for the lines submitted from Odoo;
        ``place`` says where (a sheet's cell, or the line's name)."""
        model = self.env["sakip.pk.indicator" if kind == "indicator" else "sakip.pk.program"]
        field = model._fields.get(key)
        values = {
            "place": place,
            "field": field._description_string(self.env) if field else "",
            "value": "" if value is None else value,
        }
        match code:
            case "required":
                return self.env._("%(place)s: %(field)s is required.", **values)
            case "too_long":
                return self.env._(
                    "%(place)s: %(field)s is too long (%(value)s characters; at most %(max)s).",
                    max=collection_rules.TEXT_LIMITS[kind].get(key, ""),
                    **values,
                )
            case "control_char":
                return self.env._(
                    "%(place)s: %(field)s contains a control character (%(value)s); "
                    "type the text again.",
                    **values,
                )
            case "not_a_number":
                return self.env._("%(place)s: “%(value)s” is not a number.", **values)
            case "negative":
                return self.env._(
                    "%(place)s: %(value)s is negative; values must be zero or more.", **values
                )
            case "zero":
                return self.env._(
                    "%(place)s: %(field)s is zero; it must be more than zero.", **values
                )
            case "too_big":
                return self.env._(
                    "%(place)s: %(value)s is too large; %(field)s is at most %(max)s.",
                    max=self._format_int(
                        collection_rules.MAX_BUDGET
                        if kind == "program"
                        else collection_rules.MAX_TARGET
                    ),
                    **values,
                )
            case "fractional":
                return self.env._(
                    "%(place)s: %(value)s has a fraction of a Rupiah; budgets are in whole "
                    "Rupiah.",
                    **values,
                )
            case "quarters":
                return self.env._(
                    "%(place)s: the quarterly targets neither reach the annual target in "
                    "Tw IV (cumulative, never decreasing) nor add up to it.",
                    **values,
                )
            case "too_many_rows":
                return self.env._(
                    "%(place)s: more than %(max)s filled rows; a bidang has at most %(max)s "
                    "indicators and %(max)s programmes.",
                    max=self._format_int(collection_rules.MAX_ROWS),
                    **values,
                )
            case "no_indicator":
                return self.env._(
                    "%(bidang)s has no indicator line: enter at least one.",
                    bidang=self.department_id.name or "",
                )
        return self.env._("%(place)s: invalid value (%(code)s).", code=code, **values)
