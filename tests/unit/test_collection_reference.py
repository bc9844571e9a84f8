"""The previous year's target and realisasi in the collection format (issue
15, item 6): read-only columns after the input ones, ignored when parsed."""

import io

import openpyxl
from test_collection_xlsx import EXPECTED, INDICATORS, META, PROGRAMS, edit

from tools.collection_xlsx import (
    HEADER_ROW,
    INDICATOR_COLUMNS,
    SHEET_INDICATORS,
    build_workbook,
    parse_workbook,
)

REFERENCES = [
    {"reference_target": 94.0, "reference_realisation": 91.5},
    {"reference_target": 110.0, "reference_realisation": None},
    {"reference_target": "B", "reference_realisation": "BB"},
]


def build(extra_rows=50):
    rows = [dict(row, **ref) for row, ref in zip(INDICATORS, REFERENCES, strict=True)]
    return build_workbook(dict(META, reference_year=2024), rows, PROGRAMS, extra_rows=extra_rows)


def sheet_rows(data):
    workbook = openpyxl.load_workbook(io.BytesIO(data))
    sheet = workbook[SHEET_INDICATORS]
    return sheet, list(sheet.iter_rows(min_row=HEADER_ROW, values_only=True))


def test_reference_columns_are_written_read_only():
    sheet, rows = sheet_rows(build())
    width = len(INDICATOR_COLUMNS)
    assert rows[0][width:] == ("Target 2024", "Realisasi 2024")
    assert [row[width:] for row in rows[1:4]] == [(94, 91.5), (110, None), ("B", "BB")]
    first = HEADER_ROW + 1
    assert sheet.cell(first, width + 1).protection.locked
    assert not sheet.cell(first, width).protection.locked  # Tw IV stays an input
    assert sheet.protection.sheet


def test_reference_columns_are_ignored_when_parsed():
    plain = parse_workbook(build_workbook(META, INDICATORS, PROGRAMS), EXPECTED)
    result = parse_workbook(build(), EXPECTED)
    assert result.errors == []
    assert result.indicators == plain.indicators
    assert result.programs == plain.programs
    assert "reference_target" not in result.indicators[0]


def test_reference_values_changed_are_still_ignored():
    def change(workbook):
        sheet = workbook[SHEET_INDICATORS]
        width = len(INDICATOR_COLUMNS)
        sheet.cell(HEADER_ROW + 1, width + 1).value = "anything"
        sheet.cell(HEADER_ROW + 5, width + 2).value = 12  # on an otherwise empty row

    result = parse_workbook(edit(build(), change), EXPECTED)
    assert result.errors == []
    assert len(result.indicators) == len(INDICATORS)


def test_other_extra_columns_are_still_refused():
    def change(workbook):
        sheet = workbook[SHEET_INDICATORS]
        sheet.cell(HEADER_ROW, len(INDICATOR_COLUMNS) + 1).value = "Catatan"

    result = parse_workbook(edit(build(), change), EXPECTED)
    assert [error.code for error in result.errors] == ["layout_changed", "layout_changed"]


def test_instructions_name_the_reference_year():
    workbook = openpyxl.load_workbook(io.BytesIO(build()))
    texts = " ".join(
        str(cell) for row in workbook.worksheets[0].iter_rows(values_only=True) for cell in row
    )
    assert "Realisasi 2024" in texts
    plain = openpyxl.load_workbook(io.BytesIO(build_workbook(META, INDICATORS, PROGRAMS)))
    plain_texts = " ".join(
        str(cell) for row in plain.worksheets[0].iter_rows(values_only=True) for cell in row
    )
    assert "Realisasi 2024" not in plain_texts
