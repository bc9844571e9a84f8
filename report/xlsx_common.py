# Copyright 2024 SAKIP Indonesia
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""What the XLSX exports share: workbook options, cell formats, sheet names."""

import re

#: Texts are data: never turn "=..." into a formula, "http..." into a link
#: or "123" into a number.
WORKBOOK_OPTIONS = {
    "strings_to_formulas": False,
    "strings_to_urls": False,
    "strings_to_numbers": False,
}

#: Dates as printed in Indonesian ("8 Januari 2024") whatever the reader's locale.
DATE_FORMAT = "[$-421]d mmmm yyyy"
DATETIME_FORMAT = "dd/mm/yyyy hh:mm"

_SHEET_NAME_FORBIDDEN = re.compile(r"[\[\]:*?/\\]")


def sheet_name(text):
    """``text`` as a valid worksheet name (31 characters at most; the
    workbook of report_xlsx numbers duplicates)."""
    name = _SHEET_NAME_FORBIDDEN.sub("-", text or "").strip("' ") or "Sheet"
    return name[:31]


def add_formats(workbook):
    """The cell formats of the exports, by name."""
    border = {"border": 1, "border_color": "#808080", "valign": "top"}
    specs = {
        "title": {"bold": True, "font_size": 13},
        "subtitle": {"bold": True},
        "label": {"bold": True, "valign": "top"},
        "value": {"valign": "top", "text_wrap": True},
        "value_date": {"valign": "top", "align": "left", "num_format": DATE_FORMAT},
        "header": {
            **border,
            "bold": True,
            "bg_color": "#D9E1F2",
            "align": "center",
            "valign": "vcenter",
            "text_wrap": True,
        },
        "cell": {**border, "text_wrap": True},
        "cell_center": {**border, "align": "center"},
        "cell_hours": {**border, "num_format": "#,##0.00"},
        "cell_datetime": {**border, "num_format": DATETIME_FORMAT, "align": "left"},
        "total_label": {**border, "bold": True, "bg_color": "#F2F2F2"},
        "total_money": {**border, "bold": True, "bg_color": "#F2F2F2", "num_format": "#,##0"},
        "total_hours": {**border, "bold": True, "bg_color": "#F2F2F2", "num_format": "#,##0.00"},
        "total_number": {**border, "bold": True, "bg_color": "#F2F2F2"},
        "words": {"italic": True},
        # Column formats of the table columns: the cells of the lines are
        # written without a format of their own (one write_row per line).
        "col_center": {"valign": "top", "align": "center"},
        "col_wrap": {"valign": "top", "text_wrap": True},
        "col_number": {"valign": "top", "num_format": "General"},
        "col_money": {"valign": "top", "num_format": "#,##0"},
        # Borders of a table's lines, as a conditional format of the range.
        "border": {"border": 1, "border_color": "#808080"},
    }
    return {name: workbook.add_format(spec) for name, spec in specs.items()}


def set_columns(worksheet, formats, columns):
    """Widths and formats of the columns, from ``(header, width, format name)``."""
    for index, (__, width, format_name) in enumerate(columns):
        worksheet.set_column(index, index, width, formats[format_name])


def table_borders(worksheet, formats, first_row, last_row, last_col):
    """Borders around every cell of a table's lines, in one conditional format
    (rather than a format per cell)."""
    if last_row >= first_row:
        worksheet.conditional_format(
            first_row,
            0,
            last_row,
            last_col,
            {"type": "formula", "criteria": "TRUE", "format": formats["border"]},
        )


def page_setup(worksheet, header_row, last_col, landscape=True):
    """Print setup: F4 (Folio) paper, one page wide, repeated table header."""
    worksheet.set_paper(14)  # Folio 8.5 x 13 in, the F4 paper of Indonesian offices
    if landscape:
        worksheet.set_landscape()
    worksheet.set_margins(left=0.5, right=0.5, top=0.6, bottom=0.6)
    worksheet.fit_to_pages(1, 0)
    worksheet.repeat_rows(header_row)
    worksheet.freeze_panes(header_row + 1, 0)
    worksheet.set_footer("&CHalaman &P dari &N")
    worksheet.print_area(0, 0, max(worksheet.dim_rowmax or 0, header_row), last_col)


def agreement_title(label, pk):
    """``<LABEL> TAHUN <year>`` for an agreement (a ``read`` dict), with the
    revision of a PK Perubahan."""
    title = f"{label} TAHUN {pk['fiscal_year']}"
    if pk["revision"]:
        title += f" (PERUBAHAN KE-{pk['revision']})"
    return title


def write_agreement_heading(worksheet, formats, label, pk):
    """The three heading rows of a sheet about one agreement (a ``read`` dict
    with fiscal_year, revision, company_id and first_party_id): the title, the
    office and the first party."""
    worksheet.write_string(0, 0, agreement_title(label, pk), formats["title"])
    office = pk["company_id"][1] if pk["company_id"] else ""
    worksheet.write_string(1, 0, office, formats["subtitle"])
    if pk["first_party_id"]:
        worksheet.write_string(2, 0, pk["first_party_id"][1], formats["value"])
