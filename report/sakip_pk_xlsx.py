# Copyright 2024 SAKIP Indonesia
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from collections import defaultdict

from odoo import models

from ..tools.terbilang import InvalidAmount, terbilang_rupiah
from .xlsx_common import WORKBOOK_OPTIONS, add_formats, page_setup, sheet_name

PK_FIELDS = [
    "fiscal_year",
    "company_id",
    "level",
    "state",
    "revision",
    "first_party_id",
    "second_party_id",
    "second_party_name",
    "second_party_title",
    "sign_place",
    "sign_date",
]
INDICATOR_FIELDS = [
    "pk_id",
    "objective",
    "name",
    "indicator_type",
    "uom",
    "target_kind",
    "target",
    "target_text",
    "target_q1",
    "target_q2",
    "target_q3",
    "target_q4",
    "target_q1_text",
    "target_q2_text",
    "target_q3_text",
    "target_q4_text",
    "department_id",
]
PROGRAM_FIELDS = ["pk_id", "name", "budget", "note", "department_id"]
EMPLOYEE_FIELDS = ["name", "job_title", "nip_display", "pangkat", "golongan"]
COMPANY_FIELDS = ["name", "sakip_office_name", "sakip_regency"]

INDICATOR_HEADERS = [
    "No",
    "Sasaran Strategis",
    "Indikator Kinerja",
    "Satuan",
    "Target",
    "Tw I",
    "Tw II",
    "Tw III",
    "Tw IV",
    "Jenis",
    "Bidang",
]
INDICATOR_WIDTHS = [5, 40, 45, 12, 14, 10, 10, 10, 10, 7, 25]
PROGRAM_HEADERS = ["No", "Program", "Anggaran (Rp)", "Keterangan", "Bidang"]
PROGRAM_WIDTHS = [5, 60, 20, 40, 25]

#: The printed document is in Indonesian whatever the user's language.
LEVEL_LABELS = {
    "head": "Kepala Perangkat Daerah dengan Kepala Daerah",
    "echelon_3": "Pejabat Eselon III dengan Kepala Perangkat Daerah",
    "echelon_4": "Pejabat Eselon IV dengan Pejabat Eselon III",
    "staff": "Staf dengan Pejabat Eselon IV",
}
STATE_LABELS = {
    "draft": "Draf",
    "in_review": "Dalam koreksi",
    "final": "Rancangan akhir",
    "signed": "Ditandatangani",
    "superseded": "Digantikan versi baru",
    "cancelled": "Dibatalkan",
}
QUARTERS = ("target_q1", "target_q2", "target_q3", "target_q4")


def _many2one_name(value):
    return value[1] if value else None


