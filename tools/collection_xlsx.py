# Copyright 2024 SAKIP Indonesia
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""The data-collection format of the performance agreement (SOP steps 2, 3 and 6).

Tim Perencanaan sends each bidang a workbook made by :func:`build_workbook`;
the bidang fills it and sends it back, and :func:`parse_workbook` checks the
returned file as a whole: either every row is accepted, or the file is refused
with the list of *all* its errors.

The workbook (texts in Indonesian, as it leaves the office):

``Petunjuk``   instructions: what to fill, units, how and when to return it;
``Indikator``  No | Sasaran | Indikator Kinerja | Satuan | Target | Target (teks) |
               Tw I | Tw II | Tw III | Tw IV — pre-filled with the bidang's current
               lines of the agreement, or the previous year's where it has none
               (``meta["prefill"]``: ``current`` or ``previous``);
``Program``    No | Program | Anggaran (Rp) | Keterangan;
``_sakip``     very hidden metadata: format version, company, bidang code and
               name, fiscal year, run, document (and the deadline, if given).

Titles are in rows 1 and 2, the column headers in row :data:`HEADER_ROW` and the
data below it. Input cells are unlocked and validated (targets: decimals ≥ 0;
Anggaran: whole Rupiah ≥ 0; texts: a maximum length); everything else is
locked, and the sheets are protected without a password (the protection keeps
the layout from being changed by mistake; it is not a security measure — the
file is checked again when it comes back).

Error codes of :class:`CollectionError` (``row`` is the Excel row number and
``column`` the Excel column letter, ``None`` when not applicable; ``value`` is
what was found):

``not_xlsx``          the file is not an XLSX workbook (not a zip, corrupt);
``too_large``         the file (or its uncompressed content) is over the limit;
                      ``value`` is the size in bytes;
``damaged``           a part of the zip cannot be read (bad CRC, unsupported
                      compression or encryption: ``value`` is the part), its XML
                      is not well-formed (``value``: the part, ``sheet`` the
                      sheet it holds, if known), or a sheet fails while it is
                      read (``sheet`` and ``row``: where it failed);
``missing_sheet``     the ``Indikator`` or ``Program`` sheet is missing;
``layout_changed``    a header text or the column order differs (``value``: the
                      header found), or the metadata sheet or one of its keys is
                      missing (``value``: the key);
``wrong_version``     the format version differs (``value``: the version found);
``wrong_department``  the file was made for another bidang (or office);
``wrong_year``        the file was made for another fiscal year;
``formula``           a formula in a cell (``value``: the formula);
``not_a_number``      text (or a date, a boolean, an error) in a number cell;
``too_many_rows``     a data sheet has more than :data:`MAX_ROWS` filled rows
                      (``row``: the first one over; the rest is not read).

