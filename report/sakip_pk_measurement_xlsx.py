# Copyright 2024 SAKIP Indonesia
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from collections import defaultdict

from odoo import models

from ..tools.roman import to_roman
from .xlsx_common import (
    WORKBOOK_OPTIONS,
    add_formats,
    page_setup,
    set_columns,
    sheet_name,
    table_borders,
)

LINE_FIELDS = [
    "measurement_id",
    "objective",
    "name",
    "uom",
    "target_kind",
    "target",
    "target_text",
    "realisation",
    "realisation_text",
    "realisation_entered",
    "capaian",
    "is_measured",
    "rating_band_id",
    "rating_colour",
    "explanation",
]
BUDGET_FIELDS = ["measurement_id", "program_id", "budget", "spent", "absorption"]
#: (header, width, column format); see xlsx_common.add_formats.
COLUMNS = [
    ("No", 6, "col_center"),
    ("Sasaran Strategis", 35, "col_wrap"),
    ("Indikator Kinerja", 40, "col_wrap"),
    ("Satuan", 10, "col_wrap"),
    ("Target", 12, "col_number"),
    ("Realisasi", 12, "col_number"),
    ("Capaian (%)", 12, "col_number"),
    ("Predikat", 16, "col_wrap"),
    ("Penjelasan", 45, "col_wrap"),
]


class SakipPkMeasurementXlsx(models.AbstractModel):
    """XLSX export of quarterly Pengukuran Kinerja forms: a sheet per
    measurement, its indicator lines (the rating cell in its band colour)
    then its programmes' budget absorption. Read in a few batched calls;
    record rules apply (a bidang exports its own lines)."""

    _name = "report.sakip_penetapan_kinerja.pk_measurement_xlsx"
    _inherit = "report.report_xlsx.abstract"
    _description = "Performance Measurement XLSX Export"

    def get_workbook_options(self):
        return dict(super().get_workbook_options(), **WORKBOOK_OPTIONS)

    def generate_xlsx_report(self, workbook, data, objs):
        formats = add_formats(workbook)
        measurements = objs.read(["fiscal_year", "quarter", "company_id", "pk_id", "state"])
        lines = self.env["sakip.pk.measurement.line"].search_read(
            [("measurement_id", "in", objs.ids)], LINE_FIELDS
        )
        budgets = self.env["sakip.pk.measurement.budget"].search_read(
            [("measurement_id", "in", objs.ids)], BUDGET_FIELDS
        )
        lines_of, budgets_of = defaultdict(list), defaultdict(list)
        for line in lines:
            lines_of[line["measurement_id"][0]].append(line)
        for budget in budgets:
            budgets_of[budget["measurement_id"][0]].append(budget)
        colours = {}
        for measurement in measurements:
            self._write_sheet(
                workbook,
                formats,
                colours,
                measurement,
                lines_of[measurement["id"]],
                budgets_of[measurement["id"]],
            )

    def _rating_format(self, workbook, colours, colour):
        if colour not in colours:
            colours[colour] = workbook.add_format(
                {"bg_color": colour, "align": "center", "valign": "top"}
            )
        return colours[colour]

    def _write_sheet(self, workbook, formats, colours, measurement, lines, budgets):
        quarter = to_roman(int(measurement["quarter"]))
        sheet = workbook.add_worksheet(
            sheet_name(f"Tw {quarter} {measurement['fiscal_year']} {measurement['id']}")
        )
        set_columns(sheet, formats, COLUMNS)
        sheet.write_string(
            0,
            0,
            f"PENGUKURAN KINERJA TRIWULAN {quarter} TAHUN {measurement['fiscal_year']}",
            formats["title"],
        )
        office = measurement["company_id"][1] if measurement["company_id"] else ""
        sheet.write_string(1, 0, office, formats["subtitle"])
        sheet.write_string(2, 0, measurement["pk_id"][1] if measurement["pk_id"] else "")
        header_row = 4
        sheet.write_row(header_row, 0, [col[0] for col in COLUMNS], formats["header"])
        row = header_row + 1
        for number, line in enumerate(lines, 1):
            text = line["target_kind"] == "text"
            sheet.write_row(
                row,
                0,
                [
                    number,
                    line["objective"] or None,
                    line["name"],
                    line["uom"] or None,
                    (line["target_text"] or None) if text else line["target"],
                    (line["realisation_text"] or None)
                    if text
                    else (line["realisation"] if line["realisation_entered"] else None),
                    round(line["capaian"], 2) if line["is_measured"] else None,
                    None,
                    line["explanation"] or None,
                ],
            )
            if line["rating_band_id"]:
                sheet.write_string(
                    row,
                    7,
                    line["rating_band_id"][1],
                    self._rating_format(workbook, colours, line["rating_colour"] or "#FFFFFF"),
                )
            row += 1
        table_borders(sheet, formats, header_row + 1, row - 1, len(COLUMNS) - 1)
        # The programmes' budget absorption below the indicators.
        row += 1
        budget_header = row
        sheet.write_row(
            row,
            0,
            ["No", "Program", None, None, "Anggaran (Rp)", "Realisasi (Rp)", "Serapan (%)"],
            formats["header"],
        )
        row += 1
        for number, budget in enumerate(budgets, 1):
            sheet.write_row(
                row,
                0,
                [
                    number,
                    budget["program_id"][1] if budget["program_id"] else None,
                    None,
                    None,
                    round(budget["budget"] or 0),
                    round(budget["spent"] or 0),
                    round(budget["absorption"], 2),
                ],
            )
            row += 1
        table_borders(sheet, formats, budget_header + 1, row - 1, 6)
        page_setup(sheet, header_row, len(COLUMNS) - 1)
