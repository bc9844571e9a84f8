# Copyright 2024 SAKIP Indonesia
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""The quarterly Pengukuran Kinerja form (PDF on F4, XLSX): what it prints,
its document of record once approved, and its public verification page."""

from odoo import models
from odoo.exceptions import UserError

from ..tools.roman import to_roman

REPORT_PDF = "sakip_penetapan_kinerja.action_report_sakip_pk_measurement"
REPORT_XLSX = "sakip_penetapan_kinerja.action_report_sakip_pk_measurement_xlsx"


class SakipPkMeasurementDocuments(models.Model):
    _inherit = "sakip.pk.measurement"

    def _sakip_quarter_label(self):
        self.ensure_one()
        return f"Triwulan {to_roman(int(self.quarter))}" if self.quarter else ""

    def _sakip_report_rows(self):
        """The indicator lines of the form, by sasaran: ``[(sasaran, lines)]``
        in the agreement's order (record rules apply: a bidang prints its own)."""
        self.ensure_one()
        rows = []
        for line in self.line_ids:
            if rows and rows[-1][0] == (line.objective or ""):
                rows[-1][1].append(line)
            else:
                rows.append((line.objective or "", [line]))
        return rows

    def _sakip_report_signers(self):
        """Who signs the form: the official whose agreement it measures
        (approves), and the Sekretaris who reviewed it."""
        self.ensure_one()
        # sudo: the officials' names, ranks and NIP, as printed.
        pk = self.pk_id.sudo()
        return {
            "head": pk.first_party_id,
            "secretary": self.company_id.sudo().sakip_secretary_employee_id,
        }

    def _sakip_prints_final(self):
        """Printed as approved (with its QR code) once approved; a draft
        before."""
        self.ensure_one()
        return self.state == "approved"

    def _sakip_make_record(self):
        """Print the approved form with its QR code and keep it as the
        document of record (attachment + SHA-256). Returns the attachment."""
        self.ensure_one()
        self._sakip_ensure_token()
        # sudo: the document of record is printed whatever the approver's
        # rights on the report's related records; it shows every bidang.
        report = self.env["ir.actions.report"].sudo().with_context(force_report_rendering=True)
        pdf, _type = report._render_qweb_pdf(REPORT_PDF, self.ids)
        filename = self.env._("%(measurement)s (approved).pdf", measurement=self.display_name)
        return self._sakip_set_record(pdf, filename)

    def action_print_form(self):
        self.ensure_one()
        return self.env.ref(REPORT_PDF).report_action(self)

    def action_export_xlsx(self):
        self.ensure_one()
        return self.env.ref(REPORT_XLSX).report_action(self)

    def _sakip_verify_values(self):
        """The form as printed: signed by the official whose agreement it measures."""
        self.ensure_one()
        self.fetch(
            ["state", "name", "quarter", "fiscal_year", "company_id", "pk_id", "approved_at"]
        )
        head = self.pk_id.first_party_id
        head.fetch(["name", "job_title"])
        self.company_id.fetch(["name", "sakip_office_name"])
        return {
            "doc_type": f"Pengukuran Kinerja {self._sakip_quarter_label()}",
            "number": self.pk_id.name,
            "year": self.fiscal_year,
            "office": self.company_id.sakip_office_name or self.company_id.name,
            "signer_name": head.name or "",
            "signer_job": head.job_title or "",
            "sign_date": self.approved_at.date() if self.state == "approved" else False,
            "status": "valid" if self.state == "approved" else "unsigned",
            "newer": self.browse(),
            "sha256": self.record_sha256 or "",
        }

    def action_download_record(self):
        if not self.record_attachment_id:
            raise UserError(
                self.env._(
                    "%(measurement)s has no document of record yet: it is kept when the "
                    "Kepala approves it.",
                    measurement=self.display_name,
                )
            )
        return super().action_download_record()
