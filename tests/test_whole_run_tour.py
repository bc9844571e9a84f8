# Copyright 2024 SAKIP Indonesia
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""The human part of a whole run of the agreement's SOP in the browser
(static/tests/tours/sakip_whole_run_tour.js), each segment as the user whose
turn it is, from their home ("My work"): the Kepala Dinas and the Sekretaris
at phone size, the planner and the bidang on a desktop. Every step is done
in the browser; nothing is advanced server-side. The server time of every
request is read from Odoo's request log and the slowest one is logged."""

import logging
import re

from odoo.tests import HttpCase, tagged

from .collection_common import CollectionCase
from .sop_run_common import MODULE
from .test_pk_collection_import import INDICATORS, PROGRAMS

_logger = logging.getLogger(__name__)

HOME = f"/odoo/action-{MODULE}.action_sakip_my_work"
PHONE = ("390x844", True)
DESKTOP = ("1366x900", False)
#: Requests that are not a page or a call a user waits for: compiled assets,
#: files, the websocket (held open by the bus).
NOT_A_PAGE = re.compile(r" /(web/assets|web/static|[a-z_]+/static|web/image|favicon|websocket)")
ANSI = re.compile(r"\x1b\[[0-9;]*m")


class RequestTimes(logging.Handler):
    """Collects the server time of each request from the werkzeug log line
    ("<request line>" <status> - <queries> <query time> <other time>)."""

    def __init__(self):
        super().__init__(logging.INFO)
        self.times = []

    def emit(self, record):
        perf = ANSI.sub("", str(getattr(record, "perf_info", ""))).split()
        if len(perf) < 3 or not record.args:
            return
        try:
            ms = (float(perf[1]) + float(perf[2])) * 1000
        except ValueError:
            return
        request_line = ANSI.sub("", str(record.args[0]))
        if not NOT_A_PAGE.search(request_line):
            self.times.append((ms, request_line))