The other codes are those of :mod:`.collection_rules`, the rules of a bidang's
lines (``negative``, ``zero``, ``too_big``, ``fractional``, ``required``,
``too_long``, ``control_char``, ``quarters``, ``no_indicator``), located on the
sheet, row and column of the value.
"""

import math
import re
import zipfile
import zlib
from collections.abc import Iterable, Mapping, Sequence
from datetime import date, datetime, time
from io import BytesIO
from typing import NamedTuple
from xml.etree import ElementTree
from xml.parsers import expat

import openpyxl
import xlsxwriter
from xlsxwriter.utility import xl_col_to_name

from .collection_rules import MAX_BUDGET, MAX_ROWS, MAX_TARGET, PROBLEM_CODES, check_lines

__all__ = [
    "ERROR_CODES",
    "FORMAT_VERSION",
    "HEADER_ROW",
    "INDICATOR_COLUMNS",
    "MAX_BYTES",
    "MAX_ROWS",
    "META_SHEET",
    "PROGRAM_COLUMNS",
    "SHEET_INDICATORS",
    "SHEET_INSTRUCTIONS",
    "SHEET_PROGRAMS",
    "CollectionError",
    "Column",
    "ParseResult",
    "build_workbook",
    "parse_workbook",
]

FORMAT_VERSION = "1"
"""Version of the layout; a file of another version is refused."""

MAX_BYTES = 5 * 1024 * 1024
"""Default size limit of a returned file, in bytes."""

MAX_UNCOMPRESSED_RATIO = 20
"""The unpacked content may be at most this many times the size limit (zip bombs)."""


SHEET_INSTRUCTIONS = "Petunjuk"
SHEET_INDICATORS = "Indikator"
SHEET_PROGRAMS = "Program"
META_SHEET = "_sakip"

HEADER_ROW = 3
"""Excel row number of the column headers; the data starts on the next row."""

EXTRA_ROWS = 50
"""Empty input rows prepared below the pre-filled ones on each data sheet."""

ERROR_CODES = (
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
    *(code for code in PROBLEM_CODES if code != "not_a_number"),
)

#: Units offered in the drop-down of the Satuan column (any other text is accepted).
DEFAULT_UNITS = (
    "%",
    "Dokumen",
    "Laporan",
    "Sekolah",
    "Siswa",
    "Guru",
    "Orang",
    "Lembaga",
    "Kegiatan",
    "Nilai",
    "Indeks",
    "Predikat",
    "Tahun",
)

#: Keys of the metadata sheet, in order; ``deadline`` is optional.
META_KEYS = (
    "format_version",
    "company",
    "department_code",
    "department_name",
    "fiscal_year",
    "run",
    "document",
    "deadline",
)
_REQUIRED_META_KEYS = META_KEYS[:-1]


class Column(NamedTuple):
    """A column of a data sheet.

    ``kind`` is ``no`` (the locked row number), ``text``, ``decimal`` (a number
    ≥ 0) or ``integer`` (whole Rupiah ≥ 0).
    """

    key: str
    header: str
    kind: str
    width: int
    max_length: int = 0
    required: bool = False


INDICATOR_COLUMNS = (
    Column("no", "No", "no", 5),
    Column("objective", "Sasaran", "text", 40, 500, True),
    Column("name", "Indikator Kinerja", "text", 45, 500, True),
    Column("uom", "Satuan", "text", 12, 50, True),
    Column("target", "Target", "decimal", 12),
    Column("target_text", "Target (teks)", "text", 18, 100),
    Column("target_q1", "Tw I", "decimal", 10),
    Column("target_q2", "Tw II", "decimal", 10),
    Column("target_q3", "Tw III", "decimal", 10),
    Column("target_q4", "Tw IV", "decimal", 10),
)
PROGRAM_COLUMNS = (
    Column("no", "No", "no", 5),
    Column("name", "Program", "text", 60, 500, True),
    Column("budget", "Anggaran (Rp)", "integer", 20, required=True),
    Column("note", "Keterangan", "text", 40, 1000),
)


class CollectionError(NamedTuple):
    """One problem of a returned file (see the module docstring for the codes)."""

    code: str
    sheet: str | None = None
    row: int | None = None
    column: str | None = None
    value: object = None


class ParseResult(NamedTuple):
    """Rows of a returned file: ``indicators`` and ``programs`` are filled only
    when ``errors`` is empty.

    Each row is a dict with the keys of the sheet's columns (see
    :func:`build_workbook`) and ``row``, its Excel row number.
    """

    indicators: list
    programs: list
    errors: list


# ----------------------------------------------------------------------
# Building the workbook
# ----------------------------------------------------------------------


def build_workbook(
    meta: Mapping,
    indicators: Iterable[Mapping],
    programs: Iterable[Mapping],
    *,
    extra_rows: int = EXTRA_ROWS,
) -> bytes:
    """Return the XLSX collection format of one bidang.

    :param meta: ``company``, ``department_code``, ``department_name``,
        ``fiscal_year`` (int), ``run`` and ``document`` (str); optionally
        ``deadline`` (the return deadline as it should be printed).
    :param indicators: pre-filled indicator rows (the previous year's), dicts
        with ``objective``, ``name``, ``uom``, ``target`` (number or None),
        ``target_text`` and ``target_q1`` .. ``target_q4`` (numbers or None).
    :param programs: pre-filled programme rows, dicts with ``name``, ``budget``
        (whole Rupiah or None) and ``note``.
    :param extra_rows: empty input rows below the pre-filled ones.
    """
    indicators = list(indicators)
    programs = list(programs)
    output = BytesIO()
    workbook = xlsxwriter.Workbook(output, {"in_memory": True, "strings_to_numbers": False})
    workbook.set_properties(
        {
            "title": f"Format Pengumpulan Data Perjanjian Kinerja {meta['fiscal_year']}",
            "subject": meta.get("department_name") or "",
            "company": meta.get("company") or "",
        }
    )
    styles = _styles(workbook)
    instructions = workbook.add_worksheet(SHEET_INSTRUCTIONS)
    _write_instructions(instructions, styles, meta)
    units = _unit_choices(row.get("uom") for row in indicators)
    _write_table(
        workbook.add_worksheet(SHEET_INDICATORS),
        styles,
        INDICATOR_COLUMNS,
        indicators,
        title=f"INDIKATOR KINERJA {meta['department_name']}".upper(),
        meta=meta,
        extra_rows=extra_rows,
        units=units,
    )
    _write_table(
        workbook.add_worksheet(SHEET_PROGRAMS),
        styles,
        PROGRAM_COLUMNS,
        programs,
        title=f"PROGRAM DAN ANGGARAN {meta['department_name']}".upper(),
        meta=meta,
        extra_rows=extra_rows,
    )
    _write_meta(workbook.add_worksheet(META_SHEET), meta)
    instructions.activate()
    workbook.close()
    return _very_hide(output.getvalue(), META_SHEET)


def _styles(workbook):
    border = {"border": 1, "border_color": "#808080"}
    return {
        "title": workbook.add_format({"bold": True, "font_size": 13}),
        "subtitle": workbook.add_format({"italic": True}),
        "text": workbook.add_format({"text_wrap": True, "valign": "top"}),
        "bold": workbook.add_format({"bold": True, "valign": "top"}),
        "header": workbook.add_format(
            {
                **border,
                "bold": True,
                "bg_color": "#D9E1F2",
                "align": "center",
                "valign": "vcenter",
                "text_wrap": True,
            }
        ),
        "no": workbook.add_format(
            {**border, "align": "center", "valign": "top", "bg_color": "#F2F2F2"}
        ),
        "text_input": workbook.add_format(
            {**border, "locked": False, "text_wrap": True, "valign": "top", "num_format": "@"}
        ),
        "decimal_input": workbook.add_format(
            {**border, "locked": False, "valign": "top", "num_format": "#,##0.00"}
        ),
        "integer_input": workbook.add_format(
            {**border, "locked": False, "valign": "top", "num_format": "#,##0"}
        ),
    }


def _protect(worksheet):
    """Protect the sheet without a password: input cells stay editable, columns
    and rows may be resized."""
    worksheet.protect(
        "",
        {
            "select_locked_cells": True,
            "select_unlocked_cells": True,
            "format_columns": True,
            "format_rows": True,
        },
    )


def _write_instructions(worksheet, styles, meta):
    year = meta["fiscal_year"]
    deadline = meta.get("deadline") or "sesuai surat/aktivitas pengiriman format"
    size_mb = MAX_BYTES // (1024 * 1024)
    worksheet.set_column(0, 0, 26)
    worksheet.set_column(1, 1, 95)
    worksheet.write(
        0, 0, f"FORMAT PENGUMPULAN DATA PERJANJIAN KINERJA TAHUN {year}", styles["title"]
    )
    identity = [
        ("Instansi", meta.get("company") or ""),
        ("Bidang", f"{meta['department_name']} ({meta['department_code']})"),
        ("Tahun anggaran", str(year)),
        ("Proses", meta.get("run") or ""),
        ("Dokumen", meta.get("document") or ""),
        ("Batas waktu pengembalian", str(deadline)),
    ]
    row = 2
    for label, value in identity:
        worksheet.write_string(row, 0, label, styles["bold"])
        worksheet.write_string(row, 1, value, styles["text"])
        row += 1
    steps = [
        f"Lembar “{SHEET_INDICATORS}”: satu baris untuk setiap indikator kinerja. "
        + _prefill_text(meta.get("prefill"), year)
        + " Baris baru diisi di bawahnya.",
        "Berkas yang diunggah menggantikan seluruh baris bidang ini pada perjanjian "
        f"kinerja {year}: baris yang dikosongkan atau dihapus dari berkas akan dihapus. "
        "Sebelum mengganti, aplikasi menampilkan baris yang ditambah, diubah dan dihapus "
        "beserta total anggaran sebelum dan sesudahnya; baris baru diganti setelah Anda "
        "mengonfirmasi.",
        "Sasaran: sasaran strategis yang diukur indikator. Bila sama dengan baris di "
        "atasnya boleh dikosongkan.",
        "Indikator Kinerja dan Satuan (mis. %, sekolah, dokumen) wajib diisi.",
        "Target: angka tidak negatif, boleh desimal (mis. 97,5). Untuk target berupa "
        "teks (mis. “Predikat B”) kosongkan kolom Target dan isi kolom Target (teks). "
        "Salah satunya wajib diisi.",
        "Tw I sampai Tw IV: target triwulanan (rencana aksi), angka tidak negatif; boleh "
        "dikosongkan. Target kumulatif: Tw IV sama dengan target tahunan (tidak pernah "
        "turun); target per triwulan: jumlah keempatnya sama dengan target tahunan.",
        f"Target angka harus lebih dari nol dan paling besar {MAX_TARGET:,}.".replace(",", "."),
        f"Lembar “{SHEET_PROGRAMS}”: Program dan Anggaran (Rp) wajib diisi. Anggaran "
        "dalam rupiah penuh: bilangan bulat tanpa sen dan tanpa titik/koma desimal, lebih "
        f"dari nol dan paling besar {MAX_BUDGET:,}. ".replace(",", ".")
        + "Keterangan boleh dikosongkan.",
        f"Paling banyak {MAX_ROWS:,} baris terisi pada setiap lembar; ".replace(",", ".")
        + "berkas dengan baris lebih banyak ditolak.",
        "Ketik nilainya langsung: rumus tidak diterima. Jangan mengganti nama lembar, "
        "judul kolom atau urutan kolom, dan jangan menyisipkan kolom. Lembar dilindungi "
        "(tanpa kata sandi) hanya agar susunannya tidak berubah.",
        "Simpan sebagai Excel Workbook (.xlsx), lalu unggah pada aktivitas pengumpulan "
        "data di aplikasi SAKIP atau kirimkan kepada Tim Perencanaan. Ukuran berkas "
        f"paling besar {size_mb} MB.",
        "Berkas diperiksa secara keseluruhan: bila ada kesalahan, seluruh berkas ditolak "
        "dengan daftar kesalahan (lembar, baris, kolom). Perbaiki lalu unggah kembali.",
    ]
    row += 1
    worksheet.write_string(row, 0, "Petunjuk pengisian", styles["title"])
    row += 1
    for number, text in enumerate(steps, 1):
        worksheet.write_string(row, 0, f"{number}.", styles["bold"])
        worksheet.write_string(row, 1, text, styles["text"])
        row += 1
    worksheet.hide_gridlines(2)
    worksheet.set_paper(14)  # Folio 8.5 x 13 in, the F4 paper of Indonesian offices
    worksheet.set_portrait()
    worksheet.fit_to_pages(1, 0)
    _protect(worksheet)


def _prefill_text(prefill, year):
    """What the pre-filled rows are, as the instructions say it."""
    if prefill == "current":
        return (
            "Baris yang sudah terisi adalah baris bidang ini yang saat ini tercatat pada "
            f"perjanjian kinerja {year}: perbarui bila perlu dan kosongkan baris yang tidak "
            "dipakai lagi."
        )
    if prefill == "previous":
        return (
            "Bidang ini belum mempunyai baris pada perjanjian kinerja tahun ini: baris yang "
            "sudah terisi adalah data tahun sebelumnya. Perbarui targetnya untuk tahun "
            f"{year} dan kosongkan baris yang tidak dipakai lagi."
        )
    return "Bidang ini belum mempunyai baris, tahun ini maupun tahun sebelumnya."


def _unit_choices(units):
    """The Satuan drop-down: the default units and those of the pre-filled rows,
    within the 255 characters Excel allows for a list."""
    choices = list(DEFAULT_UNITS)
    for unit in units:
        unit = (unit or "").strip()
        if unit and unit not in choices and "," not in unit:
            choices.append(unit)
    while len(",".join(choices)) > 255:
        choices.pop()
    return choices


def _write_table(worksheet, styles, columns, rows, *, title, meta, extra_rows, units=None):
    last_col = len(columns) - 1
    header = HEADER_ROW - 1  # 0-based
    first = header + 1
    last = first + len(rows) + max(extra_rows, 0) - 1
    worksheet.merge_range(0, 0, 0, last_col, title, styles["title"])
    worksheet.merge_range(
        1,
        0,
        1,
        last_col,
        f"Tahun {meta['fiscal_year']} · {meta.get('company') or ''}",
        styles["subtitle"],
    )
    worksheet.set_row(header, 30)
    worksheet.write_row(header, 0, [column.header for column in columns], styles["header"])
    input_styles = {
        "text": styles["text_input"],
        "decimal": styles["decimal_input"],
        "integer": styles["integer_input"],
    }
    for index, column in enumerate(columns):
        worksheet.set_column(index, index, column.width)
    for row in range(first, last + 1):
        values = rows[row - first] if row - first < len(rows) else {}
        for index, column in enumerate(columns):
            if column.kind == "no":
                worksheet.write_number(row, index, row - first + 1, styles["no"])
                continue
            value = values.get(column.key)
            style = input_styles[column.kind]
            if value is None or value == "":
                worksheet.write_blank(row, index, None, style)
            elif column.kind == "text":
                worksheet.write_string(row, index, str(value), style)
            else:
                worksheet.write_number(row, index, value, style)
    if last >= first:
        for index, column in enumerate(columns):
            validation = _validation(column, units)
            if validation:
                worksheet.data_validation(first, index, last, index, validation)
    worksheet.freeze_panes(first, 0)
    worksheet.set_paper(14)  # Folio 8.5 x 13 in, the F4 paper of Indonesian offices
    worksheet.set_landscape()
    worksheet.set_margins(left=0.5, right=0.5, top=0.6, bottom=0.6)
    worksheet.repeat_rows(header)
    worksheet.print_area(0, 0, max(last, header), last_col)
    worksheet.fit_to_pages(1, 0)
    worksheet.set_footer("&CHalaman &P dari &N")
    _protect(worksheet)


def _validation(column, units=None):
    error = {"error_title": "Isian tidak valid"}
    if column.kind == "decimal":
        return {
            "validate": "decimal",
            "criteria": "between",
            "minimum": 0,
            "maximum": MAX_TARGET,
            "input_title": column.header,
            "input_message": "Angka tidak negatif, boleh desimal.",
            "error_message": f"{column.header}: isi dengan angka tidak negatif (tanpa rumus).",
            **error,
        }
    if column.kind == "integer":
        return {
            "validate": "integer",
            "criteria": "between",
            "minimum": 1,
            "maximum": MAX_BUDGET,
            "input_title": column.header,
            "input_message": "Rupiah penuh: bilangan bulat lebih dari nol, tanpa sen.",
            "error_message": f"{column.header}: isi dengan bilangan bulat lebih dari nol "
            "(rupiah penuh, tanpa rumus).",
            **error,
        }
    if column.kind == "text" and column.key == "uom" and units:
        # A drop-down of the usual units; any other unit may be typed.
        return {"validate": "list", "source": units, "show_error": False}
    if column.kind == "text":
        return {
            "validate": "length",
            "criteria": "<=",
            "value": column.max_length,
            "error_message": f"{column.header}: paling banyak {column.max_length} karakter.",
            **error,
        }
    return None


def _write_meta(worksheet, meta):
    values = {**meta, "format_version": FORMAT_VERSION}
    for row, key in enumerate(META_KEYS):
        value = values.get(key)
        if value is None:
            continue
        worksheet.write_string(row, 0, key)
        if key == "fiscal_year":
            worksheet.write_number(row, 1, int(value))
        else:
            worksheet.write_string(row, 1, str(value))
    _protect(worksheet)
    worksheet.hide()


def _very_hide(data, sheet_name):
    """Make ``sheet_name`` very hidden (not listed by Excel's "Unhide"):
    xlsxwriter 3.0 only writes hidden sheets."""
    pattern = re.compile(
        rb'(<sheet name="' + re.escape(sheet_name.encode()) + rb'" sheetId="\d+") state="hidden"'
    )
    source = zipfile.ZipFile(BytesIO(data))
    output = BytesIO()
    with zipfile.ZipFile(output, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            content = source.read(info)
            if info.filename == "xl/workbook.xml":
                content, count = pattern.subn(rb'\1 state="veryHidden"', content)
                if count != 1:
                    raise RuntimeError(f"sheet {sheet_name!r} not found in xl/workbook.xml")
            target.writestr(info, content)
    return output.getvalue()


# ----------------------------------------------------------------------
# Parsing a returned workbook
# ----------------------------------------------------------------------


def parse_workbook(data: bytes, expected_meta: Mapping, max_bytes: int = MAX_BYTES) -> ParseResult:
    """Check a returned collection file as a whole and return its rows.

    Nothing of a damaged file escapes as an exception: every part of the zip is
    read and its XML checked first, and the sheets (which openpyxl reads
    lazily) are read inside the same guard; whatever still fails gives a
    ``damaged`` error naming the sheet and the row reached.

    :param data: the file's content.
    :param expected_meta: what the file must have been made for:
        ``department_code`` and ``fiscal_year``, and ``company`` if given
        (a file of another company counts as another bidang).
    :param max_bytes: size limit of the file.
    :return: a :class:`ParseResult`; its ``errors`` list every problem found
        (never only the first), and the rows are empty when there is any.
    """
    data = bytes(data or b"")
    if len(data) > max_bytes:
        return ParseResult([], [], [CollectionError("too_large", value=len(data))])
    try:
        archive = zipfile.ZipFile(BytesIO(data))
        unpacked = sum(info.file_size for info in archive.infolist())
    except (zipfile.BadZipFile, ValueError, EOFError, OSError):
        return ParseResult([], [], [CollectionError("not_xlsx")])
    if unpacked > max_bytes * MAX_UNCOMPRESSED_RATIO:
        return ParseResult([], [], [CollectionError("too_large", value=unpacked)])
    errors, contents = _check_parts(archive)
    if errors:
        return ParseResult([], [], errors)
    try:
        workbook = openpyxl.load_workbook(
            BytesIO(data), read_only=True, data_only=False, keep_links=False
        )
    # openpyxl fails on damaged files with many exception types (KeyError for a
    # missing part, XML parse errors, ValueError, ...): all mean "not an XLSX".
    except Exception:  # pylint: disable=broad-exception-caught
        return ParseResult([], [], [CollectionError("not_xlsx")])
    where = {"sheet": META_SHEET, "row": 0}
    try:
        _check_meta(workbook, expected_meta, errors)
        indicators = _read_sheet(workbook, SHEET_INDICATORS, INDICATOR_COLUMNS, errors, where)
        programs = _read_sheet(workbook, SHEET_PROGRAMS, PROGRAM_COLUMNS, errors, where)
    # The sheets are read lazily: a damaged cell (a shared string out of range,
    # "abc" in a number cell, an impossible date...) fails here, in many types.
    except Exception:  # pylint: disable=broad-exception-caught
        return ParseResult([], [], [_diagnose(contents, where["sheet"], where["row"])])
    finally:
        workbook.close()
    if indicators is not None and programs is not None:
        errors += _rule_errors(indicators, programs)
    if errors:
        return ParseResult([], [], sorted(errors, key=_error_order))
    return ParseResult(indicators, programs, [])


def _check_parts(archive):
    """Read every part of the zip (its CRC checked) and check the XML of each:
    return the ``damaged`` errors, naming the sheet of a damaged worksheet."""
    contents = {}
    for info in archive.infolist():
        try:
            contents[info.filename] = archive.read(info)
        # A bad CRC, an unsupported compression method or encryption, a truncated member.
        except (
            zipfile.BadZipFile,
            NotImplementedError,
            RuntimeError,
            ValueError,
            EOFError,
            OSError,
            zlib.error,
        ):
            return [CollectionError("damaged", value=info.filename)], contents
    errors = []
    for name, content in contents.items():
        if name.endswith((".xml", ".rels")) and not _well_formed(content):
            errors.append(CollectionError("damaged", value=name))
    sheets = _sheet_names_by_part(contents) if not errors else {}
    for part, sheet in sheets.items():
        content = contents.get(part, b"")
        # A negative shared-string index would silently read another text.
        negative = _NEGATIVE_SHARED_STRING.search(content)
        if negative:
            errors.append(_cell_error(content, negative.start(), sheet, part))
        # openpyxl drops a row numbered below the one before it, and stops past
        # Excel's last row: both would lose rows silently.
        previous = 0
        for number in map(int, _ROW_NUMBER.findall(content)):
            if number <= previous or number > EXCEL_MAX_ROW:
                errors.append(CollectionError("damaged", sheet, number, value=part))
                break
            previous = number
    if errors:
        sheets = sheets or _sheet_names_by_part(contents)
        errors = [error._replace(sheet=error.sheet or sheets.get(error.value)) for error in errors]
    return errors, contents


_NEGATIVE_SHARED_STRING = re.compile(rb'\bt="s"[^>]*>\s*<v>\s*-')
_ROW_NUMBER = re.compile(rb'<row\b[^>]*?\br="(\d+)"')
_CELL = re.compile(rb"<c\b([^>]*?)(?:/>|>(.*?)</c>)", re.DOTALL)
_ATTRIBUTE = re.compile(rb'\b(r|t)="([^"]*)"')
_VALUE = re.compile(rb"<v>([^<]*)</v>")


def _cell_error(content, offset, sheet, part):
    """The ``damaged`` error of the cell around ``offset`` of a sheet's XML."""
    start = content.rfind(b"<c ", 0, offset + 1)
    attributes = dict(_ATTRIBUTE.findall(content[start : content.find(b">", start) + 1]))
    reference = attributes.get(b"r", b"").decode("ascii", "replace")
    match = re.fullmatch(r"([A-Z]+)(\d+)", reference)
    if not match:
        return CollectionError("damaged", sheet, value=part)
    return CollectionError("damaged", sheet, int(match[2]), match[1], part)


def _diagnose(contents, sheet, row):
    """The error of a sheet that failed while read at ``row``: the first cell of
    that row whose value cannot be what its type says, if found."""
    parts = {name: part for part, name in _sheet_names_by_part(contents).items()}
    content = contents.get(parts.get(sheet), b"")
    shared = contents.get("xl/sharedStrings.xml", b"").count(b"<si")
    start = content.find(b'<row r="%d"' % row) if row else -1
    end = content.find(b"</row>", start)
    for cell in _CELL.finditer(content, start, end) if start >= 0 else ():
        attributes = dict(_ATTRIBUTE.findall(cell[1]))
        value = _VALUE.search(cell[2] or b"")
        if not value:
            continue
        raw = value[1].decode("utf-8", "replace")
        kind = attributes.get(b"t", b"n")
        column = re.sub(r"\d", "", attributes.get(b"r", b"").decode("ascii", "replace"))
        if kind == b"n" and not _is_number(raw):
            return CollectionError("not_a_number", sheet, row, column or None, raw)
        if kind == b"s" and not (raw.strip().isdigit() and int(raw) < shared):
            return CollectionError("damaged", sheet, row, column or None, raw)
        if kind not in (b"n", b"s", b"str", b"inlineStr", b"b", b"e"):
            return CollectionError("damaged", sheet, row, column or None, raw)
    return CollectionError("damaged", sheet, row or None)


def _is_number(raw):
    try:
        return math.isfinite(float(raw))
    except ValueError:
        return False


def _well_formed(content):
    """Whether ``content`` is well-formed XML without a DOCTYPE (no entities)."""
    parser = expat.ParserCreate()

    def refuse_doctype(*_args):
        raise ValueError("DOCTYPE")

    parser.StartDoctypeDeclHandler = refuse_doctype
    try:
        parser.Parse(content, True)
    except (expat.ExpatError, ValueError):
        return False
    return True


def _sheet_names_by_part(contents):
    """Return ``{part name: sheet name}`` from the workbook's parts, as far as
    they can be read."""
    relationships = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id"
    try:
        targets = {
            rel.get("Id"): rel.get("Target") or ""
            for rel in ElementTree.fromstring(contents["xl/_rels/workbook.xml.rels"])
        }
        result = {}
        for sheet in ElementTree.fromstring(contents["xl/workbook.xml"]).iter():
            if sheet.tag.endswith("}sheet") and sheet.get(relationships) in targets:
                target = targets[sheet.get(relationships)]
                part = target[1:] if target.startswith("/") else f"xl/{target}"
                result[part] = sheet.get("name")
        return result
    except (KeyError, ElementTree.ParseError):
        return {}


def _rule_errors(indicators, programs):
    """The errors of the rows by the rules of a bidang's lines (collection_rules)."""
    rows = {"indicator": indicators, "program": programs}
    sheets = {"indicator": SHEET_INDICATORS, "program": SHEET_PROGRAMS}
    letters = {
        "indicator": {c.key: xl_col_to_name(i) for i, c in enumerate(INDICATOR_COLUMNS)},
        "program": {c.key: xl_col_to_name(i) for i, c in enumerate(PROGRAM_COLUMNS)},
    }
    errors = []
    for problem in check_lines(indicators, programs):
        kind = problem.kind
        row = rows[kind][problem.index]["row"] if problem.index is not None else None
        errors.append(
            CollectionError(
                problem.code,
                sheets[kind],
                row,
                letters[kind].get(problem.key),
                problem.value,
            )
        )
    return errors


def _error_order(error):
    sheets = (META_SHEET, SHEET_INDICATORS, SHEET_PROGRAMS)
    sheet = sheets.index(error.sheet) if error.sheet in sheets else -1
    column = error.column or ""
    return (sheet, error.row or 0, len(column), column)


def _check_meta(workbook, expected, errors):
    if META_SHEET not in workbook.sheetnames:
        errors.append(CollectionError("layout_changed", META_SHEET, value=META_SHEET))
        return
    meta = {}
    for row in workbook[META_SHEET].iter_rows(max_col=2, values_only=True):
        if row and isinstance(row[0], str):
            meta[row[0].strip()] = row[1] if len(row) > 1 else None
    missing = [key for key in _REQUIRED_META_KEYS if meta.get(key) in (None, "")]
    for key in missing:
        errors.append(CollectionError("layout_changed", META_SHEET, value=key))
    if "format_version" not in missing and str(meta["format_version"]) != FORMAT_VERSION:
        errors.append(CollectionError("wrong_version", META_SHEET, value=meta["format_version"]))
    for key in ("department_code", "company"):
        if key in missing or expected.get(key) in (None, ""):
            continue
        if str(meta[key]).strip() != str(expected[key]).strip():
            errors.append(CollectionError("wrong_department", META_SHEET, value=meta[key]))
            break
    if (
        "fiscal_year" not in missing
        and expected.get("fiscal_year") is not None
        and _as_year(meta["fiscal_year"]) != int(expected["fiscal_year"])
    ):
        errors.append(CollectionError("wrong_year", META_SHEET, value=meta["fiscal_year"]))


def _as_year(value):
    if isinstance(value, bool):
        return None
    if isinstance(value, (int, float)) and float(value).is_integer():
        return int(value)
    if isinstance(value, str) and value.strip().isdigit():
        return int(value.strip())
    return None


def _normal_header(value):
    return " ".join(str(value).split()).casefold() if value is not None else ""


EXCEL_MAX_ROW = 1_048_576
"""Last row of an Excel sheet: rows numbered beyond it are not read."""


def _read_sheet(workbook, sheet, columns: Sequence[Column], errors, where):
    """Check one data sheet and return its rows (appending to ``errors``), or
    None when the sheet cannot be read as a whole (missing, its layout
    changed, over :data:`MAX_ROWS` filled rows).

    ``where`` follows the sheet and row being read, for the error of a damaged
    sheet. Rows are checked cell by cell here (formulas, text in number cells);
    the rules of the lines are :func:`collection_rules.check_lines`'.
    """
    if sheet not in workbook.sheetnames:
        errors.append(CollectionError("missing_sheet", sheet))
        return None
    where.update(sheet=sheet, row=HEADER_ROW)
    rows = workbook[sheet].iter_rows(
        min_row=HEADER_ROW, max_row=EXCEL_MAX_ROW, max_col=len(columns) + 1
    )
    header = next(rows, ())
    where["row"] = HEADER_ROW + 1
    found = [cell.value for cell in header]
    while found and found[-1] is None:
        found.pop()
    layout_ok = True
    for index in range(max(len(found), len(columns))):
        value = found[index] if index < len(found) else None
        expected = columns[index].header if index < len(columns) else None
        if _normal_header(value) != _normal_header(expected):
            errors.append(
                CollectionError("layout_changed", sheet, HEADER_ROW, xl_col_to_name(index), value)
            )
            layout_ok = False
    if not layout_ok:
        return None
    letters = [xl_col_to_name(index) for index in range(len(columns))]
    objective = None  # the Sasaran of the rows above, repeated on rows without one
    result = []
    for number, cells in enumerate(rows, HEADER_ROW + 1):
        where["row"] = number + 1  # the row a damaged sheet fails on, if it does
        values = {}
        filled = False
        bad = set()
        for column, letter, cell in zip(columns, letters, cells, strict=False):
            raw = cell.value
            if raw is None:
                continue
            if getattr(cell, "data_type", None) == "f" or (
                isinstance(raw, str) and raw.startswith("=")
            ):
                errors.append(CollectionError("formula", sheet, number, letter, str(raw)))
                filled = filled or column.kind != "no"
                bad.add(column.key)
                continue
            if column.kind == "no":
                continue
            value, code = _convert(column, raw)
            if code:
                errors.append(CollectionError(code, sheet, number, letter, _shown(raw)))
                bad.add(column.key)
            if value is not None or code:
                filled = True
            values[column.key] = value
        if not filled:
            continue
        if len(result) == MAX_ROWS:
            # Refused at once, before the rest of the sheet is read.
            errors.append(CollectionError("too_many_rows", sheet, number, value=MAX_ROWS))
            return None
        row = {column.key: values.get(column.key) for column in columns if column.kind != "no"}
        if "objective" in row:
            if row["objective"] is None and "objective" not in bad:
                row["objective"] = objective
            objective = row["objective"] or objective
        row["row"] = number
        if bad:
            row["bad"] = bad
        result.append(row)
    return result


def _shown(raw):
    if isinstance(raw, (str, int, float)):
        return raw
    return str(raw)


def _convert(column, raw):
    """Return ``(value, error code)`` of a cell's raw value for its column: only
    the type is checked here (the limits are the rules')."""
    if column.kind == "text":
        return _as_text(raw), None
    if isinstance(raw, str) and not raw.strip():
        return None, None
    if isinstance(raw, bool) or not isinstance(raw, (int, float)) or not math.isfinite(raw):
        return None, "not_a_number"
    if column.kind == "integer" and float(raw).is_integer():
        return int(raw), None
    return raw if column.kind == "integer" else float(raw), None


_ESCAPE = re.compile(r"_x([0-9A-Fa-f]{4})_")


def _as_text(raw):
    if isinstance(raw, str):
        # Excel writes the characters XML cannot hold (control characters) as
        # _xHHHH_; openpyxl's read-only mode leaves them escaped.
        return _ESCAPE.sub(lambda match: chr(int(match[1], 16)), raw).strip() or None
    if isinstance(raw, bool):
        return "TRUE" if raw else "FALSE"
    if isinstance(raw, float) and raw.is_integer():
        return str(int(raw))
    if isinstance(raw, datetime) and raw.time() == time(0):
        return raw.date().isoformat()
    if isinstance(raw, (date, time, datetime)):
        return raw.isoformat()
    return str(raw)
