# Copyright 2024 SAKIP Indonesia
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""The addon's printed documents: Indonesian date helpers for the templates,
page geometry for their table-splitting script, and "Halaman x dari y" page
numbers stamped on the PDF.

Debian's wkhtmltopdf is built against an unpatched Qt: it ignores
``--header-html``/``--footer-html`` and does not repeat table headers on new
pages. The reports therefore carry their letterhead in the page body, split
long tables themselves (``static/src/js/sakip_report_pages.js``, which needs the
printable area in CSS pixels) and get their page numbers stamped on the PDF
once rendered, when the page count is known.
"""

import functools
import io
from collections import OrderedDict

from markupsafe import Markup
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth

from odoo import fields, models
from odoo.tools import file_open
from odoo.tools.pdf import (
    ArrayObject,
    DecodedStreamObject,
    DictionaryObject,
    NameObject,
    PdfFileReader,
    PdfFileWriter,
)

from ..tools.dates import day_name_id, format_date_id, format_time_id
from ..tools.numbers_id import format_number_id

MODULE = "sakip_penetapan_kinerja"

#: CSS pixels per millimetre of the printable area, as laid out by wkhtmltopdf
#: 0.12.6 with unpatched Qt (smart shrinking always on): a 295 mm tall printable
#: area holds exactly 1440 px, whatever the --dpi/--zoom Odoo passes. Measured.
PX_PER_MM = 1440 / 295

#: Page number text and its distance from the bottom edge of the paper.
PAGE_NUMBER_TEXT = "Halaman %(page)s dari %(total)s"
PAGE_NUMBER_BOTTOM_MM = 10
PAGE_NUMBER_FONT = ("Helvetica", 9)

#: The mark across each page of a document printed before it is signed.
DRAFT_TEXT = "DRAF"
DRAFT_FONT = ("Helvetica-Bold", 160)


@functools.cache
def page_script():
    """The table-splitting script, inlined in the reports (wkhtmltopdf needs no
    asset request then)."""
    with file_open(f"{MODULE}/static/src/js/sakip_report_pages.js") as script:
        # the addon's own static file, not user input
        return Markup(script.read())


def _stream(writer, data):
    """Add a content stream holding ``data`` (bytes) to ``writer``; return its reference."""
    stream = DecodedStreamObject()
    stream.set_data(data)
    return writer._addObject(stream)


def _font(writer, base_font):
    """Add a standard Type 1 font ``base_font`` to ``writer``; return its reference."""
    return writer._addObject(
        DictionaryObject(
            {
                NameObject("/Type"): NameObject("/Font"),
                NameObject("/Subtype"): NameObject("/Type1"),
                NameObject("/BaseFont"): NameObject(f"/{base_font}"),
                NameObject("/Encoding"): NameObject("/WinAnsiEncoding"),
            }
        )
    )


def _draft_mark(font_name, left, bottom, width, height):
    """Content drawing :data:`DRAFT_TEXT` across the middle of a page: large,
    outlined in grey so that the page's text stays readable under it (level,
    so that text extraction reads it as one word)."""
    base_font, size = DRAFT_FONT
    x = left + (width - stringWidth(DRAFT_TEXT, base_font, size)) / 2
    y = bottom + (height - size * 0.7) / 2
    return (
        f"q 0.6 G 2.5 w BT 1 Tr {font_name} {size} Tf {x:.2f} {y:.2f} Td ({DRAFT_TEXT}) Tj ET Q\n"
    ).encode()


def stamp_pages(pdf_bytes, page_numbers=True, draft=False):
    """Return ``pdf_bytes`` with "Halaman x dari y" centred at the foot of each
    page (``page_numbers``) and/or the "DRAF" mark across each page (``draft``).

    Each page keeps its content streams untouched: the stamps are more streams
    drawn after them (the page's own graphics state saved and restored around
    them), in the standard Helvetica fonts. Nothing is parsed, so the cost does
    not grow with what the pages hold.
    """
    reader = PdfFileReader(io.BytesIO(pdf_bytes), strict=False, overwriteWarnings=False)
    total = reader.getNumPages()
    writer = PdfFileWriter()
    font_name, font_size = NameObject("/SakipPageNumber"), PAGE_NUMBER_FONT[1]
    font = _font(writer, PAGE_NUMBER_FONT[0])
    draft_font_name = NameObject("/SakipDraft")
    draft_font = _font(writer, DRAFT_FONT[0]) if draft else None
    save, restore = _stream(writer, b"q\n"), _stream(writer, b"\nQ\n")
    for index in range(total):
        page = reader.getPage(index)
        box = page.mediaBox  # [left, bottom, right, top]
        left, bottom = float(box[0]), float(box[1])
        width, height = float(box[2]) - left, float(box[3]) - bottom
        stamps = []
        if page_numbers:
            text = PAGE_NUMBER_TEXT % {"page": index + 1, "total": total}
            x = left + (width - stringWidth(text, *PAGE_NUMBER_FONT)) / 2
            y = bottom + PAGE_NUMBER_BOTTOM_MM * mm
            number = f"q 0 g BT {font_name} {font_size} Tf {x:.2f} {y:.2f} Td ({text}) Tj ET Q\n"
            stamps.append(_stream(writer, number.encode()))
        if draft:
            stamps.append(
                _stream(writer, _draft_mark(draft_font_name, left, bottom, width, height))
            )
        contents = page.get("/Contents")
        contents = contents.get_object() if contents is not None else None
        if contents is None:
            streams = []
        elif isinstance(contents, ArrayObject):
            streams = list(contents)
        else:
            streams = [dict.__getitem__(page, "/Contents")]  # the reference, unresolved
        page[NameObject("/Contents")] = ArrayObject([save, *streams, restore, *stamps])
        resources = page.get("/Resources")
        resources = resources.get_object() if resources is not None else DictionaryObject()
        fonts = resources.get("/Font")
        fonts = fonts.get_object() if fonts is not None else DictionaryObject()
        if page_numbers:
            fonts[font_name] = font
        if draft:
            fonts[draft_font_name] = draft_font
        resources[NameObject("/Font")] = fonts
        page[NameObject("/Resources")] = resources
        writer.addPage(page)
    output = io.BytesIO()
    writer.write(output)
    return output.getvalue()


def stamp_page_numbers(pdf_bytes):
    """Return ``pdf_bytes`` with "Halaman x dari y" centred at the foot of each page."""
    return stamp_pages(pdf_bytes)


def ascii_html(html):
    """Return ``html`` in ASCII: other characters as numeric character references."""
    return Markup(str(html).encode("ascii", "xmlcharrefreplace").decode("ascii"))


class IrActionsReport(models.Model):
    _inherit = "ir.actions.report"

    sakip_page_numbers = fields.Boolean(
        string="Page numbers (Halaman x dari y)",
        help="Stamp “Halaman x dari y” at the foot of each page of every printed "
        "document, numbered per document.",
    )

    def _get_rendering_context(self, report, docids, data):
        values = super()._get_rendering_context(report, docids, data)
        if report.report_name.startswith(f"{MODULE}."):
            values.update(
                sakip_date=format_date_id,
                sakip_day=day_name_id,
                sakip_time=format_time_id,
                sakip_number=format_number_id,
                sakip_page=self._sakip_page_geometry(report),
                sakip_page_script=page_script(),
            )
        return values

    def _sakip_page_geometry(self, report):
        """Printable width and height of the report's paper, in CSS pixels as
        wkhtmltopdf lays them out (for the table-splitting script)."""
        paper = report.get_paperformat()
        width, height = paper.page_width, paper.page_height
        if paper.orientation == "Landscape":
            width, height = height, width
        return {
            "width": int((width - paper.margin_left - paper.margin_right) * PX_PER_MM),
            "height": int((height - paper.margin_top - paper.margin_bottom) * PX_PER_MM),
        }

    def _run_wkhtmltopdf(self, bodies, report_ref=False, **kwargs):
        report = self._get_report(report_ref) if report_ref else None
        if report and report.report_name.startswith(f"{MODULE}."):
            # Unpatched wkhtmltopdf misses the page's <meta charset> behind the
            # inlined assets and reads it as Windows-1252 (an en dash comes out
            # as three characters): send ASCII, the rest as character references.
            bodies = [ascii_html(body) for body in bodies]
        return super()._run_wkhtmltopdf(bodies, report_ref=report_ref, **kwargs)

    # Documents of record and drafts (sakip.verifiable.mixin)
    def _sakip_verifiable_records(self, report, res_ids):
        """The records ``report`` prints, if it prints verifiable documents of
        the addon; else None."""
        if not res_ids or not report.report_name.startswith(f"{MODULE}."):
            return None
        records = self.env[report.model].browse(res_ids)
        if not isinstance(records, self.pool["sakip.verifiable.mixin"]):
            return None
        return records

    def _sakip_record_streams(self, records):
        """Streams of the records that have a document of record: that very
        file, byte for byte (printed again, a document would get another
        fingerprint and fail its verification)."""
        return OrderedDict(
            (
                record.id,
                {
                    "stream": io.BytesIO(record.record_attachment_id.raw),
                    "attachment": record.record_attachment_id,
                },
            )
            for record in records
            if record.record_attachment_id
        )

    def _pre_render_qweb_pdf(self, report_ref, res_ids=None, data=None):
        if isinstance(res_ids, int):
            res_ids = [res_ids]
        report = self._get_report(report_ref)
        records = self._sakip_verifiable_records(report, res_ids)
        if (
            records
            and len(set(res_ids)) == len(res_ids)
            and all(record.record_attachment_id for record in records)
        ):
            # Only documents of record: nothing to render (tests included).
            return self._sakip_record_streams(records), "pdf"
        return super()._pre_render_qweb_pdf(report_ref, res_ids=res_ids, data=data)

    def _render_qweb_pdf_prepare_streams(self, report_ref, data, res_ids=None):
        report = self._get_report(report_ref)
        records = self._sakip_verifiable_records(report, res_ids)
        if records and len(set(res_ids)) == len(res_ids):
            stored = self._sakip_record_streams(records)
            if stored:
                rendered = records.filtered(lambda record: record.id not in stored)
                # one document per run: each stream is found by its record
                streams = (
                    self._sakip_prepare_streams(report, data, rendered, split=True)
                    if rendered
                    else {}
                )
                return OrderedDict(
                    (res_id, stored.get(res_id) or streams[res_id]) for res_id in res_ids
                )
        return self._sakip_prepare_streams(report, data, records, res_ids=res_ids)

    def _sakip_prepare_streams(self, report, data, records, res_ids=None, split=False):
        """Render the streams of ``res_ids`` (by default ``records``' ids), with
        page numbers and, on the ``records`` that print as drafts, the DRAF mark
        (``split``: one run per document even then without either)."""
        res_ids = records.ids if res_ids is None and records else res_ids
        drafts = (
            set(records.filtered(lambda r: not r._sakip_prints_final()).ids) if records else set()
        )
        if not (report.sakip_page_numbers or drafts or split):
            return super()._render_qweb_pdf_prepare_streams(report, data, res_ids=res_ids)
        if res_ids and len(set(res_ids)) > 1:
            # One wkhtmltopdf run per document: each is numbered and marked on
            # its own, and unpatched wkhtmltopdf cannot split a run into documents.
            streams = OrderedDict()
            for res_id in OrderedDict.fromkeys(res_ids):
                streams.update(
                    super()._render_qweb_pdf_prepare_streams(
                        report, dict(data or {}), res_ids=[res_id]
                    )
                )
        else:
            streams = super()._render_qweb_pdf_prepare_streams(report, data, res_ids=res_ids)
        for res_id, stream_data in streams.items():
            if stream_data["stream"] and not stream_data["attachment"]:
                stamped = stamp_pages(
                    stream_data["stream"].getvalue(),
                    page_numbers=report.sakip_page_numbers,
                    draft=res_id in drafts,
                )
                stream_data["stream"].close()
                stream_data["stream"] = io.BytesIO(stamped)
        return streams
