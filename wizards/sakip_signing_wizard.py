# Copyright 2024 SAKIP Indonesia
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""The signing screen: the document to sign as page images readable on a
phone, what signing does, the date of signing, and Sign / Return with a
reason. It serves the Kepala's signature step of an agreement and the
letters waiting for their signer; the checks stay the step's and the
signature mixin's."""

import base64
import logging
import shutil
import subprocess
import tempfile
from pathlib import Path

from markupsafe import Markup

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError

from ..models.sakip_pk import chosen_sign_date
from ..tools.dates import format_date_id

_logger = logging.getLogger(__name__)

#: Width in pixels of the page images: sharp on a phone, light enough to send.
PAGE_WIDTH = 900
#: Pages shown at most (a longer document is downloaded).
MAX_PAGES = 12
#: What the screen shows, set by ``_sakip_open`` only (under this context key).
SHOWN = frozenset({"pages", "effect", "document_name", "dates_agreement"})
SCREEN_KEY = "sakip_signing_screen"


def pdf_page_images(pdf):
    """The pages of ``pdf`` (bytes) as PNG images (bytes), with pdftoppm;
    an empty list when pdftoppm is missing or fails."""
    binary = shutil.which("pdftoppm")
    if not binary or not pdf:
        return []
    with tempfile.TemporaryDirectory() as folder:
        source = Path(folder, "document.pdf")
        source.write_bytes(pdf)
        command = [binary, "-png", "-l", str(MAX_PAGES), "-scale-to-x", str(PAGE_WIDTH)]
        command += ["-scale-to-y", "-1", str(source), str(Path(folder, "page"))]
        try:
            subprocess.run(command, check=True, capture_output=True, timeout=60)
        except (OSError, subprocess.SubprocessError) as error:
            _logger.warning("The pages of the document to sign were not rendered: %s", error)
            return []
        return [path.read_bytes() for path in sorted(Path(folder).glob("page*.png"))]


