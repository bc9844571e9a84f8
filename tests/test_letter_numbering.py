# Copyright 2024 SAKIP Indonesia
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
import logging
import threading
import time
from datetime import date

from odoo import SUPERUSER_ID, Command, api
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.modules.registry import Registry
from odoo.tests import (
    BaseCase,
    TransactionCase,
    freeze_time,
    get_db_name,
    new_test_user,
    tagged,
)

from odoo.addons.base.models.ir_model import MODULE_UNINSTALL_FLAG

from .sop_run_common import MODULE, create_office

_logger = logging.getLogger(__name__)

#: Committed test data must not send email (no SMTP in tests).
CONTEXT = {"lang": "en_US", "mail_notify_force_send": False}


@tagged("post_install", "-at_install", "sakip")
class TestLetterNumbering(TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env = cls.env(context=dict(cls.env.context, **CONTEXT))
        office = create_office(cls.env, "Dinas Uji Surat", "letters")
        cls.company = office["company"]
        cls.users = office["users"]
        cls.LetterType = cls.env["sakip.letter.type"]
        cls.letter_type = cls.LetterType.create(
            {
                "name": "Surat Pengantar",
                "code": "cover_letter",
                "company_id": cls.company.id,
                "pattern": "{code}/{seq}/{unit}/{month_roman}/{year}",
                "classification_code": "000.8.3.3",
                "unit_code": "Disdik",
                "padding": 3,
            }
        )
        cls.signer = cls.env["hr.employee"].create(
            {
                "name": "Sekretaris Uji",
                "job_title": "Sekretaris Dinas",
                "company_id": cls.company.id,
            }
        )

    def _issue(self, role="planner", letter_type=None, **vals):
        letter_type = (letter_type or self.letter_type).with_user(self.users[role])
        return letter_type._sakip_issue({"subject": "Penyampaian Perjanjian Kinerja", **vals})

    def _letters(self, letter_type=None):
        return self.env["sakip.letter"].search(
            [("letter_type_id", "=", (letter_type or self.letter_type).id)], order="id"
        )

    # Numbers
    def test_number_from_the_pattern(self):
        first = self._issue(date=date(2026, 3, 4))
        second = self._issue(date=date(2026, 3, 5), sifat="segera")
        self.assertEqual(first.name, "000.8.3.3/001/Disdik/III/2026")
        self.assertEqual(second.name, "000.8.3.3/002/Disdik/III/2026")
        self.assertRecordValues(
            first,
            [
                {
                    "letter_type_id": self.letter_type.id,
                    "company_id": self.company.id,
                    "date": date(2026, 3, 4),
                    "year": 2026,
                    "seq_number": 1,
                    "issued_by_id": self.users["planner"].id,
                    "state": "to_sign",
                    "sifat": "biasa",
                    "attachment_note": "-",
                }
            ],
        )
        self.assertEqual(second.sifat, "segera")
        # Without padding, with the month as digits; the date defaults to today.
        plain = self.LetterType.create(
            {
                "name": "Nota Dinas",
                "code": "memo",
                "company_id": self.company.id,
                "pattern": "ND-{seq}/{month}.{year}",
            }
        )
        with freeze_time("2026-03-04 03:00:00"):
            letter = self._issue(letter_type=plain, role="secretary")
        self.assertEqual(letter.name, "ND-1/03.2026")
        self.assertEqual(letter.date, date(2026, 3, 4))
        self.assertEqual(self.LetterType._sakip_get("memo", self.company), plain)

    def test_sequence_created_and_kept_in_sync(self):
        sequence = self.letter_type.sequence_id
        self.assertRecordValues(
            sequence,
            [
                {
                    "implementation": "no_gap",
                    "use_date_range": True,
                    "company_id": self.company.id,
                    "padding": 0,
                    "prefix": False,
                }
            ],
        )
        self.letter_type.write({"name": "Surat Pengantar Dinas", "active": False})
        self.assertIn("Surat Pengantar Dinas", sequence.name)
        self.assertFalse(sequence.active)
        with self.assertRaises(UserError) as caught:
            self._issue()
        self.assertIn("archived", str(caught.exception))
        self.assertFalse(self._letters())

    def test_invalid_pattern_refused(self):
        count = self.LetterType.search_count([])
        for pattern, expected in (
            ("{seq}/{yaer}", "{yaer}"),
            ("000.8.3.3/15/Disdik", "{seq}"),
            ("{seq}/{unit", "brace"),
        ):
            with self.subTest(pattern=pattern):
                with self.assertRaises(ValidationError) as caught:
                    self.LetterType.create({"name": "Salah", "code": "wrong", "pattern": pattern})
                self.assertIn(expected, str(caught.exception))
        self.assertEqual(self.LetterType.search_count([]), count)
        # {unit} needs a unit code; changing a valid type is checked too.
        with self.assertRaises(ValidationError) as caught:
            self.letter_type.write({"unit_code": False})
        self.assertIn("{unit}", str(caught.exception))
        self.assertEqual(self.letter_type.unit_code, "Disdik")

    def test_year_boundary(self):
        december = self._issue(date=date(2026, 12, 30))
        january = self._issue(date=date(2027, 1, 2))
        january_2 = self._issue(date=date(2027, 1, 4))
        late_december = self._issue(date=date(2026, 12, 31))
        self.assertEqual(december.name, "000.8.3.3/001/Disdik/XII/2026")
        self.assertEqual(january.name, "000.8.3.3/001/Disdik/I/2027")
        self.assertEqual(january_2.name, "000.8.3.3/002/Disdik/I/2027")
        self.assertEqual(late_december.name, "000.8.3.3/002/Disdik/XII/2026")
        self.assertEqual(
            [(letter.year, letter.seq_number) for letter in self._letters()],
            [(2026, 1), (2027, 1), (2027, 2), (2026, 2)],
        )
        ranges = self.letter_type.sequence_id.date_range_ids.filtered(
            lambda r: r.date_from.year in (2026, 2027)
        )
        self.assertEqual(
            sorted((r.date_from, r.date_to) for r in ranges),
            [(date(2026, 1, 1), date(2026, 12, 31)), (date(2027, 1, 1), date(2027, 12, 31))],
        )

    def test_next_number_of_the_range(self):
        """The year's range shows the next number and an administrator may set it
        (e.g. to go on from a paper register); it never makes a number reused."""
        first = self._issue(date=date(2026, 6, 1))
        year_range = self.letter_type.sequence_id.date_range_ids.filtered(
            lambda r: r.date_from.year == 2026
        )
        self.assertEqual(year_range.number_next_actual, first.seq_number + 1)
        year_range.number_next_actual = 57
        self.assertEqual(self._issue(date=date(2026, 6, 2)).seq_number, 57)
        self.assertEqual(year_range.number_next_actual, 58)
        # Set back below the register: the register wins, no number twice.
        year_range.number_next_actual = 1
        self.assertEqual(self._issue(date=date(2026, 6, 3)).seq_number, 58)
        self.assertEqual(year_range.number_next_actual, 59)

    # Cancel: the number stays
    def test_cancel_keeps_the_number(self):
        letter = self._issue(date=date(2026, 5, 4))
        action = letter.with_user(self.users["planner"]).action_cancel()
        wizard = (
            self.env[action["res_model"]]
            .with_user(self.users["planner"])
            .with_context(**action["context"])
            .create({"reason": "Salah alamat tujuan"})
        )
        wizard.action_confirm()
        self.assertRecordValues(
            letter,
            [
                {
                    "name": "000.8.3.3/001/Disdik/V/2026",
                    "state": "cancelled",
                    "cancel_reason": "Salah alamat tujuan",
                }
            ],
        )
        following = self._issue(date=date(2026, 5, 4))
        self.assertEqual(following.seq_number, 2)
        self.assertEqual(following.name, "000.8.3.3/002/Disdik/V/2026")
        self.assertEqual(self._letters(), letter | following)
        # Cancelled once; no reason, no cancel; the cancelled letter stays as it is.
        with self.assertRaises(UserError):
            letter.with_user(self.users["admin"])._sakip_cancel("Lagi")
        with self.assertRaises(UserError):
            following.with_user(self.users["planner"])._sakip_cancel("   ")
        self.assertEqual(following.state, "to_sign")
        with self.assertRaises(UserError):
            letter.with_user(self.users["planner"]).write({"subject": "Hal lain"})
        self.assertEqual(letter.subject, "Penyampaian Perjanjian Kinerja")
        with self.assertRaises(UserError):
            letter.with_user(self.users["admin"]).action_print()

    def test_letters_are_never_deleted(self):
        letter = self._issue()
        with self.assertRaises(AccessError):
            letter.with_user(self.users["admin"]).unlink()
        with self.assertRaises(UserError) as caught:
            letter.sudo().unlink()
        self.assertIn("never deleted", str(caught.exception))
        self.assertTrue(letter.exists())

    # Rights
    def test_who_issues_and_cancels(self):
        for role in ("staff", "outsider"):
            with self.subTest(role=role), self.assertRaises(AccessError):
                self._issue(role=role)
        self.assertFalse(self._letters())
        for role in ("planner", "secretary", "head", "admin"):
            with self.subTest(role=role):
                self.assertEqual(self._issue(role=role).issued_by_id, self.users[role])
        letter = self._letters()[:1]
        letter.with_user(self.users["staff"]).read(["name", "subject"])
        for role in ("staff", "secretary", "head"):
            with self.subTest(role=role):
                with self.assertRaises(AccessError):
                    letter.with_user(self.users[role]).action_cancel()
                with self.assertRaises(AccessError):
                    letter.with_user(self.users[role])._sakip_cancel("Batal")
        self.assertEqual(letter.state, "to_sign")
        letter.with_user(self.users["admin"])._sakip_cancel("Batal")
        self.assertEqual(letter.state, "cancelled")

    def test_number_fields_are_not_written_by_users(self):
        letter = self._issue(date=date(2026, 2, 2))
        planner = self.users["planner"]
        with self.assertRaises(AccessError):
            self.env["sakip.letter"].with_user(planner).create(
                {
                    "name": "000.8.3.3/999/Disdik/II/2026",
                    "letter_type_id": self.letter_type.id,
                    "date": "2026-02-02",
                    "year": 2026,
                    "seq_number": 999,
                    "subject": "Palsu",
                    "issued_by_id": planner.id,
                }
            )
        for vals in ({"name": "X/1"}, {"seq_number": 7}, {"state": "cancelled"}, {"year": 2020}):
            with self.subTest(vals=vals):
                with self.assertRaises(UserError):
                    letter.with_user(planner).write(vals)
                with self.assertRaises(UserError):
                    self.letter_type.with_user(planner)._sakip_issue({"subject": "X", **vals})
        self.assertRecordValues(
            letter, [{"name": "000.8.3.3/001/Disdik/II/2026", "seq_number": 1, "state": "to_sign"}]
        )
        self.assertEqual(len(self._letters()), 1)
        # The details of the text are the issuer's to complete until it is
        # signed; the subject and the signer, shown by the register and the
        # verification page, are set when the letter is issued.
        letter.with_user(planner).write({"cc_text": "Kepala Dinas Pendidikan (sebagai laporan)"})
        for vals in ({"subject": "Hal lain"}, {"signer_employee_id": self.signer.id}):
            with self.subTest(vals=vals), self.assertRaises(UserError):
                letter.with_user(planner).write(vals)
        values = letter._sakip_verify_values()
        self.assertEqual(values["number"], "000.8.3.3/001/Disdik/II/2026")
        self.assertEqual(values["status"], "unsigned")
        self.assertEqual(letter.subject, "Penyampaian Perjanjian Kinerja")

    def test_letter_type_configuration_and_companies(self):
        with self.assertRaises(AccessError):
            self.LetterType.with_user(self.users["planner"]).create(
                {"name": "Nota", "code": "nota", "pattern": "{seq}"}
            )
        with self.assertRaises(UserError) as caught:
            self.LetterType.with_user(self.users["planner"])._sakip_get("decree", self.company)
        self.assertIn("decree", str(caught.exception))
        other = create_office(self.env, "Dinas Uji Lain", "letters.other", roles={})["company"]
        other_planner = new_test_user(
            self.env,
            login="letters.other.planner",
            groups=f"{MODULE}.group_sakip_planner",
            company_id=other.id,
            company_ids=[Command.set(other.ids)],
        )
        letter = self._issue()
        self.assertFalse(
            self.env["sakip.letter"].with_user(other_planner).search([("id", "=", letter.id)])
        )
        with self.assertRaises(AccessError):
            self.letter_type.with_user(other_planner)._sakip_issue({"subject": "X"})
        with self.assertRaises(UserError):
            self.LetterType.with_user(other_planner)._sakip_get("cover_letter")

    def test_main_company_letter_types(self):
        for xmlid, code in (
            ("letter_type_cover_letter", "cover_letter"),
            ("letter_type_invitation", "invitation"),
        ):
            with self.subTest(code=code):
                letter_type = self.env.ref(f"{MODULE}.{xmlid}")
                self.assertEqual(
                    self.LetterType._sakip_get(code, self.env.ref("base.main_company")), letter_type
                )
                self.assertTrue(letter_type.number_example)
                self.assertEqual(letter_type.sequence_id.implementation, "no_gap")


@tagged("post_install", "-at_install", "sakip")
class TestLetterNumberingConcurrency(BaseCase):
    """Numbers taken at the same moment by users each in their own transaction
    (real cursors, committed): nobody is refused or retried, no duplicates, no
    gaps. The class cleanup deletes the committed data."""

    THREADS = 20

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.registry = Registry(get_db_name())
        with cls.registry.cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, CONTEXT)
            # The company and the user stay (deactivated) after the tests: a
            # later run in the same database takes them again.
            company = env["res.company"].search([("name", "=", "Dinas Uji Nomor Surat")])
            company = company or env["res.company"].create({"name": "Dinas Uji Nomor Surat"})
            login = "letters.concurrency.planner"
            planner = (
                env["res.users"].with_context(active_test=False).search([("login", "=", login)])
            )
            if planner:
                planner.active = True
            else:
                planner = new_test_user(
                    env,
                    login=login,
                    groups=f"{MODULE}.group_sakip_planner",
                    company_id=company.id,
                    company_ids=[Command.set(company.ids)],
                )
            letter_type = env["sakip.letter.type"].create(
                {
                    "name": "Surat Uji",
                    "code": "concurrency",
                    "company_id": company.id,
                    "pattern": "{seq}/UJI/{year}",
                }
            )
            cls.company_id = company.id
            cls.planner_id = planner.id
            cls.type_id = letter_type.id
        cls.addClassCleanup(cls._delete_test_data)

    @classmethod
    def _delete_test_data(cls):
        with cls.registry.cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, CONTEXT)
            letters = env["sakip.letter"].search([("letter_type_id", "=", cls.type_id)])
            # Letters are never deleted, except with their module: test data here.
            letters.with_context(**{MODULE_UNINSTALL_FLAG: True}).unlink()
            env["sakip.letter.type"].browse(cls.type_id).unlink()
            env["res.users"].browse(cls.planner_id).write({"active": False})

    def _env(self, cr):
        # Bind the cursor to the loaded registry (see test_sop_run_concurrency).
        if cr.transaction is None:
            cr.transaction = api.Transaction(self.registry)
        return api.Environment(cr, self.planner_id, CONTEXT)

    def _office_year(self):
        """The year of today in the office, which numbers its letters."""
        with self.registry.cursor() as cr:
            return self._env(cr)["res.company"].browse(self.company_id)._sakip_today().year

    def _issue(self, cr, subject):
        letter_type = self._env(cr)["sakip.letter.type"].browse(self.type_id)
        return letter_type._sakip_issue({"subject": subject})

    def _register(self):
        with self.registry.cursor() as cr:
            letters = api.Environment(cr, SUPERUSER_ID, CONTEXT)["sakip.letter"].search(
                [("letter_type_id", "=", self.type_id)]
            )
            return [(letter.seq_number, letter.name) for letter in letters.sorted("seq_number")]

    def _range_next(self, year):
        """The next number of the type's range of ``year``, as committed."""
        with self.registry.cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, CONTEXT)
            sequence = env["sakip.letter.type"].browse(self.type_id).sequence_id
            ranges = sequence.date_range_ids.filtered(lambda r: r.date_from.year == year)
            return ranges.number_next

    def _waiting_issue(self, subject, outcome, started):
        """In a thread: a transaction that has read the register (its snapshot
        is taken), then issues a letter and commits."""
        with self.registry.cursor() as cr:
            try:
                self._env(cr)["sakip.letter"].search_count([])
                started.set()
                letter = self._issue(cr, subject)
                outcome["name"] = letter.name
                outcome["seq"] = letter.seq_number
                outcome["year"] = letter.year
            except Exception as error:  # reported by the assertions of the test
                outcome["error"] = repr(error)
                started.set()
                raise

    def test_00_a_second_issuer_waits_and_gets_the_next_number(self):
        """A holds the numbering of the type (not committed yet): B, whose
        snapshot is older than A's commit, waits instead of failing, and gets
        the next number as soon as A commits; the range moves on past it."""
        before = self._register()
        with self.registry.cursor() as cr_a:
            letter_a = self._issue(cr_a, "Surat A")
            outcome, started = {}, threading.Event()
            thread = threading.Thread(
                target=self._waiting_issue, args=("Surat B", outcome, started), daemon=True
            )
            thread.start()
            self.assertTrue(started.wait(timeout=30))
            thread.join(timeout=0.5)
            self.assertTrue(thread.is_alive(), "B must wait while A holds the numbering")
            seq_a = letter_a.seq_number
        # A committed on leaving the block.
        thread.join(timeout=60)
        self.assertFalse(thread.is_alive(), "B still waits after A committed")
        self.assertNotIn("error", outcome)
        self.assertEqual(outcome["seq"], seq_a + 1)
        register = self._register()
        self.assertEqual([seq for seq, __ in register[len(before) :]], [seq_a, seq_a + 1])
        self.assertEqual(self._range_next(outcome["year"]), seq_a + 2)

    def test_01_a_rolled_back_number_is_taken_by_the_next_issuer(self):
        """A takes a number then its transaction fails: B (waiting) gets the
        same number; no gap, nothing of A stays."""
        before = self._register()
        expected = (before[-1][0] if before else 0) + 1
        cr_a = self.registry.cursor()
        try:
            self.assertEqual(self._issue(cr_a, "Surat A").seq_number, expected)
            outcome, started = {}, threading.Event()
            thread = threading.Thread(
                target=self._waiting_issue, args=("Surat B", outcome, started), daemon=True
            )
            thread.start()
            self.assertTrue(started.wait(timeout=30))
            thread.join(timeout=0.5)
            self.assertTrue(thread.is_alive(), "B must wait while A holds the numbering")
            cr_a.rollback()
        finally:
            cr_a.close()
        thread.join(timeout=60)
        self.assertFalse(thread.is_alive(), "B still waits after A rolled back")
        self.assertNotIn("error", outcome)
        self.assertEqual(outcome["seq"], expected)
        self.assertEqual(len(self._register()), len(before) + 1)
        self.assertEqual(self._range_next(outcome["year"]), expected + 1)

    def test_10_twenty_users_at_once(self):
        """20 users, each in their own transaction whose snapshot is taken
        before any of them issues, take numbers of one type at the same moment:
        all succeed at the first try, with consecutive numbers, in seconds."""
        before = self._register()
        barrier = threading.Barrier(self.THREADS)
        outcomes = {}

        def take_number(index):
            try:
                with self.registry.cursor() as cr:
                    self._env(cr)["sakip.letter"].search_count([])
                    barrier.wait(timeout=30)
                    begin = time.monotonic()
                    letter = self._issue(cr, f"Surat {index}")
                    outcome = ("issued", letter.name, letter.year)
                # Committed on leaving the block.
                outcomes[index] = (*outcome, time.monotonic() - begin)
            except Exception as error:  # reported by the assertions below
                outcomes[index] = ("failed", repr(error), None, None)

        threads = [
            threading.Thread(target=take_number, args=(index,), daemon=True)
            for index in range(self.THREADS)
        ]
        begin = time.monotonic()
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=120)
        total = time.monotonic() - begin
        self.assertFalse(any(thread.is_alive() for thread in threads), "a thread hangs")
        self.assertEqual(
            [outcome[0] for outcome in outcomes.values()], ["issued"] * self.THREADS, outcomes
        )
        names = [outcome[1] for outcome in outcomes.values()]
        self.assertEqual(len(set(names)), self.THREADS, names)
        register = self._register()
        self.assertEqual(len(register), len(before) + self.THREADS)
        start = (before[-1][0] if before else 0) + 1
        (year,) = {outcome[2] for outcome in outcomes.values()}
        self.assertEqual(
            register[len(before) :],
            [(seq, f"{seq}/UJI/{year}") for seq in range(start, start + self.THREADS)],
        )
        self.assertEqual(sorted(names), sorted(name for __, name in register[len(before) :]))
        self.assertEqual(self._range_next(year), start + self.THREADS)
        slowest = max(outcome[3] for outcome in outcomes.values())
        _logger.info(
            "%s concurrent issues: %s succeeded at the first try, slowest %.2f s, total %.2f s",
            self.THREADS,
            len(names),
            slowest,
            total,
        )
        # A few seconds in total, with room for a loaded test machine.
        self.assertLess(total, 30)
