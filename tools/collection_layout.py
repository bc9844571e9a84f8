# Copyright 2024 SAKIP Indonesia
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""The layout of the collection format (see :mod:`.collection_xlsx`): its
sheets, columns and metadata keys, its limits and error codes, and the result
types shared by the builder (:mod:`.collection_build`) and the parser
(:mod:`.collection_parse`)."""

import re
from typing import NamedTuple

from .collection_rules import PROBLEM_CODES

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


def reference_columns(year):
    """The read-only columns of the previous year's target and realisasi
    (rolled up over its approved quarters) after the Indikator sheet's input
    columns, when that year was measured (issue 15, item 6). The parser
    ignores them (:data:`REFERENCE_HEADERS`)."""
    return (
        Column("reference_target", f"Target {year}", "reference", 14),
        Column("reference_realisation", f"Realisasi {year}", "reference", 14),
    )


#: The headers of :func:`reference_columns` as the parser recognises them
#: (normalised: single spaces, case folded), in their order.
REFERENCE_HEADERS = (re.compile(r"target \d{4}"), re.compile(r"realisasi \d{4}"))

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
