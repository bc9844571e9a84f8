"""Tests of tools.collection_xlsx (the XLSX data-collection format)."""

import io
import zipfile

import openpyxl
import pytest

from tools.collection_rules import MAX_BUDGET, MAX_TARGET
from tools.collection_xlsx import (
    ERROR_CODES,
    FORMAT_VERSION,
    HEADER_ROW,
    INDICATOR_COLUMNS,
    META_SHEET,
    PROGRAM_COLUMNS,
    SHEET_INDICATORS,
    SHEET_INSTRUCTIONS,
    SHEET_PROGRAMS,
    CollectionError,
    build_workbook,
    parse_workbook,
)

META = {
    "company": "Dinas Pendidikan Kabupaten Banyumas",
    "department_code": "SD",
    "department_name": "Bidang Pembinaan SD",
    "fiscal_year": 2025,
    "run": "SOP/2025/0001",
    "document": "PK 2025 - Kepala Dinas Pendidikan",
    "deadline": "17 Januari 2025",
}
EXPECTED = {"department_code": "SD", "fiscal_year": 2025, "company": META["company"]}


def indicator(**values):
    return {
        "objective": "Meningkatnya akses pendidikan dasar",
        "name": "Angka Partisipasi Murni SD",
        "uom": "%",
        "target": 95.5,
        "target_text": None,
        "target_q1": 90.0,
        "target_q2": 92.0,
        "target_q3": 94.25,
        "target_q4": 95.5,
        **values,
    }


def program(**values):
    return {
        "name": "Program Pengelolaan Pendidikan",
        "budget": 1_234_567_890,
        "note": None,
        **values,
    }


INDICATORS = [
    indicator(),
    indicator(
        objective="Meningkatnya mutu pendidikan dasar",
        name="Sekolah terakreditasi A",
        uom="Sekolah",
        target=120.0,
        target_q1=None,
        target_q2=None,
        target_q3=None,
        target_q4=None,
    ),
    indicator(
        name="Predikat SAKIP",
        uom="Predikat",
        target=None,
        target_text="BB",
        target_q1=None,
        target_q2=None,
        target_q3=None,
        target_q4=None,
    ),
]
PROGRAMS = [
    program(),
    program(name="Program Pendidik dan Tenaga Kependidikan", budget=250_000_000, note="Dana BOS"),
]


@pytest.fixture(scope="module")
def workbook_bytes():
    return build_workbook(META, INDICATORS, PROGRAMS)


def edit(data, change):
    """Return ``data`` after ``change(workbook)`` (openpyxl, formulas kept)."""
    workbook = openpyxl.load_workbook(io.BytesIO(data))
    change(workbook)
    output = io.BytesIO()
    workbook.save(output)
    return output.getvalue()


def set_cells(data, sheet, **cells):
    def change(workbook):
        for coordinate, value in cells.items():
            workbook[sheet][coordinate] = value

    return edit(data, change)


def errors_of(data, expected=EXPECTED, **kwargs):
    result = parse_workbook(data, expected, **kwargs)
    if result.errors:
        assert result.indicators == [] and result.programs == []
    return result.errors


def without_row(rows):
    return [{key: value for key, value in row.items() if key != "row"} for row in rows]


# Building


def test_round_trip(workbook_bytes):
    result = parse_workbook(workbook_bytes, EXPECTED)
    assert result.errors == []
    assert without_row(result.indicators) == INDICATORS
    assert without_row(result.programs) == PROGRAMS
    assert [row["row"] for row in result.indicators] == [4, 5, 6]
    assert [row["row"] for row in result.programs] == [4, 5]
    assert isinstance(result.programs[0]["budget"], int)


