# Copyright 2024 SAKIP Indonesia
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""A letter as printed: its report, the values of its QWeb letters (in
Indonesian), and what its QR code's public verification page shows."""

import datetime

import pytz

from odoo import api, models
from odoo.exceptions import UserError
from odoo.tools import html2plaintext

from ..tools.dates import day_name_id, format_date_id, format_time_id, zone_abbreviation_id
from ..tools.pk_format import acting_title
from ..tools.terbilang import terbilang


class SakipLetterPrint(models.Model):
    _inherit = "sakip.letter"

    def _sakip_verify_qr_src(self):
        # An unsigned letter is a draft: printed without its QR code.
        if self.is_draft:
            return False
        return super()._sakip_verify_qr_src()

    def action_print(self):
        """Print the letters with their type's report."""
        if "cancelled" in self.mapped("state"):
            raise UserError(self.env._("A cancelled letter is not printed."))
        reports = self.letter_type_id.report_id
        if len(reports) != 1 or any(not t.report_id for t in self.letter_type_id):
            raise UserError(
                self.env._(
                    "No single report prints these letters: set the report of letter type "
                    "%(types)s (SAKIP > Configuration > Letter Types), and print the letters "
                    "of one type at a time.",
                    types=", ".join(self.letter_type_id.mapped("name")),
                )
            )
        # config=False: the letters carry their own letterhead (kop surat), the
        # company's document layout wizard has nothing to configure for them.
        return reports.report_action(self, config=False)

    def _sakip_signer_title(self):
        """The signer's position as printed, with Plt./Plh. for an acting official."""
        self.ensure_one()
        return acting_title(self.signer_acting, self.signer_employee_id.job_title)

    def _sakip_print_addressees(self):
        """The addressees as printed: one dict per addressee with ``lines`` (the
        name, one line each) and ``place`` (the "di ..." line): each contact of
        ``partner_ids`` (its city, else "Tempat"), else ``addressee_text``."""
        self.ensure_one()
        if self.partner_ids:
            return [
                {"lines": [partner.name], "place": partner.city or "Tempat"}
                for partner in self.partner_ids
            ]
        lines = [line.strip() for line in (self.addressee_text or "").splitlines() if line.strip()]
        return [{"lines": lines, "place": "Tempat"}]

    def _sakip_cc_lines(self):
        """The recipients of copies (Tembusan), one per line of ``cc_text``."""
        self.ensure_one()
        return [line.strip() for line in (self.cc_text or "").splitlines() if line.strip()]

    @api.model
    def _sakip_quantity_text(self, quantity):
        """A quantity as written in letters: 2 gives "2 (dua) berkas"; text is kept."""
        if isinstance(quantity, int) and not isinstance(quantity, bool) and quantity > 0:
            return f"{quantity} ({terbilang(quantity)}) berkas"
        return quantity or ""

    def _sakip_cover_letter_rows(self):
        """The rows of the cover letter's table (Naskah Dinas yang Dikirim): dicts
        ``name``, ``quantity`` (as printed) and ``note``. The linked document lists
        them with ``_sakip_cover_letter_items()`` when it has that method; else
        one row names the document (or the subject): "1 (satu) berkas"."""
        self.ensure_one()
        document = self._sakip_linked_document()
        if document is not None and hasattr(document, "_sakip_cover_letter_items"):
            items = document._sakip_cover_letter_items()
            if items:
                return [
                    {
                        "name": item.get("name") or "",
                        "quantity": self._sakip_quantity_text(item.get("quantity") or 1),
                        "note": item.get("note") or "",
                    }
                    for item in items
                ]
        return [
            {
                "name": self.document_name or self.subject,
                "quantity": self._sakip_quantity_text(1),
                "note": "",
            }
        ]

    def _sakip_print_tz(self):
        """The time zone of the office (never the user's): see
        ``res.company._sakip_tz_name``."""
        self.ensure_one()
        return self.company_id._sakip_tz_name()

    def _sakip_invitation_schedule(self):
        """When, where and what of the invited meeting (``event_id``), as printed:
        dict ``day`` ("Senin"), ``date`` ("8 Januari 2024"), ``time``
        ("09.00 \u2013 12.00 WIB", in the office's time zone), ``place``, ``agenda``
        (the meeting's name) and ``details`` (its description as plain text).
        Empty values without a meeting."""
        self.ensure_one()
        event = self.event_id
        if not event:
            return dict.fromkeys(("day", "date", "time", "place", "agenda", "details"), "")
        tz_name = self._sakip_print_tz()
        if event.allday:
            start, stop = event.start_date, event.stop_date or event.start_date
            time_text = "Sepanjang hari"
        else:
            zone = pytz.timezone(tz_name)
            start = pytz.utc.localize(event.start).astimezone(zone)
            stop = pytz.utc.localize(event.stop or event.start).astimezone(zone)
            zone_text = zone_abbreviation_id(tz_name)
            time_text = f"{format_time_id(start)} \u2013 {format_time_id(stop, zone_text)}"
        first_day = start.date() if isinstance(start, datetime.datetime) else start
        last_day = stop.date() if isinstance(stop, datetime.datetime) else stop
        if last_day != first_day:
            day = f"{day_name_id(start)} s.d. {day_name_id(stop)}"
            date = f"{format_date_id(start)} s.d. {format_date_id(stop)}"
        else:
            day, date = day_name_id(start), format_date_id(start)
        return {
            "day": day,
            "date": date,
            "time": time_text,
            "place": event.location or "",
            "agenda": event.name or "",
            "details": html2plaintext(event.description or "").strip(),
        }

    def _sakip_prints_final(self):
        self.ensure_one()
        return self.state == "issued"

    def _sakip_verify_values(self):
        self.ensure_one()
        # Only what the page prints (reading every column of the letter and of
        # an employee costs more than the rest of the page).
        self.fetch(
            [
                "letter_type_id",
                "name",
                "year",
                "company_id",
                "signer_employee_id",
                "date",
                "signed_at",
                "state",
                "record_sha256",
            ]
        )
        company = self.company_id
        signer = self.signer_employee_id
        company.fetch(["name", "sakip_office_name"])
        signer.fetch(["name", "job_title"])
        self.letter_type_id.fetch(["name"])
        return {
            "doc_type": self.letter_type_id.name,
            "number": self.name,
            "year": self.year,
            "office": company.sakip_office_name or company.name,
            "signer_name": signer.name or "",
            "signer_job": signer.job_title or "",
            # The date printed on the letter, once its signer has signed it.
            "sign_date": self.date if self.signed_at else False,
            "status": {"to_sign": "unsigned", "issued": "valid"}.get(self.state, "cancelled"),
            "newer": self.browse(),
            "sha256": self.record_sha256 or "",
        }
