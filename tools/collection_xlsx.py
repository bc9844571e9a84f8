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

# The format is made in three modules: its layout (collection_layout), the
# builder (collection_build) and the parser (collection_parse); this module
# is the one the addon and its tests import.
from .collection_build import build_workbook
from .collection_layout import (
    ERROR_CODES,
    FORMAT_VERSION,
    HEADER_ROW,
    INDICATOR_COLUMNS,
    MAX_BYTES,
    META_SHEET,
    PROGRAM_COLUMNS,
    SHEET_INDICATORS,
    SHEET_INSTRUCTIONS,
    SHEET_PROGRAMS,
    CollectionError,
    Column,
    ParseResult,
)
from .collection_parse import parse_workbook
from .collection_rules import MAX_ROWS

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
