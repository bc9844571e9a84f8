# Copyright 2024 SAKIP Indonesia
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from collections import defaultdict

from odoo import models

from .xlsx_common import (
    WORKBOOK_OPTIONS,
    add_formats,
    page_setup,
    set_columns,
    sheet_name,
    table_borders,
    write_agreement_heading,
)

ACTION_FIELDS = [
    "pk_id",
    "indicator_id",
    "kind",
    "parent_id",
    "name",
    "employee_id",
    "uom",
    "target_q1",
    "target_q2",
    "target_q3",
    "target_q4",
    "budget",
]
INDICATOR_FIELDS = ["pk_id", "objective", "name", "uom", "target_kind"] + [
    f"target_q{q}{suffix}" for q in (1, 2, 3, 4) for suffix in ("", "_text")
]
#: (header, width, column format); see xlsx_common.add_formats.
COLUMNS = [
    ("No", 6, "col_center"),
    ("Sasaran Strategis", 35, "col_wrap"),
    ("Indikator Kinerja", 40, "col_wrap"),
    ("Kegiatan", 40, "col_wrap"),
    ("Sub-kegiatan", 40, "col_wrap"),
    ("Penanggung Jawab", 28, "col_wrap"),
    ("Satuan", 10, "col_wrap"),
    ("Tw I", 10, "col_number"),
    ("Tw II", 10, "col_number"),
    ("Tw III", 10, "col_number"),
    ("Tw IV", 10, "col_number"),
    ("Anggaran (Rp)", 18, "col_money"),
]


class SakipPkActionXlsx(models.AbstractModel):
    """XLSX export of the Rencana Aksi of agreements: a sheet per agreement,
    each indicator with its Tw I-IV targets, then its kegiatan and their
    sub-kegiatan. Read in a few batched calls; record rules apply."""

    _name = "report.sakip_penetapan_kinerja.pk_action_xlsx"
    _inherit = "report.report_xlsx.abstract"
    _description = "Action Plan XLSX Export"

    def get_workbook_options(self):
        return dict(super().get_workbook_options(), **WORKBOOK_OPTIONS)

    def generate_xlsx_report(self, workbook, data, objs):
        formats = add_formats(workbook)
        agreements = objs.read(["fiscal_year", "revision", "company_id", "first_party_id"])
        indicators = self.env["sakip.pk.indicator"].search_read(
            [("pk_id", "in", objs.ids)], INDICATOR_FIELDS
        )
        actions = self.env["sakip.pk.action"].search_read(
            [("pk_id", "in", objs.ids)], ACTION_FIELDS
        )
        by_pk = defaultdict(list)
        for indicator in indicators:
            by_pk[indicator["pk_id"][0]].append(indicator)
        children = defaultdict(list)
        for action in actions:
            parent = action["parent_id"][0] if action["parent_id"] else None
            children[action["indicator_id"][0], parent].append(action)
        for pk in agreements:
            self._write_sheet(workbook, formats, pk, by_pk[pk["id"]], children)

    def _write_sheet(self, workbook, formats, pk, indicators, children):
        sheet = workbook.add_worksheet(sheet_name(f"Rencana Aksi {pk['fiscal_year']}"))
        set_columns(sheet, formats, COLUMNS)
        write_agreement_heading(sheet, formats, "RENCANA AKSI", pk)
        header_row = 4
        sheet.write_row(header_row, 0, [col[0] for col in COLUMNS], formats["header"])
        row = header_row + 1
        for number, indicator in enumerate(indicators, 1):
            if indicator["target_kind"] == "text":
                quarters = [indicator[f"target_q{q}_text"] or None for q in (1, 2, 3, 4)]
            else:
                quarters = [indicator[f"target_q{q}"] or None for q in (1, 2, 3, 4)]
            sheet.write_row(
                row,
                0,
                [
                    number,
                    indicator["objective"],
                    indicator["name"],
                    None,
                    None,
                    None,
                    indicator["uom"] or None,
                    *quarters,
                    None,
                ],
            )
            row += 1
            for kegiatan in children[indicator["id"], None]:
                for action in (kegiatan, *children[indicator["id"], kegiatan["id"]]):
                    sub = action["kind"] == "sub_kegiatan"
                    sheet.write_row(
                        row,
                        0,
                        [
                            None,
                            None,
                            None,
                            None if sub else action["name"],
                            action["name"] if sub else None,
                            action["employee_id"][1] if action["employee_id"] else None,
                            action["uom"] or None,
                            *(action[f"target_q{q}"] or None for q in (1, 2, 3, 4)),
                            round(action["budget"] or 0),
                        ],
                    )
                    row += 1
        table_borders(sheet, formats, header_row + 1, row - 1, len(COLUMNS) - 1)
        page_setup(sheet, header_row, len(COLUMNS) - 1)
