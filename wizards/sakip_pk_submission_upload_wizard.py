# Copyright 2024 SAKIP Indonesia
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
import base64
import hashlib
from collections import defaultdict

from markupsafe import Markup
from xlsxwriter.utility import xl_col_to_name

from odoo import fields, models
from odoo.exceptions import UserError
from odoo.tools import float_compare
from odoo.tools.misc import formatLang

from ..models.sakip_pk_indicator import QUARTER_FIELDS, QUARTER_TEXT_FIELDS, TARGET_DIGITS
from ..models.sakip_pk_submission import XLSX_MIMETYPE
from ..tools import collection_rules, collection_xlsx

#: Lines named per list in the preview.
PREVIEW_LIMIT = 500

#: Lines named per list (added, changed, removed) in the submission's message of an upload.
IMPORT_LOG_LIMIT = 200

#: Fields whose difference makes a matched line "changed" by an upload.
COMPARED = {
    "indicator": ("objective", "uom", "target_kind", "target", "target_text", *QUARTER_FIELDS),
    "program": ("budget", "note"),
}
#: Fields the format does not hold, kept when an upload changes a line.
KEPT = {
    "indicator": ("indicator_type", "note", *QUARTER_TEXT_FIELDS),
    "program": (),
}


def _name_key(name):
    return " ".join((name or "").split()).casefold()


def _differs(old, new):
    if isinstance(old, float) or isinstance(new, float):
        return float_compare(old or 0.0, new or 0.0, precision_digits=TARGET_DIGITS) != 0
    return (old or False) != (new or False)


