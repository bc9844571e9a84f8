# Copyright 2024 SAKIP Indonesia
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""Building the collection format of one bidang (see :mod:`.collection_xlsx`):
an XLSX workbook with its instructions, its pre-filled and validated data
sheets and its very hidden metadata."""

import re
import zipfile
from collections.abc import Iterable, Mapping
from io import BytesIO

import xlsxwriter

from .collection_layout import (
    DEFAULT_UNITS,
    EXTRA_ROWS,
    FORMAT_VERSION,
    HEADER_ROW,
    INDICATOR_COLUMNS,
    MAX_BYTES,
    META_KEYS,
    META_SHEET,
    PROGRAM_COLUMNS,
    SHEET_INDICATORS,
    SHEET_INSTRUCTIONS,
    SHEET_PROGRAMS,
    reference_columns,
)
from .collection_rules import MAX_BUDGET, MAX_ROWS, MAX_TARGET


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
        ``target_text`` and ``target_q1`` .. ``target_q4`` (numbers or None);
        with ``meta["reference_year"]``, also ``reference_target`` and
        ``reference_realisation`` (number, grade or None): that year's target
        and realisasi, in read-only columns after the input ones.
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
    columns = INDICATOR_COLUMNS
    if meta.get("reference_year"):
        columns += reference_columns(int(meta["reference_year"]))
    _write_table(
        workbook.add_worksheet(SHEET_INDICATORS),
        styles,
        columns,
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
        "reference": workbook.add_format(
            {**border, "valign": "top", "bg_color": "#F2F2F2", "num_format": "#,##0.##"}
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
        + " Baris baru diisi di bawahnya."
        + _reference_text(meta.get("reference_year")),
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


def _reference_text(year):
    """What the read-only columns of the previous year are, if there are any."""
    if not year:
        return ""
    return (
        f" Kolom “Target {year}” dan “Realisasi {year}” (abu-abu, tidak dapat diubah) "
        f"menunjukkan target dan realisasi indikator yang sama pada tahun {year} "
        "(realisasi s.d. triwulan terakhir yang disetujui) sebagai acuan; isinya tidak "
        "dibaca kembali."
    )


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
        "reference": styles["reference"],
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
            elif column.kind == "text" or isinstance(value, str):
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
