# Copyright 2024 SAKIP Indonesia
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""`make bench`: what the addon costs for a whole regency (issue 12), in one run.

On a scratch database of this checkout's PostgreSQL cluster (the demo data as
the base, ``hr_holidays`` installed for the anchor), agreements and their SOP
runs are added in batches (``create(list)``, runs started in batches) up to
N = 100, 1,000 and 5,000; at each N the script measures, through the public
API of the views and of the engine (web_search_read, web_read, name_search,
the reminder job, ``action_done``), the figures of the issue:

- agreement list (80 rows), form (200 lines), name_search: queries and ms;
- run list (80 rows) and run kanban (grouped by step): queries and ms;
- the reminder job with every running run's step overdue: queries, ms, digests;
- one step transition with the next actor notified (step 8 done, the
  Sekretaris Dinas notified of step 9): queries and ms;
- starting the runs in batches: ms per run; the step list (20 rows, its
  default order): queries and ms;
- the public verification page against ``/web/login`` on the same server,
  20 concurrent clients (``scripts/bench_verify.py``): req/s and p95;
- the anchor measured in the same database and run: one ``hr_holidays`` leave
  approval (queries and ms).

Then ``scripts/bench_step_completion.py`` (step completion against OCA tier
validation when ``base_tier_validation`` is importable) runs on the same
database, and ``scripts/bench_documents.sh`` on its own. Times are medians of
repeats, each with cold record caches, measured in a savepoint rolled back.
The Markdown table goes to stdout and to ``.run/bench.md``
(``make bench-readme`` copies it into the README); progress goes to stderr.
The database is dropped at the end.

