# Copyright 2024 SAKIP Indonesia
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
import base64
import functools
import hashlib

from markupsafe import Markup

from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.tools import file_open

from ..tools.pk_format import (
    DEFAULT_STATEMENT_TEMPLATE,
    PLACEHOLDERS,
    StatementTemplateError,
    check_statement_template,
)

#: CSS pixels per typographic point as wkhtmltopdf lays the reports out
#: (see report/sakip_report_layout.xml).
PX_PER_PT = 1.72

#: Font stacks of the printed agreement: the metric-compatible Liberation
#: fonts (Debian's fonts-liberation) stand in for Arial and Times New Roman.
FONT_STACKS = {
    "sans": 'Arial, "Liberation Sans", "DejaVu Sans", Helvetica, sans-serif',
    "serif": '"Times New Roman", "Liberation Serif", "DejaVu Serif", Times, serif',
}


@functools.cache
def placeholder_logo_digest():
    """SHA-256 of Odoo's default company logo ("Your logo"), which
    ``res.company`` sets on every new company."""
    with file_open("base/static/img/res_company_logo.png", "rb") as logo:
        return hashlib.sha256(logo.read()).hexdigest()


class ResCompany(models.Model):
    """The office's format of the Perjanjian Kinerja (Settings > SAKIP), and
    its emblem: the placeholder logo of a new company is never printed."""

    _inherit = "res.company"

    sakip_pk_heading = fields.Selection(
        selection=[
            ("emblem", "Emblem centred above the title"),
            ("letterhead", "Letterhead (kop surat)"),
        ],
        string="Agreement heading",
        required=True,
        default="emblem",
        help="Emblem: the regional emblem centred above the title, as the template of "
        "PermenPANRB 53/2014. Letterhead: the office's kop surat.",
    )
    sakip_pk_party_label = fields.Selection(
        selection=[
            ("pertama", "PIHAK PERTAMA / PIHAK KEDUA"),
            ("kesatu", "PIHAK KESATU / PIHAK KEDUA"),
        ],
        string="Party labels",
        required=True,
        default="pertama",
    )
    sakip_pk_statement = fields.Text(
        string="Statement",
        required=True,
        default=DEFAULT_STATEMENT_TEMPLATE,
        help="The paragraphs of the agreement's statement page, separated by a blank "
        "line; a paragraph starting with spaces is indented. Placeholders: {pihak_pertama}, "
        "{pihak_kedua} (the parties' labels, in bold), {sebutan_pihak_pertama}, "
        "{sebutan_pihak_kedua} (the same in sentence case), {nama_pihak_pertama}, "
        "{jabatan_pihak_pertama}, "
        "{nama_pihak_kedua}, {jabatan_pihak_kedua}, {tahun}, {instansi}; "
        "{identitas_pihak_pertama} and {identitas_pihak_kedua} stand alone in their "
        "paragraph and print the party's name and position.",
    )
    sakip_pk_font = fields.Selection(
        selection=[
            ("sans", "Sans serif (Arial)"),
            ("serif", "Serif (Times New Roman)"),
        ],
        string="Font",
        required=True,
        default="sans",
    )
    sakip_pk_font_size = fields.Float(
        string="Font size (pt)",
        digits=(3, 1),
        required=True,
        default=11.5,
    )
    sakip_pk_unit_in_target = fields.Boolean(
        string="Unit inside the target cell",
        help='Print the unit with the target ("70 Indeks") instead of in a Satuan column.',
    )
    sakip_pk_amount_prefix = fields.Boolean(
        string='Amounts with "Rp."',
        help='Print the budget amounts as "Rp. 4.100.832.755".',
    )
    sakip_logo_is_placeholder = fields.Boolean(
        string="No emblem yet",
        compute="_compute_sakip_logo_is_placeholder",
        help="The company has no logo, or still Odoo's placeholder: nothing is printed "
        "in place of the emblem.",
    )

    @api.depends("logo")
    def _compute_sakip_logo_is_placeholder(self):
        for company in self:
            company.sakip_logo_is_placeholder = not company._sakip_print_logo()

    @api.constrains("sakip_pk_statement")
    def _check_sakip_pk_statement(self):
        for company in self:
            try:
                check_statement_template(company.sakip_pk_statement)
            except StatementTemplateError as error:
                raise ValidationError(company._sakip_statement_error(error)) from error

    @api.constrains("sakip_pk_font_size")
    def _check_sakip_pk_font_size(self):
        if any(not 8 <= company.sakip_pk_font_size <= 16 for company in self):
            raise ValidationError(
                self.env._("The font size of the agreement must be between 8 and 16 pt.")
            )

    def _sakip_statement_error(self, error):
        """The message of a refused statement template, in the user's language."""
        known = ", ".join(f"{{{name}}}" for name in sorted(PLACEHOLDERS))
        if error.code == "unknown":
            return self.env._(
                "The statement uses an unknown placeholder {%(name)s}. Known placeholders: "
                "%(known)s.",
                name=error.name,
                known=known,
            )
        if error.code == "block_not_alone":
            return self.env._(
                "The placeholder {%(name)s} prints a table: write it alone in its "
                "paragraph, with a blank line before and after it.",
                name=error.name,
            )
        if error.code == "block_count":
            return self.env._(
                "The statement must contain the placeholder {%(name)s} exactly once.",
                name=error.name,
            )
        return self.env._(
            "The statement has a brace that opens or closes no placeholder; write {{ "
            "or }} to print a brace."
        )

    def _sakip_print_logo(self):
        """The logo to print as the office's emblem: False when there is none
        or it is still Odoo's placeholder."""
        self.ensure_one()
        logo = self.with_context(bin_size=False).logo
        if not logo:
            return False
        raw = base64.b64decode(logo)
        return False if hashlib.sha256(raw).hexdigest() == placeholder_logo_digest() else logo

    def _sakip_pk_style(self, scope):
        """CSS of the printed agreement for this office's font and size, for
        the elements under the CSS selector ``scope``."""
        self.ensure_one()
        size = (self.sakip_pk_font_size or 11.5) * PX_PER_PT
        family = FONT_STACKS.get(self.sakip_pk_font, FONT_STACKS["sans"])
        # Markup: built from the constants above and a number, nothing typed by a user
        return Markup(
            f"{scope} {{ font-family: {family}; font-size: {size:.1f}px; }}\n"
            f"{scope} table {{ font-size: {size:.1f}px; }}\n"
            f"{scope} .sakip-grid th, {scope} .sakip-grid td "
            f"{{ font-size: {size * 0.86:.1f}px; }}\n"
            f"{scope} .sakip-grid .sakip-colnum th {{ font-size: {size * 0.7:.1f}px; }}\n"
            f"{scope} .sakip-title {{ font-size: {size * 1.1:.1f}px; }}\n"
            f"{scope} .sakip-subtitle {{ font-size: {size:.1f}px; }}\n"
        )

    def _sakip_party_labels(self):
        """The printed labels of the two parties."""
        self.ensure_one()
        first = "PIHAK KESATU" if self.sakip_pk_party_label == "kesatu" else "PIHAK PERTAMA"
        return first, "PIHAK KEDUA"

    def _sakip_pk_preview_action(self):
        """Print the latest agreement of the office that is not signed yet (a
        signed one prints its document of record, in the format it was signed
        in)."""
        self.ensure_one()
        agreement = self.env["sakip.pk"].search(
            [("company_id", "=", self.id), ("record_attachment_id", "=", False)],
            order="fiscal_year desc, write_date desc, id desc",
            limit=1,
        )
        if not agreement:
            raise UserError(
                self.env._(
                    "There is no unsigned performance agreement of %(office)s to preview "
                    "the format with: create a draft agreement first.",
                    office=self.name,
                )
            )
        return self.env.ref("sakip_penetapan_kinerja.action_report_sakip_pk").report_action(
            agreement, config=False
        )
