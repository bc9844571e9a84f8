# Copyright 2024 SAKIP Indonesia
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).

from markupsafe import Markup

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError

MODULE = "sakip_penetapan_kinerja"
#: Who issues letters (takes numbers): the administrator holds all three.
ISSUER_GROUPS = (
    f"{MODULE}.group_sakip_planner",
    f"{MODULE}.group_sakip_secretary",
    f"{MODULE}.group_sakip_head",
)
#: Who cancels letters: the planning team (Tim Perencanaan), and so the administrator.
CANCEL_GROUP = f"{MODULE}.group_sakip_planner"
ADMIN_GROUP = f"{MODULE}.group_sakip_admin"
#: The report that makes the document of record of a letter type (by code)
#: whose type names none.
RECORD_REPORTS = {
    "cover_letter": f"{MODULE}.action_report_sakip_cover_letter",
    "invitation": f"{MODULE}.action_report_sakip_invitation",
}
#: The kind of the SOP step whose output a signed letter is (by letter type code).
RECORD_STEP_KINDS = {"cover_letter": "cover_letter", "invitation": "meeting_invite"}

#: Fields the numbering service sets: never passed to it, never written by users.
NUMBER_FIELDS = frozenset(
    {
        "name",
        "letter_type_id",
        "company_id",
        "year",
        "seq_number",
        "issued_by_id",
        "state",
        "cancel_reason",
        "verify_token",
        "record_attachment_id",
        "record_sha256",
        "signed_at",
        "signed_by_id",
    }
)
#: Fields users may edit on an issued letter (the details of its text). The
#: subject and the signer are the register's and the verification page's: set
#: when the letter is issued, like its number.
USER_FIELDS = frozenset(
    {
        "sifat",
        "attachment_note",
        "partner_ids",
        "addressee_text",
        "cc_text",
        "signer_acting",
    }
)
#: Fields only the workflow writes (sakip.workflow.owned.mixin).
WORKFLOW_FIELDS = NUMBER_FIELDS | {
    "subject",
    "signer_employee_id",
    "document_name",
    "run_id",
    "event_id",
    "res_model",
    "res_id",
    "date",
}
#: Fields the chatter writes on any record (e.g. when a message has attachments).
MAIL_FIELDS = frozenset({"message_main_attachment_id"})