class SakipPkSubmissionUploadWizard(models.TransientModel):
    """Upload a bidang's filled collection workbook in two steps: the file is
    checked as a whole and what it would change is shown (lines added,
    changed, removed, the bidang's total budget before and after); the lines
    are replaced only when the user confirms. A refused file changes nothing.
    The submission's methods check the rights."""

    _name = "sakip.pk.submission.upload.wizard"
    _description = "Upload a Collection File"

    submission_id = fields.Many2one(
        comodel_name="sakip.pk.submission",
        required=True,
        readonly=True,
        ondelete="cascade",
    )
    department_id = fields.Many2one(related="submission_id.department_id")
    pk_id = fields.Many2one(related="submission_id.pk_id")
    state = fields.Selection(
        selection=[("upload", "Upload"), ("preview", "Preview")],
        default="upload",
        required=True,
        readonly=True,
    )
    file = fields.Binary(string="Filled collection file", required=True, attachment=False)
    filename = fields.Char(string="File name")
    preview_html = fields.Html(string="Changes", readonly=True)
    added_count = fields.Integer(string="Lines added", readonly=True)
    changed_count = fields.Integer(string="Lines changed", readonly=True)
    removed_count = fields.Integer(string="Lines removed", readonly=True)
    budget_before = fields.Float(string="Total budget before", digits=(16, 0), readonly=True)
    budget_after = fields.Float(string="Total budget after", digits=(16, 0), readonly=True)
    lines_signature = fields.Char(readonly=True)

    def _file_data(self):
        self.ensure_one()
        if not self.file:
            raise UserError(self.env._("Choose the filled collection file to upload."))
        return base64.b64decode(self.file)

    def _signature(self):
        """A fingerprint of the file and of the bidang's lines now."""
        indicators, programs = self.submission_id._bidang_lines()
        lines = indicators.read(["name", *COMPARED["indicator"]]) + programs.read(
            ["name", *COMPARED["program"]]
        )
        text = repr((hashlib.sha256(self._file_data()).hexdigest(), sorted(map(repr, lines))))
        return hashlib.sha256(text.encode()).hexdigest()

    def action_preview(self):
        """Check the file and show what it would change; nothing changes yet."""
        self.ensure_one()
        indicator_vals, program_vals = self._parse(self._file_data())
        changes = self._changes(indicator_vals, program_vals)
        self.write(
            {
                "state": "preview",
                "preview_html": self._changes_html(changes, limit=PREVIEW_LIMIT),
                "added_count": sum(len(changes[k]["added"]) for k in ("indicator", "program")),
                "changed_count": sum(len(changes[k]["changed"]) for k in ("indicator", "program")),
                "removed_count": sum(len(changes[k]["removed"]) for k in ("indicator", "program")),
                "budget_before": changes["budget_before"],
                "budget_after": changes["budget_after"],
                "lines_signature": self._signature(),
            }
        )
        return self._reopen()

    def action_back(self):
        """Choose another file."""
        self.write({"state": "upload", "preview_html": False, "lines_signature": False})
        return self._reopen()

    def action_confirm(self):
        """Replace the bidang's lines as the preview showed; without a preview,
        show it first."""
        self.ensure_one()
        if self.state != "preview":
            return self.action_preview()
        if self.lines_signature != self._signature():
            raise UserError(
                self.env._(
                    "The bidang's lines changed since the preview; nothing was changed. "
                    "Check the file again."
                )
            )
        self._replace(self._file_data())
        return {"type": "ir.actions.act_window_close"}

    def _replace(self, data):
        """Check the filled workbook ``data`` as a whole; accepted, it replaces
        the bidang's lines on the agreement (lines matched by name: unchanged
        ones stay, changed ones keep what the format does not hold) and marks
        the submission submitted. Refused (UserError listing every error),
        nothing changes."""
        self.ensure_one()
        submission = self.submission_id
        filename = self.filename
        indicator_vals, program_vals = self._parse(data)
        changes = self._changes(indicator_vals, program_vals)
        self.pk_id._check_editable()
        # Named before the lines are removed.
        body = self._changes_html(changes, filename, limit=IMPORT_LOG_LIMIT)
        indicators = changes["indicator"]
        programs = changes["program"]
        # sudo: replaced as one batch for the bidang; _import_parse checked the right.
        (indicators["removed"] | indicators["changed_lines"]).sudo().unlink()
        (programs["removed"] | programs["changed_lines"]).sudo().unlink()
        self.env["sakip.pk.indicator"].sudo().create(indicators["create"])
        self.env["sakip.pk.program"].sudo().create(programs["create"])
        attachment = (
            self.env["ir.attachment"]
            .sudo()  # the engine stores the accepted file on the submission
            .create(
                {
                    "name": filename or submission._format_filename(),
                    "raw": data,
                    "mimetype": XLSX_MIMETYPE,
                    "res_model": submission._name,
                    "res_id": submission.id,
                }
            )
        )
        submission.invalidate_recordset(["indicator_count", "program_count"])
        submission.message_post(
            body=body,
            subtype_xmlid="mail.mt_note",
        )
        submission._mark_submitted(attachment=attachment.with_env(self.env))
        return True

    def _parse(self, data):
        """Return the values of the indicator and programme lines of the filled
        workbook, or raise UserError listing every error of the file."""
        self.ensure_one()
        submission = self.submission_id
        submission._check_may_submit()
        submission._check_open()
        result = collection_xlsx.parse_workbook(
            data,
            {
                "company": submission.company_id.name,
                "department_code": submission._format_department_code(self.department_id),
                "fiscal_year": self.pk_id.fiscal_year,
            },
        )
        if result.errors:
            raise UserError(
                self.env._(
                    "The file %(file)s was refused; nothing was changed. Correct these "
                    "errors and upload it again:",
                    file=self.filename or "",
                )
                + "\n"
                + "\n".join(f"- {self._error_message(error)}" for error in result.errors)
            )
        base = {"pk_id": self.pk_id.id, "department_id": self.department_id.id}
        indicator_vals = []
        for index, row in enumerate(result.indicators, 1):
            numeric = row.get("target") is not None
            quarters = [row.get(fname) or 0.0 for fname in QUARTER_FIELDS]
            given = numeric and any(row.get(fname) is not None for fname in QUARTER_FIELDS)
            indicator_vals.append(
                {
                    **base,
                    "sequence": index,
                    "objective": row["objective"],
                    "name": row["name"],
                    "uom": row.get("uom") or False,
                    "target_kind": "number" if numeric else "text",
                    "target": row.get("target") or 0.0,
                    "target_text": False if numeric else row.get("target_text"),
                    # checked by the rules: a rule fits the quarters given
                    "quarter_rule": (
                        collection_rules.quarter_rule(row["target"], quarters)
                        if given
                        else "cumulative"
                    ),
                    **dict(zip(QUARTER_FIELDS, quarters, strict=True)),
                }
            )
        program_vals = [
            {
                **base,
                "sequence": index,
                "name": row["name"],
                "budget": row["budget"],
                "note": row.get("note") or False,
            }
            for index, row in enumerate(result.programs, 1)
        ]
        return indicator_vals, program_vals

    def _changes(self, indicator_vals, program_vals):
        """What replacing the bidang's lines by the file's would change.

        Lines are matched by name (case and spaces aside, in order). Returns, per
        kind (``indicator``, ``program``): ``added`` (values), ``changed``
        ((line, values) pairs), ``removed`` (lines), ``changed_lines``,
        ``create`` (the values to create: the added lines and the changed ones,
        these keeping what the format does not hold), ``count_before`` and
        ``count_after``; and ``budget_before`` and ``budget_after``, the
        bidang's total budget.
        """
        self.ensure_one()
        indicators, programs = self.submission_id._bidang_lines()
        result = {
            "budget_before": sum(programs.mapped("budget")),
            "budget_after": sum(vals["budget"] for vals in program_vals),
        }
        for kind, lines, vals_list in (
            ("indicator", indicators, indicator_vals),
            ("program", programs, program_vals),
        ):
            by_name = defaultdict(list)
            for line in lines:
                by_name[_name_key(line.name)].append(line)
            added, changed, create, matched = [], [], [], set()
            for vals in vals_list:
                same_name = by_name.get(_name_key(vals["name"]))
                if not same_name:
                    added.append(vals)
                    create.append(vals)
                    continue
                line = same_name.pop(0)
                matched.add(line.id)
                if any(_differs(line[fname], vals.get(fname)) for fname in COMPARED[kind]):
                    changed.append((line, vals))
                    create.append({**{fname: line[fname] for fname in KEPT[kind]}, **vals})
            result[kind] = {
                "added": added,
                "changed": changed,
                "removed": lines.filtered(lambda line, matched=matched: line.id not in matched),
                "changed_lines": lines.browse([line.id for line, _vals in changed]),
                "create": create,
                "count_before": len(lines),
                "count_after": len(vals_list),
            }
        return result

    def _changes_html(self, changes, filename=None, limit=None):
        """The changes of :meth:`_changes` as HTML: the totals before and
        after, then the lines added, changed (old → new) and removed, each list
        cut after ``limit`` lines."""
        Indicator = self.env["sakip.pk.indicator"]

        def money(amount):
            return f"Rp {formatLang(self.env, amount, digits=0)}"

        def target(values):
            if values["target_kind"] == "text":
                return values["target_text"] or ""
            number = Indicator._format_target(values["target"])
            return f"{number} {values['uom']}" if values["uom"] else number

        def shown(kind, values):
            if kind == "indicator":
                return self.env._(
                    "Indicator “%(name)s”: target %(target)s",
                    name=values["name"],
                    target=target(values),
                )
            return self.env._(
                "Programme “%(name)s”: %(budget)s",
                name=values["name"],
                budget=money(values["budget"]),
            )

        def changed_text(kind, line, vals):
            if kind == "indicator":
                return self.env._(
                    "Indicator “%(name)s”: target %(old)s → %(new)s",
                    name=vals["name"],
                    old=target(line),
                    new=target(vals),
                )
            return self.env._(
                "Programme “%(name)s”: %(old)s → %(new)s",
                name=vals["name"],
                old=money(line.budget),
                new=money(vals["budget"]),
            )

        sections = {"added": [], "changed": [], "removed": []}
        for kind in ("indicator", "program"):
            sections["added"] += [shown(kind, vals) for vals in changes[kind]["added"]]
            sections["changed"] += [
                changed_text(kind, line, vals) for line, vals in changes[kind]["changed"]
            ]
            sections["removed"] += [shown(kind, line) for line in changes[kind]["removed"]]
        intro = (
            self.env._(
                "Lines of %(bidang)s replaced by the file %(file)s.",
                bidang=self.department_id.name,
                file=filename,
            )
            if filename
            else self.env._(
                "What the file changes on the lines of %(bidang)s:", bidang=self.department_id.name
            )
        )
        totals = [
            self.env._(
                "Indicators: %(before)s → %(after)s",
                before=changes["indicator"]["count_before"],
                after=changes["indicator"]["count_after"],
            ),
            self.env._(
                "Programmes: %(before)s → %(after)s",
                before=changes["program"]["count_before"],
                after=changes["program"]["count_after"],
            ),
            self.env._(
                "Total budget: %(before)s → %(after)s",
                before=money(changes["budget_before"]),
                after=money(changes["budget_after"]),
            ),
        ]
        html = Markup("<p>%s</p><ul>%s</ul>") % (
            intro,
            Markup("").join(Markup("<li>%s</li>") % text for text in totals),
        )
        titles = {
            "added": self.env._("Added (%(count)s)", count=len(sections["added"])),
            "changed": self.env._("Changed (%(count)s)", count=len(sections["changed"])),
            "removed": self.env._("Removed (%(count)s)", count=len(sections["removed"])),
        }
        for section, texts in sections.items():
            if not texts:
                continue
            shown_texts = texts[:limit] if limit else texts
            items = Markup("").join(Markup("<li>%s</li>") % text for text in shown_texts)
            if len(texts) > len(shown_texts):
                items += Markup("<li>%s</li>") % self.env._(
                    "… and %(count)s more", count=len(texts) - len(shown_texts)
                )
            html += Markup('<p class="mb-0"><b>%s</b></p><ul class="%s">%s</ul>') % (
                titles[section],
                "text-danger" if section == "removed" else "",
                items,
            )
        if not any(sections.values()):
            html += Markup("<p>%s</p>") % self.env._("No line changes.")
        return html

    def _error_message(self, error):
        """The translated message of one error of a returned file."""
        where = {
            "sheet": error.sheet or "",
            "row": error.row or "",
            "column": error.column or "",
            "value": "" if error.value is None else error.value,
        }
        match error.code:
            case "not_xlsx":
                return self.env._(
                    "The file is not an Excel workbook (XLSX). Upload the collection "
                    "format you received, saved as .xlsx."
                )
            case "too_large":
                return self.env._(
                    "The file is too large (%(size)s bytes; at most %(max)s).",
                    size=where["value"],
                    max=collection_xlsx.MAX_BYTES,
                )
            case "damaged":
                return self._damaged_message(error, where)
            case "missing_sheet":
                return self.env._(
                    "The sheet “%(sheet)s” is missing: use the collection format as you "
                    "received it.",
                    **where,
                )
            case "layout_changed":
                if error.row:
                    return self.env._(
                        "Sheet %(sheet)s, row %(row)s, column %(column)s: the header "
                        "“%(value)s” was changed; the layout of the format must not be changed.",
                        **where,
                    )
                return self.env._(
                    "The hidden sheet %(sheet)s is missing or changed (%(value)s): use "
                    "the collection format as you received it.",
                    **where,
                )
            case "wrong_version":
                return self.env._(
                    "The file is of another version of the collection format "
                    "(%(value)s): use the format you received for this collection.",
                    **where,
                )
            case "wrong_department":
                return self.env._(
                    "The file was made for another bidang (%(value)s), not for %(bidang)s.",
                    bidang=self.department_id.name or "",
                    **where,
                )
            case "wrong_year":
                return self.env._(
                    "The file was made for the fiscal year %(value)s, not %(year)s.",
                    year=self.pk_id.fiscal_year or "",
                    **where,
                )
            case "formula":
                return self.env._(
                    "Sheet %(sheet)s, row %(row)s, column %(column)s: a formula "
                    "(%(value)s); type the value itself.",
                    **where,
                )
        kind = "indicator" if error.sheet == collection_xlsx.SHEET_INDICATORS else "program"
        columns = (
            collection_xlsx.INDICATOR_COLUMNS
            if kind == "indicator"
            else collection_xlsx.PROGRAM_COLUMNS
        )
        key = {xl_col_to_name(i): column.key for i, column in enumerate(columns)}.get(error.column)
        if error.column:
            place = self.env._("Sheet %(sheet)s, row %(row)s, column %(column)s", **where)
        elif error.row:
            place = self.env._("Sheet %(sheet)s, row %(row)s", **where)
        else:
            place = self.env._("Sheet %(sheet)s", **where)
        return self.submission_id._line_problem_message(error.code, place, kind, key, error.value)

    def _damaged_message(self, error, where):
        save_again = self.env._(
            "Open it in Excel, save it again as an Excel Workbook (.xlsx) and upload it again."
        )
        if error.column:
            text = self.env._(
                "Sheet %(sheet)s, row %(row)s, column %(column)s: the cell cannot be "
                "read (%(value)s); the file is damaged.",
                **where,
            )
        elif error.row:
            text = self.env._(
                "Sheet %(sheet)s, row %(row)s: the sheet cannot be read from this row "
                "on; the file is damaged.",
                **where,
            )
        elif error.sheet:
            text = self.env._(
                "Sheet %(sheet)s cannot be read (part %(value)s of the file is damaged).",
                **where,
            )
        else:
            text = self.env._(
                "The file is damaged: its part %(value)s cannot be read.",
                **where,
            )
        return f"{text} {save_again}"

    def _reopen(self):
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Upload the collection file"),
            "res_model": self._name,
            "res_id": self.id,
            "views": [(False, "form")],
            "target": "new",
        }
