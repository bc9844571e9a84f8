# Copyright 2024 SAKIP Indonesia
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from psycopg2 import IntegrityError

from odoo import Command
from odoo.exceptions import ValidationError
from odoo.tests import Form, TransactionCase, new_test_user, tagged
from odoo.tools import mute_logger

from odoo.addons.base.tests.common import DISABLED_MAIL_CONTEXT

#: The NIP of the Kepala Dinas who approved the seed SOP.
SEED_NIP = "196602171993031002"
SEED_NIP_GROUPED = "19660217 199303 1 002"

#: One refused NIP per reason, with a fragment of the message the user reads.
BAD_NIPS = [
    ("format", "19660217-199303-1-002", "may contain only digits, spaces and dots"),
    ("length", "19660217 199303 1 02", "has 17 digits; an NIP has 18"),
    ("birth_date", "19660231 199303 1 002", "19660231 is not a date written YYYYMMDD"),
    ("birth_year", "19390217 196303 1 002", "gives 1939 as the birth year"),
    ("service_month", "19660217 199313 1 002", "gives 13 as the month"),
    ("service_age", "19660217 198303 1 002", "(1983-03) before the age of 18"),
    ("service_future", "19900217 209903 1 002", "(2099-03) in the future"),
    ("sex", "19660217 199303 3 002", "has 3 as its 15th digit"),
    ("serial", "19660217 199303 1 000", "ends with the serial number 000"),
]