class SakipLetter(models.Model):
    """The register of outgoing letters (buku agenda surat keluar): one record
    per official number issued, kept for ever; a cancelled letter stays in the
    register with its number, marked cancelled.

    Letters are created only by ``sakip.letter.type._sakip_issue``.
    """

    _name = "sakip.letter"
    _inherit = [
        "sakip.workflow.owned.mixin",
        "mail.thread",
        "mail.activity.mixin",
        "sakip.verifiable.mixin",
        "sakip.document.link.mixin",
        "sakip.signature.mixin",
    ]
    _description = "Outgoing Letter"
    _order = "date desc, seq_number desc, id desc"
    _rec_names_search = ["name", "subject"]
    _check_company_auto = True
    # Every reader of the register may discuss a letter.
    _mail_post_access = "read"
    _sakip_workflow_fields = WORKFLOW_FIELDS
    _sakip_user_fields = USER_FIELDS
    _sakip_user_unlink = False

    name = fields.Char(string="Number", required=True, readonly=True, copy=False, index=True)
    letter_type_id = fields.Many2one(
        comodel_name="sakip.letter.type",
        string="Letter type",
        required=True,
        readonly=True,
        index=True,
        ondelete="restrict",
        check_company=True,
    )
    company_id = fields.Many2one(
        related="letter_type_id.company_id",
        store=True,
        index=True,
        precompute=True,
    )
    date = fields.Date(required=True, readonly=True, index=True)
    year = fields.Integer(required=True, readonly=True, index=True)
    seq_number = fields.Integer(string="Running number", required=True, readonly=True)
    subject = fields.Char(string="Subject (Hal)", required=True, tracking=True)
    sifat = fields.Selection(
        selection=[
            ("biasa", "Biasa"),
            ("segera", "Segera"),
            ("sangat_segera", "Sangat Segera"),
            ("rahasia", "Rahasia"),
        ],
        string="Nature (Sifat)",
        required=True,
        default="biasa",
        tracking=True,
    )
    attachment_note = fields.Char(
        string="Enclosures (Lampiran)",
        default="-",
        help='As printed after "Lampiran", e.g. "1 (satu) berkas".',
    )
    partner_ids = fields.Many2many(
        comodel_name="res.partner",
        relation="sakip_letter_partner_rel",
        column1="letter_id",
        column2="partner_id",
        string="Addressees",
    )
    addressee_text = fields.Text(
        string="Addressee as printed",
        help="The addressee block of the letter when it is not a list of contacts, "
        'e.g. "Para Pejabat Eselon III dan IV di lingkungan Dinas Pendidikan".',
    )
    cc_text = fields.Text(string="Copies to (Tembusan)", help="One recipient per line.")
    signer_employee_id = fields.Many2one(
        comodel_name="hr.employee",
        string="Signer",
        check_company=True,
        tracking=True,
    )
    signer_acting = fields.Selection(
        selection=[("plt", "Plt."), ("plh", "Plh.")],
        string="Signer acts as",
        tracking=True,
        help="Plt. or Plh. when the letter is signed by an acting official: the prefix "
        "is printed before the signer's position.",
    )
    document_name = fields.Char(
        string="Document",
        compute="_compute_document_name",
        store=True,
        help="The document the letter belongs to (e.g. the performance agreement it sends).",
    )
    run_id = fields.Many2one(
        comodel_name="sakip.sop.run",
        string="SOP run",
        readonly=True,
        index="btree_not_null",
        check_company=True,
    )
    event_id = fields.Many2one(
        comodel_name="calendar.event",
        string="Meeting",
        readonly=True,
        help="The meeting an invitation invites to.",
    )
    report_id = fields.Many2one(related="letter_type_id.report_id")
    issued_by_id = fields.Many2one(
        comodel_name="res.users",
        string="Issued by",
        required=True,
        readonly=True,
    )
    # "issued" is the signed letter, valid (the key predates signatures).
    state = fields.Selection(
        selection=[("to_sign", "To sign"), ("issued", "Signed"), ("cancelled", "Cancelled")],
        required=True,
        default="to_sign",
        readonly=True,
        index=True,
        tracking=True,
        copy=False,
    )
    cancel_reason = fields.Text(string="Reason for cancelling", readonly=True, tracking=True)
    is_draft = fields.Boolean(
        string="Printed as a draft",
        compute="_compute_is_draft",
        help="Not signed yet: the letter prints as a draft, without its QR code.",
    )

    _sql_constraints = [
        # Issued numbers are never reused: not within a type's year, and not
        # across the types of an office (their patterns must differ).
        (
            "seq_uniq",
            "UNIQUE(letter_type_id, year, seq_number)",
            "A running number is issued once per letter type and year.",
        ),
        ("number_uniq", "UNIQUE(company_id, name)", "A letter number is issued once."),
    ]

    @api.depends("res_model", "res_id")
    def _compute_document_name(self):
        for letter in self:
            document = letter._sakip_linked_document()
            # sudo: the register names the linked document to each of its readers.
            letter.document_name = document.sudo().display_name if document else False

    @api.depends("state")
    def _compute_is_draft(self):
        for letter in self:
            letter.is_draft = letter.state != "issued"

    @api.model
    def _sakip_check_can_issue(self):
        user = self.env.user
        if self.env.su or any(user.has_group(group) for group in ISSUER_GROUPS):
            return
        raise AccessError(
            self.env._(
                "Only the Planning Team, the Agency Secretary, the Head of Agency or a SAKIP "
                "administrator may issue letter numbers."
            )
        )

    @api.model
    def _sakip_check_can_cancel(self):
        if self.env.su or self.env.user.has_group(CANCEL_GROUP):
            return
        raise AccessError(
            self.env._("Only the Planning Team or a SAKIP administrator may cancel a letter.")
        )

    @api.model
    def _sakip_check_user_values(self, vals, issuing=False):
        """Refuse number fields in ``vals``; on an issued letter users change
        only its text (subject, addressees, ...)."""
        if self.env.su and not issuing:
            return
        fields_written = set(vals) - MAIL_FIELDS
        refused = fields_written & NUMBER_FIELDS if issuing else fields_written - USER_FIELDS
        if refused:
            raise UserError(
                self.env._(
                    "The number, type, date and state of a letter are set when it is issued "
                    "and cannot be changed (%(fields)s). Cancel the letter and issue a new "
                    "one instead.",
                    fields=", ".join(sorted(refused)),
                )
            )

    @api.model_create_multi
    def create(self, vals_list):
        if not self.env.su:
            raise AccessError(
                self.env._(
                    "Letters are issued with their number by the SOP steps (cover letter, "
                    "invitation); they cannot be created directly."
                )
            )
        letters = super().create(vals_list)
        # A token from the start: until signed, its page says "belum ditandatangani".
        letters._sakip_ensure_token()
        letters.filtered("signer_employee_id")._sakip_request_signature()
        return letters

    def write(self, vals):
        if not self.env.su:
            self._sakip_check_user_values(vals)
            if set(vals) - MAIL_FIELDS and "cancelled" in self.mapped("state"):
                raise UserError(self.env._("A cancelled letter cannot be changed."))
            if set(vals) - MAIL_FIELDS and "issued" in self.mapped("state"):
                raise UserError(
                    self.env._(
                        "A signed letter cannot be changed: its signer signed this text. "
                        "Cancel the letter and issue a new one instead."
                    )
                )
        if "signer_employee_id" in vals and "to_sign" in self.mapped("state"):
            # Refused before anything changes: the new signer must be able to sign.
            self._sakip_check_signer_employee(
                self.env["hr.employee"].browse(vals["signer_employee_id"]),
                ", ".join(self.mapped("name")),
            )
        res = super().write(vals)
        if "signer_employee_id" in vals:
            # The signing activity follows the signer.
            self.filtered(lambda letter: letter.state == "to_sign")._sakip_request_signature()
        return res

    @api.ondelete(at_uninstall=False)
    def _unlink_never(self):
        raise UserError(
            self.env._(
                "Letters are never deleted: the register keeps every number issued. "
                "Cancel the letter instead."
            )
        )

    def action_cancel(self):
        """Open the cancel wizard (the reason is required)."""
        self._sakip_check_can_cancel()
        self._sakip_check_cancellable()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Cancel letter"),
            "res_model": "sakip.letter.cancel.wizard",
            "view_mode": "form",
            "target": "new",
            "context": {"default_letter_ids": self.ids},
        }

    def _sakip_check_cancellable(self):
        cancelled = self.filtered(lambda letter: letter.state == "cancelled")
        if cancelled:
            raise UserError(
                self.env._(
                    "%(letters)s is already cancelled.",
                    letters=", ".join(cancelled.mapped("name")),
                )
            )

    def _sakip_cancel(self, reason):
        """Cancel the letters: their numbers stay in the register, marked cancelled."""
        self._sakip_check_can_cancel()
        self._sakip_check_cancellable()
        reason = (reason or "").strip()
        if not reason:
            raise UserError(self.env._("Give the reason for cancelling the letter."))
        # sudo: the state is an engine field (users never write it); the right
        # to cancel was checked above.
        self.sudo()._sakip_workflow_write({"state": "cancelled", "cancel_reason": reason})
        self._sakip_sign_activities().unlink()
        return True

    def _sakip_check_signer(self):
        """Refuse unless the current user is each letter's signer and the
        letters wait for their signature."""
        for letter in self:
            if letter.state == "issued":
                raise UserError(self.env._("%(letter)s is already signed.", letter=letter.name))
            if letter.state == "cancelled":
                raise UserError(
                    self.env._(
                        "%(letter)s is cancelled: it is no longer signed.", letter=letter.name
                    )
                )
        self._sakip_check_is_signer()

    def _sakip_sign_note(self):
        self.ensure_one()
        return self.subject

    def action_sign(self):
        """The signer signs: the letter is valid from now, and the PDF printed
        now, with its QR code, is its document of record."""
        self.check_access("read")
        self._sakip_check_signer()
        # sudo: the state and the signature are engine fields (users never
        # write them); the signer was checked above.
        self.sudo()._sakip_workflow_write(
            {"state": "issued", "signed_at": fields.Datetime.now(), "signed_by_id": self.env.uid}
        )
        for letter in self:
            letter._sakip_make_record()
        self._sakip_close_sign_activities(self.env._("Signed."))
        return True

    def action_open_signing_screen(self):
        """The signing screen of the letter: its pages, Sign or Return."""
        self.ensure_one()
        return self.env["sakip.signing.wizard"]._sakip_open(letter=self)

    def action_refuse(self):
        """Open the wizard where the signer refuses with a reason."""
        self.check_access("read")
        self._sakip_check_signer()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Refuse to sign"),
            "res_model": "sakip.letter.cancel.wizard",
            "view_mode": "form",
            "target": "new",
            "context": {"default_letter_ids": self.ids, "default_refuse": True},
        }

    def _sakip_refuse(self, reason):
        """The signer refuses: the letter is cancelled, its number kept in the
        register, the reason written on its chatter."""
        self.check_access("read")
        self._sakip_check_signer()
        reason = (reason or "").strip()
        if not reason:
            raise UserError(self.env._("Give the reason for refusing to sign the letter."))
        # sudo: see action_sign.
        self.sudo()._sakip_workflow_write({"state": "cancelled", "cancel_reason": reason})
        body = Markup("<b>%s</b><br/>%s") % (
            self.env._("Signature refused by %(user)s.", user=self.env.user.name),
            reason,
        )
        self._message_log_batch(
            bodies=dict.fromkeys(self.ids, body), author_id=self.env.user.partner_id.id
        )
        self._sakip_close_sign_activities(self.env._("Refused: %(reason)s", reason=reason))
        return True

    def _sakip_record_report(self):
        """The report that prints the letter as its document of record."""
        self.ensure_one()
        letter_type = self.letter_type_id
        if letter_type.report_id:
            return letter_type.report_id
        xmlid = RECORD_REPORTS.get(letter_type.code)
        return self.env.ref(xmlid) if xmlid else self.env["ir.actions.report"]

    def _sakip_make_record(self):
        """Print the signed letter with its QR code and keep it as the document
        of record; show it as an output of the SOP step it belongs to. Returns
        the attachment (none when no report prints the letter type)."""
        self.ensure_one()
        report = self._sakip_record_report()
        if not report:
            return self.env["ir.attachment"]
        # sudo: the document of record is printed whatever the signer's rights
        # on the report's related records (employees, company profile).
        pdf, _type = (
            self.env["ir.actions.report"]
            .sudo()
            .with_context(force_report_rendering=True)
            ._render_qweb_pdf(report.report_name, self.ids)
        )
        attachment = self._sakip_set_record(
            pdf,
            self.env._("%(type)s %(number)s.pdf", type=self.letter_type_id.name, number=self.name),
        )
        kind = RECORD_STEP_KINDS.get(self.letter_type_id.code)
        steps = self.run_id.step_ids.filtered(
            lambda step: step.kind == kind and step.state in ("in_progress", "done")
        )
        if steps:
            steps.sorted("id")[-1]._sop_link_outputs(attachment)
        return attachment
