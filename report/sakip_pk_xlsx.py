# Copyright 2024 SAKIP Indonesia
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from collections import defaultdict

from odoo import models

from ..tools.pk_format import acting_title
from ..tools.terbilang import InvalidAmount, terbilang_rupiah
from .xlsx_common import (
    WORKBOOK_OPTIONS,
    add_formats,
    agreement_title,
    page_setup,
    set_columns,
    sheet_name,
    table_borders,
)

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
    "first_party_acting",
    "second_party_acting",
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
EMPLOYEE_FIELDS = ["name", "job_title", "nip_display", "pangkat", "pangkat_printed", "golongan"]
COMPANY_FIELDS = ["name", "sakip_office_name", "sakip_regency"]

#: (header, width, column format) of the tables; see xlsx_common.add_formats.
INDICATOR_COLUMNS = [
    ("No", 5, "col_center"),
    ("Sasaran Strategis", 40, "col_wrap"),
    ("Indikator Kinerja", 45, "col_wrap"),
    ("Satuan", 12, "col_wrap"),
    ("Target", 14, "col_number"),
    ("Tw I", 10, "col_number"),
    ("Tw II", 10, "col_number"),
    ("Tw III", 10, "col_number"),
    ("Tw IV", 10, "col_number"),
    ("Jenis", 7, "col_center"),
    ("Bidang", 25, "col_wrap"),
]
PROGRAM_COLUMNS = [
    ("No", 5, "col_center"),
    ("Program", 60, "col_wrap"),
    ("Anggaran (Rp)", 20, "col_money"),
    ("Keterangan", 40, "col_wrap"),
    ("Bidang", 25, "col_wrap"),
]

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
        for line in self._fetch_lines("sakip.pk.indicator", INDICATOR_FIELDS, objs):
            lines["indicator", line["pk_id"]].append(line)
        for line in self._fetch_lines("sakip.pk.program", PROGRAM_FIELDS, objs):
            lines["program", line["pk_id"]].append(line)
        for pk in agreements:
            context = {
                "pk": pk,
                "company": companies[pk["company_id"][0]],
                "first": employees.get(pk["first_party_id"] and pk["first_party_id"][0], {}),
                "second": employees.get(pk["second_party_id"] and pk["second_party_id"][0], {}),
            }
            self._write_indicator_sheet(workbook, formats, context, lines["indicator", pk["id"]])
            self._write_program_sheet(workbook, formats, context, lines["program", pk["id"]])

    def _fetch_lines(self, model, fnames, agreements):
        """The lines of ``agreements`` as dicts of ``fnames`` (``department_id``:
        the bidang's name), in the lines' order.

        One query for thousands of lines: ``_search`` checks the access rights
        and applies the record rules (bidang staff get their bidang's lines),
        ``_field_to_sql`` flushes pending changes; building records and their
        cache (``read``) would cost more than writing the workbook.
        """
        Line = self.env[model]
        query = Line._search([("pk_id", "in", agreements.ids)], order=Line._order)
        rows = self.env.execute_query(
            query.select(*(Line._field_to_sql(Line._table, fname, query) for fname in fnames))
        )
        floats = [Line._fields[fname].type == "float" for fname in fnames]
        lines = [
            {
                fname: float(value) if is_float and value is not None else value
                for fname, value, is_float in zip(fnames, row, floats, strict=True)
            }
            for row in rows
        ]
        departments = self.env["hr.department"].browse(
            {line["department_id"] for line in lines if line["department_id"]}
        )
        names = dict(zip(departments.ids, departments.mapped("display_name"), strict=True))
        for line in lines:
            line["department_id"] = names.get(line["department_id"])
        return lines

    # Sheets

    def _title(self, pk):
        return agreement_title("PERJANJIAN KINERJA", pk)

    def _office(self, company):
        return company["sakip_office_name"] or company["name"]

    def _party(self, employee, name=None, title=None, acting=None):
        """The party as printed: name, then jabatan (with Plt./Plh.), then
        pangkat as the office writes it and NIP."""
        name = name or employee.get("name") or ""
        title = acting_title(acting, title or employee.get("job_title"))
        rank = employee.get("pangkat_printed") or employee.get("pangkat") or ""
        if rank and employee.get("golongan"):
            rank = f"{rank} ({employee['golongan']})"
        nip = employee.get("nip_display") or ""
        return name, title, rank, nip

    def _write_indicator_sheet(self, workbook, formats, context, indicators):
        pk, company = context["pk"], context["company"]
        sheet = workbook.add_worksheet(sheet_name(f"Indikator PK {pk['fiscal_year']}"))
        set_columns(sheet, formats, INDICATOR_COLUMNS)
        sheet.write_string(0, 0, self._title(pk), formats["title"])
        sheet.write_string(1, 0, self._office(company), formats["subtitle"])
        first = self._party(context["first"], acting=pk["first_party_acting"])
        second = self._party(
            context["second"],
            pk["second_party_name"] or None,
            pk["second_party_title"] or None,
            acting=pk["second_party_acting"],
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
        sheet.write_row(header_row, 0, [col[0] for col in INDICATOR_COLUMNS], formats["header"])
        row = header_row + 1
        # One write_row per line, without a format: cells take their column's.
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
                [
                    number,
                    line["objective"] or None,
                    line["name"],
                    line["uom"] or None,
                    target,
                    *quarters,
                    (line["indicator_type"] or "").upper() or None,
                    line["department_id"],
                ],
            )
            row += 1
        table_borders(sheet, formats, header_row + 1, row - 1, len(INDICATOR_COLUMNS) - 1)
        sheet.write_string(row, 0, f"Jumlah indikator: {len(indicators)}", formats["label"])
        page_setup(sheet, header_row, len(INDICATOR_COLUMNS) - 1)

    def _write_program_sheet(self, workbook, formats, context, programs):
        pk, company = context["pk"], context["company"]
        sheet = workbook.add_worksheet(sheet_name(f"Program PK {pk['fiscal_year']}"))
        set_columns(sheet, formats, PROGRAM_COLUMNS)
        sheet.write_string(0, 0, self._title(pk), formats["title"])
        sheet.write_string(1, 0, self._office(company), formats["subtitle"])
        first = self._party(context["first"], acting=pk["first_party_acting"])
        sheet.write_string(
            2, 0, f"Pihak Pertama: {first[0]}, {first[1]}".strip(" ,"), formats["value"]
        )
        sheet.write_string(4, 0, "B. Program dan Anggaran", formats["subtitle"])
        header_row = 5
        sheet.write_row(header_row, 0, [col[0] for col in PROGRAM_COLUMNS], formats["header"])
        row = header_row + 1
        total = 0
        for number, line in enumerate(programs, 1):
            budget = round(line["budget"] or 0)
            total += budget
            sheet.write_row(
                row, 0, [number, line["name"], budget, line["note"] or None, line["department_id"]]
            )
            row += 1
        table_borders(sheet, formats, header_row + 1, row - 1, len(PROGRAM_COLUMNS) - 1)
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
        page_setup(sheet, header_row, len(PROGRAM_COLUMNS) - 1)
