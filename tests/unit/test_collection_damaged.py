"""Damaged collection files: tools.collection_xlsx.parse_workbook names what is
wrong (sheet, row, column where there is one) and never raises."""

import io
import math
import re
import struct
import time
import zipfile

import pytest

from tools.collection_xlsx import CollectionError, build_workbook, parse_workbook

META = {
    "company": "Dinas Pendidikan",
    "department_code": "SD",
    "department_name": "Bidang SD",
    "fiscal_year": 2025,
    "run": "SOP/2025/0001",
    "document": "PK 2025",
}
EXPECTED = {"department_code": "SD", "fiscal_year": 2025, "company": META["company"]}
INDICATOR = {
    "objective": "Sasaran",
    "name": "APM SD",
    "uom": "%",
    "target": 95.5,
    "target_text": None,
    "target_q1": 90.0,
    "target_q2": 92.0,
    "target_q3": 94.0,
    "target_q4": 95.5,
}
PROGRAM = {"name": "Program", "budget": 1000, "note": None}
INDICATORS_PART = "xl/worksheets/sheet2.xml"
PROGRAMS_PART = "xl/worksheets/sheet3.xml"


@pytest.fixture(scope="module")
def valid():
    data = build_workbook(META, [INDICATOR, dict(INDICATOR, name="APK SD")], [PROGRAM])
    assert parse_workbook(data, EXPECTED).errors == []
    return data


def rezip(data, part=None, change=None, method=zipfile.ZIP_DEFLATED):
    source = zipfile.ZipFile(io.BytesIO(data))
    output = io.BytesIO()
    with zipfile.ZipFile(output, "w", method) as target:
        for info in source.infolist():
            content = source.read(info)
            if info.filename == part:
                content = change(content)
            target.writestr(info.filename, content)
    return output.getvalue()


def value_of_e4(data, value):
    return rezip(data, INDICATORS_PART, lambda xml: xml.replace(b"<v>95.5</v>", value, 1))


def errors_of(data):
    result = parse_workbook(data, EXPECTED)
    assert result.indicators == [] and result.programs == []
    return result.errors


