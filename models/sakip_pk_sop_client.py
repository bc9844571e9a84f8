# Copyright 2024 SAKIP Indonesia
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""The performance agreement as the client of the SOP engine: its handler
table and its handlers (what each kind of step of the SOP Penyusunan PK does
to the agreement)."""

from markupsafe import Markup

from odoo import api, fields, models
from odoo.exceptions import UserError

from ..tools.dates import format_date_id
from .hr_employee import ESELON_SELECTION
from .sakip_pk import _CHOSEN_SIGN_DATE, LOCKED_STATES

#: Echelons invited to the meeting with the Kepala Dinas: III and IV.
MEETING_ESELONS = tuple(
    value for value, _label in ESELON_SELECTION if value.startswith(("III.", "IV."))
)


class SakipPk(models.Model):
    _inherit = "sakip.pk"

    @api.model
    def _sop_kind_handlers(self):
        """Who does what at each kind of step of the agreement's SOP, besides
        the step definition (see ``sakip.sop.document.mixin``)."""
        return {
            "collection_format": {"done": "_sop_done_collection_format"},
            "collection_send": {
                "check": "_sop_check_collection_send",
                "done": "_sop_done_collection_send",
            },
            "meeting_invite": {"invitees": "_sop_meeting_invitees"},
            "collection": {
                "check": "_sop_check_collection",
                "started": "_sop_started_collection",
                "done": "_sop_done_collection",
                "assignees": "_sop_assignees_collection",
            },
            "review": {
                "check": "_sop_check_review",
                "started": "_sop_started_review",
                "done": "_sop_done_review",
                "sent_back": "_sop_sent_back_review",
            },
            "signature": {
                "check": "_sop_check_signature",
                "done": "_sop_done_signature",
                "sent_back": "_sop_sent_back_signature",
            },
            "cover_letter": {
                "check": "_sop_check_cover_letter",
                "done": "_sop_done_cover_letter",
            },
            "copies": {"done": "_sop_done_copies"},
            "distribution": {
                "check": "_sop_check_distribution",
                "done": "_sop_done_distribution",
                "preview": "_sop_preview_distribution",
            },
        }

    def _sop_meeting_invitees(self, step):
        """Steps 4 and 5: besides the actors the step names, the office's
        Kepala Dinas and its officials of echelon III and IV."""
        company = step.company_id
        # sudo: the officials' echelon, which users without HR rights may not read.
        employees = (
            self.env["hr.employee"]
            .sudo()
            .search([("company_id", "=", company.id), ("eselon", "in", MEETING_ESELONS)])
        )
        return (company.sudo().sakip_head_employee_id | employees).with_env(self.env)

    def _sop_check_may_run(self):
        """No run prepares an agreement already signed, superseded or cancelled:
        a signed one changes through a PK Perubahan (Revise), which has its own run."""
        closed = self.filtered(lambda pk: pk.state in (*LOCKED_STATES, "cancelled"))
        if closed:
            states = dict(self._fields["state"]._description_selection(self.env))
            raise UserError(
                self.env._(
                    "%(agreement)s is %(state)s: no SOP run can prepare it any more. To "
                    "change a signed agreement, revise it (PK Perubahan).",
                    agreement=closed[0].display_name,
                    state=states[closed[0].state].lower(),
                )
            )

    def _sop_check_has_indicators(self):
        if not self.indicator_ids:
            raise UserError(
                self.env._(
                    "%(agreement)s has no indicators yet: the draft cannot be accepted "
                    "or signed.",
                    agreement=self.display_name,
                )
            )

    def _sop_collection_submissions(self, steps):
        """The submissions of the runs of ``steps``, created when missing."""
        Submission = self.env["sakip.pk.submission"]
        submissions = Submission
        for run in steps.run_id:
            submissions |= Submission._collection_ensure(run)
        return submissions

    def _sop_collection_deadline(self, steps, start=None):
        """The date the bidang return their lines: the collection step's
        deadline once it has started; before, the day it falls due when each
        step from now to it (the collection step included) takes its norm,
        counted in working time from ``start``."""
        run_steps = steps.run_id.step_ids
        collection = run_steps.filtered(lambda s: s.kind == "collection")[-1:]
        if collection.date_deadline:
            return collection._sop_deadline_date()
        if not collection:
            return self.company_id._sakip_today()
        calendar = self.company_id._get_sakip_calendar()
        deadline = start or fields.Datetime.now()
        ahead = run_steps.filtered(
            lambda s: s.state == "waiting" and s.sequence <= collection.sequence
        ).sorted(lambda s: (s.sequence, s.iteration, s.id))
        for step in ahead or collection:
            deadline = calendar._sakip_plan(deadline, step.duration_value, step.duration_unit)
        return calendar._sakip_to_local(deadline, calendar._sakip_tz()).date()

    # Step 2: Tim Perencanaan makes one workbook per bidang.
    def _sop_done_collection_format(self, steps):
        done = steps.filtered(lambda step: step.state == "done")
        if not done:
            return
        submissions = self._sop_collection_submissions(done)
        if not submissions:
            for run in done.run_id:
                # sudo: the engine's note on the run (users only read runs).
                run.sudo()._sop_post(
                    [
                        self.env._(
                            "No department of %(company)s takes part in the SAKIP "
                            "collection, so no collection format was made: tick “Takes "
                            "part in SAKIP collection” on each bidang (Employees > "
                            "Departments).",
                            company=run.company_id.name,
                        )
                    ]
                )
            return
        submissions._format_generate()
        for step in done:
            # Outputs of the step where they are, on each bidang's submission.
            step._sop_link_outputs(
                submissions.filtered(
                    lambda s, step=step: s.run_id == step.run_id
                ).format_attachment_id
            )

    # Step 3: each bidang receives its workbook (activity and email).
    def _sop_check_collection_send(self, steps):
        submissions = self._sop_collection_submissions(steps)
        submissions._collection_refresh_users()
        nobody = submissions.filtered(lambda s: not s.user_ids)
        if nobody:
            raise UserError(
                self.env._(
                    "The collection format cannot be sent: nobody receives it for "
                    "%(bidang)s. Give each bidang a manager with a user, or bidang staff "
                    "whose employee belongs to it.",
                    bidang=", ".join(nobody.department_id.mapped("name")),
                )
            )
        no_email = submissions.filtered(lambda s: not s.user_ids.partner_id.filtered("email"))
        if no_email:
            raise UserError(
                self.env._(
                    "The collection format cannot be sent by email: no user of "
                    "%(bidang)s has an email address.",
                    bidang=", ".join(no_email.department_id.mapped("name")),
                )
            )

    def _sop_done_collection_send(self, steps):
        done = steps.filtered(lambda step: step.state == "done")
        if not done:
            return
        submissions = self._sop_collection_submissions(done)
        deadline = self._sop_collection_deadline(done)
        # sudo: the engine's write (users only read submissions).
        submissions.sudo()._sakip_workflow_write({"date_deadline": deadline})
        # The format sent prints the deadline fixed now.
        submissions._format_generate()
        submissions._format_send(deadline)
        by_run = submissions.grouped("run_id")
        for step in done:
            step._sop_link_outputs(
                by_run.get(step.run_id, submissions.browse()).format_attachment_id
            )

    # Step 6: each bidang submits; Tim Perencanaan collects.
    def _sop_assignees_collection(self, step):
        """The step itself is Tim Perencanaan's (the bidang get their own
        activities on their submissions)."""
        return step._sop_group_users(self.env.ref("sakip_penetapan_kinerja.group_sakip_planner"))

    def _sop_started_collection(self, steps):
        submissions = self._sop_collection_submissions(steps)
        submissions._collection_refresh_users()
        today = self.company_id._sakip_today()
        # The bidang keep the deadline they were sent (step 3), if any: one
        # routing per step and deadline.
        groups = submissions.grouped(lambda s: (s.step_id, s.date_deadline))
        for (step, deadline), group in groups.items():
            if step in steps:
                group._activity_route(
                    max(deadline, today) if deadline else step._sop_deadline_date()
                )

    def _sop_check_collection(self, steps):
        waiting = self.env["sakip.pk.submission"].search(
            [("step_id", "in", steps.ids), ("state", "in", ("pending", "returned"))]
        )
        if waiting:
            raise UserError(
                self.env._(
                    "Not every bidang has submitted yet: %(bidang)s. Wait for them, or "
                    "close the collection without them with “Close collection”.",
                    bidang=", ".join(waiting.department_id.mapped("name")),
                )
            )

    def _sop_done_collection(self, steps):
        """A collection skipped by an administrator: the bidang that had not
        submitted are missing, and their activities closed."""
        skipped = steps.filtered(lambda step: step.state == "skipped")
        if not skipped:
            return
        waiting = self.env["sakip.pk.submission"].search(
            [("step_id", "in", skipped.ids), ("state", "in", ("pending", "returned"))]
        )
        # sudo: the engine's write (users only read submissions).
        waiting.sudo()._sakip_workflow_write({"state": "missing"})
        # sudo: the activities of other users (mail.activity rules).
        self.env["mail.activity"].sudo().search(
            [("res_model", "=", waiting._name), ("res_id", "in", waiting.ids)]
        ).unlink()

    # Step 9: the Sekretaris's correction (review).
    def _sop_check_review(self, steps):
        self._sop_check_has_indicators()

    def _sop_started_review(self, steps):
        """The Sekretaris's correction puts the draft in review."""
        if self.state == "draft":
            self._sakip_workflow_write({"state": "in_review"})

    def _sop_done_review(self, steps):
        """Accepted by the Sekretaris: final draft (Rancangan Akhir). A step an
        administrator skipped changes nothing."""
        if steps.filtered(lambda step: step.state == "done"):
            self._sakip_workflow_write({"state": "final"})

    def _sop_sent_back_review(self, steps, reason):
        """Sent back to drafting (step 8): the agreement is a draft again."""
        self._sakip_workflow_write({"state": "draft"})

    # Step 11: the Kepala Dinas's signature.
    def _sop_check_signature(self, steps):
        self._sop_check_has_indicators()

    def _sop_done_signature(self, steps):
        """Signed by the Kepala: signed, and therefore frozen; the PDF printed
        now, with its QR code, is the document of record."""
        signature = steps.filtered(lambda step: step.state == "done")[:1]
        if signature:
            sign_date = self._sakip_signing_date()
            self._sakip_workflow_write(
                {
                    "state": "signed",
                    "sign_date": sign_date,
                    "signed_by_id": signature.done_by_id.id,
                    "signed_at": signature.date_done,
                }
            )
            attachment = self._sakip_make_record()
            signature._sop_link_outputs(attachment)

    def _sop_sent_back_signature(self, steps, reason):
        """Sent back to drafting (step 8): the agreement is a draft again."""
        self._sakip_workflow_write({"state": "draft"})

    def _sop_check_cover_letter(self, steps):
        if self.state != "signed" or not self.record_attachment_id:
            raise UserError(
                self.env._(
                    "%(agreement)s is not signed yet: the cover letter follows the signature.",
                    agreement=self.display_name,
                )
            )
        # Before the step closes: the cover letter's signer must be able to sign it.
        self.env["sakip.letter"]._sakip_check_signer_employee(
            self._sakip_cover_letter_signer(), self.env._("the cover letter")
        )

    def _sop_done_cover_letter(self, steps):
        """Step 12: give the cover letter its number; the Kepala Dinas is asked
        to sign it (its PDF of record is made when signed, see
        ``sakip.letter.action_sign``)."""
        step = steps.filtered(lambda s: s.state == "done")[:1]
        if not step or self.cover_letter_id.state in ("to_sign", "issued"):
            return
        company = self.company_id
        letter_type = self.env["sakip.letter.type"]._sakip_get("cover_letter", company)
        letter = letter_type._sakip_issue(
            {
                "subject": f"Penyampaian Perjanjian Kinerja Tahun {self.fiscal_year}",
                "attachment_note": "1 (satu) berkas",
                "partner_ids": [fields.Command.set(company.sakip_recipient_ids.ids)],
                "signer_employee_id": self._sakip_cover_letter_signer().id,
                "res_model": self._name,
                "res_id": self.id,
                "run_id": step.run_id.id,
            }
        )
        # sudo: the engine links the letter to the signed (locked) agreement.
        self.sudo()._sakip_workflow_write({"cover_letter_id": letter.id})

    def _sop_done_copies(self, steps):
        """Step 13: the number of copies made (the step asks for it, see
        ``sakip.sop.step.quantity_label``)."""
        done = steps.filtered(lambda s: s.state == "done")
        if done:
            # sudo: the engine records the copies on the signed (locked) agreement.
            self.sudo()._sakip_workflow_write({"copy_count": sum(done.mapped("quantity"))})

    def _sop_check_distribution(self, steps):
        self._sakip_check_cover_letter_signed()
        self._sakip_distribution_recipients()
        if not self.record_attachment_id or not self.cover_letter_id.record_attachment_id:
            raise UserError(
                self.env._(
                    "%(agreement)s cannot be sent before it is signed and its cover letter "
                    "is numbered (steps 11 and 12).",
                    agreement=self.display_name,
                )
            )

    def _sop_preview_distribution(self, step):
        """Step 14's dialog: the email as it will go, before it is sent (or
        why it cannot go yet)."""
        try:
            self._sop_check_distribution(step)
            email = self._sakip_distribution_email()
        except UserError as error:
            return Markup('<div class="alert alert-warning" role="alert">%s</div>') % str(
                error.args[0]
            )
        recipients = Markup("<br/>").join(
            f"{partner.display_name} <{partner.email}>" for partner in email["recipients"]
        )
        files = Markup("<br/>").join(att.name for att in email["documents"])
        rows = [
            (self.env._("To"), recipients),
            (self.env._("Subject"), email["subject"]),
            (self.env._("Attachments"), files),
        ]
        table = Markup("").join(
            Markup(
                '<tr><th class="pe-2 align-top text-nowrap">%s</th>'
                '<td class="text-break">%s</td></tr>'
            )
            % (label, value)
            for label, value in rows
        )
        return Markup(
            '<div class="o_sakip_email_preview border rounded p-2 mb-2">'
            '<p class="fw-bold mb-1">%s</p><table class="table table-sm mb-2">%s</table>'
            '<div class="border-top pt-2">%s</div></div>'
        ) % (
            self.env._("This email is sent when you click Done:"),
            table,
            Markup(email["body"]),
        )

    def _sop_done_distribution(self, steps):
        """Step 14: one email to the recipients with the signed agreement and
        the cover letter, logged on the run's chatter (the run is archived when
        its last step closes)."""
        step = steps.filtered(lambda s: s.state == "done")[:1]
        if not step:
            return
        email = self._sakip_distribution_email()
        step.run_id.message_post(
            body=email["body"],
            subject=email["subject"],
            partner_ids=email["recipients"].ids,
            attachments=[(att.name, att.raw) for att in email["documents"]],
            message_type="comment",
            subtype_xmlid="mail.mt_comment",
            email_layout_xmlid="mail.mail_notification_light",
        )
        # sudo: the engine records the sending on the signed (locked) agreement.
        self.sudo()._sakip_workflow_write({"distributed_at": fields.Datetime.now()})

    def _sakip_signing_date(self):
        """The date of signing: the office's today, or the date the Kepala
        chose in the signing dialog, with its reason (posted on the chatter)."""
        self.ensure_one()
        today = self.company_id._sakip_today()
        chosen, reason = _CHOSEN_SIGN_DATE.get() or (None, None)
        chosen = fields.Date.to_date(chosen) if chosen else today
        if chosen == today:
            return today
        self._sakip_check_signing_date(chosen, reason)
        self.message_post(
            body=self.env._(
                "Date of signing set to %(date)s (the day of signing in SAKIP is "
                "%(today)s) by %(user)s: %(reason)s",
                date=format_date_id(chosen),
                today=format_date_id(today),
                user=self.env.user.name,
                reason=reason.strip(),
            ),
            subtype_xmlid="mail.mt_note",
        )
        return chosen

    def _sakip_check_signing_date(self, sign_date, reason):
        """A date of signing other than today needs a reason, and cannot be
        in the future."""
        self.ensure_one()
        today = self.company_id._sakip_today()
        if not sign_date or sign_date == today:
            return
        if sign_date > today:
            raise UserError(
                self.env._(
                    "The date of signing cannot be in the future (today is %(today)s).",
                    today=format_date_id(today),
                )
            )
        if not (reason or "").strip():
            raise UserError(
                self.env._(
                    "Give the reason why %(agreement)s is dated %(date)s and not today, "
                    "the day it is signed.",
                    agreement=self.display_name,
                    date=format_date_id(sign_date),
                )
            )

    # Steps 12 to 14: cover letter, copies, distribution.
    # (distribution section)

    def _sakip_distribution_recipients(self):
        """The external recipients of the signed agreement (Settings), refusing
        any without an email address, named in the message."""
        self.ensure_one()
        recipients = self.company_id.sakip_recipient_ids
        if not recipients:
            raise UserError(
                self.env._(
                    "No recipient of the signed agreement is set: add Bappedalitbang and "
                    "the Bagian Organisasi Setda under Settings > SAKIP."
                )
            )
        missing = recipients.filtered(lambda partner: not partner.email)
        if missing:
            raise UserError(
                self.env._(
                    "The signed agreement cannot be sent: these recipients have no email "
                    "address: %(names)s. Add it to their contact and try again.",
                    names=", ".join(missing.mapped("display_name")),
                )
            )
        return recipients

    def _sakip_cover_letter_signer(self):
        """The official who signs the cover letter: the Kepala Dinas of the
        office's settings, else the agreement's first party."""
        self.ensure_one()
        return self.company_id.sakip_head_employee_id or self.first_party_id

    def _sakip_check_cover_letter_signed(self):
        """Refuse sending the agreement while its cover letter is not signed,
        naming who signs it."""
        letter = self.cover_letter_id
        if letter.state == "to_sign":
            raise UserError(
                self.env._(
                    "%(agreement)s cannot be sent before its cover letter %(letter)s is "
                    "signed by %(signer)s (Outgoing Letters > To sign).",
                    agreement=self.display_name,
                    letter=letter.name,
                    # sudo: the signer's name, as printed on the letter.
                    signer=letter.signer_employee_id.sudo().name,
                )
            )
        if letter.state == "cancelled":
            raise UserError(
                self.env._(
                    "The cover letter %(letter)s of %(agreement)s is cancelled (%(reason)s): "
                    "issue a new one with New cover letter on the agreement.",
                    letter=letter.name,
                    agreement=self.display_name,
                    reason=letter.cancel_reason or "",
                )
            )

    def _sakip_distribution_email(self):
        """The email of step 14: its recipients, subject, body and the
        documents attached (the signed agreement and its cover letter)."""
        self.ensure_one()
        recipients = self._sakip_distribution_recipients()
        template = self.env.ref("sakip_penetapan_kinerja.mail_template_sakip_pk_distribution")
        # sudo: the agreement's and the letter's documents of record are read
        # whatever the rights of the sender on the attachments' records.
        documents = (self.record_attachment_id | self.cover_letter_id.record_attachment_id).sudo()
        body = template._render_field("body_html", self.ids, compute_lang=True)[self.id]
        subject = template._render_field("subject", self.ids, compute_lang=True)[self.id]
        return {"recipients": recipients, "subject": subject, "body": body, "documents": documents}
