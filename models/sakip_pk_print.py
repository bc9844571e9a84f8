# Copyright 2024 SAKIP Indonesia
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""The agreement as printed, in its office's format (res_company_pk_format.py):
the parties as the office writes them, the statement, the date line."""

from odoo import models

from ..tools.pk_format import (
    DEFAULT_STATEMENT_TEMPLATE,
    StatementTemplateError,
    acting_title,
    render_statement,
    sign_date_line,
)


class SakipPkPrint(models.Model):
    _inherit = "sakip.pk"

    def _sakip_print_values(self):
        """What the report prints of the agreement besides its lines."""
        self.ensure_one()
        company = self.company_id
        first, second = self.first_party_id, self.second_party_id
        first_label, second_label = company._sakip_party_labels()
        parties = {
            "first": {
                "label": first_label,
                "name": first.name or "",
                "title": acting_title(self.first_party_acting, first.job_title),
                "rank": first.pangkat_printed or first.pangkat or "",
                "nip": first.nip_display or "",
            },
            "second": {
                "label": second_label,
                "name": self.second_party_name or second.name or "",
                "title": acting_title(
                    self.second_party_acting, self.second_party_title or second.job_title
                ),
                "rank": second.pangkat_printed or second.pangkat or "",
                "nip": second.nip_display or "",
            },
        }
        placeholders = {
            "pihak_pertama": first_label,
            "pihak_kedua": second_label,
            "sebutan_pihak_pertama": first_label.capitalize(),
            "sebutan_pihak_kedua": second_label.capitalize(),
            "nama_pihak_pertama": parties["first"]["name"],
            "jabatan_pihak_pertama": parties["first"]["title"],
            "nama_pihak_kedua": parties["second"]["name"],
            "jabatan_pihak_kedua": parties["second"]["title"],
            "tahun": str(self.fiscal_year),
            "instansi": company.name or "",
        }
        try:
            statement = render_statement(company.sakip_pk_statement, placeholders)
        except StatementTemplateError:
            # saved before its check existed: the regulation's wording instead
            statement = render_statement(DEFAULT_STATEMENT_TEMPLATE, placeholders)
        signed = self.state in ("signed", "superseded") and self.sign_date
        return {
            "parties": parties,
            "statement": statement,
            "date_line": sign_date_line(
                self.sign_place or company.sakip_sign_city or company.city or "",
                self.fiscal_year,
                self.sign_date if signed else None,
            ),
            "heading": company.sakip_pk_heading,
            "logo": company._sakip_print_logo(),
            "unit_inside": company.sakip_pk_unit_in_target,
            "amount_prefix": "Rp. " if company.sakip_pk_amount_prefix else "",
            "style_class": f"sakip-pk-{company.id}",
            "style": company._sakip_pk_style(f".sakip-doc.sakip-pk-{company.id}"),
        }