def test_layout(workbook_bytes):
    workbook = openpyxl.load_workbook(io.BytesIO(workbook_bytes))
    assert workbook.sheetnames == [SHEET_INSTRUCTIONS, SHEET_INDICATORS, SHEET_PROGRAMS, META_SHEET]
    assert workbook.active.title == SHEET_INSTRUCTIONS
    assert workbook[META_SHEET].sheet_state == "veryHidden"
    for sheet, columns in (
        (SHEET_INDICATORS, INDICATOR_COLUMNS),
        (SHEET_PROGRAMS, PROGRAM_COLUMNS),
    ):
        worksheet = workbook[sheet]
        headers = [cell.value for cell in worksheet[HEADER_ROW]]
        assert headers == [column.header for column in columns]
        assert worksheet.protection.sheet
        assert worksheet.freeze_panes == f"A{HEADER_ROW + 1}"
        assert worksheet.cell(HEADER_ROW, 2).protection.locked
        assert worksheet.cell(HEADER_ROW, 2).font.b
        assert worksheet.cell(HEADER_ROW + 1, 1).protection.locked  # No
        assert not worksheet.cell(HEADER_ROW + 1, 2).protection.locked
        # the empty input rows below the pre-filled ones are unlocked too
        assert not worksheet.cell(HEADER_ROW + 40, 2).protection.locked
        assert worksheet.page_setup.orientation == "landscape"
        assert worksheet.print_title_rows == f"${HEADER_ROW}:${HEADER_ROW}"
    headers = [cell.value for cell in workbook[SHEET_INDICATORS][HEADER_ROW]]
    assert headers == [
        "No",
        "Sasaran",
        "Indikator Kinerja",
        "Satuan",
        "Target",
        "Target (teks)",
        "Tw I",
        "Tw II",
        "Tw III",
        "Tw IV",
    ]
    assert [cell.value for cell in workbook[SHEET_PROGRAMS][HEADER_ROW]] == [
        "No",
        "Program",
        "Anggaran (Rp)",
        "Keterangan",
    ]
    meta = {row[0]: row[1] for row in workbook[META_SHEET].iter_rows(values_only=True)}
    assert meta["format_version"] == FORMAT_VERSION
    assert meta["department_code"] == "SD"
    assert meta["fiscal_year"] == 2025
    assert meta["run"] == META["run"]
    instructions = " ".join(
        str(value)
        for row in workbook[SHEET_INSTRUCTIONS].iter_rows(values_only=True)
        for value in row
        if value
    )
    assert "17 Januari 2025" in instructions
    assert "Bidang Pembinaan SD" in instructions


def test_data_validation(workbook_bytes):
    worksheet = openpyxl.load_workbook(io.BytesIO(workbook_bytes))[SHEET_INDICATORS]
    by_column = {}
    for validation in worksheet.data_validations.dataValidation:
        for cell_range in validation.sqref.ranges:
            by_column[cell_range.coord.split(":")[0].rstrip("0123456789")] = validation
    assert by_column["E"].type == "decimal"
    assert by_column["E"].operator in (None, "between")  # "between" is the default
    assert (by_column["E"].formula1, by_column["E"].formula2) == ("0", str(MAX_TARGET))
    assert by_column["C"].type == "textLength"
    assert by_column["D"].type == "list"
    programs = openpyxl.load_workbook(io.BytesIO(workbook_bytes))[SHEET_PROGRAMS]
    by_column = {v.sqref.ranges[0].coord[0]: v for v in programs.data_validations.dataValidation}
    assert by_column["C"].type == "whole"
    assert (by_column["C"].formula1, by_column["C"].formula2) == ("1", str(MAX_BUDGET))


def test_empty_format_is_refused_as_having_no_indicator():
    result = parse_workbook(build_workbook(META, [], []), EXPECTED)
    assert result == ([], [], [CollectionError("no_indicator", SHEET_INDICATORS)])


def test_new_rows_and_repeated_objective(workbook_bytes):
    data = set_cells(
        workbook_bytes,
        SHEET_INDICATORS,
        C8="Rata-rata nilai asesmen",
        D8=2025,  # a number typed in a text cell is kept as text
        F8="Baik",
    )
    result = parse_workbook(data, EXPECTED)
    assert result.errors == []
    new = result.indicators[-1]
    assert new["row"] == 8
    assert new["objective"] == INDICATORS[-1]["objective"]  # repeated from the row above
    assert new["uom"] == "2025"
    assert new["target"] is None and new["target_text"] == "Baik"


