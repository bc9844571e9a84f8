# Copyright 2024 SAKIP Indonesia
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""Parsing a returned collection file (see :mod:`.collection_xlsx`): the file
is checked as a whole, and either every row is accepted or every problem found
is listed."""

import math
import re
import zipfile
import zlib
from collections.abc import Mapping, Sequence
from datetime import date, datetime, time
from io import BytesIO
from xml.etree import ElementTree
from xml.parsers import expat

import openpyxl
from xlsxwriter.utility import xl_col_to_name

from .collection_layout import (
    _REQUIRED_META_KEYS,
    FORMAT_VERSION,
    HEADER_ROW,
    INDICATOR_COLUMNS,
    MAX_BYTES,
    MAX_UNCOMPRESSED_RATIO,
    META_SHEET,
    PROGRAM_COLUMNS,
    REFERENCE_HEADERS,
    SHEET_INDICATORS,
    SHEET_PROGRAMS,
    CollectionError,
    Column,
    ParseResult,
)
from .collection_rules import MAX_ROWS, check_lines


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
        indicators = _read_sheet(
            workbook, SHEET_INDICATORS, INDICATOR_COLUMNS, errors, where, REFERENCE_HEADERS
        )
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


def _read_sheet(workbook, sheet, columns: Sequence[Column], errors, where, references=()):
    """Check one data sheet and return its rows (appending to ``errors``), or
    None when the sheet cannot be read as a whole (missing, its layout
    changed, over :data:`MAX_ROWS` filled rows).

    ``where`` follows the sheet and row being read, for the error of a damaged
    sheet. Rows are checked cell by cell here (formulas, text in number cells);
    the rules of the lines are :func:`collection_rules.check_lines`'.
    Read-only columns after the input ones whose headers match ``references``
    (patterns, in order) are the format's own and are not read.
    """
    if sheet not in workbook.sheetnames:
        errors.append(CollectionError("missing_sheet", sheet))
        return None
    where.update(sheet=sheet, row=HEADER_ROW)
    rows = workbook[sheet].iter_rows(
        min_row=HEADER_ROW, max_row=EXCEL_MAX_ROW, max_col=len(columns) + len(references) + 1
    )
    header = next(rows, ())
    where["row"] = HEADER_ROW + 1
    found = [cell.value for cell in header]
    while found and found[-1] is None:
        found.pop()
    extra = [_normal_header(value) for value in found[len(columns) :]]
    if (
        extra
        and len(extra) == len(references)
        and all(pattern.fullmatch(text) for pattern, text in zip(references, extra, strict=True))
    ):
        found = found[: len(columns)]
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
