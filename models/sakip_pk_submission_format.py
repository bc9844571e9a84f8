# Copyright 2024 SAKIP Indonesia
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""The collection format of each bidang (SOP steps 2 and 3): the XLSX workbook
pre-filled with its lines, made, rewritten and sent to the bidang."""

from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.tools import float_is_zero

from ..tools import collection_xlsx, dates
from .sakip_pk import INACTIVE_STATES
from .sakip_pk_indicator import QUARTER_FIELDS, TARGET_DIGITS
from .sakip_pk_results import indicator_key
from .sakip_pk_submission import XLSX_MIMETYPE


class SakipPkSubmissionFormat(models.Model):
    _inherit = "sakip.pk.submission"

    @api.model
    def _format_department_code(self, department):
        return department.sakip_code or str(department.id)

    def _format_meta(self):
        self.ensure_one()
        return {
            "company": self.company_id.name,
            "department_code": self._format_department_code(self.department_id),
            "department_name": self.department_id.name,
            "fiscal_year": self.pk_id.fiscal_year,
            "run": self.run_id.name,
            "document": self.pk_id.display_name,
            "deadline": dates.format_date_id(self.date_deadline) if self.date_deadline else "",
        }

    def _format_lines(self):
        """Return ``{(agreement, department): (indicator rows, programme rows,
        prefill, reference year)}``: the bidang's current lines on the agreement
        (``prefill`` is ``current``) or, where it has none, its lines of the
        previous year's agreement of the same first party and level
        (``previous``), as rows of the collection format. When the previous
        year was measured (``reference year``), each indicator row also gives
        that year's target and realisasi of the indicator of the same name."""
        current_indicators, current_programs = self._bidang_lines()
        indicators_of = current_indicators.grouped(lambda line: (line.pk_id, line.department_id))
        programs_of = current_programs.grouped(lambda line: (line.pk_id, line.department_id))
        submissions_of = self.grouped("pk_id")
        no_indicator, no_program = self.env["sakip.pk.indicator"], self.env["sakip.pk.program"]
        references = self.pk_id._sakip_previous_results()
        result = {}
        for pk in self.pk_id:
            # sudo: the previous agreement may be of a bidang the user cannot read;
            # only its lines of the same bidang are copied into that bidang's file.
            previous = (
                self.env["sakip.pk"]
                .sudo()
                .search(
                    [
                        ("company_id", "=", pk.company_id.id),
                        ("fiscal_year", "=", pk.fiscal_year - 1),
                        ("level", "=", pk.level),
                        ("first_party_id", "=", pk.first_party_id.id),
                        ("state", "not in", INACTIVE_STATES),
                    ],
                    order="revision desc, id desc",
                    limit=1,
                )
            )
            previous_indicators = previous.indicator_ids.grouped("department_id")
            previous_programs = previous.program_ids.grouped("department_id")
            for department in submissions_of[pk].department_id:
                indicators = indicators_of.get((pk, department), no_indicator)
                programs = programs_of.get((pk, department), no_program)
                prefill = "current"
                if not indicators and not programs:
                    indicators = previous_indicators.get(department, no_indicator)
                    programs = previous_programs.get(department, no_program)
                    prefill = "previous" if indicators or programs else ""
                rows = [self._indicator_row(line) for line in indicators]
                reference = references.get(pk.id)
                if reference:
                    for row in rows:
                        row.update(self._reference_row(reference.get(indicator_key(row["name"]))))
                result[(pk, department)] = (
                    rows,
                    [self._program_row(line) for line in programs],
                    prefill,
                    pk.fiscal_year - 1 if reference else None,
                )
        return result

    @api.model
    def _reference_row(self, matched):
        """The previous year's target and realisasi of an indicator row, from
        ``(previous indicator, Result)`` or None."""
        if not matched:
            return {"reference_target": None, "reference_realisation": None}
        indicator, result = matched
        realisation = result.realisation
        return {
            "reference_target": (
                indicator.target_text if indicator.target_kind == "text" else indicator.target
            ),
            "reference_realisation": (
                realisation
                if realisation is None or isinstance(realisation, str)
                else float(realisation)
            ),
        }

    @api.model
    def _program_row(self, line):
        return {"name": line.name, "budget": round(line.budget), "note": line.note or ""}

    @api.model
    def _indicator_row(self, line):
        numeric = line.target_kind == "number"
        row = {
            "objective": line.objective,
            "name": line.name,
            "uom": line.uom or "",
            "target": line.target if numeric else None,
            "target_text": "" if numeric else (line.target_text or ""),
        }
        quarters_given = numeric and any(
            not float_is_zero(line[fname], precision_digits=TARGET_DIGITS)
            for fname in QUARTER_FIELDS
        )
        for fname in QUARTER_FIELDS:
            row[fname] = line[fname] if quarters_given else None
        return row

    def _format_generate(self):
        """Make the collection workbook of each bidang, pre-filled with its
        current lines of the agreement (the previous year's where it has none),
        in one batch of attachments."""
        lines = self._format_lines()
        vals_list = []
        for submission in self:
            indicators, programs, prefill, reference_year = lines.get(
                (submission.pk_id, submission.department_id), ([], [], "", None)
            )
            meta = dict(submission._format_meta(), prefill=prefill, reference_year=reference_year)
            data = collection_xlsx.build_workbook(meta, indicators, programs)
            vals_list.append(
                {
                    "name": submission._format_filename(),
                    "raw": data,
                    "mimetype": XLSX_MIMETYPE,
                    # The bidang's file belongs to its submission: who may read
                    # the submission (its bidang, the planning team) reads it.
                    "res_model": self._name,
                    "res_id": submission.id,
                }
            )
        # A format already made is rewritten in place (e.g. with the deadline
        # fixed when it is sent): one file per bidang, wherever it is shown.
        attachments = self.env["ir.attachment"]
        to_create = []
        for submission, vals in zip(self, vals_list, strict=True):
            if submission.format_attachment_id:
                # sudo: the engine stores the files (users only read submissions).
                submission.format_attachment_id.sudo().write({"raw": vals["raw"]})
                attachments |= submission.format_attachment_id
            else:
                to_create.append((submission, vals))
        # sudo: the engine stores the files (users only read submissions).
        created = self.env["ir.attachment"].sudo().create([vals for _sub, vals in to_create])
        for (submission, _vals), attachment in zip(to_create, created, strict=True):
            # sudo: the engine's write (users only read submissions).
            submission.sudo()._sakip_workflow_write({"format_attachment_id": attachment.id})
        return (attachments | created).with_env(self.env)

    def _format_filename(self):
        self.ensure_one()
        code = self._format_department_code(self.department_id)
        return f"Format PK {self.pk_id.fiscal_year} - {code} - {self.department_id.name}.xlsx"

    def _format_send(self, deadline):
        """Give each bidang its workbook: on its activity (due ``deadline``) and
        by email to its users, through the administrators' editable template
        ``mail_template_sakip_pk_collection_format`` (its return deadline is the
        submission's ``date_deadline``, fixed to ``deadline`` by the run)."""
        self._activity_route(deadline)
        template = self.env.ref("sakip_penetapan_kinerja.mail_template_sakip_pk_collection_format")
        # sudo: the engine renders its own template and sends the mails (users
        # may not create mail.mail).
        self.env["mail.mail"].sudo().create(self._format_mail_values(template.sudo()))
        # sudo: the engine's write (users only read submissions).
        self.sudo()._sakip_workflow_write({"format_sent": True})
        for submission in self:
            submission.message_post(
                body=self.env._(
                    "Collection format sent to %(users)s.",
                    users=", ".join(submission.user_ids.mapped("name")),
                ),
                attachment_ids=submission.format_attachment_id.ids,
                subtype_xmlid="mail.mt_note",
            )

    def _format_mail_values(self, template):
        """The values of the mail.mail of each submission, rendered from
        ``template`` in one batch (as ``mail.template.send_mail_batch`` does)
        with the submission's own workbook attached besides the template's."""
        rendered = template._generate_template(
            self.ids,
            (
                "attachment_ids",
                "auto_delete",
                "body_html",
                "email_cc",
                "email_from",
                "email_to",
                "mail_server_id",
                "model",
                "partner_to",
                "reply_to",
                "res_id",
                "scheduled_date",
                "subject",
            ),
        )
        values_list = []
        for submission in self:
            values = rendered[submission.id]
            attachment_ids = [
                *values.pop("attachment_ids", []),
                *submission.format_attachment_id.ids,
            ]
            values.update(
                body=values["body_html"],
                recipient_ids=[fields.Command.link(pid) for pid in values.pop("partner_ids", [])],
                attachment_ids=[fields.Command.link(aid) for aid in attachment_ids],
            )
            if not values.get("email_from"):
                values.pop("email_from", None)
            values_list.append(values)
        return values_list

    def action_download_format(self):
        """The collection format pre-filled with the bidang's lines as they are
        now on the agreement (the one sent in step 3 keeps what was sent)."""
        self.ensure_one()
        self._check_may_submit()
        self._check_open()
        indicators, programs, prefill, reference_year = self._format_lines()[
            (self.pk_id, self.department_id)
        ]
        meta = dict(self._format_meta(), prefill=prefill, reference_year=reference_year)
        attachment = (
            self.env["ir.attachment"]
            .sudo()  # the engine stores the file on the submission (users only read it)
            .create(
                {
                    "name": self._format_filename(),
                    "raw": collection_xlsx.build_workbook(meta, indicators, programs),
                    "mimetype": XLSX_MIMETYPE,
                    "res_model": self._name,
                    "res_id": self.id,
                }
            )
        )
        return {
            "type": "ir.actions.act_url",
            "url": f"/web/content/{attachment.id}?download=true",
            "target": "download",
        }

    def action_download_sent_format(self):
        """Download the collection format sent to the bidang (step 3)."""
        return self._download_attachment(self.format_attachment_id)

    def action_download_accepted_file(self):
        """Download the last workbook accepted from the bidang."""
        return self._download_attachment(self.file_attachment_id)

    def _download_attachment(self, attachment):
        """An action downloading ``attachment`` (not opening its technical form)."""
        self.ensure_one()
        if not attachment:
            raise UserError(
                self.env._("%(submission)s has no such file yet.", submission=self.display_name)
            )
        return {
            "type": "ir.actions.act_url",
            "url": f"/web/content/{attachment.id}?download=true",
            "target": "download",
        }
