# Copyright 2024 SAKIP Indonesia
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""Dates of record follow the office's time zone, never the acting user's.

At 17:30 UTC on the last day of a month it is already the next day in
Purwokerto (Asia/Jakarta, UTC+7): a letter issued then is dated the next day,
numbered in the next month (and, on 31 December, in the next year, with the
yearly running number restarting), whichever time zone the user's account has.
"""

from datetime import date

from odoo import Command
from odoo.tests import TransactionCase, freeze_time, new_test_user, tagged

from .sop_run_common import MODULE, create_office

#: (UTC moment, the office's date then, the month in Roman numerals).
BOUNDARIES = (
    ("2026-11-30 17:30:00", date(2026, 12, 1), "XII"),
    ("2026-12-31 17:30:00", date(2027, 1, 1), "I"),
)

USER_ZONES = ("Asia/Jakarta", "Europe/Brussels", "UTC")


@tagged("post_install", "-at_install", "sakip")
class TestOfficeToday(TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env = cls.env(context=dict(cls.env.context, lang="en_US"))
        office = create_office(cls.env, "Dinas Uji Zona Waktu", "tz")
        cls.company, cls.users, cls.sop = office["company"], office["users"], office["sop"]
        cls.env = cls.env(context=dict(cls.env.context, allowed_company_ids=cls.company.ids))
        cls.planners = {
            zone: new_test_user(
                cls.env,
                login=f"tz.planner.{zone.lower().replace('/', '.')}",
                groups=f"{MODULE}.group_sakip_planner",
                company_id=cls.company.id,
                company_ids=[Command.set(cls.company.ids)],
                tz=zone,
            )
            for zone in USER_ZONES
        }
        cls.letter_type = cls.env["sakip.letter.type"].create(
            {
                "name": "Surat Uji Zona",
                "code": "tz_test",
                "company_id": cls.company.id,
                "pattern": "{code}/{seq}/{month_roman}/{year}",
                "classification_code": "000.8.3",
            }
        )

    def _as(self, user, record):
        """``record`` as ``user`` with the context a browser session of that
        user has (its own time zone)."""
        return record.with_user(user).with_context(tz=user.tz)

    def test_office_today_is_the_calendar_zone(self):
        self.assertEqual(self.company._sakip_tz_name(), "Asia/Jakarta")
        for moment, office_date, __ in BOUNDARIES:
            with self.subTest(moment=moment), freeze_time(moment):
                self.assertEqual(self.company._sakip_today(), office_date)
                for user in self.planners.values():
                    # Whatever the user's zone, as the user's own environment sees it.
                    self.assertEqual(self._as(user, self.company)._sakip_today(), office_date)

    def test_office_without_calendar_zone_is_western_indonesia(self):
        company = self.env["res.company"].create({"name": "Dinas Tanpa Kalender"})
        company.resource_calendar_id.tz = False
        company.sakip_calendar_id = False
        self.assertEqual(company._sakip_tz_name(), "Asia/Jakarta")
        with freeze_time("2026-11-30 17:30:00"):
            self.assertEqual(company._sakip_today(), date(2026, 12, 1))

    def test_letter_date_number_and_register_year(self):
        """Each boundary, as a planner in each zone: the letter's date, the
        month and year in its number and its register year are the office's."""
        for moment, office_date, month in BOUNDARIES:
            for zone, user in self.planners.items():
                with self.subTest(moment=moment, zone=zone), freeze_time(moment):
                    letter = self._as(user, self.letter_type)._sakip_issue(
                        {"subject": f"Surat {zone} {moment}"}
                    )
                    self.assertEqual(letter.date, office_date)
                    self.assertEqual(letter.year, office_date.year)
                    self.assertTrue(
                        letter.name.endswith(f"/{month}/{office_date.year}"), letter.name
                    )
        # The running number restarts with the office's year: the three letters
        # of 1 December 2026 are 1 to 3, the three of 1 January 2027 again 1 to 3.
        letters = self.env["sakip.letter"].search(
            [("letter_type_id", "=", self.letter_type.id)], order="id"
        )
        self.assertEqual(
            [(letter.year, letter.seq_number) for letter in letters],
            [(2026, 1), (2026, 2), (2026, 3), (2027, 1), (2027, 2), (2027, 3)],
        )
        self.assertEqual(
            letters.mapped("name"),
            [
                "000.8.3/1/XII/2026",
                "000.8.3/2/XII/2026",
                "000.8.3/3/XII/2026",
                "000.8.3/1/I/2027",
                "000.8.3/2/I/2027",
                "000.8.3/3/I/2027",
            ],
        )

    def test_fiscal_year_defaults(self):
        """New agreements and runs default to the office's year."""
        for zone, user in self.planners.items():
            with self.subTest(zone=zone), freeze_time("2026-12-31 17:30:00"):
                pk_defaults = self._as(user, self.env["sakip.pk"]).default_get(["fiscal_year"])
                run_defaults = self._as(user, self.env["sakip.sop.run"]).default_get(
                    ["fiscal_year"]
                )
                self.assertEqual(pk_defaults["fiscal_year"], 2027)
                self.assertEqual(run_defaults["fiscal_year"], 2027)
        # A run's reference carries the office's year too.
        with freeze_time("2026-12-31 17:30:00"):
            run = self.env["sakip.sop.run"].create(
                {"sop_id": self.sop.id, "company_id": self.company.id, "fiscal_year": 2027}
            )
        self.assertTrue(run.name.startswith("PPK/2027/"), run.name)

    def test_date_of_signing_is_the_office_date(self):
        """The Kepala signs at 00:30 on 1 January in Purwokerto with an account
        in Brussels (still 31 December 18:30 there): signed on 1 January 2027."""
        self.users["head"].tz = "Europe/Brussels"
        employee = self.env["hr.employee"].create(
            {"name": "Kabid Zona", "company_id": self.company.id}
        )
        pk = self.env["sakip.pk"].create(
            {
                "fiscal_year": 2027,
                "level": "echelon_3",
                "company_id": self.company.id,
                "first_party_id": employee.id,
                "indicator_ids": [
                    Command.create(
                        {"objective": "Meningkatnya mutu", "name": "Indikator", "target": 1}
                    )
                ],
            }
        )
        # Steps 4-5 (the meeting) and 12-14 are not what this test is about.
        self.sop.step_ids.filtered(lambda s: s.sequence == 4).kind = "generic"
        self.sop.step_ids.filtered(lambda s: s.sequence == 5).output_ids.unlink()
        head = self.users["head"]
        with freeze_time("2026-12-21 02:00:00"):
            self._as(head, pk).action_start_sop_run()
            run = pk.sop_run_ids
            self._as(head, run).write({"start_text": "<p>Susun PK 2027.</p>"})
            self._as(head, run).action_start()
            steps = run.step_ids
            for number, role in [(n, "planner") for n in range(2, 9)] + [
                (9, "secretary"),
                (10, "secretary"),
            ]:
                step = steps.filtered(lambda s, number=number: s.sequence == number)
                self._as(self.users[role], step).action_done()
                steps = run.step_ids
        with freeze_time("2026-12-31 17:30:00"):
            signature = run.step_ids.filtered(lambda s: s.sequence == 11)
            self._as(head, signature).action_done()
        self.assertEqual(pk.state, "signed")
        self.assertEqual(pk.sign_date, date(2027, 1, 1))