class SakipSigningWizard(models.TransientModel):
    _name = "sakip.signing.wizard"
    _description = "Signing screen"

    step_id = fields.Many2one(
        comodel_name="sakip.sop.run.step",
        string="Signature step",
        readonly=True,
        ondelete="cascade",
    )
    letter_id = fields.Many2one(
        comodel_name="sakip.letter",
        readonly=True,
        ondelete="cascade",
    )
    document_name = fields.Char(string="Document", readonly=True)
    pages = fields.Html(
        readonly=True,
        sanitize=False,
        help="The document as it will be signed, one image per page.",
    )
    effect = fields.Char(string="What signing does", readonly=True)
    dates_agreement = fields.Boolean(
        string="Dates an agreement",
        readonly=True,
        help="The signature dates an agreement: its date of signing may be chosen.",
    )
    sign_date = fields.Date(
        string="Date of signing",
        help="Printed on the agreement and shown on its verification page. Today "
        "unless the agreement is dated otherwise; another date needs a reason.",
    )
    sign_date_reason = fields.Text(
        string="Reason for the date",
        help="Why the agreement is dated another day than today (kept on its chatter).",
    )
    reason = fields.Text(
        string="Reason for returning",
        help="Required to return the document: its authors read it.",
    )

    @api.model_create_multi
    def create(self, vals_list):
        # What the screen shows is printed by _sakip_open, after its checks:
        # never given by a client.
        if not self.env.context.get(SCREEN_KEY) and any(SHOWN & set(vals) for vals in vals_list):
            raise AccessError(self.env._("The signing screen opens from the document to sign."))
        return super().create(vals_list)

    @api.model
    def _sakip_check_may_sign(self, step, letter):
        """Only who may sign opens the screen (the step's and the signature
        mixin's checks)."""
        if step:
            step._check_can_act()
            step._check_in_progress()
            if step.kind != "signature":
                raise UserError(
                    self.env._("The step “%(name)s” is not a signature.", name=step._sop_label())
                )
        elif letter:
            letter.check_access("read")
            letter._sakip_check_signer()
        else:
            raise UserError(self.env._("Nothing to sign."))

    @api.model
    def _sakip_document_pdf(self, step, letter):
        """The draft PDF of the document to sign (bytes), printed with its report."""
        # sudo: the draft is printed whatever the signer's rights on the report's
        # related records (employees, company profile), as its record will be.
        report = self.env["ir.actions.report"].sudo().with_context(force_report_rendering=True)
        if letter:
            report_action = letter._sakip_record_report()
            if not report_action:
                return b""
            return report._render_qweb_pdf(report_action.report_name, letter.ids)[0]
        document = step.run_id._sop_document()
        if document._name != "sakip.pk":
            return b""
        report_xmlid = "sakip_penetapan_kinerja.action_report_sakip_pk"
        return document._sakip_render_pdf(report_xmlid, document)

    @api.model
    def _sakip_pages_html(self, pdf, name):
        images = pdf_page_images(pdf)
        if not images:
            return Markup('<div class="alert alert-warning" role="alert">%s</div>') % (
                self.env._("The pages of %(document)s cannot be shown here.", document=name)
            )
        alt = self.env._("Page %(page)s of %(document)s")
        return Markup("").join(
            Markup(
                '<img class="o_sakip_signing_page img-fluid border shadow-sm mb-3" '
                'src="data:image/png;base64,%s" alt="%s"/>'
            )
            % (base64.b64encode(image).decode(), alt % {"page": index, "document": name})
            for index, image in enumerate(images, start=1)
        )

    @api.model
    def _sakip_open(self, step=None, letter=None):
        """Create the screen for ``step`` (an agreement's signature step) or
        ``letter`` (to sign) and return the action that opens it."""
        step = step or self.env["sakip.sop.run.step"]
        letter = letter or self.env["sakip.letter"]
        self._sakip_check_may_sign(step, letter)
        if letter:
            name = letter.display_name
            effect = self.env._(
                "This letter will be signed and locked: it is valid from now, and the PDF "
                "printed now, with its QR code, is its document of record."
            )
            company = letter.company_id
        else:
            document = step.run_id._sop_document()
            name = document.display_name if document else step.run_id.display_name
            effect = self.env._(
                "This document will be signed and locked; any later change goes through a "
                "PK Perubahan."
            )
            company = step.company_id
        wizard = self.with_context(**{SCREEN_KEY: True}).create(
            {
                "step_id": step.id,
                "letter_id": letter.id,
                "document_name": name,
                "pages": self._sakip_pages_html(self._sakip_document_pdf(step, letter), name),
                "effect": effect,
                "dates_agreement": bool(step),
                "sign_date": company._sakip_today(),
            }
        )
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Sign: %(document)s", document=name),
            "res_model": self._name,
            "res_id": wizard.id,
            "views": [(False, "form")],
            "target": "new",
            "context": {"dialog_size": "extra-large"},
        }

    def _sakip_document(self):
        """The record the signature is about: the letter, or the agreement."""
        self.ensure_one()
        if self.letter_id:
            return self.letter_id
        return self.step_id.run_id._sop_document()

    def _sakip_done(self, message, kind):
        """The confirmation: a notification, then the document's form showing
        its new state, with its document of record one tap away."""
        document = self._sakip_document()
        links = []
        if document and "record_attachment_id" in document and document.record_attachment_id:
            links = [
                {
                    "label": self.env._("Download the signed document"),
                    "url": f"/sakip/document/{document._name}/{document.id}",
                }
            ]
            message = f"{message} %s"
        next_action = (
            {
                "type": "ir.actions.act_window",
                "res_model": document._name,
                "res_id": document.id,
                "views": [(False, "form")],
                "target": "main",
            }
            if document
            else {"type": "ir.actions.act_window_close"}
        )
        return {
            "type": "ir.actions.client",
            "tag": "display_notification",
            "params": {
                "title": self.document_name,
                "message": message,
                "links": links,
                "type": kind,
                "sticky": bool(links),
                "next": next_action,
            },
        }

    def action_sign(self):
        """Sign: the step is done (the agreement signed and frozen), or the
        letter signed; then the confirmation."""
        self.ensure_one()
        self._sakip_check_may_sign(self.step_id, self.letter_id)
        if self.letter_id:
            self.letter_id.action_sign()
            date = self.letter_id.company_id._sakip_today()
        else:
            if self.dates_agreement:
                self.step_id.run_id._sop_document()._sakip_check_signing_date(
                    self.sign_date, self.sign_date_reason
                )
            with chosen_sign_date(self.sign_date, self.sign_date_reason):
                self.step_id.action_done()
            date = self.sign_date or self.step_id.company_id._sakip_today()
        message = self.env._(
            "%(document)s is signed, dated %(date)s.",
            document=self.document_name,
            date=format_date_id(date),
        )
        return self._sakip_done(message, "success")

    def action_return(self):
        """Return with a reason (required): the step goes back to drafting, or
        the letter is refused; then the confirmation."""
        self.ensure_one()
        self._sakip_check_may_sign(self.step_id, self.letter_id)
        reason = (self.reason or "").strip()
        if not reason:
            raise UserError(
                self.env._(
                    "Give the reason for returning %(document)s: its authors read it.",
                    document=self.document_name,
                )
            )
        if self.letter_id:
            self.letter_id._sakip_refuse(reason)
        else:
            self.step_id.action_send_back(reason)
        message = self.env._(
            "%(document)s is returned with your reason.", document=self.document_name
        )
        return self._sakip_done(message, "warning")
