# Copyright 2024 SAKIP Indonesia
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""The per-office format of the Perjanjian Kinerja: the statement template
with its placeholders, the date line above the signatures and the target cell.

The statement is plain text typed by the office: paragraphs separated by a
blank line; a paragraph typed with leading spaces is printed with its first
line indented. Placeholders are written ``{name}`` (``{{`` and ``}}`` print a
brace). Two of them stand alone in their paragraph and print the identity
table (Nama, Jabatan) of a party. Nothing else is interpreted: no attribute,
index, conversion or format spec, so a template cannot reach any data beyond
the values it is given.
"""

import re
import string

from .dates import format_date_id
from .numbers_id import format_number_id

__all__ = [
    "ACTING_PREFIXES",
    "DEFAULT_STATEMENT_TEMPLATE",
    "PARTY_BLOCKS",
    "PLACEHOLDERS",
    "StatementTemplateError",
    "acting_title",
    "check_statement_template",
    "format_target_cell",
    "render_statement",
    "sign_date_line",
]

#: Placeholders printed in bold: the parties' labels.
BOLD_PLACEHOLDERS = frozenset({"pihak_pertama", "pihak_kedua"})
#: Placeholders that print a party's identity table; alone in their paragraph.
PARTY_BLOCKS = {"identitas_pihak_pertama": "first", "identitas_pihak_kedua": "second"}
#: Every placeholder a template may use.
PLACEHOLDERS = frozenset(
    {
        "pihak_pertama",
        "pihak_kedua",
        "sebutan_pihak_pertama",
        "sebutan_pihak_kedua",
        "nama_pihak_pertama",
        "jabatan_pihak_pertama",
        "nama_pihak_kedua",
        "jabatan_pihak_kedua",
        "tahun",
        "instansi",
        *PARTY_BLOCKS,
    }
)

#: The statement of PermenPANRB 53/2014, Lampiran I (format of the Perjanjian Kinerja).
DEFAULT_STATEMENT_TEMPLATE = """\
Dalam rangka mewujudkan manajemen pemerintahan yang efektif, transparan dan \
akuntabel serta berorientasi pada hasil, kami yang bertanda tangan di bawah ini:

{identitas_pihak_pertama}

selanjutnya disebut {pihak_pertama}.

{identitas_pihak_kedua}

selaku atasan pihak pertama, selanjutnya disebut {pihak_kedua}.

    {sebutan_pihak_pertama} berjanji akan mewujudkan target kinerja yang seharusnya sesuai \
lampiran perjanjian ini, dalam rangka mencapai target kinerja jangka menengah seperti \
yang telah ditetapkan dalam dokumen perencanaan. Keberhasilan dan kegagalan \
pencapaian target kinerja tersebut menjadi tanggung jawab kami.

    {sebutan_pihak_kedua} akan melakukan supervisi yang diperlukan serta akan melakukan \
evaluasi terhadap capaian kinerja dari perjanjian ini dan mengambil tindakan yang \
diperlukan dalam rangka pemberian penghargaan dan sanksi."""

#: Prefixes of an acting official's position: pelaksana tugas, pelaksana harian.
ACTING_PREFIXES = {"plt": "Plt.", "plh": "Plh."}

#: Dots left in the date line of an unsigned agreement, to write the date by hand.
DATE_BLANK = "." * 24

_PARAGRAPH_SPLIT = re.compile(r"\n[ \t]*\n")


class StatementTemplateError(ValueError):
    """A statement template that cannot be printed. ``code`` says why
    (``syntax``, ``unknown``, ``block_not_alone``, ``block_count``), ``name``
    which placeholder."""

    def __init__(self, code, name=""):
        self.code = code
        self.name = name
        super().__init__(f"{code}: {name}" if name else code)


def _paragraphs(template):
    """The template's paragraphs as (indented, text) pairs, blank ones dropped."""
    text = (template or "").replace("\r\n", "\n").replace("\r", "\n")
    return [
        (paragraph[:1] in (" ", "\t"), " ".join(paragraph.split()))
        for paragraph in _PARAGRAPH_SPLIT.split(text)
        if paragraph.strip()
    ]


