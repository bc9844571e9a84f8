# Copyright 2024 SAKIP Indonesia
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
""" "My work": each user's own open items (steps, their bidang's submissions,
letters to sign), overdue first, in a number of queries that does not grow
with the number of items."""

from freezegun import freeze_time

from odoo.tests import tagged

from .collection_common import CollectionCase
from .sop_run_common import local


@tagged("post_install", "-at_install", "sakip")
class TestMyWork(CollectionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.head_employee.user_id = cls.users["head"]
        cls.letter_type = cls.env["sakip.letter.type"].create(
            {
                "name": "Surat Pengantar",
                "code": "cover_letter",
                "company_id": cls.company.id,
                "pattern": "{code}/{seq}/{year}",
                "classification_code": "000.8.3.3",
            }
        )

    def _work(self, user):
        self.env.invalidate_all()
        return self.env["sakip.my.work"].with_user(user).sakip_get_my_work()

    def _keys(self, user):
        return [item["key"] for item in self._work(user)["items"]]

    def _issue(self, subject):
        return self.letter_type.with_user(self.users["planner"])._sakip_issue(
            {
                "subject": subject,
                "addressee_text": "Kepala Bappedalitbang",
                "signer_employee_id": self.head_employee.id,
            }
        )

    def test_root_menu_lands_on_my_work(self):
        root = self.env.ref("sakip_penetapan_kinerja.menu_sakip_root")
        self.assertEqual(root.action, self.env.ref("sakip_penetapan_kinerja.action_sakip_my_work"))

    def test_steps_of_the_user(self):
        run = self._start()
        step = self._step(run, 2)
        items = self._work(self.users["planner"])["items"]
        self.assertEqual([item["key"] for item in items], [f"step-{step.id}"])
        item = items[0]
        self.assertEqual(item["open_model"], "sakip.sop.run")
        self.assertEqual(item["open_id"], run.id)
        self.assertEqual(item["act_method"], "action_open_done_wizard")
        self.assertEqual(item["act_id"], step.id)
        self.assertIn(run.name, item["subtitle"])
        self.assertTrue(item["deadline"])
        for role in ("head", "secretary", "staff"):
            with self.subTest(role=role):
                self.assertEqual(self._keys(self.users[role]), [])

    def test_submissions_of_the_bidang_only(self):
        run = self._to_collection()
        sd, smp = self._submission(run, self.dep_sd), self._submission(run, self.dep_smp)
        self.assertEqual(self._keys(self.staff_sd), [f"submission-{sd.id}"])
        self.assertEqual(self._keys(self.kabid_smp), [f"submission-{smp.id}"])
        item = self._work(self.staff_sd)["items"][0]
        self.assertEqual(item["title"], "Bidang SD")
        self.assertFalse(item["act_method"], "the submission's form is where it is filled")
        self.assertEqual(item["deadline_type"], "date")
        # Submitted: no longer open work.
        sd.sudo()._sakip_workflow_write({"state": "submitted"})
        self.assertEqual(self._keys(self.staff_sd), [])

    def test_letters_to_sign(self):
        letter = self._issue("Penyampaian Perjanjian Kinerja")
        self.assertEqual(self._keys(self.users["head"]), [f"letter-{letter.id}"])
        item = self._work(self.users["head"])["items"][0]
        self.assertEqual(item["act_method"], "action_open_signing_screen")
        self.assertEqual(item["title"], "Penyampaian Perjanjian Kinerja")
        for role in ("planner", "secretary"):
            with self.subTest(role=role):
                self.assertNotIn(f"letter-{letter.id}", self._keys(self.users[role]))
        letter.with_user(self.users["head"]).action_sign()
        self.assertEqual(self._keys(self.users["head"]), [])

    def test_overdue_first(self):
        # Monday 2 February 2026 in the office: step 2 (4 h) of a run started
        # at 08:00 is due at 12:00; a letter issued at 14:30 is due today.
        with freeze_time(local(2026, 2, 2, 8, 0)):
            run = self._start()
        self.head_employee.user_id = self.users["planner"]
        with freeze_time(local(2026, 2, 2, 14, 30)):
            letter = self._issue("Undangan rapat")
            work = self._work(self.users["planner"])
        step = self._step(run, 2)
        self.assertEqual(
            [item["key"] for item in work["items"]], [f"step-{step.id}", f"letter-{letter.id}"]
        )
        self.assertEqual(work["overdue_count"], 1)
        overdue, on_time = work["items"]
        self.assertTrue(overdue["overdue"])
        # 12:00 -> 14:30 with the 12-13 break: 1 h 30 min of working time late.
        self.assertEqual(overdue["late"], "1 h 30 min late")
        self.assertFalse(on_time["overdue"])
        self.assertEqual(on_time["late"], "")

    def test_query_count_is_flat(self):
        """The queries do not grow with the number of items."""
        planner = self.users["planner"]
        self.head_employee.user_id = planner
        run = self._start()
        self._issue("Surat 1")
        self.env["sakip.my.work"].with_user(planner).sakip_get_my_work()  # warm the caches
        self.env.invalidate_all()
        before = self.cr.sql_log_count
        self.assertEqual(len(self._work(planner)["items"]), 2)
        queries = self.cr.sql_log_count - before
        for number in range(2, 7):
            self._issue(f"Surat {number}")
        self.env.invalidate_all()
        with self.assertQueryCount(queries):
            work = self.env["sakip.my.work"].with_user(planner).sakip_get_my_work()
        self.assertEqual(len(work["items"]), 7)
        self.assertIn(f"step-{self._step(run, 2).id}", [item["key"] for item in work["items"]])