Environment: ``BENCH_N="100 1000"`` (the sizes), ``BENCH_REPEATS`` (5),
``BENCH_SECONDS`` (10, per page and size for the HTTP figures),
``BENCH_DOCUMENTS=0`` (skip bench-documents), ``BENCH_STEPS=0`` (skip bench-steps).
"""

import datetime
import importlib.util
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
import bench_verify  # noqa: E402

MODULE = "sakip_penetapan_kinerja"
SIZES = [int(n) for n in os.environ.get("BENCH_N", "100 1000 5000").split()]
REPEATS = int(os.environ.get("BENCH_REPEATS", "5"))
SECONDS = float(os.environ.get("BENCH_SECONDS", "10"))
#: Alternating rounds of the two pages measured under load (medians).
HTTP_ROUNDS = int(os.environ.get("BENCH_HTTP_ROUNDS", "3"))
BATCH = 500  # runs created and started at once
CLIENTS = 20
#: Fields the list and kanban widgets of ``activity_ids`` read with them.
ACTIVITY_WIDGET_FIELDS = (
    "activity_exception_decoration",
    "activity_exception_icon",
    "activity_state",
    "activity_summary",
    "activity_type_icon",
    "activity_type_id",
)
T0 = time.perf_counter()
REMINDER = "Reminder job, every running step overdue (steps, digests sent)"
TRANSITION = "Step transition, next actor notified (step 8 done, 9 routed)"
VERIFY = "Verification page, 20 clients"
LOGIN = "Anchor: `/web/login`, 20 clients"
#: What issue 12 asks of each figure.
GOALS = {
    "Agreement list, 80 rows": "flat (5-6 q)",
    "Agreement form, 200 lines": "flat (13 q)",
    "Agreement name_search": "flat (1 q)",
    "Run list, 80 rows": "flat, ≤ 25 q",
    "Run kanban (by step, 40 cards a column)": "flat, ≤ 25 q",
    REMINDER: "grows with recipients, not steps",
    TRANSITION: "≤ 40 q, no query repeated",
    "Step transition / leave approval (queries)": "≤ 0.55x",
    "Batch start (up to 500 runs at once), per run": "linear (flat per run)",
    "Step list, 20 rows, its default order": "own columns, indexed",
    "Verification page / `/web/login` throughput": "≥ 1.0x",
}


def say(message):
    sys.stderr.write(f"[bench {time.perf_counter() - T0:7.1f} s] {message}\n")
    sys.stderr.flush()


class Rollback(Exception):
    """Undo a measurement."""


# The web client's specifications of a view
def view_spec(Model, view_type):
    """What the web client asks for a view: every field of its arch, the
    relations with their display name, the x2many of a form with the
    fields of their inline list (40 rows)."""
    arch = Model.get_views([(False, view_type)])["views"][view_type]["arch"]
    return _spec(Model, etree.fromstring(arch))


def _own_field_nodes(node):
    for child in node:
        if child.tag == "field":
            yield child
        elif isinstance(child.tag, str):
            yield from _own_field_nodes(child)


def _spec(Model, node):
    spec = {}
    for field_node in _own_field_nodes(node):
        name = field_node.get("name")
        field = Model._fields.get(name)
        if field is None:
            continue
        if name == "activity_ids":
            spec.update({fname: {} for fname in ACTIVITY_WIDGET_FIELDS})
            spec[name] = {}
        elif field.type in ("one2many", "many2many"):
            sub = next(field_node.iter("list"), None)
            if sub is not None:
                comodel = Model.env[field.comodel_name]
                spec[name] = {"fields": _spec(comodel, sub), "limit": 40}
            else:
                spec[name] = {"fields": {"display_name": {}}}
        elif field.type == "many2one":
            spec[name] = {"fields": {"display_name": {}}}
        else:
            spec[name] = {}
    return spec


# Measuring
def measure_once(env, action, setup=None):
    """Queries and ms of ``action()`` (flushed, caches cold), in a savepoint
    rolled back afterwards; ``setup()`` runs first, unmeasured, and its
    result is given to ``action``. Returns (queries, ms, action's result)."""
    result = {}
    try:
        with env.cr.savepoint():
            prepared = setup() if setup else None
            env.flush_all()
            env.invalidate_all()
            before = env.cr.sql_log_count
            start = time.perf_counter()
            value = action(prepared) if setup else action()
            env.flush_all()
            result = {
                "ms": (time.perf_counter() - start) * 1000.0,
                "queries": env.cr.sql_log_count - before,
                "value": value,
            }
            raise Rollback
    except Rollback:
        env.invalidate_all()
    return result["queries"], result["ms"], result["value"]


def median(env, action, setup=None, repeats=REPEATS):
    """Median queries and ms of ``repeats`` measures after one warm-up, and
    the last result."""
    measure_once(env, action, setup)
    samples = [measure_once(env, action, setup) for _i in range(repeats)]
    return (
        statistics.median(s[0] for s in samples),
        statistics.median(s[1] for s in samples),
        samples[-1][2],
    )


class World:
    """The scratch database's demo office, growing to N agreements and runs."""

    def __init__(self, env):
        self.env = env(context=dict(env.context, lang="en_US", mail_notify_force_send=False))
        env = self.env
        self.company = env.ref("base.main_company")
        self.users = {
            login: env["res.users"].search([("login", "=", login)])
            for login in ("admin", "kadis", "sekdis", "perencana")
        }
        self.sop = env.ref(f"{MODULE}.sop_penyusunan_pk")
        self.department = env["hr.department"].create({"name": "Bench Bidang"})
        self.runs = env["sakip.sop.run"]
        self.start_ms = []  # (runs started, ms) per batch
        self.big_pk = self._agreements(1, lines=200)
        env.cr.commit()

    def _agreements(self, count, lines=0):
        env = self.env
        first = len(self.runs) + 1
        employees = env["hr.employee"].create(
            [
                {
                    "name": f"Bench Pejabat {first + i}",
                    "company_id": self.company.id,
                    "department_id": self.department.id,
                }
                for i in range(count)
            ]
        )
        line_values = [
            (0, 0, {"objective": "Sasaran", "name": f"Indikator {i}", "uom": "%", "target": i})
            for i in range(lines)
        ]
        return env["sakip.pk"].create(
            [
                {
                    "fiscal_year": 2026,
                    "level": "echelon_4",
                    "company_id": self.company.id,
                    "first_party_id": employee.id,
                    "indicator_ids": line_values,
                }
                for employee in employees
            ]
        )

    def grow(self, size):
        """Add agreements and runs (created, then started as the Kepala
        Dinas, BATCH at a time) until there are ``size`` of each."""
        env, head = self.env, self.users["kadis"]
        self.start_ms = []
        while len(self.runs) < size:
            count = min(BATCH, size - len(self.runs))
            pks = self._agreements(count)
            runs = env["sakip.sop.run"].create(
                [
                    {
                        "sop_id": self.sop.id,
                        "company_id": self.company.id,
                        "res_model": "sakip.pk",
                        "res_id": pk.id,
                        "fiscal_year": 2026,
                        "start_text": "<p>Susun PK 2026 sesuai SOP.</p>",
                    }
                    for pk in pks
                ]
            )
            env.flush_all()
            env.invalidate_all()
            start = time.perf_counter()
            runs.with_user(head).action_start()
            env.flush_all()
            self.start_ms.append((count, (time.perf_counter() - start) * 1000.0))
            env.cr.commit()
            self.runs |= runs
            say(f"  {len(self.runs)} agreements and runs ({count} started at once)")

    # --- the figures --------------------------------------------------
    def views(self, row):
        env = self.env
        for model, key in (("sakip.pk", "Agreement"), ("sakip.sop.run", "Run")):
            Model = env[model].with_user(self.users["kadis"])
            spec = view_spec(Model, "list")
            q, ms, _v = median(env, lambda M=Model, s=spec: M.web_search_read([], s, limit=80))
            row(f"{key} list, 80 rows", q, ms)
        Pk = env["sakip.pk"].with_user(self.users["kadis"])
        spec = view_spec(Pk, "form")
        q, ms, _v = median(env, lambda: Pk.browse(self.big_pk.id).web_read(spec))
        row("Agreement form, 200 lines", q, ms)
        q, ms, _v = median(env, lambda: Pk.name_search("Bench Pejabat 1", limit=8))
        row("Agreement name_search", q, ms)
        Run = env["sakip.sop.run"].with_user(self.users["kadis"])
        spec = view_spec(Run, "kanban")

        def kanban():
            groups = Run.web_read_group([], ["current_sop_step_id"], ["current_sop_step_id"])
            cards = 0
            for group in groups["groups"]:
                cards += len(Run.web_search_read(group["__domain"], spec, limit=40)["records"])
            return len(groups["groups"]), cards

        q, ms, (columns, cards) = median(env, kanban)
        extra = f"{columns} columns, {cards} cards"
        row("Run kanban (by step, 40 cards a column)", q, ms, extra=extra)
        Step = env["sakip.sop.run.step"].with_user(self.users["kadis"])
        spec = view_spec(Step, "list")
        q, ms, _v = median(env, lambda: Step.web_search_read([], spec, limit=20))
        row("Step list, 20 rows, its default order", q, ms)

    def reminders(self, row):
        """The hourly job a month after the runs started: every running
        run's current step is overdue (escalated to the superior actor)."""
        from freezegun import freeze_time

        env = self.env
        Step = env["sakip.sop.run.step"]
        due = Step.search_count([("state", "=", "in_progress"), ("run_id.state", "=", "running")])
        when = datetime.datetime.now() + datetime.timedelta(days=30)

        def job():
            last = env["mail.message"].search([], order="id desc", limit=1).id
            with freeze_time(when):
                Step._cron_sakip_remind()
                env.flush_all()
            return env["mail.message"].search_count(
                [("message_type", "=", "user_notification"), ("id", ">", last)]
            )

        q, ms, sent = median(env, job, repeats=max(1, REPEATS // 2))
        row(REMINDER, q, ms, extra=f"{due:,} steps, {sent} digests")
        return sent

    def transition(self, row):
        """Step 8 done by the planner (steps 2-7 skipped by the
        administrator first, unmeasured): step 9 starts, its actor (the
        Sekretaris Dinas) is notified."""
        env = self.env
        run = self.runs[len(self.runs) // 2]

        def setup():
            todo = run.step_ids.filtered(lambda s: 2 <= s.sequence <= 7)
            todo.with_user(self.users["admin"]).action_skip("Bench: to step 8.")
            step = run.current_step_id
            assert step.sequence == 8, step.sequence
            return step.with_user(self.users["perencana"])

        def done(step):
            step.action_done()
            assert run.current_step_id.sequence == 9

        q, ms, _v = median(env, done, setup)
        row(TRANSITION, q, ms)
        return q

    def leave_approval(self, row):
        """The anchor: one hr_holidays leave approval by the administrator."""
        env = self.env
        leave_type = env["hr.leave.type"].search(
            [("requires_allocation", "=", "no"), ("leave_validation_type", "=", "hr")], limit=1
        ) or env["hr.leave.type"].create(
            {
                "name": "Bench Cuti",
                "requires_allocation": "no",
                "leave_validation_type": "hr",
            }
        )
        employee = self.users["perencana"].employee_id
        day = datetime.date.today() + datetime.timedelta(days=60)
        day += datetime.timedelta(days=(7 - day.weekday()) % 7)  # a Monday

        def setup():
            leave = env["hr.leave"].create(
                {
                    "name": "Bench",
                    "holiday_status_id": leave_type.id,
                    "employee_id": employee.id,
                    "request_date_from": day,
                    "request_date_to": day + datetime.timedelta(days=1),
                }
            )
            return leave.with_user(self.users["admin"])

        def approve(leave):
            leave.action_approve()
            assert leave.state == "validate", leave.state

        q, ms, _v = median(env, approve, setup)
        row("Anchor: hr_holidays leave approval", q, ms)
        return q


def verify_token(port, db):
    """A token of a demo document: when none has one, the demo agreement is
    signed through its SOP run first (that run stays running at a later step:
    one more column in the run kanban, for every N)."""
    return bench_verify.find_token(port, db, "admin", "admin") or bench_verify.make_token(port, db)


def http_figures(port, token, row):
    """The verification page against /web/login, 20 concurrent clients: the
    two pages alternate over HTTP_ROUNDS rounds (medians), so a drift in the
    machine's load weighs on both alike."""
    pages = {VERIFY: f"/sakip/verify/{token}", LOGIN: "/web/login"}
    samples = {label: [] for label in pages}
    for path in pages.values():
        for _i in range(3):
            bench_verify.fetch(port, path)
    for _round in range(HTTP_ROUNDS):
        for label, path in pages.items():
            samples[label].append(bench_verify.measure(port, path, CLIENTS, SECONDS))
    rates = {}
    for label, figures in samples.items():
        rates[label] = statistics.median(rate for rate, _p95 in figures)
        p95 = statistics.median(p95 for _rate, p95 in figures)
        row(label, None, None, extra=f"{rates[label]:.1f} req/s, p95 {p95:.0f} ms")
    ratio = rates[VERIFY] / rates[LOGIN]
    row("Verification page / `/web/login` throughput", None, None, extra=f"{ratio:.2f}x")


# Database, server, table
def shell(snippet):
    return steps_bench.shell(snippet)


def install(conf, db, tier):
    modules = f"{MODULE},hr_holidays" + (",sakip_bench_tier" if tier else "")
    say(f"Creating {db} with {modules} and the demo data (a few minutes)")
    log = ROOT / ".run" / f"{db}.log"
    with open(log, "w") as out:
        done = subprocess.run(
            [
                str(Path(sys.executable).parent / "odoo"),
                *("-c", str(conf), "-d", db, "-i", modules),
                # Indonesian, as in every office's database (and `make run`'s).
                "--load-language=id_ID",
                *("--stop-after-init", "--max-cron-threads=0", "--log-level=warn"),
            ],
            stdout=out,
            stderr=subprocess.STDOUT,
            check=False,
        )
    if done.returncode:
        raise SystemExit(f"Installing failed, see {log}")


def start_server(conf, db):
    port = int(shell("free_port $((8870 + RANDOM % 100))"))
    log = open(ROOT / ".run" / f"{db}.server.log", "w")  # noqa: SIM115 -- kept open
    server = subprocess.Popen(
        [
            str(Path(sys.executable).parent / "odoo"),
            *("-c", str(conf), "-d", db, f"--db-filter=^{db}$", "--max-cron-threads=0"),
            *("--http-port", str(port), "--log-level=warn"),
        ],
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    for _i in range(120):
        try:
            if bench_verify.fetch(port, "/web/login")[0] == 200:
                return server, port
        except OSError:
            time.sleep(1)
    server.terminate()
    raise SystemExit("The bench server did not answer within 120 s")


def run_steps_bench(env):
    """scripts/bench_step_completion.py's measure, on this database."""
    import odoo

    tier = "bench.tier.document" in env
    odoo.tools.config["test_enable"] = True  # its office fixture imports odoo.tests
    sizes = [int(s) for s in os.environ.get("BENCH_STEPS_SIZES", "10,100,1000").split(",")]
    rows = []
    try:
        with env.cr.savepoint():
            bench = steps_bench.Bench(env)
            bench.step_completion(1)
            if tier:
                bench.tier_approval(1)
            for size in sizes:
                say(f"  bench-steps: {size} lines")
                step = steps_bench.median_figures(bench.step_completion, size, REPEATS)
                tier_figures = (
                    steps_bench.median_figures(bench.tier_approval, size, REPEATS)
                    if tier
                    else (float("nan"), float("nan"))
                )
                rows.append((size, *step, *tier_figures))
            raise Rollback
    except Rollback:
        env.invalidate_all()
    finally:
        odoo.tools.config["test_enable"] = False
    text = steps_bench.table(rows, REPEATS).replace("| nan | nan |", "| - | - |")
    if not tier:
        text += (
            "\n\nOCA `base_tier_validation` is not installed in this environment: "
            "`make bench-steps` installs it and measures the approval."
        )
    return text


def table(sizes, figures):
    header = "| Measure | " + " | ".join(f"N = {n:,}" for n in sizes) + " | Goal (issue 12) |"
    lines = [header, "|---|" + "---:|" * len(sizes) + "---|"]
    for label in figures:
        cells = " | ".join(figures[label].get(n, "") for n in sizes)
        lines.append(f"| {label} | {cells} | {GOALS.get(label, '')} |")
    return "\n".join(lines)


def main():
    tier = importlib.util.find_spec("odoo.addons.base_tier_validation") is not None
    subprocess.run(["bash", str(ROOT / "scripts" / "pg.sh"), "start"], check=True)
    db = f"sakip_bench_{os.getpid()}"
    conf = steps_bench.odoo_conf(db)
    figures = {}
    durations = {}
    steps_text = ""
    server = None
    try:
        install(conf, db, tier)
        server, port = start_server(conf, db)
        import odoo
        from odoo import SUPERUSER_ID, api
        from odoo.modules.registry import Registry

        odoo.tools.config.parse_config(["-c", str(conf), "-d", db, "--log-level=warn"])
        registry = Registry(db)
        with registry.cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {})
            say("Signing a demo agreement through its workflow, for a verification token")
            token = verify_token(port, db)
            world = World(env)
            for size in SIZES:
                began = time.perf_counter()
                say(f"N = {size:,}: adding agreements and runs")
                world.grow(size)

                def row(label, queries, ms, extra=None, size=size):
                    parts = []
                    if queries is not None:
                        parts.append(f"{queries:g} q")
                    if ms is not None:
                        parts.append(f"{ms:.1f} ms")
                    if extra:
                        parts.append(extra)
                    figures.setdefault(label, {})[size] = " · ".join(parts)
                    say(f"  {label}: {figures[label][size]}")

                say(f"N = {size:,}: measuring")
                started = sum(c for c, _ms in world.start_ms)
                per_run = sum(ms for _c, ms in world.start_ms) / started if started else 0
                row(
                    f"Batch start (up to {BATCH} runs at once), per run",
                    None,
                    per_run,
                    extra=f"{started:,} started",
                )
                world.views(row)
                world.reminders(row)
                transition = world.transition(row)
                ratio = transition / world.leave_approval(row)
                row("Step transition / leave approval (queries)", None, None, f"{ratio:.2f}x")
                http_figures(port, token, row)
                durations[size] = time.perf_counter() - began
                say(f"N = {size:,} done in {durations[size]:.0f} s")
            if os.environ.get("BENCH_STEPS", "1") != "0":
                say("bench-steps (scripts/bench_step_completion.py)")
                steps_text = run_steps_bench(env)
            cr.rollback()
        odoo.sql_db.close_all()
    finally:
        if server:
            server.terminate()
            server.wait(60)
        say(f"Dropping {db}")
        shell(f'db_drop "{db}"')
        conf.unlink(missing_ok=True)
    for size, seconds in durations.items():
        figures.setdefault("Time to build and measure this N", {})[size] = f"{seconds:.0f} s"
    out = [
        f"### Cost by number of agreements and runs (`make bench`, {time.strftime('%Y-%m-%d')})",
        "",
        f"The demo data plus N agreements and running SOP runs, all in one run of "
        f"`make bench`; medians of {REPEATS} repeats ({max(1, REPEATS // 2)} for the "
        "reminder job) with cold caches, on 2 shared cores; q = SQL queries. The "
        "anchors (`hr_holidays` approval, `/web/login`) are measured on the same "
        f"database and server in the same run; the two pages alternate over {HTTP_ROUNDS} "
        f"rounds of {SECONDS:.0f} s each (medians).",
        "",
        table(SIZES, figures),
    ]
    if steps_text:
        out += ["", "### One step completion (`make bench-steps`)", "", steps_text]
    text = "\n".join(out) + "\n"
    sys.stdout.write(text)
    if os.environ.get("BENCH_DOCUMENTS", "1") != "0":
        say("bench-documents (scripts/bench_documents.sh, its own database)")
        documents = subprocess.run(
            ["bash", str(ROOT / "scripts" / "bench_documents.sh")],
            capture_output=True,
            text=True,
            check=True,
        ).stdout.strip()
        documents = documents[documents.find("|") :]
        part = f"\n### Documents (`make bench-documents`)\n\n{documents}\n"
        sys.stdout.write(part)
        text += part
    (ROOT / ".run").mkdir(exist_ok=True)
    (ROOT / ".run" / "bench.md").write_text(text)
    say(f"Done in {time.perf_counter() - T0:.0f} s; table written to .run/bench.md")


if __name__ == "__main__":
    main()