def test_truncated_sheet_xml(valid):
    data = rezip(valid, INDICATORS_PART, lambda xml: xml[: len(xml) // 2])
    assert errors_of(data) == [CollectionError("damaged", "Indikator", value=INDICATORS_PART)]


def test_corrupted_shared_strings(valid):
    data = rezip(valid, "xl/sharedStrings.xml", lambda xml: xml[:-40])
    assert errors_of(data) == [CollectionError("damaged", value="xl/sharedStrings.xml")]


@pytest.mark.parametrize("char", [b"\x00", b"\x01", b"\x1b", b"&#1;"])
def test_control_character_in_the_xml(valid, char):
    data = rezip(
        valid, PROGRAMS_PART, lambda xml: xml.replace(b"<v>1000</v>", b"<v>1" + char + b"000</v>")
    )
    assert errors_of(data) == [CollectionError("damaged", "Program", value=PROGRAMS_PART)]


def test_control_character_in_a_text(valid):
    data = rezip(
        valid, "xl/sharedStrings.xml", lambda xml: xml.replace(b">APM SD<", b">APM&#x9B;SD<")
    )
    (error,) = errors_of(data)
    assert (error.code, error.sheet, error.row, error.column) == (
        "control_char",
        "Indikator",
        4,
        "C",
    )


def test_control_character_escaped_as_excel_does(valid):
    data = rezip(
        valid, "xl/sharedStrings.xml", lambda xml: xml.replace(b">APM SD<", b">APM_x0001_SD<")
    )
    assert errors_of(data) == [CollectionError("control_char", "Indikator", 4, "C", "U+0001")]
    data = rezip(
        valid, "xl/sharedStrings.xml", lambda xml: xml.replace(b">APM SD<", b">APM_x0041_SD<")
    )
    assert parse_workbook(data, EXPECTED).indicators[0]["name"] == "APMASD"


@pytest.mark.parametrize("raw", [b"NaN", b"INF", b"-INF", b"abc", b"1,5"])
def test_raw_numeric_cell_that_is_not_a_number(valid, raw):
    data = value_of_e4(valid, b"<v>" + raw + b"</v>")
    assert errors_of(data) == [CollectionError("not_a_number", "Indikator", 4, "E", raw.decode())]


def test_number_overflowing_to_infinity(valid):
    data = value_of_e4(valid, b"<v>1e999</v>")
    assert errors_of(data) == [CollectionError("not_a_number", "Indikator", 4, "E", math.inf)]


def test_huge_numbers_are_refused_not_overflowing(valid):
    data = rezip(valid, INDICATORS_PART, lambda xml: xml.replace(b"<v>95.5</v>", b"<v>1e308</v>"))
    data = rezip(data, PROGRAMS_PART, lambda xml: xml.replace(b"<v>1000</v>", b"<v>1e15</v>"))
    assert [(e.code, e.sheet, e.row, e.column) for e in errors_of(data)] == [
        ("too_big", "Indikator", 4, "E"),
        ("too_big", "Indikator", 4, "J"),
        ("too_big", "Indikator", 5, "E"),
        ("too_big", "Indikator", 5, "J"),
        ("too_big", "Program", 4, "C"),
    ]


@pytest.mark.parametrize("index", [b"99999", b"x", b"-1"])
def test_shared_string_index_out_of_range(valid, index):
    data = rezip(
        valid,
        INDICATORS_PART,
        lambda xml: re.sub(rb'(<c r="C4"[^>]*t="s"><v>)\d+', rb"\g<1>" + index, xml),
    )
    (error,) = errors_of(data)
    assert (error.code, error.sheet, error.row, error.column) == ("damaged", "Indikator", 4, "C")


def test_unsupported_compression_method(valid):
    data = bytearray(valid)
    for match in re.finditer(rb"PK\x01\x02", valid):
        data[match.start() + 10 : match.start() + 12] = struct.pack("<H", 99)
    for match in re.finditer(rb"PK\x03\x04", valid):
        data[match.start() + 8 : match.start() + 10] = struct.pack("<H", 99)
    (error,) = errors_of(bytes(data))
    assert error.code == "damaged" and error.value


def test_bad_crc(valid):
    """The CRC of a member, in its local and central headers, no longer matches."""
    source = zipfile.ZipFile(io.BytesIO(valid))
    info = source.getinfo(INDICATORS_PART)
    data = bytearray(valid)
    data[info.header_offset + 14 : info.header_offset + 18] = b"\0\0\0\0"  # local CRC
    for match in re.finditer(rb"PK\x01\x02", valid):
        name_length = struct.unpack("<H", valid[match.start() + 28 : match.start() + 30])[0]
        if valid[match.start() + 46 : match.start() + 46 + name_length] == INDICATORS_PART.encode():
            data[match.start() + 16 : match.start() + 20] = b"\0\0\0\0"
    assert errors_of(bytes(data)) == [CollectionError("damaged", value=INDICATORS_PART)]


@pytest.mark.parametrize("method", [zipfile.ZIP_STORED, zipfile.ZIP_BZIP2, zipfile.ZIP_LZMA])
def test_other_supported_compressions_are_read(valid, method):
    assert parse_workbook(rezip(valid, method=method), EXPECTED).errors == []


def test_rows_out_of_order_or_past_excel(valid):
    data = rezip(valid, INDICATORS_PART, lambda xml: xml.replace(b'<row r="5"', b'<row r="2"', 1))
    assert errors_of(data) == [CollectionError("damaged", "Indikator", 2, value=INDICATORS_PART)]
    data = rezip(
        valid, PROGRAMS_PART, lambda xml: xml.replace(b'<row r="5"', b'<row r="99999999"', 1)
    )
    (error,) = errors_of(data)
    assert (error.code, error.sheet, error.row) == ("damaged", "Program", 99999999)


def test_doctype_refused(valid):
    data = rezip(
        valid,
        "xl/workbook.xml",
        lambda xml: xml.replace(b"?>", b'?><!DOCTYPE x [<!ENTITY a "b">]>', 1),
    )
    assert errors_of(data) == [CollectionError("damaged", value="xl/workbook.xml")]


def many_rows(data, count):
    rows = b"".join(
        b'<row r="%d"><c r="B%d" t="inlineStr"><is><t>Program %d</t></is></c>'
        b'<c r="C%d"><v>%d</v></c></row>' % (r, r, r, r, r * 1000)
        for r in range(4, 4 + count)
    )
    return rezip(
        data,
        PROGRAMS_PART,
        lambda xml: re.sub(
            rb'<row r="4".*</sheetData>', lambda m: rows + b"</sheetData>", xml, flags=re.S
        ),
    )


def test_row_limit(valid):
    start = time.perf_counter()
    errors = errors_of(many_rows(valid, 100_000))
    elapsed = time.perf_counter() - start
    assert errors == [CollectionError("too_many_rows", "Program", 2004, value=2000)]
    assert elapsed < 3, elapsed
    result = parse_workbook(many_rows(valid, 2000), EXPECTED)
    assert result.errors == [] and len(result.programs) == 2000
