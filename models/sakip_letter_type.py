# Copyright 2024 SAKIP Indonesia
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
import random
import time

from psycopg2 import errors as pg_errors

from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError

from ..tools.numbering import NumberingError, render_number

#: Attempts at taking a number while another transaction holds the no-gap
#: sequence's row, and the first wait between them (doubled each time).
ISSUE_ATTEMPTS = 5
ISSUE_BACKOFF = 0.05

#: Unique constraints of the register that a concurrent issue can meet.
LETTER_UNIQUE_NUMBER = "sakip_letter_number_uniq"
LETTER_UNIQUE_SEQ = "sakip_letter_seq_uniq"


class SakipLetterType(models.Model):
    """A kind of outgoing letter (surat pengantar, surat undangan, ...) and how
    its official numbers are written.

    Running numbers come from a no-gap ``ir.sequence`` kept by the type, with one
    date range per calendar year: they restart every January and are never
    reused (the register keeps cancelled letters).
    """

    _name = "sakip.letter.type"
    _description = "Letter Type"
    _order = "company_id, sequence, name, id"
    _check_company_auto = True
    _inherit = ["sakip.workflow.owned.mixin"]
    #: The no-gap sequence is the type's own (sakip.workflow.owned.mixin).
    _sakip_workflow_fields = frozenset({"sequence_id"})
    _sakip_user_fields = frozenset(
        {
            "name",
            "code",
            "sequence",
            "active",
            "company_id",
            "pattern",
            "padding",
            "classification_code",
            "unit_code",
            "report_id",
        }
    )

    name = fields.Char(required=True)
    code = fields.Char(
        required=True,
        help="Technical code the SOP steps use to find the type, e.g. cover_letter.",
    )
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)
    company_id = fields.Many2one(
        comodel_name="res.company",
        required=True,
        index=True,
        default=lambda self: self.env.company,
    )
    pattern = fields.Char(
        string="Number pattern",
        required=True,
        default="{code}/{seq}/{month_roman}/{year}",
        help="Literal text with placeholders: {code} classification code, {seq} running "
        "number (required), {unit} unit code, {month_roman} month in Roman numerals, "
        "{month} month as two digits, {year} year. "
        "Example: {code}/{seq}/{unit}/{month_roman}/{year} gives 000.8.3.3/15/Disdik/III/2024.",
    )
    padding = fields.Integer(
        default=0,
        help="Width of the running number, filled with zeros (3: 015). 0: no padding.",
    )
    classification_code = fields.Char(
        help="Archive classification code of the letters ({code}), e.g. 000.8.3.3.",
    )
    unit_code = fields.Char(
        help="Code of the issuing unit ({unit}), e.g. Disdik.",
    )
    sequence_id = fields.Many2one(
        comodel_name="ir.sequence",
        string="Running numbers",
        readonly=True,
        copy=False,
        ondelete="restrict",
        check_company=True,
        help="No-gap sequence of the running numbers, one range per calendar year. "
        "Created and kept in sync with the letter type.",
    )
    report_id = fields.Many2one(
        comodel_name="ir.actions.report",
        domain="[('model', '=', 'sakip.letter')]",
        help="Prints the letters of this type.",
    )
    number_example = fields.Char(
        string="Example",
        compute="_compute_number_example",
        help="The number of the fifteenth letter of today's month.",
    )
    letter_count = fields.Integer(string="Letters", compute="_compute_letter_count")

    _sql_constraints = [
        ("code_company_uniq", "UNIQUE(company_id, code)", "The code of a letter type is unique."),
        ("padding_positive", "CHECK(padding >= 0)", "The padding cannot be negative."),
    ]

    # ------------------------------------------------------------------
    # Numbers
    # ------------------------------------------------------------------
    def _render_number(self, seq, date):
        """The number of running number ``seq`` on ``date`` (tools.numbering)."""
        self.ensure_one()
        return render_number(
            self.pattern,
            seq,
            date,
            code=self.classification_code or "",
            unit=self.unit_code or "",
            padding=self.padding,
        )

    def _numbering_error_message(self, error):
        """A translated message for a :class:`NumberingError` of this type."""
        names = ", ".join(f"{{{name}}}" for name in error.names)
        messages = {
            "empty": self.env._("The number pattern is empty."),
            "unbalanced": self.env._(
                "The number pattern %(pattern)s has a brace that is not closed or not opened.",
                pattern=self.pattern,
            ),
            "unknown": self.env._(
                "The number pattern %(pattern)s uses unknown placeholders: %(names)s. Allowed: "
                "{code}, {seq}, {unit}, {month_roman}, {month}, {year}.",
                pattern=self.pattern,
                names=names,
            ),
            "no_seq": self.env._(
                "The number pattern %(pattern)s must contain the running number {seq}.",
                pattern=self.pattern,
            ),
            "missing_value": self.env._(
                "The number pattern %(pattern)s uses %(names)s: fill in the classification "
                "code and/or unit code.",
                pattern=self.pattern,
                names=names,
            ),
        }
        message = messages.get(error.code, str(error))
        return self.env._("Letter type %(type)s: %(message)s", type=self.name, message=message)

    @api.constrains("pattern", "padding", "classification_code", "unit_code")
    def _check_pattern(self):
        today = fields.Date.context_today(self)
        for letter_type in self:
            try:
                letter_type._render_number(1, today)
            except NumberingError as error:
                raise ValidationError(letter_type._numbering_error_message(error)) from error

    @api.depends("pattern", "padding", "classification_code", "unit_code")
    def _compute_number_example(self):
        today = fields.Date.context_today(self)
        for letter_type in self:
            try:
                letter_type.number_example = letter_type._render_number(15, today)
            except NumberingError:
                letter_type.number_example = False

    def _compute_letter_count(self):
        counts = dict(
            self.env["sakip.letter"]._read_group(
                [("letter_type_id", "in", self.ids)], ["letter_type_id"], ["__count"]
            )
        )
        for letter_type in self:
            letter_type.letter_count = counts.get(letter_type, 0)

    # ------------------------------------------------------------------
    # The sequence, kept in sync
    # ------------------------------------------------------------------
    @api.model
    def _sequence_values(self, vals):
        return {
            "name": self.env._("Letters: %(type)s", type=vals["name"]),
            "implementation": "no_gap",
            "use_date_range": True,
            "padding": 0,
            "number_increment": 1,
            "prefix": False,
            "suffix": False,
            "company_id": vals.get("company_id") or self.env.company.id,
            "active": vals.get("active", True),
        }

    @api.model
    def _sakip_workflow_prepare_create(self, vals_list):
        """Each new type gets its own no-gap sequence (an owned field: users
        cannot pass one, see sakip.workflow.owned.mixin)."""
        without = [vals for vals in vals_list if not vals.get("sequence_id")]
        # sudo: sequences are technical records (settings rights); they belong
        # to the letter type and change only with it.
        sequences = (
            self.env["ir.sequence"].sudo().create([self._sequence_values(v) for v in without])
        )
        for vals, sequence in zip(without, sequences, strict=True):
            vals["sequence_id"] = sequence.id
        # Give this year its range now (one per new type, rarely more than
        # two): fewer first-of-the-year ranges to create while letters are issued.
        today = fields.Date.context_today(self)
        for sequence in sequences:
            sequence._create_date_range_seq(today)

    def write(self, vals):
        res = super().write(vals)
        synced = {"name", "company_id", "active"} & set(vals)
        if synced and self:
            seq_vals = self._sequence_values(
                {"name": vals.get("name") or self[:1].name, **{f: vals[f] for f in synced}}
            )
            # sudo: see create. The written values are the same for every type.
            self.sequence_id.sudo().write({f: seq_vals[f] for f in synced})
        return res

    def unlink(self):
        sequences = self.sequence_id
        res = super().unlink()
        # sudo: see create; the type's letters (ondelete restrict) kept it alive
        # as long as it numbered any.
        sequences.sudo().unlink()
        return res

    # ------------------------------------------------------------------
    # Service
    # ------------------------------------------------------------------
    @api.model
    def _sakip_get(self, code, company=None):
        """The active letter type ``code`` of ``company`` (default: the current one).

        :raises UserError: naming the type when it is not configured.
        """
        company = company or self.env.company
        letter_type = self.search([("code", "=", code), ("company_id", "=", company.id)], limit=1)
        if not letter_type:
            raise UserError(
                self.env._(
                    "No letter type with the code %(code)s is configured for %(company)s. "
                    "A SAKIP administrator can add it under SAKIP > Configuration > "
                    "Letter Types.",
                    code=code,
                    company=company.display_name,
                )
            )
        return letter_type

    def _sakip_issue(self, vals=None):
        """Issue a letter of this type: take the next running number of the
        letter's year and register the letter.

        :param vals: values of the ``sakip.letter`` (subject, addressees, linked
            document, ...); ``date`` defaults to today. The number fields are set
            here and cannot be passed.
        :return: the new ``sakip.letter``.
        :raises AccessError: if the user may not issue letters.
        :raises UserError: if the numbers of this type are being taken by someone
            else for longer than a few short waits (nothing is issued).
        """
        self.ensure_one()
        Letter = self.env["sakip.letter"]
        Letter._sakip_check_can_issue()
        self.check_access("read")
        vals = dict(vals or {})
        Letter._sakip_check_user_values(vals, issuing=True)
        if not self.active:
            raise UserError(
                self.env._(
                    "The letter type %(type)s is archived: no letters can be issued with it.",
                    type=self.display_name,
                )
            )
        date = fields.Date.to_date(vals.pop("date", None)) or fields.Date.context_today(self)
        for attempt in range(1, ISSUE_ATTEMPTS + 1):
            try:
                with self.env.cr.savepoint():
                    letter = self._sakip_issue_once(vals, date)
                return letter.with_env(self.env)
            except pg_errors.LockNotAvailable as error:
                if attempt == ISSUE_ATTEMPTS:
                    raise self._busy_error() from error
                time.sleep(ISSUE_BACKOFF * 2 ** (attempt - 1) * (1 + random.random()))
            except pg_errors.SerializationFailure as error:
                # Another issue of this type was committed after this
                # transaction began: only a new transaction sees its number.
                raise self._busy_error() from error
            except pg_errors.UniqueViolation as error:
                if error.diag.constraint_name == LETTER_UNIQUE_NUMBER:
                    raise UserError(
                        self.env._(
                            "The number of this letter is already in the register of "
                            "%(company)s: the pattern of letter type %(type)s gives the same "
                            "numbers as another type. Ask a SAKIP administrator to make "
                            "the patterns differ.",
                            company=self.company_id.display_name,
                            type=self.display_name,
                        )
                    ) from error
                # The first letter of a year issued twice at the same moment.
                raise self._busy_error() from error
        raise AssertionError("unreachable")  # pragma: no cover

    def _sakip_issue_once(self, vals, date):
        # sudo: users have no right on sequences; taking a number is what this
        # service is for, after the checks of _sakip_issue.
        number = self.sequence_id.sudo().next_by_id(sequence_date=date)
        try:
            seq = int(number)
        except ValueError as error:
            raise UserError(
                self.env._(
                    "The sequence of letter type %(type)s gives %(number)s instead of a "
                    "running number: remove its prefix, suffix and padding.",
                    type=self.display_name,
                    number=number,
                )
            ) from error
        try:
            name = self._render_number(seq, date)
        except NumberingError as error:
            raise UserError(self._numbering_error_message(error)) from error
        # sudo: users never create letters directly (no create right): the
        # number fields are set only here.
        return (
            self.env["sakip.letter"]
            .sudo()
            ._sakip_workflow_create(
                {
                    **vals,
                    "name": name,
                    "letter_type_id": self.id,
                    "date": date,
                    "year": date.year,
                    "seq_number": seq,
                    "issued_by_id": self.env.uid,
                    "state": "issued",
                }
            )
        )

    def _busy_error(self):
        return UserError(
            self.env._(
                "Someone else is taking a number of letter type %(type)s at this moment. "
                "Nothing was issued: please try again.",
                type=self.display_name,
            )
        )

    def action_view_letters(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "sakip_penetapan_kinerja.action_sakip_letter"
        )
        action["domain"] = [("letter_type_id", "=", self.id)]
        action["context"] = {"search_default_group_year": 1}
        return action