@tagged("post_install", "-at_install", "sakip")
class TestEmployeeNip(TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env = cls.env(context=dict(cls.env.context, **DISABLED_MAIL_CONTEXT))
        # An office of its own: the demo agency already has the seed NIP.
        cls.company, cls.other_company = cls.env["res.company"].create(
            [{"name": "Dinas Pendidikan Kabupaten Contoh"}, {"name": "Dinas Kesehatan"}]
        )
        cls.Employee = cls.env["hr.employee"].with_company(cls.company)

    def test_seed_nip_is_stored_normalised_and_displayed_grouped(self):
        for typed in (SEED_NIP_GROUPED, SEED_NIP, "19660217.199303.1.002"):
            with self.subTest(typed=typed):
                employee = self.Employee.create({"name": "Drs. JOKO WIYONO, M.Si.", "nip": typed})
                self.assertEqual(employee.nip, SEED_NIP)
                self.assertEqual(employee.nip_display, SEED_NIP_GROUPED)
                employee.unlink()

    def test_nip_is_optional(self):
        employee = self.Employee.create({"name": "Tenaga honorer", "nip": "  "})
        self.assertFalse(employee.nip)
        self.assertFalse(employee.nip_display)

    def test_search_by_grouped_nip(self):
        employee = self.Employee.create({"name": "Drs. JOKO WIYONO, M.Si.", "nip": SEED_NIP})
        in_office = [("company_id", "=", self.company.id)]
        for domain in (
            [("nip_display", "=", SEED_NIP_GROUPED)],
            [("nip_display", "=", SEED_NIP)],
            [("nip_display", "ilike", "199303 1")],
        ):
            with self.subTest(domain=domain):
                self.assertEqual(self.Employee.search(in_office + domain), employee)

    def test_bad_nip_refused_on_create(self):
        for reason, nip, message in BAD_NIPS:
            with self.subTest(reason=reason):
                with self.assertRaises(ValidationError) as caught:
                    self.Employee.create({"name": f"Pegawai {reason}", "nip": nip})
                self.assertIn(message, str(caught.exception))
                self.assertFalse(self.Employee.search_count([("name", "=", f"Pegawai {reason}")]))

    def test_bad_nip_refused_on_write(self):
        employee = self.Employee.create({"name": "Drs. JOKO WIYONO, M.Si.", "nip": SEED_NIP})
        for reason, nip, message in BAD_NIPS:
            with self.subTest(reason=reason):
                with self.assertRaises(ValidationError) as caught:
                    employee.write({"nip": nip})
                self.assertIn(message, str(caught.exception))
                employee.invalidate_recordset(["nip"])
                self.assertEqual(employee.nip, SEED_NIP)

    def test_bad_nip_message_names_the_employee(self):
        with self.assertRaises(ValidationError) as caught:
            self.Employee.create({"name": "SRI WAHYUNI, S.Pd.", "nip": "19850311 200901 3 008"})
        self.assertTrue(
            str(caught.exception).startswith("The NIP of SRI WAHYUNI, S.Pd. (198503112009013008)")
        )

    def test_nip_unique_per_company(self):
        self.Employee.create({"name": "Drs. JOKO WIYONO, M.Si.", "nip": SEED_NIP})
        with mute_logger("odoo.sql_db"), self.assertRaises(IntegrityError):
            self.Employee.create({"name": "Duplikat", "nip": SEED_NIP_GROUPED})
        # The same person may be on the staff list of another office.
        other = self.Employee.create(
            {
                "name": "Drs. JOKO WIYONO, M.Si.",
                "nip": SEED_NIP,
                "company_id": self.other_company.id,
            }
        )
        self.assertEqual(other.nip, SEED_NIP)

    def test_pangkat_follows_golongan(self):
        employee = self.Employee.create({"name": "Drs. JOKO WIYONO, M.Si.", "golongan": "IV/c"})
        self.assertEqual(employee.pangkat, "Pembina Utama Muda")
        employee.golongan = "III/a"
        self.assertEqual(employee.pangkat, "Penata Muda")
        employee.golongan = False
        self.assertFalse(employee.pangkat)

    def test_golongan_selection_has_every_rank(self):
        selection = dict(self.Employee._fields["golongan"].selection)
        self.assertEqual(len(selection), 17)
        self.assertEqual(selection["IV/c"], "Pembina Utama Muda (IV/c)")
        self.assertEqual(selection["I/a"], "Juru Muda (I/a)")

    def test_public_profile_shows_nip_and_pangkat(self):
        """Users without HR rights read employees through hr.employee.public:
        the NIP and pangkat printed on the agreements must be readable there."""
        employee = self.Employee.create(
            {
                "name": "Drs. JOKO WIYONO, M.Si.",
                "nip": SEED_NIP,
                "golongan": "IV/c",
                "eselon": "II.b",
            }
        )
        user = new_test_user(
            self.env, login="pegawai.biasa", groups="base.group_user", company_id=self.company.id
        )
        as_user = employee.with_user(user)
        self.assertEqual(as_user.nip_display, SEED_NIP_GROUPED)
        self.assertEqual(as_user.pangkat, "Pembina Utama Muda")
        self.assertEqual(as_user.eselon, "II.b")
        public = self.env["hr.employee.public"].with_user(user).browse(employee.id)
        self.assertEqual(public.nip_display, SEED_NIP_GROUPED)
        self.assertEqual(
            self.env["hr.employee.public"]
            .with_user(user)
            .search([("nip_display", "=", SEED_NIP_GROUPED)]),
            public,
        )


@tagged("post_install", "-at_install", "sakip")
class TestDepartment(TransactionCase):
    def test_sakip_code_unique_per_company(self):
        company, other_company = self.env["res.company"].create(
            [{"name": "Dinas Pendidikan Kabupaten Contoh"}, {"name": "Dinas Kesehatan"}]
        )
        Department = self.env["hr.department"]
        Department.create(
            {
                "name": "Bidang SD",
                "sakip_code": "SD",
                "is_sakip_unit": True,
                "company_id": company.id,
            }
        )
        with mute_logger("odoo.sql_db"), self.assertRaises(IntegrityError):
            Department.create(
                {"name": "Bidang SD (lama)", "sakip_code": "SD", "company_id": company.id}
            )
        Department.create({"name": "Bidang SD", "sakip_code": "SD", "company_id": other_company.id})


@tagged("post_install", "-at_install", "sakip")
class TestSakipSettings(TransactionCase):
    def test_settings_write_the_company_profile(self):
        company = self.env["res.company"].create({"name": "Dinas Pendidikan Kabupaten Contoh"})
        self.env.user.company_ids = [Command.link(company.id)]
        env = self.env(
            context=dict(
                self.env.context, allowed_company_ids=[company.id], **DISABLED_MAIL_CONTEXT
            )
        )
        head = env["hr.employee"].create({"name": "Kepala", "nip": SEED_NIP})
        recipient = env["res.partner"].create(
            {"name": "Bappedalitbang", "email": "bappedalitbang@contoh.example"}
        )
        calendar = env["resource.calendar"].create({"name": "Jam kerja ASN"})
        settings = Form(env["res.config.settings"])
        settings.sakip_regency = "Pemerintah Kabupaten Contoh"
        settings.sakip_office_name = "Dinas Pendidikan"
        settings.sakip_sign_city = "Kota Contoh"
        settings.sakip_head_employee_id = head
        settings.sakip_regent_name = "Bupati Contoh"
        settings.sakip_regent_title = "Bupati Contoh"
        settings.sakip_recipient_ids.add(recipient)
        settings.sakip_calendar_id = calendar
        settings.sakip_phone = "(0281) 000000"
        settings.save().execute()
        self.assertRecordValues(
            company,
            [
                {
                    "sakip_regency": "Pemerintah Kabupaten Contoh",
                    "sakip_office_name": "Dinas Pendidikan",
                    "sakip_sign_city": "Kota Contoh",
                    "sakip_head_employee_id": head.id,
                    "sakip_regent_name": "Bupati Contoh",
                    "sakip_regent_title": "Bupati Contoh",
                    "sakip_recipient_ids": recipient.ids,
                    "sakip_calendar_id": calendar.id,
                    "phone": "(0281) 000000",
                }
            ],
        )
        self.assertEqual(company._get_sakip_calendar(), calendar)
        company.sakip_calendar_id = False
        self.assertEqual(company._get_sakip_calendar(), company.resource_calendar_id)
