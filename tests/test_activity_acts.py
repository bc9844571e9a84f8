# Copyright 2024 SAKIP Indonesia
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""Issue 10, items 3 and 4, through the path a browser uses (a JSON-RPC
``call_kw`` as the logged-in user): marking a bidang's activity done submits
its lines or refuses, and a run does not start without its order."""

import base64

from odoo.tests import HttpCase, tagged

from .collection_common import CollectionCase
from .rpc_common import JsonRpcMixin

USER_ERROR = "odoo.exceptions.UserError"
ACCESS_ERROR = "odoo.exceptions.AccessError"


class RpcMixin(JsonRpcMixin):
    def _call(self, user, model, method, args, kwargs=None):
        """``/web/dataset/call_kw`` as ``user``; returns the JSON response."""
        return self._call_kw_as(user, model, method, args, kwargs)

    def assertRefused(self, response, error, text):
        self.assertIn("error", response, f"accepted: {response.get('result')!r}")
        self.assertEqual(response["error"]["data"]["name"], error)
        self.assertIn(text, response["error"]["data"]["message"])


@tagged("post_install", "-at_install", "sakip")
class TestSubmissionActivityRpc(RpcMixin, CollectionCase, HttpCase):
    """Item 3: a bidang's activity on its submission does what it says."""

    def _smp_activity(self, run):
        smp = self._submission(run, self.dep_smp)
        activity = smp.activity_ids
        self.assertEqual(activity.user_id, self.kabid_smp)
        return smp, activity

    def test_bidang_head_marks_his_activity_done(self):
        run = self._to_collection()
        smp, activity = self._smp_activity(run)
        self._add_indicator(self.dep_smp, name="APM SMP")
        response = self._call(
            self.kabid_smp,
            "mail.activity",
            "action_feedback",
            [activity.ids],
            {"feedback": "Sudah diisi."},
        )
        self.assertNotIn("error", response, response.get("error"))
        self.assertEqual(smp.state, "submitted")
        self.assertEqual(smp.submitted_by_id, self.kabid_smp)
        self.assertFalse(activity.active, "kept as done history, no longer open")
        self.assertFalse(smp.activity_ids)
        self.assertIn("Submitted by Kabid SMP", " ".join(smp.message_ids.mapped("body")))
        # The other bidang has not submitted: the collection waits for it.
        self.assertEqual(self._step(run, 6).state, "in_progress")

    def test_last_bidang_marking_done_completes_the_collection(self):
        run = self._to_collection()
        sd = self._submission(run, self.dep_sd)
        self._add_indicator(self.dep_sd)
        sd.with_user(self.staff_sd).action_submit()
        smp, activity = self._smp_activity(run)
        self._add_indicator(self.dep_smp, name="APM SMP")
        response = self._call(self.kabid_smp, "mail.activity", "action_done", [activity.ids])
        self.assertNotIn("error", response, response.get("error"))
        self.assertEqual(smp.state, "submitted")
        self.assertEqual(self._step(run, 6).state, "done")
        self.assertEqual(run.current_step_id, self._step(run, 7))

    def test_invalid_lines_refuse_and_keep_the_activity(self):
        run = self._to_collection()
        smp, activity = self._smp_activity(run)
        messages = smp.message_ids
        # No line at all.
        response = self._call(self.kabid_smp, "mail.activity", "action_done", [activity.ids])
        self.assertRefused(response, USER_ERROR, "Bidang SMP has no indicator line")
        # A line the Submit button refuses, with the same message.
        self._add_indicator(self.dep_smp, name="APM SMP", uom=False)
        response = self._call(
            self.kabid_smp, "mail.activity", "action_feedback", [activity.ids], {"feedback": "x"}
        )
        self.assertRefused(response, USER_ERROR, "Indicator “APM SMP”: Unit is required.")
        self.assertEqual(smp.state, "pending")
        self.assertFalse(smp.submitted_by_id)
        self.assertTrue(activity.exists() and activity.active, "the activity stays open")
        self.assertEqual(smp.activity_ids, activity)
        self.assertEqual(smp.message_ids, messages, "nothing logged")

    def test_someone_else_is_refused(self):
        run = self._to_collection()
        smp, activity = self._smp_activity(run)
        self._add_indicator(self.dep_smp, name="APM SMP")
        # Another bidang's user, and a planner (who submits with the Submit button).
        response = self._call(self.staff_sd, "mail.activity", "action_done", [activity.ids])
        self.assertIn("error", response)
        self.assertEqual(response["error"]["data"]["name"], ACCESS_ERROR)
        response = self._call(self.users["planner"], "mail.activity", "action_done", [activity.ids])
        self.assertRefused(response, ACCESS_ERROR, "Only Kabid SMP, to whom it is assigned")
        self.assertEqual(smp.state, "pending")
        self.assertTrue(activity.active)

    def test_returned_submission_activity_submits_again(self):
        run = self._to_collection()
        smp, activity = self._smp_activity(run)
        self._add_indicator(self.dep_smp, name="APM SMP")
        self._call(self.kabid_smp, "mail.activity", "action_done", [activity.ids])
        smp.with_user(self.users["planner"]).action_return("Target terlalu rendah.")
        returned = smp.activity_ids
        self.assertEqual(returned.user_id, self.kabid_smp)
        response = self._call(self.kabid_smp, "mail.activity", "action_done", [returned.ids])
        self.assertNotIn("error", response, response.get("error"))
        self.assertEqual(smp.state, "submitted")
        self.assertFalse(smp.activity_ids)


