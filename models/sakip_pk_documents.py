# Copyright 2024 SAKIP Indonesia
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""The agreement's documents: the signed PDF kept as its document of record,
the rows of its cover letter (and a new cover letter in place of a cancelled
one), and its public verification page (sakip.verifiable.mixin)."""

from odoo import models
from odoo.exceptions import UserError


class SakipPkDocuments(models.Model):
    _inherit = "sakip.pk"

    def _sakip_render_pdf(self, report_xmlid, records):
        """Render ``records`` with the QWeb PDF report ``report_xmlid`` (bytes)."""
        # sudo: the document of record is printed whatever the reader's rights
        # on the report's related records (employees, company profile).
        report = self.env["ir.actions.report"].sudo().with_context(force_report_rendering=True)
        pdf, _type = report._render_qweb_pdf(report_xmlid, records.ids)
        return pdf

    def _sakip_make_record(self):
        """Print the signed agreement with its QR code and keep it as the
        document of record (attachment + SHA-256). Returns the attachment."""
        self.ensure_one()
        self._sakip_ensure_token()
        pdf = self._sakip_render_pdf("sakip_penetapan_kinerja.action_report_sakip_pk", self)
        filename = self.env._("%(agreement)s (signed).pdf", agreement=self.display_name)
        return self._sakip_set_record(pdf, filename)

    def _sakip_cover_letter_items(self):
        """The rows of the cover letter's table: what is sent, and how many."""
        self.ensure_one()
        return [
            {
                "name": f"Dokumen {self.display_name}",
                "quantity": 1,
                "note": "Untuk dipergunakan sebagaimana mestinya.",
            }
        ]

    def action_new_cover_letter(self):
        """Issue a new cover letter in place of a cancelled one (e.g. refused
        by its signer), as step 12 does: only who may do step 12, while the
        run has yet to send the agreement."""
        self.ensure_one()
        if self.cover_letter_id.state != "cancelled":
            raise UserError(
                self.env._(
                    "%(agreement)s has no cancelled cover letter to replace.",
                    agreement=self.display_name,
                )
            )
        steps = self.sop_run_ids.filtered(lambda run: run.state == "running").step_ids
        step = steps.filtered(lambda s: s.kind == "cover_letter" and s.state == "done")[-1:]
        if not step:
            raise UserError(
                self.env._(
                    "The cover letter of %(agreement)s is issued by step 12 of its running "
                    "SOP run.",
                    agreement=self.display_name,
                )
            )
        step._check_can_act()
        self._sop_done_cover_letter(step)
        return True

    def _sakip_prints_final(self):
        """Printed as signed once signed (a superseded version prints its
        document of record)."""
        self.ensure_one()
        return self.state in ("signed", "superseded")

    def _sakip_verify_newer(self):
        """The signed later version of this agreement, if it has its public
        page: the one a visitor of a superseded version is sent to."""
        self.ensure_one()
        # with its token in the same query: the page links to it
        return self.search_fetch(
            [
                ("origin_id", "=", self.origin_id.id),
                ("revision", ">", self.revision),
                ("state", "=", "signed"),
                ("verify_token", "!=", False),
            ],
            ["verify_token"],
            order="revision desc",
            limit=1,
        )

    def _sakip_verify_values(self):
        """The agreement as printed: its statement page names both parties and
        is signed by the first party with the second."""
        self.ensure_one()
        # Only what the page prints (reading every column of the agreement and
        # of an employee costs more than the rest of the page).
        self.fetch(
            [
                "state",
                "revision",
                "name",
                "fiscal_year",
                "company_id",
                "first_party_id",
                "second_party_name",
                "second_party_title",
                "sign_date",
                "origin_id",
                "record_sha256",
            ]
        )
        self.company_id.fetch(["name", "sakip_office_name"])
        self.first_party_id.fetch(["name", "job_title"])
        if self.state == "signed":
            status = "valid"
        elif self.state in ("superseded", "cancelled"):
            status = self.state
        else:
            status = "unsigned"
        return {
            # As the title of the printed agreement, in Indonesian.
            "doc_type": "Perjanjian Kinerja Perubahan" if self.revision else "Perjanjian Kinerja",
            "number": self.name,
            "year": self.fiscal_year,
            "office": self.company_id.sakip_office_name or self.company_id.name,
            "signer_label": "Pihak Pertama",
            "signer_name": self.first_party_id.name,
            "signer_job": self.first_party_job or "",
            "cosigner_label": "Pihak Kedua",
            "cosigner_name": self.second_party_name or "",
            "cosigner_job": self.second_party_title or "",
            "sign_date": self.sign_date if status != "unsigned" else False,
            "status": status,
            "newer": self._sakip_verify_newer() if status == "superseded" else self.browse(),
            "sha256": self.record_sha256,
        }
