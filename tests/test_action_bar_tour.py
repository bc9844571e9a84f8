# Copyright 2024 SAKIP Indonesia
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""Each role's next action is a visible header button, on a phone (390x844,
without opening ⚙) and on a desktop, and the buttons a role may not use are
not offered (static/tests/tours/sakip_action_bar_tour.js)."""

from odoo.tests import HttpCase, tagged

from .collection_common import CollectionCase
from .test_sop_run_tour import MODULE, SopRunTourCase


@tagged("post_install", "-at_install", "sakip")
class TestActionBarRunPhoneTour(SopRunTourCase):
    """The Sekretaris and the Kepala Dinas on a phone, on a run at step 9."""

    browser_size = "390x844"
    touch_enabled = True

    def test_secretary_and_head(self):
        url = f"/odoo/action-{MODULE}.action_sakip_sop_run/{self.sop_run.id}"
        # Step 9 is the Sekretaris's: nothing for the Kepala, and no New, Archive...
        self.start_tour(url, "sakip_action_bar_not_mine", login=self.users["head"].login)
        self.start_tour(url, "sakip_action_bar_secretary", login=self.users["secretary"].login)
        step_9 = self.sop_run.step_ids.filtered(lambda step: step.sequence == 9)
        self.assertEqual(step_9.done_by_id, self.users["secretary"])
        self.assertEqual(step_9.note, "Dikerjakan dari tombol")
        self.sop_run.current_step_id.with_user(self.users["secretary"]).action_done()
        self.assertEqual(self.sop_run.current_step_id.sequence, 11)
        # Step 11 is the Kepala's: his Done is at thumb's reach.
        self.start_tour(url, "sakip_action_bar_head", login=self.users["head"].login)
        self.assertEqual(self.sop_run.current_step_id.sequence, 12)


class ActionBarCollectionTour(HttpCase, CollectionCase):
    """The planner and a bidang head at the collection (step 6)."""

    def _run_tours(self):
        self._add_indicator(self.dep_sd)
        run = self._to_collection()
        submission = self._submission(run, self.dep_sd)
        self.start_tour(
            f"/odoo/action-{MODULE}.action_sakip_pk/{self.pk.id}",
            "sakip_action_bar_planner_agreement",
            login=self.users["planner"].login,
        )
        self.start_tour(
            f"/odoo/action-{MODULE}.action_sakip_pk_submission/{submission.id}",
            "sakip_action_bar_bidang_submission",
            login=self.staff_sd.login,
        )
        self.start_tour(
            f"/odoo/action-{MODULE}.action_sakip_pk/{self.pk.id}",
            "sakip_action_bar_bidang_agreement",
            login=self.staff_sd.login,
        )
        self.assertEqual(submission.state, "pending")


@tagged("post_install", "-at_install", "sakip")
class TestActionBarCollectionDesktopTour(ActionBarCollectionTour):
    def test_planner_and_bidang_head(self):
        self._run_tours()
        self.start_tour(
            f"/odoo/action-{MODULE}.action_sakip_pk_program/new",
            "sakip_action_bar_bidang_programme",
            login=self.staff_sd.login,
        )


@tagged("post_install", "-at_install", "sakip")
class TestActionBarCollectionPhoneTour(ActionBarCollectionTour):
    browser_size = "390x844"
    touch_enabled = True

    def test_planner_and_bidang_head(self):
        self._run_tours()
