#!/usr/bin/env python3
# Copyright 2024 SAKIP Indonesia
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""Integrity of a running demo server (issue 9, last "Done when" item).

Run it against ``make run PORT=N`` (only 127.0.0.1)::

    .venv/bin/python scripts/check_integrity_demo.py --port N [--db sakip_demo]

As every demo user but ``admin``, over XML-RPC (``/xmlrpc/2/object``) and, for
the web routes, over an HTTP session (``/web/session/authenticate``):

1. **Owned fields.** For every model of the addon and every user, writes each
   field the workflow owns (its current value, on a record the user reads:
   the guard refuses on the key) and creates a record with an owned field set.
   The owned fields are read from the models' declarations
   (``_sakip_workflow_fields``) in the demo database's registry, opened
   read-only with the run's configuration (``.run/run.conf``).
2. **Bidang boundaries.** Each Staf Bidang user against the other bidang's
   lines, submissions, line-change notes, collection formats, step activities,
   line moves, total and reports, on the demo agreement being prepared (its
   SOP run is driven to the collection step, step 6, if it is not there yet;
   one secret programme line per bidang is added by that bidang's user).
3. **Document of record.** A signed agreement (the demo has none: the script
   makes one for 2027 through the whole SOP run as the right users, once, then
   reuses it): its PDF of record is downloaded by every user who reads it and
   compared with its SHA-256, every user tries to change or delete the
   attachment, and a reprint is posted to the public verification page, which
   must say *Cocok*.

It prints a summary table and exits with 1 when anything that should be
refused was accepted, anything leaked, or a check could not be made.
"""

import argparse
import base64
import hashlib
import io
import json
import re
import socket
import sys
import time
import xmlrpc.client
from pathlib import Path

import openpyxl
import requests
from PyPDF2 import PdfReader

ROOT = Path(__file__).resolve().parent.parent
MODULE = "sakip_penetapan_kinerja"
#: The demo users (README, "Demo logins"), password = login; ``admin`` only prepares.
USERS = (
    "kadis",
    "sekdis",
    "perencana",
    "staf.sd",
    "staf.smp",
    "kabid.paud",
    "kabid.pgtk",
    "admin.sakip",
)
BIDANG_USERS = {"staf.sd": "dep_sd", "staf.smp": "dep_smp", "kabid.paud": "dep_paud"}
BIDANG_USERS["kabid.pgtk"] = "dep_pgtk"
GUARD_TEXT = "set by the workflow"
SIGNED_YEAR = 2027
MINUTES_PDF = b"%PDF-1.4\n% minutes of the demo meeting\n%%EOF\n"
CSRF_RE = re.compile(r'name="csrf_token" value="([^"]+)"')


class Budget(Exception):
    """The request or time budget of the run is spent."""


class Server:
    """XML-RPC and HTTP access to the demo server, counting every request."""

    def __init__(self, port, db, max_requests, max_seconds):
        self.base = f"http://127.0.0.1:{port}"
        self.db = db
        self.max_requests, self.deadline = max_requests, time.monotonic() + max_seconds
        self.requests = 0
        self.common = xmlrpc.client.ServerProxy(f"{self.base}/xmlrpc/2/common")
        self.object = xmlrpc.client.ServerProxy(f"{self.base}/xmlrpc/2/object", allow_none=True)
        self.uids, self.sessions = {}, {}

    def tick(self):
        self.requests += 1
        if self.requests > self.max_requests or time.monotonic() > self.deadline:
            raise Budget(f"budget spent after {self.requests - 1} requests")

    def uid(self, login):
        if login not in self.uids:
            self.tick()
            uid = self.common.authenticate(self.db, login, login, {})
            if not uid:
                raise SystemExit(f"cannot log in as {login} (password = login)")
            self.uids[login] = uid
        return self.uids[login]

    def call(self, login, model, method, *args, **kwargs):
        """``execute_kw`` as ``login``; messages in English (the guard's text)."""
        kwargs.setdefault("context", {"lang": "en_US"})
        uid = self.uid(login)
        self.tick()
        return self.object.execute_kw(self.db, uid, login, model, method, list(args), kwargs)

    def attempt(self, login, model, method, *args, **kwargs):
        """Return ``(True, result)``, or ``(False, fault string)`` when refused."""
        try:
            return True, self.call(login, model, method, *args, **kwargs)
        except xmlrpc.client.Fault as fault:
            return False, fault.faultString

    def session(self, login):
        if login not in self.sessions:
            session = requests.Session()
            self.tick()
            response = session.post(
                f"{self.base}/web/session/authenticate",
                json={
                    "jsonrpc": "2.0",
                    "params": {"db": self.db, "login": login, "password": login},
                },
                timeout=60,
            )
            if not response.json().get("result", {}).get("uid"):
                raise SystemExit(f"cannot open a web session as {login}")
            self.sessions[login] = session
        return self.sessions[login]

    def get(self, login, path):
        session = self.session(login) if login else requests.Session()
        self.tick()
        return session.get(f"{self.base}{path}", timeout=300)

    def jsonrpc(self, login, path, params):
        self.tick()
        response = self.session(login).post(
            f"{self.base}{path}", json={"jsonrpc": "2.0", "params": params}, timeout=60
        )
        return response.json().get("result")

    def ref(self, name):
        [row] = self.call(
            "admin",
            "ir.model.data",
            "search_read",
            [("module", "=", MODULE), ("name", "=", name)],
            ["res_id"],
        )
        return row["res_id"]


def owned_declarations(db):
    """``{model: owned field names}`` from the declarations of the models, in
    the registry of the demo database (opened read-only: no update)."""
    # Only this part needs the server's code (imported here, not at the top).
    import odoo
    from odoo.modules.registry import Registry

    odoo.tools.config.parse_config(["-c", str(ROOT / ".run" / "run.conf"), "--log-level=warn"])
    registry = Registry(db)
    mixin = registry["sakip.workflow.owned.mixin"]
    return {
        name: sorted(model._sakip_workflow_fields)
        for name, model in sorted(registry.items())
        if issubclass(model, mixin) and not (model._abstract or model._transient)
    }


# ----------------------------------------------------------------------
# Setting up: the SOP run driven through the workflow, as the right users
# ----------------------------------------------------------------------
def current_run(srv, pk_id):
    runs = srv.call(
        "admin",
        "sakip.sop.run",
        "search_read",
        [
            ("res_model", "=", "sakip.pk"),
            ("res_id", "=", pk_id),
            ("state", "in", ("draft", "running")),
        ],
        ["state", "current_step_id", "invitation_id"],
    )
    return runs[0] if runs else None


def login_of(srv, uid):
    return next((login for login, known in srv.uids.items() if known == uid), None)


def do_step(srv, run, sequence, step_id, notes):
    """Complete step ``sequence`` of ``run`` as its actor (see tests/test_pk_whole_run.py)."""
    actor = {9: "sekdis", 10: "sekdis", 11: "kadis"}.get(sequence, "perencana")
    kwargs = {}
    if sequence == 4:
        if not run["invitation_id"]:
            start = time.strftime("%Y-%m-%d 02:00:00", time.gmtime(time.time() + 86400))
            stop = start.replace("02:00", "04:00")
            wizard = srv.call(
                "perencana",
                "sakip.sop.meeting.wizard",
                "create",
                {
                    "run_id": run["id"],
                    "name": "Rapat penyusunan PK",
                    "start": start,
                    "stop": stop,
                    "location": "Aula Dinas Pendidikan",
                },
            )
            srv.call("perencana", "sakip.sop.meeting.wizard", "action_confirm", [wizard])
            run = current_run(srv, run["res_id"]) | {"id": run["id"]}
        invitation = run["invitation_id"][0]
        [letter] = srv.call("admin", "sakip.letter", "read", [invitation], ["state"])
        if letter["state"] == "to_sign":
            srv.call("sekdis", "sakip.letter", "action_sign", [invitation])
            notes.append("invitation signed by sekdis")
    elif sequence == 5:
        kwargs["attachment_ids"] = [
            srv.call(
                "perencana",
                "ir.attachment",
                "create",
                {
                    "name": name,
                    "datas": base64.b64encode(MINUTES_PDF).decode(),
                    "res_model": "sakip.sop.run.step.wizard",
                    "res_id": 0,
                },
            )
            for name in ("Berita Acara Rapat PK.pdf", "Notula Rapat PK.pdf")
        ]
    elif sequence == 6:
        submissions = srv.call(
            "admin",
            "sakip.pk.submission",
            "search_read",
            [("run_id", "=", run["id"]), ("state", "!=", "submitted")],
            ["user_ids"],
        )
        for submission in submissions:
            logins = [login_of(srv, uid) for uid in submission["user_ids"]]
            login = next((x for x in logins if x and x != "perencana"), "perencana")
            srv.call(login, "sakip.pk.submission", "action_submit", [submission["id"]])
        notes.append(f"{len(submissions)} submissions sent by their bidang")
        return
    srv.call(actor, "sakip.sop.run.step", "action_done", [step_id], **kwargs)


def drive(srv, pk_id, until, notes):
    """Drive the agreement's run (started by the Kepala) until step ``until`` is current."""
    run = current_run(srv, pk_id)
    if not run:
        srv.call("kadis", "sakip.pk", "action_start_sop_run", [pk_id])
        run = current_run(srv, pk_id)
        notes.append(f"run of sakip.pk {pk_id} created by kadis")
    if run["state"] == "draft":
        srv.call(
            "kadis",
            "sakip.sop.run",
            "write",
            [run["id"]],
            {"disposition_text": "<p>Susun PK sesuai SOP.</p>"},
        )
        srv.call("kadis", "sakip.sop.run", "action_start", [run["id"]])
    for _ in range(30):
        run = current_run(srv, pk_id)
        if not run or not run["current_step_id"]:
            return
        run["res_id"] = pk_id
        [step] = srv.call(
            "admin", "sakip.sop.run.step", "read", [run["current_step_id"][0]], ["sequence"]
        )
        if step["sequence"] >= until:
            return
        do_step(srv, run, step["sequence"], step["id"], notes)
        notes.append(f"step {step['sequence']} done")
    raise SystemExit(f"the run of sakip.pk {pk_id} did not reach step {until}")


def signed_agreement(srv, notes):
    """The signed agreement for SIGNED_YEAR, made through the workflow if missing."""
    kadis = srv.ref("employee_kadis")
    domain = [
        ("fiscal_year", "=", SIGNED_YEAR),
        ("level", "=", "head"),
        ("first_party_id", "=", kadis),
    ]
    found = srv.call(
        "admin",
        "sakip.pk",
        "search_read",
        [*domain, ("state", "!=", "cancelled")],
        ["state"],
        limit=1,
    )
    if found and found[0]["state"] in ("signed", "superseded"):
        notes.append(f"signed agreement {found[0]['id']} reused")
        return found[0]["id"]
    if found:
        pk_id = found[0]["id"]
    else:
        departments = srv.call(
            "admin", "hr.department", "search_read", [("is_sakip_unit", "=", True)], ["name"]
        )
        pk_id = srv.call(
            "perencana",
            "sakip.pk",
            "create",
            {
                "fiscal_year": SIGNED_YEAR,
                "level": "head",
                "first_party_id": kadis,
                "second_party_name": "Sadewo Tri Lastiono",
                "second_party_title": "Bupati Banyumas",
                "sign_place": "Purwokerto",
                "indicator_ids": [
                    (
                        0,
                        0,
                        {
                            "name": f"Indikator {dep['name']} {SIGNED_YEAR}",
                            "objective": "Mutu",
                            "uom": "%",
                            "target": 90.0,
                            "quarter_rule": "cumulative",
                            "target_q1": 80.0,
                            "target_q2": 84.0,
                            "target_q3": 87.0,
                            "target_q4": 90.0,
                            "department_id": dep["id"],
                        },
                    )
                    for dep in departments
                ],
                "program_ids": [
                    (
                        0,
                        0,
                        {
                            "name": f"Program {dep['name']} {SIGNED_YEAR}",
                            "budget": 1_000_000_000,
                            "department_id": dep["id"],
                        },
                    )
                    for dep in departments
                ],
            },
        )
        notes.append(f"agreement {pk_id} ({SIGNED_YEAR}) created by perencana")
    for login in USERS:
        srv.uid(login)
    drive(srv, pk_id, 12, notes)
    [pk] = srv.call("admin", "sakip.pk", "read", [pk_id], ["state"])
    if pk["state"] != "signed":
        raise SystemExit(f"agreement {pk_id} is {pk['state']} after step 11")
    notes.append(f"agreement {pk_id} signed by kadis at step 11")
    return pk_id


# ----------------------------------------------------------------------
# 1. Owned fields: writes and creates refused for every user
# ----------------------------------------------------------------------
def as_write_value(field, value):
    """A value read over RPC, as ``write`` takes it back."""
    if field["type"] == "many2one":
        return value[0] if value else False
    if field["type"] in ("many2many", "one2many"):
        return [(6, 0, value)]
    return value


def check_owned_fields(srv, declarations, users):
    stats = {
        "tried": 0,
        "accepted": [],
        "guard": 0,
        "other": 0,
        "no_record": [],
        "creates": 0,
        "creates_accepted": [],
        "models": 0,
        "fields": 0,
    }
    for model, owned in declarations.items():
        if not owned:
            continue
        stats["models"] += 1
        stats["fields"] += len(owned)
        info = srv.call("admin", model, "fields_get", owned, attributes=["type"])
        sample = srv.call(
            "admin", model, "search_read", [], owned, limit=1, context={"active_test": False}
        )
        for login in users:
            ok, found = srv.attempt(
                login, model, "search", [], limit=1, context={"active_test": False, "lang": "en_US"}
            )
            record_id = found[0] if ok and found else None
            if record_id is None:
                stats["no_record"].append(f"{model}/{login}")
            else:
                [values] = srv.call("admin", model, "read", [record_id], owned)
                for fname in owned:
                    stats["tried"] += 1
                    vals = {fname: as_write_value(info[fname], values[fname])}
                    ok, message = srv.attempt(login, model, "write", [record_id], vals)
                    if ok:
                        stats["accepted"].append(f"{login} wrote {model}.{fname}")
                    elif GUARD_TEXT in message:
                        stats["guard"] += 1
                    else:
                        stats["other"] += 1
            # A record created directly in a workflow state (or with any owned value).
            fname = "state" if "state" in owned else owned[0]
            value = as_write_value(info[fname], sample[0][fname]) if sample else False
            stats["creates"] += 1
            ok, created = srv.attempt(login, model, "create", {fname: value})
            if ok:
                stats["creates_accepted"].append(f"{login} created {model} with {fname}")
    return stats


# ----------------------------------------------------------------------
# 2. Bidang boundaries on every route
# ----------------------------------------------------------------------
def prepare_bidang(srv, notes):
    """The demo agreement being prepared, at its collection step, with one
    secret programme line per bidang (created by that bidang's user)."""
    pk_id = srv.ref("pk_2026_kadis")
    for login in USERS:
        srv.uid(login)
    drive(srv, pk_id, 6, notes)
    secrets = {}
    for index, (login, dep_xmlid) in enumerate(BIDANG_USERS.items(), start=1):
        dep_id = srv.ref(dep_xmlid)
        name = f"Program Rahasia {dep_xmlid[4:].upper()} (uji integritas)"
        budgets = (7_770_000 + index * 1000, 8_880_000 + index * 1000)
        existing = srv.call(
            "admin", "sakip.pk.program", "search", [("pk_id", "=", pk_id), ("name", "=", name)]
        )
        if not existing:
            creator = login
            ok, line = srv.attempt(
                login,
                "sakip.pk.program",
                "create",
                {"pk_id": pk_id, "name": name, "budget": budgets[0], "department_id": dep_id},
            )
            if not ok:
                creator = "admin"
                line = srv.call(
                    "admin",
                    "sakip.pk.program",
                    "create",
                    {"pk_id": pk_id, "name": name, "budget": budgets[0], "department_id": dep_id},
                )
            # a change of the line, logged for those who read the bidang's lines
            srv.call(creator, "sakip.pk.program", "write", [line], {"budget": budgets[1]})
            notes.append(f"secret line of {dep_xmlid} created and changed by {creator}")
        secrets[dep_id] = [name] + [
            variant
            for budget in budgets
            for variant in (str(budget), f"{budget:,}", f"{budget:,}".replace(",", "."))
        ]
    return pk_id, secrets


def text_of_xlsx(content):
    workbook = openpyxl.load_workbook(io.BytesIO(content))
    return " ".join(
        str(cell)
        for sheet in workbook.worksheets
        for row in sheet.iter_rows(values_only=True)
        for cell in row
        if cell is not None
    )


def text_of_pdf(content):
    return " ".join(page.extract_text() or "" for page in PdfReader(io.BytesIO(content)).pages)


class Routes:
    """One bidang user against the other bidang, route by route."""

    def __init__(self, srv, login, own_dep, pk_id, run_id, secrets):
        self.srv, self.login, self.own, self.pk_id, self.run_id = srv, login, own_dep, pk_id, run_id
        self.secrets = [text for dep, texts in secrets.items() if dep != own_dep for text in texts]
        self.tried, self.leaks, self.unexercised = 0, [], []

    def check(self, label, leaked):
        self.tried += 1
        if leaked:
            self.leaks.append(f"{self.login}: {label}: {leaked}")

    def secret_in(self, payload):
        text = payload if isinstance(payload, str) else json.dumps(payload, default=str)
        return [secret for secret in self.secrets if secret in text]

    def refused(self, label, model, method, *args, **kwargs):
        ok, _result = self.srv.attempt(self.login, model, method, *args, **kwargs)
        self.check(f"{model} {method} ({label})", "accepted" if ok else None)

    def other_ids(self, model, domain):
        rows = self.srv.call("admin", model, "search_read", domain, ["department_id"])
        return [r["id"] for r in rows if r["department_id"] and r["department_id"][0] != self.own]

    def run(self):
        srv, login = self.srv, self.login
        on_pk = [("pk_id", "=", self.pk_id)]
        for model in ("sakip.pk.indicator", "sakip.pk.program", "sakip.pk.submission"):
            others = self.other_ids(model, on_pk)
            if not others:
                self.unexercised.append(model)
                continue
            rows = srv.call(login, model, "search_read", on_pk, ["name"])
            self.check(f"{model} search_read", sorted(set(others) & {r["id"] for r in rows}))
            self.check(f"{model} search_read text", self.secret_in(rows))
            self.refused("other bidang", model, "read", others[:1], ["name"])
            count = srv.call(login, model, "search_count", [("id", "in", others)])
            self.check(f"{model} search_count", count)
            groups = srv.call(
                login, model, "read_group", on_pk, ["department_id"], ["department_id"], lazy=False
            )
            self.check(
                f"{model} read_group",
                [
                    g["department_id"][1]
                    for g in groups
                    if g["department_id"] and g["department_id"][0] != self.own
                ],
            )
            [other] = srv.call("admin", model, "read", others[:1], ["display_name"])
            found = srv.call(login, model, "name_search", other["display_name"][:40])
            self.check(f"{model} name_search", sorted(set(others) & {r[0] for r in found}))
        self.messages()
        self.attachments()
        self.activities()
        self.line_move()
        self.refused("total of every bidang", "sakip.pk", "read", [self.pk_id], ["budget_total"])
        self.reports()

    def messages(self):
        srv, login = self.srv, self.login
        logs = srv.call(
            "admin",
            "mail.message",
            "search_read",
            [
                ("model", "=", "sakip.pk"),
                ("res_id", "=", self.pk_id),
                ("sakip_line_log", "=", True),
            ],
            ["sakip_department_id"],
        )
        others = [
            m["id"]
            for m in logs
            if m["sakip_department_id"] and m["sakip_department_id"][0] != self.own
        ]
        if not others:
            self.unexercised.append("mail.message")
            return
        rows = srv.call(
            login,
            "mail.message",
            "search_read",
            [("model", "=", "sakip.pk"), ("res_id", "=", self.pk_id)],
            ["body"],
        )
        self.check("mail.message search_read", sorted(set(others) & {r["id"] for r in rows}))
        self.check("mail.message search_read text", self.secret_in(rows))
        self.refused("line-change note", "mail.message", "read", others[:1], ["body"])
        found = srv.call(
            login, "mail.message", "search_count", [("body", "ilike", self.secrets[0])]
        )
        self.check("mail.message body search", found)
        thread = srv.jsonrpc(
            login, "/mail/thread/messages", {"thread_model": "sakip.pk", "thread_id": self.pk_id}
        )
        self.check("/mail/thread/messages", sorted(set(others) & set(thread["messages"])))
        self.check("/mail/thread/messages text", self.secret_in(thread))

    def attachments(self):
        srv, login = self.srv, self.login
        subs = srv.call(
            "admin",
            "sakip.pk.submission",
            "search_read",
            [("run_id", "=", self.run_id)],
            ["department_id", "format_attachment_id"],
        )
        others = [
            s["format_attachment_id"][0]
            for s in subs
            if s["format_attachment_id"] and s["department_id"][0] != self.own
        ]
        if not others:
            self.unexercised.append("ir.attachment")
            return
        rows = srv.call(
            login,
            "ir.attachment",
            "search_read",
            [("res_model", "in", ("sakip.pk.submission", "sakip.sop.run", "sakip.sop.run.step"))],
            ["name"],
        )
        self.check("ir.attachment search_read", sorted(set(others) & {r["id"] for r in rows}))
        self.refused("other bidang's format", "ir.attachment", "read", others[:1], ["datas"])
        [step] = srv.call(login, "sakip.sop.run", "read", [self.run_id], ["step_ids"])
        outputs = srv.call(
            login, "sakip.sop.run.step", "read", step["step_ids"], ["attachment_ids"]
        )
        shown = {a for row in outputs for a in row["attachment_ids"]}
        self.check("sakip.sop.run.step attachment_ids", sorted(set(others) & shown))
        response = srv.get(login, f"/web/content/{others[0]}?download=true")
        self.check("/web/content other format", response.status_code if response.ok else None)

    def activities(self):
        srv, login = self.srv, self.login
        activity = srv.call(
            "admin",
            "mail.activity",
            "search_read",
            [("sakip_run_step_id", "!=", False), ("user_id", "!=", srv.uid(login))],
            ["user_id"],
            limit=1,
        )
        if not activity:
            self.unexercised.append("mail.activity")
            return
        ids = [activity[0]["id"]]
        self.refused(
            "reassign to self, 2099",
            "mail.activity",
            "write",
            ids,
            {"user_id": srv.uid(login), "date_deadline": "2099-12-31"},
        )
        self.refused("reschedule", "mail.activity", "write", ids, {"date_deadline": "2099-12-31"})
        self.refused("step activity", "mail.activity", "unlink", ids)

    def line_move(self):
        srv = self.srv
        own = srv.call(
            "admin",
            "sakip.pk.indicator",
            "search",
            [("pk_id", "=", self.pk_id), ("department_id", "=", self.own)],
            limit=1,
        )
        other_dep = next(dep for dep in (srv.ref("dep_sd"), srv.ref("dep_smp")) if dep != self.own)
        if not own:
            self.unexercised.append("line move")
            return
        ok, _result = srv.attempt(
            self.login, "sakip.pk.indicator", "write", own, {"department_id": other_dep}
        )
        self.check("sakip.pk.indicator move to another bidang", "accepted" if ok else None)
        if ok:  # put it back where it belongs
            srv.call("admin", "sakip.pk.indicator", "write", own, {"department_id": self.own})

    def reports(self):
        srv, login = self.srv, self.login
        for kind, path, reader in (
            ("pdf", f"/report/pdf/{MODULE}.report_sakip_pk/{self.pk_id}", text_of_pdf),
            ("html", f"/report/html/{MODULE}.report_sakip_pk/{self.pk_id}", None),
            ("xlsx", f"/report/xlsx/{MODULE}.pk_xlsx/{self.pk_id}", text_of_xlsx),
            ("xlsx run", f"/report/xlsx/{MODULE}.sop_run_xlsx/{self.run_id}", text_of_xlsx),
        ):
            response = srv.get(login, path)
            if response.status_code != 200:
                self.unexercised.append(f"report {kind} ({response.status_code})")
                continue
            text = reader(response.content) if reader else response.text
            self.check(f"report {kind}", self.secret_in(text))


def check_bidang(srv, notes):
    pk_id, secrets = prepare_bidang(srv, notes)
    run = current_run(srv, pk_id)
    results = []
    for login, dep_xmlid in BIDANG_USERS.items():
        routes = Routes(srv, login, srv.ref(dep_xmlid), pk_id, run["id"], secrets)
        routes.run()
        results.append(routes)
    return pk_id, results


# ----------------------------------------------------------------------
# 3. The document of record and the verification page
# ----------------------------------------------------------------------
def check_record(srv, pk_id, users):
    [pk] = srv.call(
        "admin",
        "sakip.pk",
        "read",
        [pk_id],
        ["record_attachment_id", "record_sha256", "verify_token"],
    )
    attachment_id, sha = pk["record_attachment_id"][0], pk["record_sha256"]
    result = {"downloads": 0, "matches": 0, "mismatches": [], "tries": 0, "accepted": []}
    [current] = srv.call("admin", "ir.attachment", "read", [attachment_id], ["name", "datas"])
    for login in users:
        readable, _rows = srv.attempt(login, "sakip.pk", "read", [pk_id], ["name"])
        response = srv.get(login, f"/sakip/document/sakip.pk/{pk_id}")
        if readable:
            result["downloads"] += 1
            if response.status_code == 200 and hashlib.sha256(response.content).hexdigest() == sha:
                result["matches"] += 1
            else:
                result["mismatches"].append(f"{login}: HTTP {response.status_code}")
        elif response.status_code == 200:
            result["mismatches"].append(f"{login} cannot read the agreement but downloads it")
        for label, method, args in (
            ("datas", "write", ({"datas": current["datas"]},)),
            ("name", "write", ({"name": current["name"]},)),
            ("unlink", "unlink", ()),
        ):
            result["tries"] += 1
            ok, _message = srv.attempt(login, "ir.attachment", method, [attachment_id], *args)
            if ok:
                result["accepted"].append(f"{login}: {label}")
    # unchanged at the end, whatever was tried
    response = srv.get("kadis", f"/sakip/document/sakip.pk/{pk_id}")
    result["unchanged"] = hashlib.sha256(response.content).hexdigest() == sha
    # a reprint is the document of record, and the public page says so
    reprint = srv.get("kadis", f"/report/pdf/{MODULE}.report_sakip_pk/{pk_id}")
    result["reprint_sha"] = hashlib.sha256(reprint.content).hexdigest() == sha
    page_url = f"/sakip/verify/{pk['verify_token']}"
    visitor = requests.Session()
    srv.tick()
    page = visitor.get(f"{srv.base}{page_url}", timeout=60)
    csrf = CSRF_RE.search(page.text)
    srv.tick()
    answer = visitor.post(
        f"{srv.base}{page_url}",
        data={"csrf_token": csrf.group(1) if csrf else ""},
        files={"document": ("pk.pdf", reprint.content, "application/pdf")},
        timeout=60,
    )
    result["cocok"] = "Cocok:" in answer.text and "Tidak cocok" not in answer.text
    return result


# ----------------------------------------------------------------------
# Summary
# ----------------------------------------------------------------------
def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--port", type=int, required=True, help="port of `make run PORT=N`")
    parser.add_argument("--db", default="sakip_demo")
    parser.add_argument("--max-requests", type=int, default=6000)
    parser.add_argument("--max-seconds", type=int, default=900)
    args = parser.parse_args()
    socket.setdefaulttimeout(300)
    started = time.monotonic()
    srv = Server(args.port, args.db, args.max_requests, args.max_seconds)
    declarations = owned_declarations(args.db)
    notes, failures = [], []

    pk_signed = signed_agreement(srv, notes)
    owned = check_owned_fields(srv, declarations, USERS)
    pk_draft, routes = check_bidang(srv, notes)
    record = check_record(srv, pk_signed, USERS)

    tried_routes = sum(r.tried for r in routes)
    leaks = [leak for r in routes for leak in r.leaks]
    unexercised = [f"{r.login}: {name}" for r in routes for name in r.unexercised]
    rows = [
        ("owned fields: models / fields declared", f"{owned['models']} / {owned['fields']}"),
        ("owned-field writes tried (fields x users)", owned["tried"]),
        ("  accepted", len(owned["accepted"])),
        ("  refused by the guard / by access rights", f"{owned['guard']} / {owned['other']}"),
        ("  model x user without a readable record", len(owned["no_record"])),
        ("creates with an owned field tried (models x users)", owned["creates"]),
        ("  accepted", len(owned["creates_accepted"])),
        (f"bidang routes tried (routes x {len(routes)} bidang users)", tried_routes),
        ("  leaks", len(leaks)),
        ("  routes not exercised", len(unexercised)),
        (f"PDF of record (sakip.pk {pk_signed}) downloads by readers", record["downloads"]),
        ("  SHA-256 equal to record_sha256", f"{record['matches']}/{record['downloads']}"),
        ("  writes/unlinks of the attachment tried", record["tries"]),
        ("  accepted", len(record["accepted"])),
        ("  unchanged at the end", record["unchanged"]),
        ("reprint = document of record (SHA-256)", record["reprint_sha"]),
        ("verification page on the reprint says Cocok", record["cocok"]),
        ("requests / seconds", f"{srv.requests} / {time.monotonic() - started:.0f}"),
    ]
    width = max(len(label) for label, _value in rows)
    print(
        f"\nIntegrity of the demo server 127.0.0.1:{args.port} ({args.db}), users: "
        f"{', '.join(USERS)}"
    )
    for note in notes:
        print(f"  setup: {note}")
    print(f"| {'check'.ljust(width)} | result |\n| {'-' * width} | ------ |")
    for label, value in rows:
        print(f"| {label.ljust(width)} | {value} |")
    failures += owned["accepted"] + owned["creates_accepted"] + leaks + unexercised
    failures += record["mismatches"] + record["accepted"]
    failures += [name for name in ("unchanged", "reprint_sha", "cocok") if not record[name]]
    for failure in failures:
        print(f"FAIL {failure}")
    print("OK: nothing accepted, nothing leaked" if not failures else f"{len(failures)} failures")
    return 1 if failures else 0


if __name__ == "__main__":
    try:
        sys.exit(main())
    except Budget as error:
        sys.exit(f"FAIL {error}")
