#!/usr/bin/env python3
# Copyright 2024 SAKIP Indonesia
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""Letter numbers under contention (issue 10, item 8): N real JSON-RPC clients
plan the meeting of N SOP runs at the same moment, each issuing an invitation
number of the same letter type, against a running server (``make run``).

Setup (not timed, as ``admin``): N runs of the main company's current SOP,
started, steps 2 and 3 done by the planner. Then N threads, released together by
a barrier, each do what the web client does in the meeting dialog: create the
wizard, then *Confirm* (``action_confirm``), as the planner. A client never
retries: an error is a failure. Afterwards the invitations must be N
consecutive numbers of one year, none twice. The runs and their invitations are
then cancelled (the register keeps the numbers, marked cancelled).

    .venv/bin/python scripts/bench_numbering.py --port 8069 [--clients 20]

Bounded: at most 50 clients, each request times out after --timeout seconds.
With --server-log, counts Odoo's own request retries (serialization failures)
written in the server's log during the run.
"""

import argparse
import itertools
import json
import sys
import threading
import time
import urllib.request

MAX_CLIENTS = 50
_ids = itertools.count(1)


class RpcError(Exception):
    pass


def rpc(url, service, method, *args, timeout=60):
    body = json.dumps(
        {
            "jsonrpc": "2.0",
            "method": "call",
            "params": {"service": service, "method": method, "args": args},
            "id": next(_ids),
        }
    ).encode()
    request = urllib.request.Request(f"{url}/jsonrpc", body, {"Content-Type": "application/json"})
    with urllib.request.urlopen(request, timeout=timeout) as response:
        answer = json.load(response)
    if answer.get("error"):
        data = answer["error"].get("data") or {}
        raise RpcError(data.get("message") or answer["error"].get("message"))
    return answer["result"]


class Client:
    def __init__(self, url, db, login, timeout):
        self.url, self.db, self.password, self.timeout = url, db, login, timeout
        self.uid = rpc(url, "common", "login", db, login, login, timeout=timeout)
        if not self.uid:
            raise RpcError(f"login {login} refused (demo database expected)")

    def call(self, model, method, *args, **kwargs):
        return rpc(
            self.url,
            "object",
            "execute_kw",
            self.db,
            self.uid,
            self.password,
            model,
            method,
            list(args),
            kwargs,
            timeout=self.timeout,
        )


def prepare_runs(admin, planner, count):
    company_id = admin.call("res.users", "read", [admin.uid], ["company_id"])[0]["company_id"][0]
    (sop_id,) = admin.call(
        "sakip.sop",
        "search",
        [("company_id", "=", company_id), ("is_current", "=", True)],
        limit=1,
    )
    run_ids = admin.call(
        "sakip.sop.run",
        "create",
        [
            {
                "sop_id": sop_id,
                "company_id": company_id,
                "fiscal_year": 2026,
                "start_text": f"<p>Uji penomoran surat {index + 1}</p>",
            }
            for index in range(count)
        ],
    )
    admin.call("sakip.sop.run", "action_start", run_ids)
    for __ in (2, 3):
        for run in planner.call("sakip.sop.run", "read", run_ids, ["current_step_id"]):
            planner.call("sakip.sop.run.step", "action_done", [run["current_step_id"][0]])
    return run_ids


def plan_meeting(planner, run_id, index, barrier, outcomes):
    try:
        defaults = planner.call(
            "sakip.sop.meeting.wizard",
            "default_get",
            ["run_id", "name", "start", "stop"],
            context={"default_run_id": run_id},
        )
        barrier.wait(timeout=60)
        begin = time.monotonic()
        wizard_id = planner.call(
            "sakip.sop.meeting.wizard",
            "create",
            {**defaults, "location": f"Ruang Rapat {index + 1}"},
        )
        planner.call("sakip.sop.meeting.wizard", "action_confirm", [wizard_id])
        outcomes[index] = ("issued", time.monotonic() - begin, None)
    except Exception as error:  # counted and printed below
        outcomes[index] = ("failed", None, str(error)[:300])


def count_retries(path, start_offset):
    if not path:
        return None
    with open(path, "rb") as log:
        log.seek(start_offset)
        return sum(b"tries left, try again" in line for line in log)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8069)
    parser.add_argument("--db", default="sakip_demo")
    parser.add_argument("--clients", type=int, default=20)
    parser.add_argument("--timeout", type=float, default=120, help="seconds per request")
    parser.add_argument("--server-log", help="the server's log, to count its retries")
    args = parser.parse_args()
    if not 1 <= args.clients <= MAX_CLIENTS:
        parser.error(f"--clients must be between 1 and {MAX_CLIENTS}")
    url = f"http://{args.host}:{args.port}"
    admin = Client(url, args.db, "admin", args.timeout)
    planner = Client(url, args.db, "perencana", args.timeout)

    run_ids = prepare_runs(admin, planner, args.clients)
    log_offset = 0
    if args.server_log:
        with open(args.server_log, "rb") as log:
            log_offset = log.seek(0, 2)
    barrier = threading.Barrier(args.clients)
    outcomes = {}
    threads = [
        threading.Thread(
            target=plan_meeting, args=(planner, run_id, index, barrier, outcomes), daemon=True
        )
        for index, run_id in enumerate(run_ids)
    ]
    begin = time.monotonic()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=args.timeout * 2 + 60)
    total = time.monotonic() - begin
    retries = count_retries(args.server_log, log_offset)

    runs = admin.call("sakip.sop.run", "read", run_ids, ["invitation_id"])
    letter_ids = [run["invitation_id"][0] for run in runs if run["invitation_id"]]
    letters = admin.call("sakip.letter", "read", letter_ids, ["name", "year", "seq_number"])
    numbers = sorted(letter["seq_number"] for letter in letters)
    consecutive = bool(numbers) and numbers == list(range(numbers[0], numbers[0] + len(numbers)))
    issued = [outcome for outcome in outcomes.values() if outcome[0] == "issued"]
    failures = [outcome[2] for outcome in outcomes.values() if outcome[0] != "issued"]
    print(f"clients: {args.clients}, succeeded at the first try: {len(issued)}")
    print(f"slowest client: {max((o[1] for o in issued), default=0):.2f} s, total: {total:.2f} s")
    print(
        f"invitations: {len(letters)}, numbers {numbers[0] if numbers else '-'}.."
        f"{numbers[-1] if numbers else '-'}, unique: {len(set(numbers)) == len(numbers)}, "
        f"consecutive: {consecutive}, years: {sorted({letter['year'] for letter in letters})}"
    )
    if retries is not None:
        print(f"server-side retries (Odoo's serialization-failure retry): {retries}")
    for failure in failures[:5]:
        print(f"failure: {failure}")

    # The runs and their invitations are cancelled; the numbers stay, cancelled.
    admin.call("sakip.sop.run", "action_cancel", run_ids)
    if letter_ids:
        wizard_id = admin.call(
            "sakip.letter.cancel.wizard",
            "create",
            {"letter_ids": [(6, 0, letter_ids)], "reason": "Uji penomoran bersamaan"},
        )
        admin.call("sakip.letter.cancel.wizard", "action_confirm", [wizard_id])
    ok = len(issued) == args.clients and consecutive and len(letters) == args.clients
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