def test_text_values_are_stripped(workbook_bytes):
    data = set_cells(workbook_bytes, SHEET_PROGRAMS, B4="  Program X  ", D4="   ")
    program_row = parse_workbook(data, EXPECTED).programs[0]
    assert program_row["name"] == "Program X"
    assert program_row["note"] is None


# Refused files: every error code


@pytest.mark.parametrize(
    "data",
    [
        b"",
        b"not a spreadsheet at all",
        b"PK\x03\x04 truncated zip",
    ],
)
def test_not_xlsx(data):
    assert errors_of(data) == [CollectionError("not_xlsx")]


def test_zip_that_is_not_a_workbook():
    output = io.BytesIO()
    with zipfile.ZipFile(output, "w") as archive:
        archive.writestr("hello.txt", "hello")
    assert errors_of(output.getvalue()) == [CollectionError("not_xlsx")]


def test_corrupt_workbook_part(workbook_bytes):
    source = zipfile.ZipFile(io.BytesIO(workbook_bytes))
    output = io.BytesIO()
    with zipfile.ZipFile(output, "w") as archive:
        for info in source.infolist():
            content = source.read(info)
            if info.filename == "xl/workbook.xml":
                content = content[: len(content) // 2]
            archive.writestr(info, content)
    assert errors_of(output.getvalue()) == [CollectionError("damaged", value="xl/workbook.xml")]


def test_too_large(workbook_bytes):
    errors = errors_of(workbook_bytes, max_bytes=len(workbook_bytes) - 1)
    assert errors == [CollectionError("too_large", value=len(workbook_bytes))]


def test_too_large_once_unpacked():
    output = io.BytesIO()
    with zipfile.ZipFile(output, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/worksheets/sheet1.xml", b" " * 2_000_000)
    data = output.getvalue()
    assert len(data) < 10_000
    assert [error.code for error in errors_of(data, max_bytes=50_000)] == ["too_large"]


def test_missing_sheet(workbook_bytes):
    data = edit(workbook_bytes, lambda workbook: workbook.remove(workbook[SHEET_PROGRAMS]))
    assert errors_of(data) == [CollectionError("missing_sheet", SHEET_PROGRAMS)]


def test_missing_metadata_sheet(workbook_bytes):
    data = edit(workbook_bytes, lambda workbook: workbook.remove(workbook[META_SHEET]))
    assert errors_of(data) == [CollectionError("layout_changed", META_SHEET, value=META_SHEET)]


def test_missing_metadata_key(workbook_bytes):
    def change(workbook):
        for row in workbook[META_SHEET].iter_rows():
            if row[0].value == "run":
                row[0].value = None

    assert errors_of(edit(workbook_bytes, change)) == [
        CollectionError("layout_changed", META_SHEET, value="run")
    ]


def test_changed_header(workbook_bytes):
    data = set_cells(workbook_bytes, SHEET_INDICATORS, E3="Target 2025")
    assert errors_of(data) == [
        CollectionError("layout_changed", SHEET_INDICATORS, HEADER_ROW, "E", "Target 2025")
    ]


def test_header_case_and_spaces_do_not_matter(workbook_bytes):
    data = set_cells(workbook_bytes, SHEET_INDICATORS, C3=" indikator   kinerja ")
    assert errors_of(data) == []


def test_swapped_columns(workbook_bytes):
    data = set_cells(workbook_bytes, SHEET_PROGRAMS, B3="Keterangan", D3="Program")
    assert errors_of(data) == [
        CollectionError("layout_changed", SHEET_PROGRAMS, HEADER_ROW, "B", "Keterangan"),
        CollectionError("layout_changed", SHEET_PROGRAMS, HEADER_ROW, "D", "Program"),
    ]


def test_inserted_column(workbook_bytes):
    data = edit(workbook_bytes, lambda workbook: workbook[SHEET_PROGRAMS].insert_cols(3))
    codes = {(error.code, error.column) for error in errors_of(data)}
    assert ("layout_changed", "C") in codes
    assert ("layout_changed", "E") in codes


def set_meta(data, key, value):
    def change(workbook):
        for row in workbook[META_SHEET].iter_rows():
            if row[0].value == key:
                row[1].value = value

    return edit(data, change)


def test_wrong_version(workbook_bytes):
    data = set_meta(workbook_bytes, "format_version", "0")
    assert errors_of(data) == [CollectionError("wrong_version", META_SHEET, value="0")]


def test_wrong_department(workbook_bytes):
    assert errors_of(workbook_bytes, {**EXPECTED, "department_code": "SMP"}) == [
        CollectionError("wrong_department", META_SHEET, value="SD")
    ]


def test_wrong_company(workbook_bytes):
    assert [error.code for error in errors_of(workbook_bytes, {**EXPECTED, "company": "X"})] == [
        "wrong_department"
    ]


def test_wrong_year(workbook_bytes):
    assert errors_of(workbook_bytes, {**EXPECTED, "fiscal_year": 2026}) == [
        CollectionError("wrong_year", META_SHEET, value=2025)
    ]


def test_formula(workbook_bytes):
    data = set_cells(workbook_bytes, SHEET_INDICATORS, E4="=90+5.5", C5="=B4")
    assert errors_of(data) == [
        CollectionError("formula", SHEET_INDICATORS, 4, "E", "=90+5.5"),
        CollectionError("formula", SHEET_INDICATORS, 5, "C", "=B4"),
    ]


def test_formula_in_program_sheet(workbook_bytes):
    data = set_cells(workbook_bytes, SHEET_PROGRAMS, C5="=SUM(C4:C4)")
    assert errors_of(data) == [CollectionError("formula", SHEET_PROGRAMS, 5, "C", "=SUM(C4:C4)")]


def test_text_in_number_cell(workbook_bytes):
    data = set_cells(workbook_bytes, SHEET_INDICATORS, E4="95,5", H5="tinggi")
    assert errors_of(data) == [
        CollectionError("not_a_number", SHEET_INDICATORS, 4, "E", "95,5"),
        CollectionError("not_a_number", SHEET_INDICATORS, 5, "H", "tinggi"),
    ]


def test_boolean_in_number_cell(workbook_bytes):
    data = set_cells(workbook_bytes, SHEET_PROGRAMS, C4=True)
    assert [error.code for error in errors_of(data)] == ["not_a_number"]


def test_negative(workbook_bytes):
    data = set_cells(workbook_bytes, SHEET_INDICATORS, G4=-1)
    data = set_cells(data, SHEET_PROGRAMS, C5=-500)
    assert errors_of(data) == [
        CollectionError("negative", SHEET_INDICATORS, 4, "G", -1),
        CollectionError("negative", SHEET_PROGRAMS, 5, "C", -500),
    ]


def test_fractional_rupiah(workbook_bytes):
    data = set_cells(workbook_bytes, SHEET_PROGRAMS, C4=1000.5)
    assert errors_of(data) == [CollectionError("fractional", SHEET_PROGRAMS, 4, "C", 1000.5)]


def test_decimal_targets_are_accepted(workbook_bytes):
    data = set_cells(workbook_bytes, SHEET_INDICATORS, E5=97.25)
    assert parse_workbook(data, EXPECTED).indicators[1]["target"] == 97.25


@pytest.mark.parametrize(
    ("sheet", "cells", "column"),
    [
        (SHEET_INDICATORS, {"C4": None}, "C"),
        (SHEET_INDICATORS, {"D4": None}, "D"),
        (SHEET_INDICATORS, {"E5": None}, "E"),  # neither Target nor Target (teks)
        (SHEET_INDICATORS, {"B4": None}, "B"),  # first row: no Sasaran above to repeat
        (SHEET_PROGRAMS, {"B4": None}, "B"),
        (SHEET_PROGRAMS, {"C5": None}, "C"),
    ],
)
def test_required(workbook_bytes, sheet, cells, column):
    data = set_cells(workbook_bytes, sheet, **cells)
    (error,) = errors_of(data)
    assert error == CollectionError("required", sheet, error.row, column)
    assert error.row in (4, 5)


def test_required_on_a_row_with_any_value(workbook_bytes):
    data = set_cells(workbook_bytes, SHEET_INDICATORS, J9=100)
    assert errors_of(data) == [
        CollectionError("required", SHEET_INDICATORS, 9, "C"),
        CollectionError("required", SHEET_INDICATORS, 9, "D"),
        CollectionError("required", SHEET_INDICATORS, 9, "E"),
    ]


def test_too_long(workbook_bytes):
    data = set_cells(workbook_bytes, SHEET_INDICATORS, D4="x" * 51)
    data = set_cells(data, SHEET_PROGRAMS, D4="y" * 1001)
    assert errors_of(data) == [
        CollectionError("too_long", SHEET_INDICATORS, 4, "D", 51),
        CollectionError("too_long", SHEET_PROGRAMS, 4, "D", 1001),
    ]


def test_all_errors_are_reported_at_once(workbook_bytes):
    data = set_cells(workbook_bytes, SHEET_INDICATORS, E4="banyak", C5=None, G6=-3)
    data = set_cells(data, SHEET_PROGRAMS, C4=10.5, B5="=A1")
    data = set_meta(data, "fiscal_year", 2024)
    errors = errors_of(data)
    assert [(e.code, e.sheet, e.row, e.column) for e in errors] == [
        ("wrong_year", META_SHEET, None, None),
        ("not_a_number", SHEET_INDICATORS, 4, "E"),
        ("required", SHEET_INDICATORS, 5, "C"),
        ("negative", SHEET_INDICATORS, 6, "G"),
        ("fractional", SHEET_PROGRAMS, 4, "C"),
        ("formula", SHEET_PROGRAMS, 5, "B"),
    ]


def test_every_error_code_is_tested():
    """Each code has its test: here, in test_collection_rules.py or test_collection_damaged.py."""
    tested = {
        "not_xlsx",
        "too_large",
        "damaged",
        "missing_sheet",
        "layout_changed",
        "wrong_version",
        "wrong_department",
        "wrong_year",
        "formula",
        "not_a_number",
        "negative",
        "fractional",
        "required",
        "too_long",
        "zero",
        "too_big",
        "control_char",
        "quarters",
        "too_many_rows",
        "no_indicator",
    }
    assert set(ERROR_CODES) == tested


def test_two_thousand_rows():
    no_quarters = dict.fromkeys(("target_q1", "target_q2", "target_q3", "target_q4"))
    indicators = [
        indicator(name=f"Indikator {number}", target=float(number + 1), **no_quarters)
        for number in range(2000)
    ]
    programs = [
        program(name=f"Program {number}", budget=(number + 1) * 1000) for number in range(2000)
    ]
    data = build_workbook(META, indicators, programs, extra_rows=0)
    result = parse_workbook(data, EXPECTED)
    assert result.errors == []
    assert len(result.indicators) == 2000 and len(result.programs) == 2000
    assert result.indicators[-1]["name"] == "Indikator 1999"
    assert result.indicators[-1]["row"] == HEADER_ROW + 2000
    assert result.programs[-1]["budget"] == 2_000_000


def test_row_numbers_across_missing_rows():
    """Rows absent from the file (no cell at all) still count in the numbering."""
    data = build_workbook(META, [indicator()], [], extra_rows=0)
    data = set_cells(data, SHEET_INDICATORS, C12="Indikator baru", D12="%", E12="tinggi")
    assert errors_of(data) == [CollectionError("not_a_number", SHEET_INDICATORS, 12, "E", "tinggi")]
    data = set_cells(data, SHEET_INDICATORS, E12=7)
    assert [row["row"] for row in parse_workbook(data, EXPECTED).indicators] == [4, 12]
