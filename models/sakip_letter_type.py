# Copyright 2024 SAKIP Indonesia
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from functools import partial

from psycopg2 import errors as pg_errors

from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError

from ..tools.numbering import NumberingError, render_number

#: First key of the advisory lock that queues the issues of a letter type (the
#: second key is the type's id): "SAKI" in ASCII, a 32-bit integer.
ISSUE_LOCK_NAMESPACE = 0x53414B49

#: Unique constraint of the register met when two types give the same number.
LETTER_UNIQUE_NUMBER = "sakip_letter_number_uniq"


class SakipLetterType(models.Model):
    """A kind of outgoing letter (surat pengantar, surat undangan, ...) and how
    its official numbers are written.

    Running numbers are kept by a no-gap ``ir.sequence`` of the type, with one
    date range per calendar year: they restart every January and are never
    reused (the register keeps cancelled letters). Simultaneous issuers of a
    type queue up and all get the next number (:meth:`_sakip_next_number`).
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

    # Numbers
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
        for letter_type in self:
            try:
                letter_type._render_number(1, letter_type._sakip_company_today())
            except NumberingError as error:
                raise ValidationError(letter_type._numbering_error_message(error)) from error

    @api.depends("pattern", "padding", "classification_code", "unit_code")
    def _compute_number_example(self):
        for letter_type in self:
            try:
                letter_type.number_example = letter_type._render_number(
                    15, letter_type._sakip_company_today()
                )
            except NumberingError:
                letter_type.number_example = False

    def _sakip_company_today(self):
        """Today in the letter type's office (the current one for a new type)."""
        return (self.company_id or self.env.company)._sakip_today()

    def _compute_letter_count(self):
        counts = dict(
            self.env["sakip.letter"]._read_group(
                [("letter_type_id", "in", self.ids)], ["letter_type_id"], ["__count"]
            )
        )
        for letter_type in self:
            letter_type.letter_count = counts.get(letter_type, 0)

    # The sequence, kept in sync
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
        for sequence in sequences:
            sequence._create_date_range_seq(
                (sequence.company_id or self.env.company)._sakip_today()
            )

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

    # Service
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
        letter's year and register the letter, in the caller's transaction.

        Concurrent issues of one type wait for each other (never a "try
        again"); see :meth:`_sakip_next_number` for how the number is taken.

        :param vals: values of the ``sakip.letter`` (subject, addressees, linked
            document, ...); ``date`` defaults to today. The number fields are set
            here and cannot be passed.
        :return: the new ``sakip.letter``.
        :raises AccessError: if the user may not issue letters.
        :raises UserError: if the type is archived or its pattern gives the
            number of another type's letter (nothing is issued).
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
        # The office's date, whoever issues: it dates the letter and gives the
        # month and year of its number and the year its numbering restarts.
        date = fields.Date.to_date(vals.pop("date", None)) or self.company_id._sakip_today()
        seq = self._sakip_next_number(date)
        try:
            name = self._render_number(seq, date)
        except NumberingError as error:
            raise UserError(self._numbering_error_message(error)) from error
        try:
            with self.env.cr.savepoint():
                # sudo: users never create letters directly (no create right):
                # the number fields are set only here.
                letter = (
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
                            # Valid once its signer signs it (sakip.letter.action_sign).
                            "state": "to_sign",
                        }
                    )
                )
        except pg_errors.UniqueViolation as error:
            if error.diag.constraint_name != LETTER_UNIQUE_NUMBER:
                raise
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
        return letter.with_env(self.env)

    def _sakip_next_number(self, date):
        """Take the running number of a letter of this type dated ``date``.

        Why not ``ir.sequence.next_by_id``: a no-gap sequence locks its row with
        ``SELECT ... FOR UPDATE NOWAIT``, so a second issuer fails at once; and
        waiting for the lock would not help, because Odoo's transactions are
        REPEATABLE READ: once the first issuer commits, the row changed after
        the waiter's snapshot and PostgreSQL raises a serialization failure.
        Odoo's request retry (5 tries) then lets one issuer through per round.

        Instead, in the caller's transaction:

        1. a PostgreSQL advisory transaction lock of the type is taken, waiting:
           issues of one type queue up, each until the previous issuer's
           transaction ends (commit or rollback); the lock is released when the
           caller's transaction ends;
        2. the state of the numbering is read twice and the larger values kept:
           in a new short transaction (its snapshot is taken after the lock is
           held, so it sees every letter committed by the previous issuers) and
           in the caller's transaction (it sees the caller's own letters); the
           number is the larger of the year's range "next number" and the
           year's highest running number + 1;
        3. the letter is inserted with that number (the caller's transaction may
           insert rows committed after its snapshot, it may not update them);
        4. the year's range ``number_next`` is moved on in the caller's
           transaction when its row did not change after the caller's snapshot,
           else right after the commit (:meth:`_sakip_catch_up_sequence`).

        So numbers are unique (one issuer of a type at a time, and the unique
        constraints), consecutive and gap-free: a rolled-back issue leaves
        neither letter nor range change, and the next issuer takes the same
        number. The range keeps its meaning: an administrator may set its next
        number (e.g. to go on from a paper register). A new year gets a new
        range, the numbers restart at 1. No issuer is refused or retried.
        """
        self.ensure_one()
        # sudo: users have no right on sequences; taking a number is what this
        # service is for, after the checks of _sakip_issue.
        sequence = self.sequence_id.sudo()
        cr = self.env.cr
        self.env["sakip.letter"].flush_model(["letter_type_id", "year", "seq_number"])
        sequence.date_range_ids.flush_recordset(["number_next"])
        cr.execute("SELECT pg_advisory_xact_lock(%s, %s)", (ISSUE_LOCK_NAMESPACE, self.id))
        query = """
            SELECT (SELECT MAX(seq_number) FROM sakip_letter
                     WHERE letter_type_id = %(type)s AND year = %(year)s),
                   r.id, r.number_next, r.xmin::text
              FROM (SELECT 1) AS one
              LEFT JOIN LATERAL (
                    SELECT id, number_next, xmin FROM ir_sequence_date_range
                     WHERE sequence_id = %(sequence)s
                       AND date_from <= %(date)s AND date_to >= %(date)s
                     ORDER BY date_from DESC LIMIT 1
              ) AS r ON TRUE
        """
        params = {"type": self.id, "year": date.year, "sequence": sequence.id, "date": date}
        with self.env.registry.cursor() as fresh_cr:
            fresh_cr.execute(query, params)
            fresh = fresh_cr.fetchone()
        cr.execute(query, params)
        own = cr.fetchone()
        highest = max(fresh[0] or 0, own[0] or 0)
        range_id = own[1] or fresh[1]
        if not range_id:
            range_id = sequence._create_date_range_seq(date).id
            own = (own[0], range_id, 1, None)
        seq = max(highest + 1, fresh[2] or 1, own[2] or 1)
        if not fresh[1] or (own[1] == fresh[1] and own[3] == fresh[3]):
            # The caller's snapshot holds the range's latest version (or the
            # range is the caller's own): the update cannot conflict.
            cr.execute(
                "UPDATE ir_sequence_date_range SET number_next = %s WHERE id = %s",
                (seq + 1, range_id),
            )
            self.env["ir.sequence.date_range"].browse(range_id).invalidate_recordset(
                ["number_next", "number_next_actual"]
            )
        else:
            cr.postcommit.add(partial(self._sakip_catch_up_sequence, self.id, fresh[1], seq))
        return seq

    @api.model
    def _sakip_catch_up_sequence(self, type_id, range_id, seq):
        """After the commit of running number ``seq``: move the next number of
        range ``range_id`` on past it, in a short READ COMMITTED transaction,
        unless another issue of the type is under way (that one moves it)."""
        with self.env.registry.cursor() as cr:
            if not self.env.registry.in_test_mode():
                cr.execute("SET TRANSACTION ISOLATION LEVEL READ COMMITTED")
            cr.execute("SELECT pg_try_advisory_xact_lock(%s, %s)", (ISSUE_LOCK_NAMESPACE, type_id))
            if cr.fetchone()[0]:
                cr.execute(
                    "UPDATE ir_sequence_date_range SET number_next = GREATEST(number_next, %s) "
                    "WHERE id = %s",
                    (seq + 1, range_id),
                )

    def action_view_letters(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "sakip_penetapan_kinerja.action_sakip_letter"
        )
        action["domain"] = [("letter_type_id", "=", self.id)]
        action["context"] = {"search_default_group_year": 1}
        return action