@tagged("post_install", "-at_install", "sakip")
class TestRunOrderRpc(RpcMixin, CollectionCase, HttpCase):
    """Item 4: step 1 needs its order (the disposition, written or scanned)."""

    def _draft_run(self):
        self.pk.with_user(self.users["head"]).action_start_sop_run()
        run = self.pk.sop_run_ids
        self.assertEqual(run.state, "draft")
        return run

    def test_no_start_without_the_disposition(self):
        head = self.users["head"]
        run = self._draft_run()
        for text in (False, "<p><br></p>", "<p> &nbsp; </p>"):
            with self.subTest(text=text):
                self._call(head, "sakip.sop.run", "write", [run.ids, {"start_text": text}])
                response = self._call(head, "sakip.sop.run", "action_start", [run.ids])
                self.assertRefused(response, USER_ERROR, "cannot start without its order")
                self.assertEqual(run.state, "draft")
                self.assertFalse(run.step_ids)
        self._call(head, "sakip.sop.run", "write", [run.ids, {"start_text": "<p>Susun PK.</p>"}])
        response = self._call(head, "sakip.sop.run", "action_start", [run.ids])
        self.assertNotIn("error", response, response.get("error"))
        self.assertEqual(run.state, "running")
        first = run.step_ids.filtered(lambda s: s.sequence == 1)
        self.assertEqual(first.state, "done")
        self.assertIn("Susun PK.", first.note)

    def test_a_scanned_disposition_is_enough(self):
        head = self.users["head"]
        run = self._draft_run()
        scan = base64.b64encode(b"%PDF-1.4 disposisi").decode()
        self._call(
            head,
            "sakip.sop.run",
            "write",
            [run.ids, {"start_file": scan, "start_filename": "disposisi.pdf"}],
        )
        response = self._call(head, "sakip.sop.run", "action_start", [run.ids])
        self.assertNotIn("error", response, response.get("error"))
        self.assertEqual(run.state, "running")
        first = run.step_ids.filtered(lambda s: s.sequence == 1)
        self.assertIn(run.start_attachment_id, first.attachment_ids)

    def test_message_is_indonesian(self):
        self.env["res.lang"]._activate_lang("id_ID")
        self.env["ir.module.module"]._load_module_terms(
            ["sakip_penetapan_kinerja"], ["id_ID"], overwrite=True
        )
        run = self._draft_run()
        response = self._call(
            self.users["head"],
            "sakip.sop.run",
            "action_start",
            [run.ids],
            {"context": {"lang": "id_ID", "allowed_company_ids": self.company.ids}},
        )
        self.assertIn("error", response)
        self.assertIn("tidak dapat dimulai tanpa perintahnya", response["error"]["data"]["message"])
