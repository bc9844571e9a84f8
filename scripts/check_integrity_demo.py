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
import hashlib
import io
import json
import re
import socket
import sys
import time
from collections import Counter
from pathlib import Path

import openpyxl
import requests
from integrity_demo_setup import (
    BIDANG_USERS,
    MODULE,
    USERS,
    Budget,
    Server,
    current_run,
    prepare_bidang,
    signed_agreement,
)
from PyPDF2 import PdfReader

ROOT = Path(__file__).resolve().parent.parent
GUARD_TEXT = "set by the workflow"
CSRF_RE = re.compile(r'name="csrf_token" value="([^"]+)"')


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


# 1. Owned fields: writes and creates refused for every user
def as_write_value(field, value):
    """A value read over RPC, as ``write`` takes it back."""
    if field["type"] == "many2one":
        return value[0] if value else False
    if field["type"] in ("many2many", "one2many"):
        return [(6, 0, value)]
    return value


def refusal(fault):
    """Why a call was refused: the guard, access rights, another check of the
    model (a user error), or an error of the server (nothing written either)."""
    if fault.faultCode == 2:
        return "guard" if GUARD_TEXT in fault.faultString else "user error"
    return "access" if fault.faultCode in (3, 4) else "server error"


def check_owned_fields(srv, declarations, users):
    """Each owned field written (its current value) by each user on a record
    the user reads, and one create per model and user with an owned field."""
    stats = {"tried": 0, "accepted": [], "no_record": [], "creates": 0, "created": []}
    stats["why"], stats["why_create"], stats["other"] = Counter(), Counter(), Counter()
    owned_models = {model: owned for model, owned in declarations.items() if owned}
    stats["models"] = len(owned_models)
    stats["fields"] = sum(len(owned) for owned in owned_models.values())
    for model, owned in owned_models.items():
        info = srv.call("admin", model, "fields_get", owned, attributes=["type"])
        everything = {"active_test": False, "lang": "en_US"}
        sample = srv.call("admin", model, "search_read", [], owned, limit=1, context=everything)
        for login in users:
            # The oldest and the newest record the user reads (a draft of the
            # demo and what the workflow made last, e.g. a signed agreement).
            found = []
            for order in ("id asc", "id desc"):
                ok, ids = srv.attempt(
                    login, model, "search", [], limit=1, order=order, context=everything
                )
                found += [i for i in (ids if ok else []) if i not in found]
            if not found:
                stats["no_record"].append(f"{model}/{login}")
            for record in srv.call("admin", model, "read", found, owned):
                for fname in owned:
                    stats["tried"] += 1
                    vals = {fname: as_write_value(info[fname], record[fname])}
                    ok, fault = srv.attempt(login, model, "write", [record["id"]], vals)
                    if ok:
                        stats["accepted"].append(f"{login} wrote {model}.{fname}")
                    else:
                        reason = refusal(fault)
                        stats["why"][reason] += 1
                        if reason != "guard":
                            stats["other"][fault.faultString.split("\n")[0][:90]] += 1
            # A record created directly in a workflow state (or with an owned value).
            fname = "state" if "state" in owned else owned[0]
            value = as_write_value(info[fname], sample[0][fname]) if sample else False
            stats["creates"] += 1
            ok, fault = srv.attempt(login, model, "create", {fname: value})
            if ok:
                stats["created"].append(f"{login} created {model} with {fname}={value!r}")
            else:
                stats["why_create"][refusal(fault)] += 1
    return stats


# 2. Bidang boundaries on every route
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
        self.own_name = secrets[own_dep][0]
        self.tried, self.leaks, self.unexercised = 0, [], []
        # What the user must see of its own bidang on the same route: without
        # it, "nothing of the other bidang" could mean "nothing at all".
        self.controls, self.failed_controls = 0, []

    def control(self, label, passed):
        self.controls += 1
        if not passed:
            self.failed_controls.append(f"{self.login}: {label} does not show its own bidang")

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

    def split_ids(self, model, domain):
        """Ids of the user's own bidang and of the others, read as admin."""
        rows = self.srv.call("admin", model, "search_read", domain, ["department_id"])
        own = [r["id"] for r in rows if r["department_id"] and r["department_id"][0] == self.own]
        return own, [
            r["id"] for r in rows if r["department_id"] and r["department_id"][0] != self.own
        ]

    def run(self):
        srv, login = self.srv, self.login
        on_pk = [("pk_id", "=", self.pk_id)]
        for model in ("sakip.pk.indicator", "sakip.pk.program", "sakip.pk.submission"):
            own, others = self.split_ids(model, on_pk)
            if not others:
                self.unexercised.append(model)
                continue
            rows = srv.call(login, model, "search_read", on_pk, ["name"])
            self.control(f"{model} search_read", set(own) <= {r["id"] for r in rows} and own)
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
        own = [
            m["id"]
            for m in logs
            if m["sakip_department_id"] and m["sakip_department_id"][0] == self.own
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
        self.control("mail.message search_read", own and set(own) <= {r["id"] for r in rows})
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
        own = next(s["format_attachment_id"][0] for s in subs if s["department_id"][0] == self.own)
        response = srv.get(login, f"/web/content/{own}?download=true")
        self.control("/web/content own format", response.status_code == 200)

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
            if kind != "xlsx run":  # the run's monitoring lists steps, not lines
                self.control(f"report {kind}", self.own_name in " ".join(text.split()))


def check_bidang(srv, notes):
    pk_id, secrets = prepare_bidang(srv, notes)
    run = current_run(srv, pk_id)
    results = []
    for login, dep_xmlid in BIDANG_USERS.items():
        routes = Routes(srv, login, srv.ref(dep_xmlid), pk_id, run["id"], secrets)
        routes.run()
        results.append(routes)
    return pk_id, results


# 3. The document of record and the verification page
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


# Summary
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
    controls = [failed for r in routes for failed in r.failed_controls]

    def why(counter):
        return ", ".join(f"{count} {reason}" for reason, count in sorted(counter.items()))

    rows = [
        ("owned fields: models / fields declared", f"{owned['models']} / {owned['fields']}"),
        (f"owned-field writes tried (fields x records x {len(USERS)} users)", owned["tried"]),
        ("  accepted", len(owned["accepted"])),
        ("  refused", why(owned["why"])),
        ("  model x user without a readable record", len(owned["no_record"])),
        ("creates with an owned field tried (models x users)", owned["creates"]),
        ("  accepted", len(owned["created"])),
        ("  refused", why(owned["why_create"])),
        (f"bidang routes tried (routes x {len(routes)} Staf Bidang users)", tried_routes),
        ("  leaks", len(leaks)),
        ("  routes not exercised", len(unexercised)),
        (
            "  own-bidang controls passed",
            f"{sum(r.controls for r in routes) - len(controls)}"
            f"/{sum(r.controls for r in routes)}",
        ),
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
    failures += owned["accepted"] + owned["created"] + leaks + unexercised + controls
    failures += record["mismatches"] + record["accepted"]
    failures += [name for name in ("unchanged", "reprint_sha", "cocok") if not record[name]]
    print("Refusals of owned-field writes by another check than the guard:")
    for message, count in owned["other"].most_common():
        print(f"  {count:4d}  {message}")
    for failure in failures:
        print(f"FAIL {failure}")
    print("OK: nothing accepted, nothing leaked" if not failures else f"{len(failures)} failures")
    return 1 if failures else 0


if __name__ == "__main__":
    try:
        sys.exit(main())
    except Budget as error:
        sys.exit(f"FAIL {error}")
