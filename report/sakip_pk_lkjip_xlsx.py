# Copyright 2024 SAKIP Indonesia
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""The table of a LKjIP's chapter III (issue 15, item 5): per indicator its
annual target, the realisasi rolled up over the approved quarters, capaian
and rating, last year's realisasi and the Renstra end target; per
programme its budget, spent and absorption at the latest approved quarter."""

from collections import defaultdict

from odoo import models

from ..models.sakip_pk_results import indicator_key
from ..tools.roman import to_roman
from .xlsx_common import (
    WORKBOOK_OPTIONS,
    add_formats,
    page_setup,
    set_columns,
    sheet_name,
    table_borders,
    write_agreement_heading,
)

INDICATOR_FIELDS = ["pk_id", "objective", "name", "uom", "target_kind", "target", "target_text"]
INDICATOR_FIELDS += ["renstra_target"]
BUDGET_FIELDS = ["pk_id", "program_id", "measurement_id", "budget", "spent", "absorption"]


def _columns(year):
    """(header, width, column format) of the indicator table; see xlsx_common."""
    return [
        ("No", 6, "col_center"),
        ("Sasaran Strategis", 32, "col_wrap"),
        ("Indikator Kinerja", 38, "col_wrap"),
        ("Satuan", 10, "col_wrap"),
        (f"Target {year}", 12, "col_number"),
        (f"Realisasi {year}", 12, "col_number"),
        ("Capaian (%)", 11, "col_number"),
        ("Predikat", 14, "col_wrap"),
        (f"Realisasi {year - 1}", 12, "col_number"),
        ("Target Akhir Renstra", 14, "col_wrap"),
    ]


BUDGET_COLUMNS = ["No", "Program", "", "", "Anggaran (Rp)", "Realisasi (Rp)", "Serapan (%)"]


def _value(value):
    """A rolled-up value as a cell: a number, a grade, or empty."""
    if value is None:
        return None
    return value if isinstance(value, str) else float(value)


class SakipPkLkjipXlsx(models.AbstractModel):
    """XLSX of the LKjIP chapter III table of agreements: a sheet per
    agreement. Read in a few batched calls whatever the number of indicators;
    record rules apply to the agreement's lines."""

    _name = "report.sakip_penetapan_kinerja.pk_lkjip_xlsx"
    _inherit = "report.report_xlsx.abstract"
    _description = "LKjIP Capaian Table XLSX Export"

    def get_workbook_options(self):
        return dict(super().get_workbook_options(), **WORKBOOK_OPTIONS)

    def generate_xlsx_report(self, workbook, data, objs):
        formats = add_formats(workbook)
        formats["money"] = workbook.add_format({"num_format": "#,##0", "valign": "top"})
        formats["percent"] = workbook.add_format({"num_format": "0.00", "valign": "top"})
        agreements = objs.read(["fiscal_year", "revision", "company_id", "first_party_id"])
        indicators = self.env["sakip.pk.indicator"].search([("pk_id", "in", objs.ids)])
        rows = indicators.read(INDICATOR_FIELDS)
        results = indicators._sakip_results()
        bands = dict(
            self.env["sakip.rating.band"]
            .sudo()  # the office's scale: not secret, read for its labels
            .browse({r.band_id for r in results.values() if r.band_id})
            .mapped(lambda band: (band.id, band.name))
        )
        previous = objs._sakip_previous_results()
        budgets = self.env["sakip.pk.measurement.budget"].search_read(
            [("pk_id", "in", objs.ids), ("measurement_id.state", "=", "approved")],
            BUDGET_FIELDS,
        )
        quarters = dict(
            self.env["sakip.pk.measurement"]
            .browse({budget["measurement_id"][0] for budget in budgets})
            .mapped(lambda measurement: (measurement.id, measurement.quarter))
        )
        budgets.sort(key=lambda budget: quarters[budget["measurement_id"][0]])
        latest = {}  # the latest approved quarter wins
        for budget in budgets:
            latest[budget["pk_id"][0], budget["program_id"][0]] = budget
        by_pk = defaultdict(list)
        for row in rows:
            by_pk[row["pk_id"][0]].append(row)
        context = {"results": results, "bands": bands, "previous": previous, "latest": latest}
        for pk in agreements:
            self._write_sheet(workbook, formats, pk, by_pk[pk["id"]], context)

    def _write_sheet(self, workbook, formats, pk, indicators, context):
        year = pk["fiscal_year"]
        columns = _columns(year)
        sheet = workbook.add_worksheet(sheet_name(f"Capaian {year}"))
        set_columns(sheet, formats, columns)
        write_agreement_heading(sheet, formats, "TABEL CAPAIAN KINERJA", pk)
        results, previous = context["results"], context["previous"].get(pk["id"], {})
        quarters = [r.quarter for i in indicators if (r := results.get(i["id"])) and r.quarter]
        through = max(quarters, default=None)
        period = (
            f"Realisasi s.d. Triwulan {to_roman(through)}"
            if through
            else "Belum ada triwulan yang disetujui"
        )
        sheet.write_string(3, 0, period, formats["words"])
        header_row = 5
        sheet.write_row(header_row, 0, [column[0] for column in columns], formats["header"])
        row = header_row + 1
        for number, indicator in enumerate(indicators, 1):
            result = results.get(indicator["id"])
            old = previous.get(indicator_key(indicator["name"]))
            text = indicator["target_kind"] == "text"
            sheet.write_row(
                row,
                0,
                [
                    number,
                    indicator["objective"],
                    indicator["name"],
                    indicator["uom"] or None,
                    (indicator["target_text"] or None) if text else indicator["target"],
                    _value(result.realisation) if result else None,
                    _value(result.capaian) if result else None,
                    context["bands"].get(result.band_id) if result else None,
                    _value(old[1].realisation) if old else None,
                    indicator["renstra_target"] or None,
                ],
            )
            row += 1
        table_borders(sheet, formats, header_row + 1, row - 1, len(columns) - 1)
        row = self._write_budgets(sheet, formats, pk, row + 1, context["latest"])
        page_setup(sheet, header_row, len(columns) - 1)

    def _write_budgets(self, sheet, formats, pk, row, latest):
        """The programmes' budget and absorption at the latest approved quarter."""
        budgets = [b for (pk_id, __), b in latest.items() if pk_id == pk["id"]]
        sheet.write_string(row, 0, "Anggaran dan Serapan per Program", formats["subtitle"])
        row += 1
        first = row
        sheet.write_row(row, 0, BUDGET_COLUMNS, formats["header"])
        row += 1
        for number, budget in enumerate(budgets, 1):
            sheet.write_number(row, 0, number)
            sheet.merge_range(row, 1, row, 3, budget["program_id"][1], formats["cell"])
            sheet.write_number(row, 4, round(budget["budget"]), formats["money"])
            sheet.write_number(row, 5, round(budget["spent"]), formats["money"])
            sheet.write_number(row, 6, round(budget["absorption"], 2), formats["percent"])
            row += 1
        table_borders(sheet, formats, first + 1, row - 1, len(BUDGET_COLUMNS) - 1)
        return row