class SakipPkXlsx(models.AbstractModel):
    """XLSX export of performance agreements (Print menu of the agreement):
    for each agreement, a sheet of its indicators with the quarterly targets
    of the action plan under a header block (office, year, parties), and a
    sheet of its programmes with the total budget and its terbilang.

    Everything is read in a few batched ``read``/``search_read`` calls, and
    rows are written with ``write_row``: exports of thousands of lines stay
    fast. Record rules apply: bidang staff export the lines of their bidang.
    """

    _name = "report.sakip_penetapan_kinerja.pk_xlsx"
    _inherit = "report.report_xlsx.abstract"
    _description = "Performance Agreement XLSX Export"

    def get_workbook_options(self):
        return dict(super().get_workbook_options(), **WORKBOOK_OPTIONS)

    def generate_xlsx_report(self, workbook, data, objs):
        formats = add_formats(workbook)
        agreements = objs.read(PK_FIELDS)
        employee_ids = {
            pk[fname][0]
            for pk in agreements
            for fname in ("first_party_id", "second_party_id")
            if pk[fname]
        }
        # hr.employee.public: the names, NIP and ranks printed on the agreement
        # are readable by every SAKIP user, not only by HR officers.
        employees = {
            employee["id"]: employee
            for employee in self.env["hr.employee.public"]
            .browse(employee_ids)
            .read(EMPLOYEE_FIELDS)
        }
        company_ids = {pk["company_id"][0] for pk in agreements}
        companies = {
            company["id"]: company
            for company in self.env["res.company"].browse(company_ids).read(COMPANY_FIELDS)
        }
        lines = defaultdict(list)
        for line in self.env["sakip.pk.indicator"].search_read(
            [("pk_id", "in", objs.ids)], INDICATOR_FIELDS
        ):
            lines["indicator", line["pk_id"][0]].append(line)
        for line in self.env["sakip.pk.program"].search_read(
            [("pk_id", "in", objs.ids)], PROGRAM_FIELDS
        ):
            lines["program", line["pk_id"][0]].append(line)
        for pk in agreements:
            context = {
                "pk": pk,
                "company": companies[pk["company_id"][0]],
                "first": employees.get(pk["first_party_id"] and pk["first_party_id"][0], {}),
                "second": employees.get(pk["second_party_id"] and pk["second_party_id"][0], {}),
            }
            self._write_indicator_sheet(workbook, formats, context, lines["indicator", pk["id"]])
            self._write_program_sheet(workbook, formats, context, lines["program", pk["id"]])

    # ------------------------------------------------------------------
    # Sheets
    # ------------------------------------------------------------------

    def _title(self, pk):
        title = f"PERJANJIAN KINERJA TAHUN {pk['fiscal_year']}"
        if pk["revision"]:
            title += f" (PERUBAHAN KE-{pk['revision']})"
        return title

    def _office(self, company):
        return company["sakip_office_name"] or company["name"]

    def _party(self, employee, name=None, title=None):
        """The party as printed: name, then jabatan, then pangkat and NIP."""
        name = name or employee.get("name") or ""
        title = title or employee.get("job_title") or ""
        rank = employee.get("pangkat") or ""
        if rank and employee.get("golongan"):
            rank = f"{rank} ({employee['golongan']})"
        nip = employee.get("nip_display") or ""
        return name, title, rank, nip

    def _write_indicator_sheet(self, workbook, formats, context, indicators):
        pk, company = context["pk"], context["company"]
        sheet = workbook.add_worksheet(sheet_name(f"Indikator PK {pk['fiscal_year']}"))
        for col, width in enumerate(INDICATOR_WIDTHS):
            sheet.set_column(col, col, width)
        sheet.write_string(0, 0, self._title(pk), formats["title"])
        sheet.write_string(1, 0, self._office(company), formats["subtitle"])
        first = self._party(context["first"])
        second = self._party(
            context["second"], pk["second_party_name"] or None, pk["second_party_title"] or None
        )
        block = [
            ("Instansi", self._office(company)),
            ("Kabupaten", company["sakip_regency"] or ""),
            ("Tahun", pk["fiscal_year"]),
            ("Tingkat", LEVEL_LABELS.get(pk["level"], "")),
            ("Pihak Pertama", first[0]),
            ("Jabatan", first[1]),
            ("Pangkat", first[2]),
            ("NIP", first[3]),
            ("Pihak Kedua", second[0]),
            ("Jabatan", second[1]),
            ("Pangkat", second[2]),
            ("NIP", second[3]),
            ("Tempat penandatanganan", pk["sign_place"] or ""),
            ("Tanggal penandatanganan", pk["sign_date"] or ""),
            ("Status", STATE_LABELS.get(pk["state"], "")),
        ]
        row = 3
        for label, value in block:
            if label in ("Pangkat", "NIP") and not value:
                continue
            sheet.write_string(row, 0, label, formats["label"])
            if label == "Tanggal penandatanganan" and value:
                sheet.write_datetime(row, 2, value, formats["value_date"])
            else:
                sheet.write(row, 2, value, formats["value"])
            row += 1
        row += 1
        sheet.write_string(row, 0, "A. Sasaran, Indikator Kinerja dan Target", formats["subtitle"])
        header_row = row + 1
        sheet.write_row(header_row, 0, INDICATOR_HEADERS, formats["header"])
        row = header_row + 1
        for number, line in enumerate(indicators, 1):
            if line["target_kind"] == "text":
                target = line["target_text"] or None
                quarters = [line[f"{fname}_text"] or None for fname in QUARTERS]
            else:
                target = line["target"]
                quarters = [line[fname] for fname in QUARTERS]
                if not any(quarters):
                    quarters = [None] * 4  # no quarterly targets given
            sheet.write_row(
                row,
                0,
                [number, line["objective"] or None, line["name"], line["uom"] or None],
                formats["cell"],
            )
            sheet.write_row(row, 4, [target, *quarters], formats["cell_number"])
            sheet.write_row(
                row,
                9,
                [
                    (line["indicator_type"] or "").upper() or None,
                    _many2one_name(line["department_id"]),
                ],
                formats["cell"],
            )
            row += 1
        sheet.write_string(row, 0, f"Jumlah indikator: {len(indicators)}", formats["label"])
        page_setup(sheet, header_row, len(INDICATOR_HEADERS) - 1)

    def _write_program_sheet(self, workbook, formats, context, programs):
        pk, company = context["pk"], context["company"]
        sheet = workbook.add_worksheet(sheet_name(f"Program PK {pk['fiscal_year']}"))
        for col, width in enumerate(PROGRAM_WIDTHS):
            sheet.set_column(col, col, width)
        sheet.write_string(0, 0, self._title(pk), formats["title"])
        sheet.write_string(1, 0, self._office(company), formats["subtitle"])
        first = self._party(context["first"])
        sheet.write_string(
            2, 0, f"Pihak Pertama: {first[0]}, {first[1]}".strip(" ,"), formats["value"]
        )
        sheet.write_string(4, 0, "B. Program dan Anggaran", formats["subtitle"])
        header_row = 5
        sheet.write_row(header_row, 0, PROGRAM_HEADERS, formats["header"])
        row = header_row + 1
        total = 0
        for number, line in enumerate(programs, 1):
            budget = round(line["budget"] or 0)
            total += budget
            sheet.write_row(row, 0, [number, line["name"]], formats["cell"])
            sheet.write_number(row, 2, budget, formats["cell_money"])
            sheet.write_row(
                row,
                3,
                [line["note"] or None, _many2one_name(line["department_id"])],
                formats["cell"],
            )
            row += 1
        sheet.write_row(row, 0, [None, "Jumlah"], formats["total_label"])
        sheet.write_number(row, 2, total, formats["total_money"])
        sheet.write_row(row, 3, [None, None], formats["total_label"])
        row += 1
        try:
            words = terbilang_rupiah(total)
        except InvalidAmount:
            words = ""
        if words:
            sheet.write_string(
                row, 1, f"Terbilang: {words[0].upper()}{words[1:]}", formats["words"]
            )
        page_setup(sheet, header_row, len(PROGRAM_HEADERS) - 1)
