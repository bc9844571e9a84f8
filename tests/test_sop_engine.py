# Copyright 2024 SAKIP Indonesia
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from unittest.mock import patch

from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import freeze_time, tagged

from .sop_engine_common import CLIENT, SopEngineCase
from .sop_run_common import local


@tagged("post_install", "-at_install", "sakip")
class TestSopEngine(SopEngineCase):
    """The engine on its test-only client: routing, permissions, send-backs,
    skip and the lock, without the agreement."""

    def _step(self, run, number):
        return run.step_ids.filtered(lambda s: s.sequence == number).sorted("iteration")[-1:]

    def _started(self):
        run = self._run()
        with freeze_time(local(2026, 3, 2, 8, 0)):
            run.with_user(self.users["head"]).action_start()
        return run

    def test_handler_tables(self):
        """Every client's table names existing handlers of known events and
        kinds; a typo fails loudly."""
        clients = self.env["sakip.sop"]._selection_res_model()
        self.assertIn(CLIENT, dict(clients))
        self.assertIn("sakip.pk", dict(clients))
        for model, _label in clients:
            with self.subTest(model=model):
                table = self.env[model]._sop_handlers()
                for kind, handlers in self.env[model]._sop_kind_handlers().items():
                    for event, name in handlers.items():
                        self.assertTrue(callable(getattr(self.env[model], name, None)), name)
                        self.assertEqual(table[kind][event].__name__, name)
        Document = type(self.Document)
        for bad in (
            {"review": {"done": "_sop_done_reviw"}},
            {"review": {"finished": "_sop_done_review"}},
            {"no_such_kind": {"done": "_sop_done_review"}},
        ):
            with (
                self.subTest(table=bad),
                patch.object(Document, "_sop_kind_handlers", lambda self, bad=bad: bad),
                self.assertRaises(ValueError),
            ):
                self.Document._sop_handlers()

    def test_unhandled_kind_refused(self):
        """An SOP in force whose step kind neither the engine nor its document
        model handles is refused, naming the step."""
        step = self.sop.step_ids.sorted("sequence")[2]
        with self.assertRaises(ValidationError) as caught:
            step.kind = "collection"
        self.assertIn("Print the copies", str(caught.exception))
        draft = self.sop.copy({"is_current": False, "number": "ENG/2"})
        draft.step_ids.sorted("sequence")[2].kind = "collection"  # not in force: allowed
        with self.assertRaises(ValidationError) as caught:
            draft.write({"is_current": True, "code": "engine_test_2"})
        self.assertIn("Print the copies", str(caught.exception))
        draft.write({"res_model": "sakip.pk", "is_current": True, "code": "engine_test_2"})
        self.assertTrue(draft.is_current)

    def test_numbering_per_sop(self):
        run = self._run()
        self.assertRegex(run.name, r"^ENGINE_TEST/\d{4}/0001$")
        self.assertEqual(self._run().name, run.name[:-1] + "2")
        self.assertTrue(self.sop.sequence_id)
        # A new version of the procedure goes on with the same numbers.
        version = self.sop.copy(
            {"number": "ENG/1-1", "version": 1, "is_current": False, "sequence_id": False}
        )
        self.assertEqual(version._sop_next_run_name(), run.name[:-1] + "3")
        self.assertEqual(version.sequence_id, self.sop.sequence_id)
        # The agreement's SOP keeps the numbers of its first release.
        seed = self.env.ref("sakip_penetapan_kinerja.sop_penyusunan_pk")
        self.assertEqual(seed.sequence_id.prefix, "PPK/%(year)s/")
        self.assertEqual(
            seed.sequence_id, self.env.ref("sakip_penetapan_kinerja.seq_sakip_sop_run")
        )

    def test_routing_and_permissions(self):
        head, secretary = self.users["head"], self.users["secretary"]
        run = self._run()
        for role in ("secretary", "planner", "staff", "outsider"):
            with self.subTest(role=role), self.assertRaises(AccessError):
                run.with_user(self.users[role]).action_start()
        with freeze_time(local(2026, 3, 2, 8, 0)):
            run.with_user(head).action_start()
        first = self._step(run, 1)
        self.assertEqual((run.state, first.state), ("running", "in_progress"))
        self.assertEqual(first.user_ids, head, "the actor's users, not the admin")
        self.assertEqual(first.activity_ids.user_id, head)
        self.assertEqual(first.activity_ids[0].summary, "Write the draft")
        self.assertEqual(first.date_deadline, local(2026, 3, 2, 12, 0), "4 working hours")
        # Others may not do it; nothing changes.
        for role in ("secretary", "staff", "planner", "outsider"):
            with self.subTest(role=role), self.assertRaises(AccessError) as caught:
                first.with_user(self.users[role]).action_done()
            self.assertNotIn("step 1", str(caught.exception))
        # The required output first.
        with self.assertRaises(UserError) as caught:
            first.with_user(head).action_done()
        self.assertIn("outputs: Draft.", str(caught.exception))
        self.assertEqual(first.state, "in_progress")
        with freeze_time(local(2026, 3, 2, 9, 0)):
            first.with_user(head).action_done(outputs={"Draft": self._upload().id})
        self.assertEqual((first.state, first.done_by_id), ("done", head))
        self.assertEqual(first.attachment_ids.name, "Draft.pdf")
        self.assertFalse(first.activity_ids)
        review = self._step(run, 2)
        document = self.Document.browse(run.res_id)
        self.assertEqual((review.state, review.user_ids), ("in_progress", secretary))
        self.assertEqual(document.state, "review", "the client's started handler")
        self.assertEqual(run.current_step_id, review)
        self.assertTrue(run.with_user(secretary).can_act)
        self.assertFalse(run.with_user(head).can_act)
        # The client's check refuses; nothing changes.
        document.ready = False
        with self.assertRaises(UserError):
            review.with_user(secretary).action_done()
        self.assertEqual(review.state, "in_progress")
        document.ready = True
        review.with_user(secretary).action_done()
        self.assertEqual(document.state, "approved")
        self.assertIn("“Review the draft” done by", run.message_ids[0].body)

    def test_send_back(self):
        head, secretary = self.users["head"], self.users["secretary"]
        run = self._started()
        first = self._step(run, 1)
        with self.assertRaises(UserError) as caught:
            first.with_user(head).action_send_back("No")
        self.assertIn("cannot send back", str(caught.exception))
        first.with_user(head).action_done(outputs={"Draft": self._upload().id})
        review = self._step(run, 2)
        self.assertTrue(review.with_user(secretary).can_send_back)
        with self.assertRaises(UserError):
            review.with_user(secretary).action_send_back("  ")
        with self.assertRaises(AccessError):
            review.with_user(self.users["planner"]).action_send_back("Not mine")
        review.with_user(secretary).action_send_back("Targets missing")
        document = self.Document.browse(run.res_id)
        self.assertEqual(review.state, "sent_back")
        self.assertEqual((document.state, document.sent_back_reasons), ("draft", "Targets missing"))
        again = self._step(run, 1)
        self.assertEqual((again.iteration, again.state), (2, "in_progress"))
        self.assertIn("Targets missing", again.returned_reason)
        self.assertFalse(
            [slot for slot in again.output_slots if slot.get("attachment_id")],
            "the new pass gives its draft again",
        )
        self.assertEqual(run.send_back_count, 1)
        self.assertEqual(self._step(run, 2).state, "waiting")
        again.with_user(head).action_done(outputs={"Draft": self._upload().id})
        self.assertEqual(self._step(run, 2).iteration, 2)
        self.assertEqual(document.state, "review")

    def test_quantity_skip_and_finish(self):
        head, secretary, admin = (self.users[r] for r in ("head", "secretary", "admin"))
        run = self._started()
        self._step(run, 1).with_user(head).action_done(outputs={"Draft": self._upload().id})
        review = self._step(run, 2)
        # Skipping is the administrators' only, with a reason.
        with self.assertRaises(AccessError):
            review.with_user(secretary).action_skip("Holiday")
        with self.assertRaises(UserError):
            review.with_user(admin).action_skip("")
        review.with_user(admin).action_skip("The reviewer is away")
        self.assertEqual((review.state, review.skip_reason), ("skipped", "The reviewer is away"))
        document = self.Document.browse(run.res_id)
        self.assertEqual(document.state, "review", "a skipped review approves nothing")
        copies = self._step(run, 3)
        for quantity in (None, 0, -2, True, 1.5):
            with self.subTest(quantity=quantity), self.assertRaises(UserError) as caught:
                copies.with_user(head).action_done(quantity=quantity)
            self.assertIn("Number of copies", str(caught.exception))
        copies.with_user(head).action_done(quantity=3)
        self.assertEqual((copies.quantity, document.copy_count), (3, 3))
        self.assertEqual(run.state, "done")
        self.assertFalse(run.active, "archived")
        # Finished: nothing moves any more.
        with self.assertRaises(UserError):
            copies.with_user(admin).action_done(quantity=1)

    def test_the_lock(self):
        """A started run and its steps change through the transitions only."""
        head, admin = self.users["head"], self.users["admin"]
        run = self._run()
        run.with_user(head).write({"fiscal_year": 2027})
        run.with_user(head).action_start()
        with self.assertRaises(UserError):
            run.with_user(admin).write({"fiscal_year": 2028})
        first = self._step(run, 1)
        with self.assertRaises(UserError):
            first.with_user(admin).write({"state": "done"})
        with self.assertRaises(AccessError):
            self.env["sakip.sop.run.step"].with_user(admin).create({"run_id": run.id})
        with self.assertRaises(UserError):
            run.with_user(admin).unlink()
        with self.assertRaises(UserError):
            self._run(self.Document.browse(run.res_id))
        self.assertEqual(first.state, "in_progress")
        # A second transition on the same step refuses clearly.
        first.with_user(head).action_done(outputs={"Draft": self._upload().id})
        with self.assertRaises(UserError) as caught:
            first.with_user(head).action_done()
        self.assertIn("is not in progress", str(caught.exception))

    def _notices(self, after):
        self.env.invalidate_all()
        return self.env["mail.message"].search(
            [("message_type", "=", "user_notification"), ("id", ">", after)]
        )

    def test_step_notice_is_the_editable_template(self):
        """The next step's assignees are told by the administrators' template,
        as edited, in the assignee's language; not the user who acted."""
        head, secretary = self.users["head"], self.users["secretary"]
        template = self.env.ref("sakip_penetapan_kinerja.mail_template_sakip_step_assigned")
        self.assertEqual(template.model, "sakip.sop.run.step")
        template.subject = "To do in {{ object.run_id.name }}: {{ object.name }}"
        run = self._started()
        last = self.env["mail.message"].search([], order="id desc", limit=1).id
        self._step(run, 1).with_user(head).action_done(outputs={"Draft": self._upload().id})
        sent = self._notices(last)
        self.assertEqual(sent.partner_ids, secretary.partner_id)
        self.assertEqual(sent.subject, f"To do in {run.name}: Review the draft")
        self.assertIn("Review the draft", sent.body)
        # In Indonesian for an Indonesian assignee: the shipped translation.
        self.env["res.lang"]._activate_lang("id_ID")
        self.env["ir.module.module"]._load_module_terms(
            ["sakip_penetapan_kinerja"], ["id_ID"], overwrite=True
        )
        head.lang = "id_ID"
        last = self.env["mail.message"].search([], order="id desc", limit=1).id
        self._step(run, 2).with_user(secretary).action_done()
        sent = self._notices(last)
        self.assertEqual(sent.partner_ids, head.partner_id)
        self.assertEqual(sent.subject, f"{run.display_name}: “Print the copies” menjadi tugas Anda")
