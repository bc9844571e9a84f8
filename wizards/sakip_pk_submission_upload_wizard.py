# Copyright 2024 SAKIP Indonesia
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
import base64
import hashlib

from odoo import fields, models
from odoo.exceptions import UserError

from ..models.sakip_pk_submission import COMPARED

#: Lines named per list in the preview.
PREVIEW_LIMIT = 500


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
    preview_html = fields.Html(string="Changes", readonly=True, sanitize=False)
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
        submission = self.submission_id
        indicator_vals, program_vals = submission._import_parse(self._file_data(), self.filename)
        changes = submission._import_changes(indicator_vals, program_vals)
        self.write(
            {
                "state": "preview",
                "preview_html": submission._import_changes_html(changes, limit=PREVIEW_LIMIT),
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
        self.submission_id._import_file(self._file_data(), self.filename)
        return {"type": "ir.actions.act_window_close"}

    def _reopen(self):
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Upload the collection file"),
            "res_model": self._name,
            "res_id": self.id,
            "views": [(False, "form")],
            "target": "new",
        }
