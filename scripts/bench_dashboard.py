#!/usr/bin/env python3
# Copyright 2024 SAKIP Indonesia
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""`make bench-dashboard`: what the "Capaian Kinerja" dashboard costs (issue 15,
"Done when"), for 1 agreement with 20 indicators and for 200 agreements with
20 indicators each, measured in two quarters (Q1 approved, Q2 open).

In a database of this checkout's PostgreSQL cluster with the addon installed
(``BENCH_DB``, by default ``sakip_dev_test``, the one ``make test-odoo``
keeps; run ``make test-odoo TAGS=:TestCapaianDashboard`` first so it exists
and is up to date), a new office is created with a planning-team user, then
its agreements, signed, and their measurements, in batches (``create(list)``).
As that user, with the record rules, the script measures what the web client
asks when the menu opens:

- the list (default view): ``web_search_read`` of its fields, 80 rows, its
  default order (behind target first) and default filter (measured);
- the pivot: its ``read_group`` calls (totals, by indicator, by quarter, by
  indicator and quarter).

Each figure is the median of ``BENCH_REPEATS`` (5) runs with cold caches.
Everything happens in one transaction rolled back at the end: the database is
left as it was. Then ``scripts/bench_capaian.py`` (100,000 indicator-quarters
through tools.capaian against a plain loop) runs and its output is appended.
The Markdown goes to stdout and ``.run/bench_dashboard.md``; progress to stderr.
"""

import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

from lxml import etree

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "scripts"))

import bench_step_completion as steps_bench  # noqa: E402

MODULE = "sakip_penetapan_kinerja"
DB = os.environ.get("BENCH_DB", "sakip_dev_test")
REPEATS = int(os.environ.get("BENCH_REPEATS", "5"))
SIZES = (1, 200)
INDICATORS = 20
ORDER = "is_behind desc, capaian, fiscal_year desc, quarter, indicator_sequence"
T0 = time.perf_counter()


def say(message):
    print(f"[{time.perf_counter() - T0:6.1f} s] {message}", file=sys.stderr, flush=True)


class Rollback(Exception):
    pass


def list_spec(env):
    """The fields the dashboard's list asks for, as the web client does."""
    Line = env["sakip.pk.measurement.line"]
    view = env.ref(f"{MODULE}.view_sakip_capaian_list")
    arch = Line.get_views([(view.id, "list")])["views"]["list"]["arch"]
    spec = {}
    for node in etree.fromstring(arch).iter("field"):
        field = Line._fields[node.get("name")]
        spec[field.name] = {"fields": {"display_name": {}}} if field.type == "many2one" else {}
    return spec


def dashboard(env, spec):
    """What opening the menu costs: the list, then the pivot."""
    Line = env["sakip.pk.measurement.line"]
    domain = [("is_measured", "=", True)]
    Line.web_search_read(domain, spec, limit=80, order=ORDER, count_limit=10001)
    for groupby in ([], ["name"], ["quarter"], ["name", "quarter"]):
        Line.read_group(domain, ["capaian:avg"], groupby, lazy=False)


def measure(env, action):
    """Median queries and ms of ``action()`` with cold caches."""
    samples = []
    for _repeat in range(REPEATS + 1):  # the first one warms up
        env.flush_all()
        env.invalidate_all()
        before = env.cr.sql_log_count
        start = time.perf_counter()
        action()
        samples.append((env.cr.sql_log_count - before, (time.perf_counter() - start) * 1000))
    samples = samples[1:]
    return statistics.median(q for q, _ms in samples), statistics.median(ms for _q, ms in samples)


