# Copyright 2024 SAKIP Indonesia
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""What one step transition costs (issue 12, item 3), in the scenario of
``make bench`` (``scripts/bench.py``, ``World.transition``): on the run of an
agreement, steps 2-7 skipped by the administrator, step 8 is done by Tim
Perencanaan and step 9 starts: the Sekretaris Dinas gets its activity, follows
the run and is sent the 'step assigned' notice; the agreement goes in review.
Counted as the bench counts: caches cold, every write flushed."""

import logging
from collections import Counter
from unittest.mock import patch

from odoo import Command
from odoo.sql_db import Cursor
from odoo.tests import TransactionCase, tagged
from odoo.tools import SQL

from .sop_run_common import create_office

_logger = logging.getLogger(__name__)


@tagged("post_install", "-at_install", "sakip")
class TestSopRunTransitionCost(TransactionCase):
    """Step 8 done, step 9 routed, its actor notified: a fixed number of
    queries, whatever the agreement's lines and the run's past steps, and no
    query made twice."""

    #: Queries of the transition (76 before issue 12; at most 40 asked).
    QUERIES = 36

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env = cls.env(context=dict(cls.env.context, lang="en_US", mail_notify_force_send=False))
        office = create_office(cls.env, "Dinas Biaya Transisi", "txcost")
        cls.company, cls.users, cls.sop = office["company"], office["users"], office["sop"]
        cls.env = cls.env(context=dict(cls.env.context, allowed_company_ids=cls.company.ids))

    def setUp(self):
        super().setUp()
        # One transition first: what Odoo keeps for the registry (groups,
        # templates, views) is loaded, as in the bench's warm-up.
        self._transition(*self._run_at_step_8())

    def _run_at_step_8(self, lines=0, send_backs=0):
        """A started run of a new agreement of ``lines`` indicator lines, steps
        2-7 skipped by the administrator, then ``send_backs`` rounds of step 8
        done and step 9 sent back: step 8 is in progress."""
        employee = self.env["hr.employee"].create(
            {"name": f"Pejabat {lines}-{send_backs}", "company_id": self.company.id}
        )
        pk = self.env["sakip.pk"].create(
            {
                "fiscal_year": 2026,
                "level": "echelon_4",
                "company_id": self.company.id,
                "first_party_id": employee.id,
                "indicator_ids": [
                    Command.create(
                        {"objective": "Sasaran", "name": f"Indikator {i}", "uom": "%", "target": i}
                    )
                    for i in range(lines)
                ],
            }
        )
        run = self.env["sakip.sop.run"].create(
            {
                "sop_id": self.sop.id,
                "company_id": self.company.id,
                "res_model": "sakip.pk",
                "res_id": pk.id,
                "fiscal_year": 2026,
                "start_text": "<p>Susun PK 2026 sesuai SOP.</p>",
            }
        )
        run.with_user(self.users["head"]).action_start()
        skipped = run.step_ids.filtered(lambda s: 2 <= s.sequence <= 7)
        skipped.with_user(self.users["admin"]).action_skip("To step 8.")
        for _i in range(send_backs):
            run.current_step_id.with_user(self.users["planner"]).action_done()
            run.current_step_id.with_user(self.users["secretary"]).action_send_back("Target")
        if send_backs:
            # The Sekretaris follows the run since their first pass: as in the
            # first pass, step 9 makes them follow it (the same work).
            run.message_unsubscribe(partner_ids=self.users["secretary"].partner_id.ids)
        step = run.current_step_id
        self.assertEqual((step.sequence, step.iteration), (8, send_backs + 1))
        self.assertEqual(len(pk.indicator_ids), lines)
        return run, step.with_user(self.users["planner"])

    def _transition(self, run, step, queries=None):
        """Complete step 8 as the bench does (flushed, caches cold); check
        that step 9 is routed and its actor notified."""
        self.env.flush_all()
        self.env.invalidate_all()
        last = self.env["mail.message"].search([], order="id desc", limit=1).id
        self.env.invalidate_all()
        before = self.cr.sql_log_count
        step.action_done()
        self.env.flush_all()
        count = self.cr.sql_log_count - before
        secretary = self.users["secretary"]
        current = run.current_step_id
        self.assertEqual(current.sequence, 9)
        self.assertEqual(current.user_ids, secretary)
        self.assertEqual(current.activity_ids.user_id, secretary)
        self.assertIn(secretary.partner_id, run.message_partner_ids)
        notice = self.env["mail.message"].search(
            [("id", ">", last), ("message_type", "=", "user_notification")]
        )
        self.assertEqual(notice.partner_ids, secretary.partner_id)
        mail = self.env["mail.mail"].sudo().search([("mail_message_id", "=", notice.id)])
        self.assertEqual(mail.recipient_ids, secretary.partner_id)
        self.assertEqual(self.env["sakip.pk"].browse(run.res_id).state, "in_review")
        return count

    def test_transition_queries(self):
        """The bench's transition costs exactly QUERIES queries."""
        run, step = self._run_at_step_8()
        self.env.flush_all()
        self.env.invalidate_all()
        with self.assertQueryCount(self.QUERIES, flush=False):
            step.action_done()
            self.env.flush_all()
        self.assertEqual(run.current_step_id.sequence, 9)
        self.assertLessEqual(self.QUERIES, 40)
        # Exact: fewer queries must lower QUERIES (assertQueryCount only logs them).
        self.assertEqual(self._transition(*self._run_at_step_8()), self.QUERIES)

    def test_transition_queries_flat(self):
        """The same count for 1 and 200 indicator lines, and after 0 and 2
        rounds of send-back (more steps, activities and messages on the run)."""
        counts = {
            (lines, send_backs): self._transition(*self._run_at_step_8(lines, send_backs))
            for lines, send_backs in ((1, 0), (200, 0), (1, 2))
        }
        _logger.info("SOP step transition queries ((lines, send-backs): count): %s", counts)
        self.assertEqual(set(counts.values()), {self.QUERIES}, counts)

    def test_no_query_twice(self):
        """No statement runs twice with the same parameters in the transition."""
        run, step = self._run_at_step_8(lines=3)
        queries = []
        execute = Cursor.execute

        def logged(cursor, query, params=None, log_exceptions=True):
            code, args = (query.code, query.params) if isinstance(query, SQL) else (query, params)
            queries.append((" ".join(code.split()), repr(args)))
            return execute(cursor, query, params, log_exceptions)

        self.env.flush_all()
        self.env.invalidate_all()
        with patch.object(Cursor, "execute", logged):
            step.action_done()
            self.env.flush_all()
        self.assertEqual(run.current_step_id.sequence, 9)
        self.assertEqual(len(queries), self.QUERIES)
        repeated = {query: n for query, n in Counter(queries).items() if n > 1}
        self.assertFalse(repeated, "\n".join(f"{n}x {q[0]} -- {q[1]}" for q, n in repeated.items()))
