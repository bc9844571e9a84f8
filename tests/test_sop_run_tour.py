# Copyright 2024 SAKIP Indonesia
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo.tests import HttpCase, tagged

from .sop_run_common import create_office

MODULE = "sakip_penetapan_kinerja"


class SopRunTourCase(HttpCase):
    """A run of the SOP waiting at step 9 (the Sekretaris's correction)."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        office = create_office(
            cls.env,
            "Dinas Pendidikan Tur",
            "tour.run",
            roles={
                "head": f"{MODULE}.group_sakip_head",
                "secretary": f"{MODULE}.group_sakip_secretary",
                "planner": f"{MODULE}.group_sakip_planner",
            },
        )
        cls.users = office["users"]
        # The meeting (its planning, its outputs) is not what this tour is about.
        office["sop"].step_ids.output_ids.unlink()
        office["sop"].step_ids.filtered(lambda s: s.kind == "meeting_invite").kind = "generic"
        cls.sop_run = (
            cls.env["sakip.sop.run"]
            .with_user(cls.users["head"])
            .create({"sop_id": office["sop"].id, "company_id": office["company"].id})
        )
        cls.sop_run.write({"start_text": "<p>Susun PK sesuai SOP.</p>"})
        cls.sop_run.action_start()
        while cls.sop_run.current_step_id.sequence < 9:
            cls.sop_run.current_step_id.with_user(cls.users["planner"]).action_done()


@tagged("post_install", "-at_install", "sakip")
class TestSopRunViewsTour(SopRunTourCase):
    """The run kanban, form and step analysis in a desktop browser."""

    def test_views(self):
        self.start_tour(
            f"/odoo/action-{MODULE}.action_sakip_sop_run",
            "sakip_sop_run_views_tour",
            login=self.users["planner"].login,
        )


@tagged("post_install", "-at_install", "sakip")
class TestSopRunTour(SopRunTourCase):
    """Steps 9-11 in the browser, on a phone, as the Sekretaris and the Kepala Dinas."""

    browser_size = "375x667"
    touch_enabled = True

    def test_steps_9_to_11_on_a_phone(self):
        url = f"/odoo/action-{MODULE}.action_sakip_sop_run/{self.sop_run.id}"
        self.start_tour(url, "sakip_sop_run_tour_secretary", login=self.users["secretary"].login)
        self.start_tour(url, "sakip_sop_run_tour_head", login=self.users["head"].login)
        steps = {step.sequence: step for step in self.sop_run.step_ids}
        self.assertEqual(steps[9].done_by_id, self.users["secretary"])
        self.assertEqual(steps[9].note, "Rancangan akhir disetujui")
        self.assertEqual(steps[10].done_by_id, self.users["secretary"])
        self.assertEqual(steps[11].done_by_id, self.users["head"])
        self.assertEqual(steps[11].note, "Ditandatangani")
        self.assertEqual(self.sop_run.current_step_id, steps[12])
        self.assertEqual(self.sop_run.activity_ids.user_id, self.users["planner"])
