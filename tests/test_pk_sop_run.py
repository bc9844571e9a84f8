# Copyright 2024 SAKIP Indonesia
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
import logging

from odoo import Command
from odoo.exceptions import AccessError, UserError
from odoo.tests import TransactionCase, tagged

from .sop_run_common import create_office

_logger = logging.getLogger(__name__)

PLANNER_STEPS = (2, 3, 4, 5, 6, 7, 8)


@tagged("post_install", "-at_install", "sakip")
class TestPkSopRun(TransactionCase):
    """The performance agreement as the document of its SOP run."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env = cls.env(context=dict(cls.env.context, lang="en_US"))
        office = create_office(cls.env, "Dinas Pendidikan Klien", "pkrun")
        cls.company, cls.users = office["company"], office["users"]
        # The meeting (steps 4-5: its planning, its minutes) is not what these
        # tests are about (see test_sop_run_meeting).
        office["sop"].step_ids.filtered(lambda s: s.sequence == 4).kind = "generic"
        office["sop"].step_ids.filtered(lambda s: s.sequence == 5).output_ids.unlink()
        cls.env = cls.env(context=dict(cls.env.context, allowed_company_ids=cls.company.ids))

    def _pk(self, name, lines):
        employee = self.env["hr.employee"].create({"name": name, "company_id": self.company.id})
        return self.env["sakip.pk"].create(
            {
                "fiscal_year": 2026,
                "level": "echelon_3",
                "company_id": self.company.id,
                "first_party_id": employee.id,
                "indicator_ids": [
                    Command.create(
                        {"objective": "Meningkatnya mutu", "name": f"Indikator {i}", "target": i}
                    )
                    for i in range(1, lines + 1)
                ],
            }
        )

    def _start(self, pk):
        head = self.users["head"]
        pk.with_user(head).action_start_sop_run()
        run = pk.sop_run_ids
        self.assertEqual(len(run), 1)
        self.assertEqual((run.res_model, run.res_id), ("sakip.pk", pk.id))
        run.with_user(head).write({"start_text": "<p>Susun PK 2026.</p>"})
        run.with_user(head).action_start()
        return run

    def _step(self, run, number):
        return run.step_ids.filtered(lambda s: s.sequence == number).sorted("iteration")[-1:]

    def _do(self, run, number, role):
        self._step(run, number).with_user(self.users[role]).action_done()

    def _to_review(self, run):
        for number in PLANNER_STEPS:
            self._do(run, number, "planner")

    def test_run_drives_the_agreement(self):
        pk = self._pk("Kabid Klien", lines=3)
        run = self._start(pk)
        with self.assertRaises(UserError):  # one unfinished run per agreement
            pk.with_user(self.users["head"]).action_start_sop_run()
        self.assertEqual(pk.state, "draft")
        self._to_review(run)
        self.assertEqual(pk.state, "in_review", "the Sekretaris's correction started")
        # Sent back to drafting: a draft again, and in review when step 9 comes back.
        self._step(run, 9).with_user(self.users["secretary"]).action_send_back("Target SD")
        self.assertEqual(pk.state, "draft")
        self._do(run, 8, "planner")
        self.assertEqual(pk.state, "in_review")
        self._do(run, 9, "secretary")
        self.assertEqual(pk.state, "final")
        self._do(run, 10, "secretary")
        self._do(run, 11, "head")
        self.assertEqual(pk.state, "signed")
        self.assertEqual(pk.signed_by_id, self.users["head"])
        self.assertEqual(pk.signed_at, self._step(run, 11).date_done)
        self.assertTrue(pk.sign_date)
        # Signed: frozen; changes need a PK Perubahan.
        with self.assertRaises(UserError):
            pk.with_user(self.users["planner"]).write({"sign_place": "Banyumas"})
        with self.assertRaises(UserError):
            pk.indicator_ids[0].with_user(self.users["planner"]).write({"target": 99})
        self.assertEqual(pk.indicator_ids[0].target, 1)

    def test_empty_draft_cannot_be_accepted(self):
        pk = self._pk("Kabid Kosong", lines=0)
        run = self._start(pk)
        self._to_review(run)
        step = self._step(run, 9)
        with self.assertRaises(UserError) as caught:
            step.with_user(self.users["secretary"]).action_done()
        self.assertIn("has no indicators yet", str(caught.exception))
        self.assertEqual(step.state, "in_progress")
        self.assertEqual(pk.state, "in_review")

    def _completion_queries(self, name, lines):
        """Queries of completing step 9 (and routing step 10) of a new run."""
        pk = self._pk(f"Kabid {name}", lines=lines)
        run = self._start(pk)
        self._to_review(run)
        step = self._step(run, 9).with_user(self.users["secretary"])
        self.env.flush_all()
        self.env.invalidate_all()
        before = self.env.cr.sql_log_count
        step.action_done()
        self.env.flush_all()
        self.assertEqual(pk.state, "final")
        return self.env.cr.sql_log_count - before

    def test_step_cost_does_not_grow_with_the_lines(self):
        """Completing a step and routing the next costs the same number of
        queries for an agreement of 5 and of 500 indicator lines.

        A first completion fills the caches filled once (groups, templates);
        each size is then measured twice and the smaller count kept: a cost
        per line would show in both measures."""
        self._completion_queries("warm-up", 1)
        counts = {
            lines: min(self._completion_queries(f"{lines}-{i}", lines) for i in range(2))
            for lines in (5, 500)
        }
        _logger.info("SOP step completion queries (lines: count): %s", counts)
        self.assertEqual(counts[5], counts[500], counts)

    def test_cover_letter_signed_by_the_kepala_before_sending(self):
        """Step 12 numbers the cover letter in the Kepala's name; step 14
        cannot send it before the Kepala signs. Refused, it is cancelled with
        its number kept, and a new one is issued."""
        self.company.sakip_head_employee_id = self.env["hr.employee"].create(
            {
                "name": "Kepala Dinas Klien",
                "company_id": self.company.id,
                "user_id": self.users["head"].id,
            }
        )
        self.env["sakip.letter.type"].create(
            {
                "name": "Surat Pengantar",
                "code": "cover_letter",
                "company_id": self.company.id,
                "pattern": "{code}/{seq}/{year}",
                "classification_code": "000.8.3.3",
            }
        )
        pk = self._pk("Kabid Pengantar", lines=1)
        run = self._start(pk)
        self._to_review(run)
        for number, role in ((9, "secretary"), (10, "secretary"), (11, "head")):
            self._do(run, number, role)
        # The Kepala must be able to sign: refused before step 12 closes, named.
        kepala = self.company.sakip_head_employee_id
        kepala.user_id = False
        with self.assertRaises(UserError) as caught:
            self._do(run, 12, "planner")
        self.assertIn("Kepala Dinas Klien signs the cover letter", str(caught.exception))
        self.assertEqual(self._step(run, 12).state, "in_progress")
        self.assertFalse(pk.cover_letter_id)
        kepala.user_id = self.users["head"]
        self._do(run, 12, "planner")
        letter = pk.cover_letter_id
        self.assertEqual(letter.state, "to_sign")
        self.assertEqual(letter.activity_ids.user_id, self.users["head"])
        self._step(run, 13).with_user(self.users["planner"]).action_done(quantity=2)
        step_14 = self._step(run, 14)
        with self.assertRaises(UserError) as caught:
            step_14.with_user(self.users["planner"]).action_done()
        self.assertIn(
            f"cover letter {letter.name} is signed by Kepala Dinas Klien", str(caught.exception)
        )
        # Refused by the Kepala: cancelled, number kept; the step still refuses.
        letter.with_user(self.users["head"])._sakip_refuse("Lampiran belum lengkap")
        self.assertEqual(letter.state, "cancelled")
        with self.assertRaises(UserError) as caught:
            step_14.with_user(self.users["planner"]).action_done()
        self.assertIn("is cancelled (Lampiran belum lengkap)", str(caught.exception))
        self.assertEqual(step_14.state, "in_progress")
        # A new cover letter, by who may do step 12 only.
        with self.assertRaises(AccessError):
            pk.with_user(self.users["staff"]).action_new_cover_letter()
        pk.with_user(self.users["planner"]).action_new_cover_letter()
        new_letter = pk.cover_letter_id
        self.assertNotEqual(new_letter, letter)
        self.assertEqual(new_letter.seq_number, letter.seq_number + 1)
        self.assertEqual((letter.state, new_letter.state), ("cancelled", "to_sign"))
        with self.assertRaises(UserError):
            pk.with_user(self.users["planner"]).action_new_cover_letter()
        new_letter.with_user(self.users["head"]).action_sign()
        self.assertTrue(new_letter.record_attachment_id)
        self.assertIn(new_letter.record_attachment_id, self._step(run, 12).attachment_ids)
        # Signed: what stops the sending now is the recipients' setting.
        with self.assertRaises(UserError) as caught:
            step_14.with_user(self.users["planner"]).action_done()
        self.assertIn("No recipient", str(caught.exception))
