# Copyright 2024 SAKIP Indonesia
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""What scripts/check_integrity_demo.py needs on the demo server: access that
counts its requests, and the data it checks, made through the workflow as the
right demo users (never by writing owned fields): the demo agreement's SOP run
driven to the collection step, and a signed agreement with its PDF of record."""

import base64
import time
import xmlrpc.client

import requests

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
#: The Staf Bidang users and the XML id of their bidang.
BIDANG_USERS = {
    "staf.sd": "dep_sd",
    "staf.smp": "dep_smp",
    "kabid.paud": "dep_paud",
    "kabid.pgtk": "dep_pgtk",
}
SIGNED_YEAR = 2027
MINUTES_PDF = b"%PDF-1.4\n% minutes of the demo meeting\n%%EOF\n"


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
        """Return ``(True, result)``, or ``(False, fault)`` when refused."""
        try:
            return True, self.call(login, model, method, *args, **kwargs)
        except xmlrpc.client.Fault as fault:
            return False, fault

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


# Setting up: the SOP run driven through the workflow, as the right users
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
            # Held already: step 5 cannot close before the meeting's end.
            start = time.strftime("%Y-%m-%d %H:%M:%S", time.gmtime(time.time() - 3 * 3600))
            stop = time.strftime("%Y-%m-%d %H:%M:%S", time.gmtime(time.time() - 3600))
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
        # One file per named output of the step.
        kwargs["outputs"] = {
            slot: srv.call(
                "perencana",
                "ir.attachment",
                "create",
                {
                    "name": f"{slot} PK.pdf",
                    "datas": base64.b64encode(MINUTES_PDF).decode(),
                    "res_model": "sakip.sop.run.step.wizard",
                    "res_id": 0,
                },
            )
            for slot in ("Berita Acara Rapat", "Notula Rapat")
        }
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
            {"start_text": "<p>Susun PK sesuai SOP.</p>"},
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
