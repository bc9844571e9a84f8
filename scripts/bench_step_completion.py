# Copyright 2024 SAKIP Indonesia
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""What one SOP step completion costs, against one OCA tier-validation approval.

For performance agreements of 10, 100 and 1,000 indicator lines, this script
measures the SQL queries and milliseconds of completing step 9 of an SOP run
(the Sekretaris accepts the draft) and routing step 10, and the same for a
single approval by the Sekretaris with OCA ``base_tier_validation`` on a
document of as many lines (the measurement-only addon
``scripts/bench_addons/sakip_bench_tier``). Each figure is the median of
several repeats, after a warm-up; both sides run in one process on one fresh
database, which is dropped at the end. It prints a markdown table.

``base_tier_validation`` is pip-installed into the .venv when missing: it is
installed for this measurement only, never required by the addon.

Usage (from the checkout): ``make bench-steps`` or
``.venv/bin/python scripts/bench_step_completion.py [--repeats 5] [--sizes 10,100,1000]``
"""

import argparse
import importlib.util
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BENCH_ADDONS = ROOT / "scripts" / "bench_addons"
TIER_REQUIREMENT = "odoo-addon-base_tier_validation==18.0.*"
ADDON = "sakip_penetapan_kinerja"


def shell(snippet):
    """Run ``snippet`` with the developer scripts' helpers (scripts/common.sh)."""
    result = subprocess.run(
        ["bash", "-c", f'source "{ROOT}/scripts/common.sh"; {snippet}'],
        check=True,
        capture_output=True,
        text=True,
    )
    return result.stdout.strip()


def ensure_tier_validation():
    """Install OCA base_tier_validation into this virtualenv if it is missing."""
    if importlib.util.find_spec("odoo.addons.base_tier_validation") is not None:
        return
    sys.stderr.write(f"Installing {TIER_REQUIREMENT} for the measurement...\n")
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "install",
            "--quiet",
            "--disable-pip-version-check",
            TIER_REQUIREMENT,
        ],
        check=True,
    )
    importlib.invalidate_caches()


def odoo_conf(db):
    """Write the Odoo configuration of the benchmark (with the bench addons)."""
    conf = Path(shell(f'ensure_addons_link; write_odoo_conf "{db}" 8999'))
    lines = [
        f"addons_path = {ROOT / '.addons'},{BENCH_ADDONS}"
        if line.startswith("addons_path")
        else line
        for line in conf.read_text().splitlines()
    ]
    conf.write_text("\n".join(lines) + "\n")
    return conf


def install(conf, db):
    """Create the database with the addon and the tier-validated benchmark addon."""
    subprocess.run(
        [
            str(Path(sys.executable).parent / "odoo"),
            "-c",
            str(conf),
            "-d",
            db,
            "-i",
            "sakip_bench_tier",
            "--without-demo=all",
            "--stop-after-init",
            "--max-cron-threads=0",
            "--log-level=warn",
        ],
        check=True,
    )