class Office:
    """A new office with one bidang and a planning-team user."""

    def __init__(self, env):
        from odoo import Command

        self.Command = Command
        self.company = env["res.company"].create({"name": "Dinas Bench Dashboard"})
        self.env = env(context=dict(env.context, allowed_company_ids=self.company.ids))
        self.department = self.env["hr.department"].create(
            {"name": "Bidang Bench", "is_sakip_unit": True, "company_id": self.company.id}
        )
        self.user = self.env["res.users"].create(
            {
                "name": "Perencana Bench",
                "login": "bench.dashboard.planner",
                "company_id": self.company.id,
                "company_ids": [Command.set(self.company.ids)],
                "groups_id": [Command.set([self.env.ref(f"{MODULE}.group_sakip_planner").id])],
            }
        )
        self.count = 0

    def grow(self, size):
        """Add agreements up to ``size``, signed, measured in Q1 (approved) and Q2."""
        Command = self.Command
        new = size - self.count
        parties = self.env["hr.employee"].create(
            [
                {"name": f"Pejabat {self.count + n}", "company_id": self.company.id}
                for n in range(new)
            ]
        )
        pks = self.env["sakip.pk"].create(
            [
                {
                    "fiscal_year": 2026,
                    "level": "head",
                    "company_id": self.company.id,
                    "first_party_id": party.id,
                    "second_party_name": "Bupati",
                    "indicator_ids": [
                        Command.create(
                            {
                                "objective": f"Sasaran {i % 4}",
                                "name": f"Indikator {i}",
                                "uom": "%",
                                "department_id": self.department.id,
                                "target": 100.0,
                                "target_q1": 25.0 + i,
                                "target_q2": 50.0 + i,
                                "target_q3": 75.0 + i,
                                "target_q4": 100.0,
                            }
                        )
                        for i in range(INDICATORS)
                    ],
                }
                for party in parties
            ]
        )
        pks._sakip_workflow_write({"state": "signed"})
        Measurement = self.env["sakip.pk.measurement"]
        measurements = Measurement.create(
            [{"pk_id": pk.id, "quarter": q} for pk in pks for q in ("1", "2")]
        )
        lines = measurements.line_ids
        for index, chunk in enumerate(lines[i::5] for i in range(5)):  # one write per value
            chunk.write({"realisation": 20.0 + 20 * index})
        measurements.filtered(lambda m: m.quarter == "1")._sakip_workflow_write(
            {"state": "approved"}
        )
        self.env.flush_all()
        self.count = size
        return len(lines)


def main():
    subprocess.run(["bash", str(ROOT / "scripts" / "pg.sh"), "start"], check=True)
    conf = steps_bench.odoo_conf(DB)
    import odoo
    from odoo import SUPERUSER_ID, api
    from odoo.modules.registry import Registry

    odoo.tools.config.parse_config(["-c", str(conf), "-d", DB, "--log-level=warn"])
    rows = []
    try:
        registry = Registry(DB)
    except Exception as error:  # pylint: disable=broad-exception-caught
        raise SystemExit(
            f"Cannot open {DB} ({error}); run `make test-odoo TAGS=:TestCapaianDashboard` "
            "first, or set BENCH_DB to a database with the addon installed."
        ) from error
    with registry.cursor() as cr:
        env = api.Environment(cr, SUPERUSER_ID, {})
        try:
            office = Office(env)
            for size in SIZES:
                say(f"{size} agreement(s) x {INDICATORS} indicators, 2 quarters")
                lines = office.grow(size)
                user_env = office.env(user=office.user)
                spec = list_spec(user_env)
                queries, ms = measure(user_env, lambda e=user_env, s=spec: dashboard(e, s))
                total = user_env["sakip.pk.measurement.line"].search_count([])
                rows.append((size, total, queries, ms))
                say(f"  {total:,} lines visible: {queries:g} queries, {ms:.1f} ms ({lines} added)")
        finally:
            cr.rollback()
    odoo.sql_db.close_all()
    conf.unlink(missing_ok=True)
    say("scripts/bench_capaian.py")
    capaian = subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "bench_capaian.py")],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()
    out = [
        f"### Capaian Kinerja dashboard (`make bench-dashboard`, {time.strftime('%Y-%m-%d')})",
        "",
        "Opening the menu as a planning-team user: the list (80 rows, behind target "
        "first) and the pivot (indicator x quarter, 4 `read_group`); medians of "
        f"{REPEATS} runs with cold caches, on 2 shared cores; q = SQL queries.",
        "",
        "| Agreements x indicators | Lines (2 quarters) | Queries | ms |",
        "|---|---|---|---|",
        *(
            f"| {size} x {INDICATORS} | {total:,} | {queries:g} | {ms:.1f} |"
            for size, total, queries, ms in rows
        ),
        "",
        "### Capaian of 100,000 indicator-quarters (`scripts/bench_capaian.py`)",
        "",
        "```",
        capaian,
        "```",
    ]
    text = "\n".join(out) + "\n"
    sys.stdout.write(text)
    (ROOT / ".run").mkdir(exist_ok=True)
    (ROOT / ".run" / "bench_dashboard.md").write_text(text)
    say(f"Done in {time.perf_counter() - T0:.0f} s; written to .run/bench_dashboard.md")


if __name__ == "__main__":
    main()
