# Copyright 2024 SAKIP Indonesia
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
""" "My work" and the signing screen in the browser: the Sekretaris and the
Kepala Dinas on a phone, the planner on a desktop, each from their home to
their next action."""

from odoo.tests import HttpCase, tagged

from .my_work_common import create_pk_office, run_to_step
from .sop_run_common import MODULE

HOME = f"/odoo/action-{MODULE}.action_sakip_my_work"


@tagged("post_install", "-at_install", "sakip")
class TestMyWorkPhoneTour(HttpCase):
    """The Sekretaris (steps 9 and 10) and the Kepala Dinas (step 11) at 390 x 844."""

    browser_size = "390x844"
    touch_enabled = True

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.office = create_pk_office(cls.env, "Dinas Pekerjaan Saya", "mywork.phone")
        cls.users = cls.office["users"]
        cls.sop_run = run_to_step(cls.office, 9)

    def test_secretary_then_head(self):
        self.start_tour(HOME, "sakip_my_work_tour_secretary", login=self.users["secretary"].login)
        steps = {step.sequence: step for step in self.sop_run.step_ids}
        self.assertEqual(steps[9].done_by_id, self.users["secretary"])
        self.assertEqual(steps[9].note, "Rancangan akhir disetujui")
        steps[10].with_user(self.users["secretary"]).action_done()
        self.start_tour(HOME, "sakip_my_work_tour_head", login=self.users["head"].login)
        pk = self.office["pk"]
        self.assertEqual(pk.state, "signed")
        self.assertEqual(pk.signed_by_id, self.users["head"])
        self.assertTrue(pk.record_attachment_id)
        self.assertEqual(self.sop_run.current_step_id.sequence, 12)


@tagged("post_install", "-at_install", "sakip")
class TestMyWorkDesktopTour(HttpCase):
    """The planner's home on a desktop."""

    browser_size = "1366x900"

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.office = create_pk_office(cls.env, "Dinas Pekerjaan Saya Desktop", "mywork.desk")
        cls.users = cls.office["users"]
        cls.sop_run = run_to_step(cls.office, 2)

    def test_planner(self):
        self.start_tour(HOME, "sakip_my_work_tour_planner", login=self.users["planner"].login)