class Bench:
    """The two measures, in one environment (rolled back at the end)."""

    def __init__(self, env):
        # Imported once Odoo's addons path is set up.
        from odoo.addons.sakip_penetapan_kinerja.tests.sop_run_common import create_office

        office = create_office(env, "Dinas Benchmark", "bench")
        self.company, self.users = office["company"], office["users"]
        # As in tests/test_pk_sop_run: the meeting (steps 4-5) is not measured.
        steps = office["sop"].step_ids
        steps.filtered(lambda s: s.sequence == 4).kind = "generic"
        steps.filtered(lambda s: s.sequence == 5).output_ids.unlink()
        self.env = env(context=dict(env.context, allowed_company_ids=self.company.ids))
        self.count = 0

    def _lines(self, size):
        from odoo import Command

        return [
            Command.create(
                {
                    "objective": "Meningkatnya mutu pendidikan",
                    "name": f"Indikator {i}",
                    "uom": "%",
                    "target": i,
                }
            )
            for i in range(1, size + 1)
        ]

    def _measure(self, action):
        """Queries and milliseconds of ``action()``, flushed, caches cold."""
        env = self.env
        env.flush_all()
        env.invalidate_all()
        queries = env.cr.sql_log_count
        start = time.perf_counter()
        action()
        env.flush_all()
        elapsed = time.perf_counter() - start
        return env.cr.sql_log_count - queries, elapsed * 1000.0

    def step_completion(self, size):
        """Complete step 9 (and route step 10) of a run whose PK has ``size`` lines."""
        self.count += 1
        env, users = self.env, self.users
        employee = env["hr.employee"].create(
            {"name": f"Kabid Benchmark {self.count}", "company_id": self.company.id}
        )
        pk = env["sakip.pk"].create(
            {
                "fiscal_year": 2026,
                "level": "echelon_3",
                "company_id": self.company.id,
                "first_party_id": employee.id,
                "indicator_ids": self._lines(size),
            }
        )
        pk.with_user(users["head"]).action_start_sop_run()
        run = pk.sop_run_ids
        run.with_user(users["head"]).write({"start_text": "<p>Susun PK 2026.</p>"})
        run.with_user(users["head"]).action_start()
        for _number in range(2, 9):
            run.current_step_id.with_user(users["planner"]).action_done()
        step = run.current_step_id.with_user(users["secretary"])
        assert step.sequence == 9, step.sequence
        figures = self._measure(step.action_done)
        assert pk.state == "final" and run.current_step_id.sequence == 10
        return figures

    def tier_approval(self, size):
        """One approval by the Sekretaris of a document of ``size`` lines."""
        self.count += 1
        document = (
            self.env["bench.tier.document"]
            .with_user(self.users["planner"])
            .create({"name": f"Dokumen {self.count}", "line_ids": self._lines(size)})
        )
        reviews = document.request_validation()
        assert reviews, "no tier review requested"
        document = document.with_user(self.users["secretary"])
        figures = self._measure(document.action_approve)
        assert document.state == "approved" and document.validated
        return figures


def median_figures(measure, size, repeats):
    samples = [measure(size) for _i in range(repeats)]
    return (
        statistics.median(queries for queries, _ms in samples),
        statistics.median(ms for _queries, ms in samples),
    )


def run_bench(conf, db, sizes, repeats):
    import odoo
    from odoo import SUPERUSER_ID, api
    from odoo.modules.registry import Registry

    odoo.tools.config.parse_config(["-c", str(conf), "-d", db, "--log-level=warn"])
    registry = Registry(db)
    # The office is built with the tests' fixture (tests/sop_run_common.py),
    # which imports Odoo's test framework: say so, once the registry is loaded
    # (loading it with tests enabled would run the modules' tests).
    odoo.tools.config["test_enable"] = True
    rows = []
    try:
        with registry.cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {"lang": "en_US"})
            bench = Bench(env)
            bench.step_completion(1)  # warm-up: caches filled once
            bench.tier_approval(1)
            for size in sizes:
                step_q, step_ms = median_figures(bench.step_completion, size, repeats)
                tier_q, tier_ms = median_figures(bench.tier_approval, size, repeats)
                rows.append((size, step_q, step_ms, tier_q, tier_ms))
            cr.rollback()
    finally:
        odoo.sql_db.close_all()
    return rows


def table(rows, repeats):
    lines = [
        f"Median of {repeats} repeats; one database, one process; caches cold "
        "before each measure.",
        "",
        "| Indicator lines | SOP step 9 done + step 10 routed: queries | ms "
        "| base_tier_validation approval: queries | ms |",
        "|---:|---:|---:|---:|---:|",
    ]
    lines += [
        f"| {size:,} | {step_q:g} | {step_ms:.1f} | {tier_q:g} | {tier_ms:.1f} |"
        for size, step_q, step_ms, tier_q, tier_ms in rows
    ]
    return "\n".join(lines)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--repeats", type=int, default=5)
    parser.add_argument("--sizes", default="10,100,1000")
    args = parser.parse_args()
    sizes = [int(size) for size in args.sizes.split(",")]
    ensure_tier_validation()
    subprocess.run(["bash", str(ROOT / "scripts" / "pg.sh"), "start"], check=True)
    db = f"sakip_bench_{os.getpid()}"
    conf = odoo_conf(db)
    try:
        install(conf, db)
        rows = run_bench(conf, db, sizes, args.repeats)
    finally:
        shell(f'db_drop "{db}"')
        conf.unlink(missing_ok=True)
    print(table(rows, args.repeats))


if __name__ == "__main__":
    main()