@tagged("post_install", "-at_install", "sakip")
class TestWholeRunTour(HttpCase, CollectionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # One bidang collects (Bidang SMP is not a SAKIP unit here).
        cls.dep_smp.is_sakip_unit = False
        cls.head_employee.user_id = cls.users["head"]
        Partner = cls.env["res.partner"]
        recipients = Partner.create(
            [
                {"name": "Bappedalitbang Kabupaten Banyumas", "email": "bappeda@example.id"},
                {"name": "Bagian Organisasi Setda", "email": "organisasi@example.id"},
            ]
        )
        cls.company.write(
            {
                "sakip_office_name": "Dinas Pendidikan Koleksi",
                "sakip_regency": "Pemerintah Kabupaten Banyumas",
                "sakip_sign_city": "Purwokerto",
                "sakip_head_employee_id": cls.head_employee.id,
                "sakip_recipient_ids": [(6, 0, recipients.ids)],
            }
        )
        cls.env["sakip.letter.type"].create(
            {
                "name": "Surat Pengantar",
                "code": "cover_letter",
                "company_id": cls.company.id,
                "pattern": "{code}/{seq}/Disdik/{month_roman}/{year}",
                "classification_code": "000.8.3.3",
                "report_id": cls.env.ref(f"{MODULE}.action_report_sakip_cover_letter").id,
            }
        )
        for user in cls.users.values():
            user.email = f"{user.login}@example.id"

    def _segment(self, tour, role, size):
        """Run ``tour`` from the home as ``role``'s user at ``size``."""
        self.browser_size, self.touch_enabled = size
        user = self.staff_sd if role == "bidang" else self.users[role]
        self.start_tour(HOME, tour, login=user.login)

    def _step(self, run, number):
        return run.step_ids.filtered(lambda s: s.sequence == number).sorted("iteration")[-1:]

    def test_whole_run(self):
        werkzeug = logging.getLogger("werkzeug")
        times = RequestTimes()
        level = werkzeug.level
        werkzeug.setLevel(logging.INFO)
        werkzeug.addHandler(times)
        try:
            self._walk()
        finally:
            werkzeug.removeHandler(times)
            werkzeug.setLevel(level)
        self.assertTrue(times.times, "no request of the tours was logged")
        ms, request = max(times.times)
        _logger.info("slowest request during the whole-run tour: %.0f ms %s", ms, request)
        _logger.info("requests timed during the whole-run tour: %s", len(times.times))

    def _walk(self):
        users, pk = self.users, self.pk
        # Step 1: the Kepala orders the run from the agreement, on his phone.
        self._segment("sakip_whole_run_head_order", "head", PHONE)
        run = pk.sop_run_ids
        self.assertEqual(self._step(run, 1).done_by_id, users["head"])
        self.assertIn("Susun Perjanjian Kinerja 2026", str(run.start_text))

        # Steps 2-5: the planner, at the desktop.
        self._segment("sakip_whole_run_planner_2_5", "planner", DESKTOP)
        self.assertEqual(run.current_step_id.sequence, 6)
        submission = self._submission(run, self.dep_sd)
        self.assertTrue(submission.format_sent)

        # Step 6: the bidang uploads its filled format (the file it would pick on its disk).
        data = self._fill(submission.format_attachment_id.raw, INDICATORS, PROGRAMS)
        self.env["ir.attachment"].with_user(self.staff_sd).create(
            {"name": "sakip_whole_run_tour_filled.xlsx", "raw": data}
        )
        self._segment("sakip_whole_run_bidang", "bidang", DESKTOP)
        self.assertEqual(
            (submission.state, submission.submitted_by_id), ("submitted", self.staff_sd)
        )
        self.assertEqual(self._step(run, 6).state, "done")

        # Steps 7-8, then 9 sent back by the Sekretaris on her phone, 8 redone.
        self._segment("sakip_whole_run_planner_7_8", "planner", DESKTOP)
        self.assertEqual(run.current_step_id.sequence, 9)
        self._segment("sakip_whole_run_secretary_send_back", "secretary", PHONE)
        self.assertEqual(run.send_back_count, 1)
        first_9 = run.step_ids.filtered(lambda s: (s.sequence, s.iteration) == (9, 1))
        self.assertEqual(first_9.state, "sent_back")
        self.assertIn("Selaraskan dengan Renstra.", self._step(run, 8).returned_reason)
        self._segment("sakip_whole_run_planner_8", "planner", DESKTOP)
        # Steps 9 and 10 by the Sekretaris, 11 signed by the Kepala on the signing screen.
        self._segment("sakip_whole_run_secretary_9_10", "secretary", PHONE)
        self.assertEqual(self._step(run, 9).done_by_id, users["secretary"])
        self.assertEqual(self._step(run, 10).done_by_id, users["secretary"])
        self.assertEqual(pk.state, "final")
        self._segment("sakip_whole_run_head_sign", "head", PHONE)
        self.assertEqual((pk.state, pk.signed_by_id), ("signed", users["head"]))
        self.assertTrue(pk.record_attachment_id)

        # Steps 12-13: the cover letter numbered, the copies made.
        self._segment("sakip_whole_run_planner_12_13", "planner", DESKTOP)
        letter = pk.cover_letter_id
        self.assertTrue(letter.name)
        self.assertEqual(letter.state, "to_sign")
        self.assertEqual(pk.copy_count, 4)
        # The Kepala signs the cover letter on the signing screen; step 14 distributes.
        self._segment("sakip_whole_run_head_cover_letter", "head", PHONE)
        self.assertEqual(letter.signed_by_id, users["head"])
        self._segment("sakip_whole_run_planner_14", "planner", DESKTOP)
        self.assertEqual((run.state, run.active), ("done", False))
        self.assertTrue(pk.distributed_at)
        self.assertEqual(len(run.step_ids), 16)
        # Each step done by the user whose turn it was (step 6 closes with the last submission).
        planner, secretary, head = users["planner"], users["secretary"], users["head"]
        expected = dict.fromkeys((2, 3, 4, 5, 7, 8, 12, 13, 14), planner)
        expected.update({1: head, 9: secretary, 10: secretary, 11: head})
        done = run.step_ids.filtered(lambda s: s.state == "done" and s.sequence != 6)
        self.assertEqual({s.sequence: s.done_by_id for s in done}, expected)
