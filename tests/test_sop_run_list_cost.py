# Copyright 2024 SAKIP Indonesia
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""What the run list, the run kanban, the step list and a batch start cost in
queries: flat in the number of rows and cards, linear in the runs started."""

import logging
from collections import Counter
from contextlib import ExitStack, contextmanager
from unittest.mock import patch

from lxml import etree

from odoo.tests import TransactionCase, tagged

from .sop_run_common import create_office

_logger = logging.getLogger(__name__)

#: Fields the list and kanban widgets of ``activity_ids`` read with them.
ACTIVITY_WIDGET_FIELDS = (
    "activity_exception_decoration",
    "activity_exception_icon",
    "activity_state",
    "activity_summary",
    "activity_type_icon",
    "activity_type_id",
)
#: Most rows the list may cost, whatever their number.
MAX_LIST_QUERIES = 25
#: Most the kanban's two columns (one read of the groups, one of the cards of
#: each column) may cost, whatever the number of cards.
MAX_KANBAN_QUERIES = 16


@tagged("post_install", "-at_install", "sakip")
class TestSopRunListCost(TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env = cls.env(context=dict(cls.env.context, lang="en_US"))
        office = create_office(cls.env, "Dinas Biaya Daftar", "runcost")
        cls.company, cls.users, cls.sop = office["company"], office["users"], office["sop"]
        cls.env = cls.env(context=dict(cls.env.context, allowed_company_ids=cls.company.ids))
        cls.head = cls.users["head"]
        cls.runs = cls._draft_runs(140)
        # 80 running runs for the list and the kanban; 60 drafts to start.
        cls.started = cls.runs[:80]
        cls.started.with_user(cls.head).action_start()
        # Every other run one step further: the kanban has two columns, as the
        # office's has (each column is one more read of its cards).
        cls.started[1::2].current_step_id.with_user(cls.users["admin"]).action_skip(
            "Biaya kanban: dua kolom."
        )
        cls.drafts = cls.runs[80:]

    @classmethod
    def _draft_runs(cls, count):
        employees = cls.env["hr.employee"].create(
            [{"name": f"Pejabat {i}", "company_id": cls.company.id} for i in range(count)]
        )
        pks = cls.env["sakip.pk"].create(
            [
                {
                    "fiscal_year": 2026,
                    "level": "echelon_3",
                    "company_id": cls.company.id,
                    "first_party_id": employee.id,
                }
                for employee in employees
            ]
        )
        return cls.env["sakip.sop.run"].create(
            [dict(pk._sop_run_values(cls.sop), start_text="<p>Susun PK 2026.</p>") for pk in pks]
        )

    # Helpers
    def _spec(self, model, view_type):
        """The web client's specification of the action's ``view_type`` view:
        every field of its arch (relations with their display name)."""
        Model = self.env[model].with_user(self.head)
        arch = Model.get_views([(False, view_type)])["views"][view_type]["arch"]
        spec = {}
        for node in etree.fromstring(arch).iter("field"):
            name = node.get("name")
            field = Model._fields[name]
            if name == "activity_ids":
                spec.update({fname: {} for fname in ACTIVITY_WIDGET_FIELDS})
                spec[name] = {}
            elif field.type in ("many2one", "many2many", "one2many"):
                spec[name] = {"fields": {"display_name": {}}}
            else:
                spec[name] = {}
        return spec

    def _queries(self, call):
        """Queries of ``call()`` with cold record caches."""
        self.env.flush_all()
        self.env.invalidate_all()
        before = self.env.cr.sql_log_count
        call()
        self.env.flush_all()
        return self.env.cr.sql_log_count - before

    def _list_queries(self, runs):
        Run = self.env["sakip.sop.run"].with_user(self.head)
        spec = self._spec("sakip.sop.run", "list")

        def read():
            # A full page (as many rows as the limit): the page and its count.
            result = Run.web_search_read([("id", "in", runs.ids)], spec, limit=len(runs))
            self.assertEqual(result["length"], len(runs))
            self.assertTrue(all(row["document_name"] for row in result["records"]))

        return self._queries(read)

    def _kanban_queries(self, runs):
        Run = self.env["sakip.sop.run"].with_user(self.head)
        spec = self._spec("sakip.sop.run", "kanban")
        domain = [("id", "in", runs.ids)]

        def read():
            groups = Run.web_read_group(domain, ["current_sop_step_id"], ["current_sop_step_id"])
            self.assertEqual(len(groups["groups"]), 2)
            cards = 0
            for group in groups["groups"]:
                result = Run.web_search_read(group["__domain"], spec, limit=len(runs))
                cards += len(result["records"])
                self.assertTrue(all(card["document_name"] for card in result["records"]))
            self.assertEqual(cards, len(runs))

        return self._queries(read)

    # Tests
    def test_run_list_is_flat(self):
        """The run list of 80 rows costs what that of 10 rows costs, and at
        most MAX_LIST_QUERIES."""
        self._list_queries(self.started[:5])  # caches filled once (views, groups)
        counts = {size: self._list_queries(self.started[:size]) for size in (10, 80)}
        _logger.info("run list queries by rows: %s", counts)
        self.assertEqual(counts[10], counts[80], counts)
        self.assertLessEqual(counts[80], MAX_LIST_QUERIES, counts)

    def test_run_kanban_is_flat(self):
        """The kanban of 80 cards in two columns costs what that of 10 cards
        costs, and at most MAX_KANBAN_QUERIES."""
        self._kanban_queries(self.started[:4])
        counts = {size: self._kanban_queries(self.started[:size]) for size in (10, 80)}
        _logger.info("run kanban queries by cards (two columns): %s", counts)
        self.assertEqual(counts[10], counts[80], counts)
        self.assertLessEqual(counts[80], MAX_KANBAN_QUERIES, counts)

    def test_step_list_is_flat(self):
        """20 rows of the step list cost the same among 100 or all the steps,
        ordered on the steps' own columns (no join on the run)."""
        Step = self.env["sakip.sop.run.step"].with_user(self.head)
        spec = self._spec("sakip.sop.run.step", "list")
        steps = self.started.step_ids

        def read(domain):
            result = Step.web_search_read(domain, spec, limit=20)
            self.assertEqual(len(result["records"]), 20)

        read([])
        small = [("id", "in", steps.sorted("id")[:100].ids)]
        counts = {
            "100": self._queries(lambda: read(small)),
            "all": self._queries(lambda: read([("id", "in", steps.ids)])),
        }
        _logger.info("step list queries (20 rows) by steps searched: %s", counts)
        self.assertEqual(counts["100"], counts["all"], counts)
        # sudo: the bare query, without the record rules' conditions.
        query = Step.sudo()._search([])
        query.order = Step._order_to_sql(Step._order, query)
        self.assertNotIn("JOIN", query.select().code.upper(), "the order joins the run")
        # Newest runs first, each run's steps in their order.
        rows = Step.search([("run_id", "in", self.started[:2].ids)])
        keys = [(-run.date_start.timestamp(), -run.id) for run in rows.run_id]
        self.assertEqual(keys, sorted(keys))
        for run in self.started[:2]:
            own = rows.filtered(lambda s, run=run: s.run_id == run)
            self.assertEqual(own.mapped("sequence"), sorted(own.mapped("sequence")))

    def test_batch_start_is_linear(self):
        """Starting 50 runs at once costs at most 5 times starting 10: in
        queries, and in names computed (the runs' and the steps' names are
        computed once for the batch, not once per run for all of them)."""
        Run = self.env["sakip.sop.run"].with_user(self.head)
        counts, names = {}, {}
        for size, runs in ((10, self.drafts[:10]), (50, self.drafts[10:60])):
            with self._names_computed() as computed:
                counts[size] = self._queries(Run.browse(runs.ids).action_start)
            names[size] = dict(computed)
            self.assertEqual(set(runs.mapped("state")), {"running"})
        _logger.info("batch start queries by runs: %s; names computed: %s", counts, names)
        self.assertLessEqual(counts[50], 5 * counts[10], counts)
        # Linear, with slack: names recomputed for the whole batch once per
        # run grow as the square (25 times from 10 to 50 runs).
        for model in ("sakip.sop.run", "sakip.sop.run.step"):
            # (the steps' messages name them by their label: maybe never computed)
            self.assertLessEqual(names[50].get(model, 0), 6 * names[10].get(model, 0), names)

    @contextmanager
    def _names_computed(self):
        """Count the records whose display name is computed (by model)."""
        computed = Counter()
        with ExitStack() as stack:
            for model in ("sakip.sop.run", "sakip.sop.run.step"):
                cls = type(self.env[model])
                original = cls._compute_display_name

                def spy(records, model=model, original=original):
                    computed[model] += len(records)
                    return original(records)

                stack.enter_context(patch.object(cls, "_compute_display_name", spy))
            yield computed
