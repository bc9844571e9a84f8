# Copyright 2024 SAKIP Indonesia
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
import threading
from datetime import date

from odoo import SUPERUSER_ID, Command, api, fields
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.modules.registry import Registry
from odoo.tests import BaseCase, TransactionCase, get_db_name, new_test_user, tagged
from odoo.tools import mute_logger

from odoo.addons.base.models.ir_model import MODULE_UNINSTALL_FLAG

from .sop_run_common import MODULE, create_office

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

    # ------------------------------------------------------------------
    # Numbers
    # ------------------------------------------------------------------
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
                    "state": "issued",
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
        today = fields.Date.context_today(plain)
        letter = self._issue(letter_type=plain, role="secretary")
        self.assertEqual(letter.name, f"ND-1/{today:%m}.{today.year}")
        self.assertEqual(letter.date, today)
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

    # ------------------------------------------------------------------
    # Cancel: the number stays
    # ------------------------------------------------------------------
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
        self.assertEqual(following.state, "issued")
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

    # ------------------------------------------------------------------
    # Rights
    # ------------------------------------------------------------------
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
        self.assertEqual(letter.state, "issued")
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
            letter, [{"name": "000.8.3.3/001/Disdik/II/2026", "seq_number": 1, "state": "issued"}]
        )
        self.assertEqual(len(self._letters()), 1)
        # The details of the text are the issuer's to complete; the subject and
        # the signer, shown by the register and the verification page, are set
        # when the letter is issued.
        letter.with_user(planner).write({"cc_text": "Kepala Dinas Pendidikan (sebagai laporan)"})
        for vals in ({"subject": "Hal lain"}, {"signer_employee_id": self.signer.id}):
            with self.subTest(vals=vals), self.assertRaises(UserError):
                letter.with_user(planner).write(vals)
        values = letter._sakip_verify_values()
        self.assertEqual(values["number"], "000.8.3.3/001/Disdik/II/2026")
        self.assertEqual(values["status"], "valid")

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
    (real cursors, committed): no duplicates, no gaps. The class cleanup deletes
    the committed data."""

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

    def _issue(self, cr, subject):
        letter_type = self._env(cr)["sakip.letter.type"].browse(self.type_id)
        return letter_type._sakip_issue({"subject": subject})

    def _register(self):
        with self.registry.cursor() as cr:
            letters = api.Environment(cr, SUPERUSER_ID, CONTEXT)["sakip.letter"].search(
                [("letter_type_id", "=", self.type_id)]
            )
            return [(letter.seq_number, letter.name) for letter in letters.sorted("seq_number")]

    @mute_logger("odoo.sql_db")
    def test_00_busy_numbering_is_refused_clearly(self):
        """A holds the year's numbering (not committed): B waits a little, then
        is told to try again, with nothing issued; after A commits, B gets the
        next number."""
        year = date.today().year
        with self.registry.cursor() as cr_a, self.registry.cursor() as cr_b:
            self._issue(cr_a, "Surat A")
            with self.assertRaises(UserError) as caught:
                self._issue(cr_b, "Surat B")
            self.assertIn("try again", str(caught.exception))
            self.assertFalse(
                self._env(cr_b)["sakip.letter"].search([("letter_type_id", "=", self.type_id)])
            )
            cr_b.rollback()
            cr_a.commit()
            letter_b = self._issue(cr_b, "Surat B")
            self.assertEqual(letter_b.name, f"2/UJI/{year}")
            cr_b.commit()

    @mute_logger("odoo.sql_db")
    def test_10_twenty_users_at_once(self):
        before = self._register()
        barrier = threading.Barrier(self.THREADS)
        outcomes = {}

        def take_number(index):
            try:
                barrier.wait(timeout=30)
                for attempt in range(1, 100):
                    # Each attempt is a new transaction, as when the user clicks again.
                    with self.registry.cursor() as cr:
                        try:
                            name = self._issue(cr, f"Surat {index}").name
                        except UserError:
                            cr.rollback()
                            continue
                    # Committed on leaving the block.
                    outcomes[index] = ("issued", name, attempt)
                    return
                outcomes[index] = ("refused", None, attempt)
            except Exception as error:  # reported by the assertions below
                outcomes[index] = ("crashed", repr(error), 0)

        threads = [
            threading.Thread(target=take_number, args=(index,), daemon=True)
            for index in range(self.THREADS)
        ]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=300)
        self.assertFalse(any(thread.is_alive() for thread in threads), "a thread hangs")
        self.assertEqual(
            [kind for kind, __, __ in outcomes.values()], ["issued"] * self.THREADS, outcomes
        )
        names = [name for __, name, __ in outcomes.values()]
        self.assertEqual(len(set(names)), self.THREADS, names)
        register = self._register()
        self.assertEqual(len(register), len(before) + self.THREADS)
        start = len(before) + 1
        year = date.today().year
        self.assertEqual(
            register[len(before) :],
            [(seq, f"{seq}/UJI/{year}") for seq in range(start, start + self.THREADS)],
        )
        self.assertEqual(sorted(names), sorted(name for __, name in register[len(before) :]))
