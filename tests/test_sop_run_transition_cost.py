# Copyright 2024 SAKIP Indonesia
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""What one step transition costs (issue 12, item 3): the scenario of
``make bench`` (``scripts/bench.py``, ``World.transition``): on an agreement's
run, step 8 is done by Tim Perencanaan and step 9 is routed to the Sekretaris
Dinas, who gets its activity and the 'step assigned' email."""

import logging
import os
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

    #: Queries of the transition, as ``make bench`` counts them.
    QUERIES = 999

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env = cls.env(context=dict(cls.env.context, lang="en_US", mail_notify_force_send=False))
        office = create_office(cls.env, "Dinas Biaya Transisi", "txcost")
        cls.company, cls.users, cls.sop = office["company"], office["users"], office["sop"]
        cls.env = cls.env(context=dict(cls.env.context, allowed_company_ids=cls.company.ids))

    def _run_at_step_8(self, lines=0, send_backs=0):
        """A started run of a new agreement of ``lines`` indicator lines, steps
        2-7 skipped by the administrator (as the bench does), step 8 in
        progress after ``send_backs`` rounds of 8 done and 9 sent back."""
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
        step = run.current_step_id
        self.assertEqual(step.sequence, 8)
        return run, step.with_user(self.users["planner"])

    def _queries(self, run, step):
        """The statements (and their parameters) of the transition."""
        queries = []
        execute = Cursor.execute

        def logged(cursor, query, params=None, log_exceptions=True):
            if isinstance(query, SQL):
                queries.append((query.code, tuple(map(repr, query.params))))
            else:
                queries.append((query, repr(params)))
            if os.environ.get("SAKIP_QUERY_STACK"):
                import traceback

                frames = [
                    f"{f.filename.rsplit('/', 2)[-1]}:{f.lineno}:{f.name}"
                    for f in traceback.extract_stack()[-40:-1]
                    if ("/odoo/" in f.filename or "/models/" in f.filename)
                    and "/tests/" not in f.filename
                    and "/service/" not in f.filename
                    and "/cli/" not in f.filename
                ]
                queries[-1] = (*queries[-1], " < ".join(reversed(frames[-16:])))
            return execute(cursor, query, params, log_exceptions)

        self.env.flush_all()
        self.env.invalidate_all()
        with patch.object(Cursor, "execute", logged):
            step.action_done()
            self.env.flush_all()
        self.assertEqual(run.current_step_id.sequence, 9)
        return queries

    def test_dump(self):
        self._queries(*self._run_at_step_8(lines=1))  # warm-up
        queries = self._queries(*self._run_at_step_8(lines=3))
        path = os.environ.get("SAKIP_QUERY_DUMP", "/tmp/sakip_transition_queries.txt")
        with open(path, "w") as out:
            for code, params, *stack in queries:
                out.write(f"{' '.join(code.split())[:300]}\n    -- {params}\n")
                if stack:
                    out.write(f"    ## {stack[0]}\n")
        _logger.info("TRANSITION QUERIES %s", len(queries))
        repeated = [q for q, n in Counter(q[:2] for q in queries).items() if n > 1]
        _logger.info("REPEATED %s", len(repeated))