def _parse(text):
    """Pieces of one paragraph: (literal, placeholder or None) pairs."""
    try:
        pieces = list(string.Formatter().parse(text))
    except ValueError as error:
        raise StatementTemplateError("syntax") from error
    for _literal, name, spec, conversion in pieces:
        if name is None:
            continue
        if spec or conversion or name not in PLACEHOLDERS:
            raise StatementTemplateError("unknown", name or "")
    return [(literal, name) for literal, name, _spec, _conversion in pieces]


def check_statement_template(template):
    """Raise :class:`StatementTemplateError` unless ``template`` can be printed:
    known placeholders only, each party's identity block once and alone in
    its paragraph."""
    counts = dict.fromkeys(PARTY_BLOCKS, 0)
    for _indented, text in _paragraphs(template):
        pieces = _parse(text)
        blocks = [name for _literal, name in pieces if name in PARTY_BLOCKS]
        if blocks and (len(pieces) != 1 or pieces[0][0].strip()):
            raise StatementTemplateError("block_not_alone", blocks[0])
        for name in blocks:
            counts[name] += 1
    for name, count in counts.items():
        if count != 1:
            raise StatementTemplateError("block_count", name)


def render_statement(template, values):
    """The paragraphs of ``template`` with ``values`` (placeholder -> text) in
    place, for the report: dicts ``{"party": "first"|"second"}`` for an
    identity block, else ``{"indent": bool, "parts": [(text, bold), ...]}``.
    Raises :class:`StatementTemplateError` as :func:`check_statement_template`."""
    check_statement_template(template)
    paragraphs = []
    for indented, text in _paragraphs(template):
        pieces = _parse(text)
        if pieces[0][1] in PARTY_BLOCKS:
            paragraphs.append({"party": PARTY_BLOCKS[pieces[0][1]]})
            continue
        parts = []
        for literal, name in pieces:
            for part in (
                (literal, False),
                (name and str(values.get(name) or ""), name in BOLD_PLACEHOLDERS),
            ):
                if not part[0]:
                    continue
                if parts and parts[-1][1] == part[1]:
                    parts[-1] = (parts[-1][0] + part[0], part[1])  # one run per style
                else:
                    parts.append(part)
        paragraphs.append({"indent": indented, "parts": parts})
    return paragraphs


def sign_date_line(place, year, sign_date=None):
    """The line above the first party's signature: "Purwokerto, 30 Januari 2026"
    once signed, else "Purwokerto, ........................ 2026" with room to
    write the date by hand."""
    when = format_date_id(sign_date) if sign_date else f"{DATE_BLANK} {year}"
    return f"{place}, {when}" if place else when


def format_target_cell(kind, number, text, unit="", unit_inside=False, decimals=4):
    """The target as printed in its cell: a number with Indonesian separators
    and the decimals the user typed (2.855 -> "2,855", 70 -> "70"), or the text
    target ("BB"); a number with the unit after it when ``unit_inside``
    ("70 Indeks").
    Never empty: "-" when there is no target."""
    if kind == "text":
        value = (text or "").strip()
    else:
        value = format_number_id(number, max_decimals=decimals) if number is not None else ""
    if not value:
        return "-"
    unit = (unit or "").strip()
    # a text target (a predikat such as "BB") is written without its unit
    return f"{value} {unit}" if unit_inside and unit and kind != "text" else value


def acting_title(acting, title):
    """The position as printed for an official signing as ``acting`` ("plt",
    "plh" or nothing): "Plt. Kepala Dinas Pendidikan". A title already
    written with its prefix keeps one."""
    title = " ".join((title or "").split())
    prefix = ACTING_PREFIXES.get(acting)
    if not prefix or title.lower().startswith(prefix.lower()):
        return title
    return f"{prefix} {title}" if title else prefix
