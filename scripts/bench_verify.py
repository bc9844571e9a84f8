# Copyright 2024 SAKIP Indonesia
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""Throughput of the public verification page against ``/web/login`` (issue 12).

Against an Odoo served by ``make run PORT=<port>`` from this checkout (on
127.0.0.1 only), this script sends, from ``--clients`` concurrent clients,
requests to ``/sakip/verify/<token>`` for ``--seconds`` seconds, then to
``/web/login`` for as long, and prints the requests per second and p95
latency of each and their ratio. Every request is a new connection without
cookies, as a visitor scanning a QR code.

The token is that of a document of the demo database (``--token`` to give
one): an agreement or letter with a token, found as ``admin`` over XML-RPC;
when none has one yet, the demo agreement is driven through its SOP run by
the demo users until signed (scripts/integrity_demo_setup.py), which gives it
its token and its document of record.

Usage: ``make run PORT=8169`` then
``.venv/bin/python scripts/bench_verify.py --port 8169 [--clients 20] [--seconds 15]``
"""

import argparse
import concurrent.futures
import http.client
import statistics
import sys
import threading
import time
import xmlrpc.client

HOST = "127.0.0.1"
#: Upper bound of each measurement, whatever ``--seconds`` says.
MAX_SECONDS = 20
#: Processes the concurrent clients are spread over (see measure()).
PROCESSES = 4


def find_token(port, db, login, password):
    """The verification token of a demo document, read over XML-RPC."""
    common = xmlrpc.client.ServerProxy(f"http://{HOST}:{port}/xmlrpc/2/common")
    uid = common.authenticate(db, login, password, {})
    if not uid:
        raise SystemExit(f"Cannot log in to {db} as {login}.")
    models = xmlrpc.client.ServerProxy(f"http://{HOST}:{port}/xmlrpc/2/object", allow_none=True)
    for model in ("sakip.pk", "sakip.letter"):
        rows = models.execute_kw(
            db,
            uid,
            password,
            model,
            "search_read",
            [[("verify_token", "!=", False)]],
            {"fields": ["verify_token"], "limit": 1, "context": {"active_test": False}},
        )
        if rows:
            return rows[0]["verify_token"]
    return None


def make_token(port, db):
    """Sign an agreement of the demo database through its workflow, as the
    demo users (scripts/integrity_demo_setup.py), and return its token."""
    from integrity_demo_setup import Server, signed_agreement

    srv = Server(port, db, max_requests=2000, max_seconds=900)
    pk_id = signed_agreement(srv, [])
    [pk] = srv.call("admin", "sakip.pk", "read", [pk_id], ["verify_token"])
    return pk["verify_token"]


def fetch(port, path):
    """Status and seconds of one GET on a new connection."""
    start = time.perf_counter()
    connection = http.client.HTTPConnection(HOST, port, timeout=30)
    try:
        connection.request("GET", path)
        response = connection.getresponse()
        response.read()
        status = response.status
    finally:
        connection.close()
    return status, time.perf_counter() - start


def _client_process(port, path, threads, deadline):
    """Latencies of ``threads`` clients of one process until ``deadline``
    (epoch seconds), and the first status that was not 200, if any."""
    latencies = []
    errors = []
    lock = threading.Lock()

    def client():
        mine = []
        while time.time() < deadline:
            status, elapsed = fetch(port, path)
            if status != 200:
                with lock:
                    errors.append(status)
                return
            mine.append(elapsed)
        with lock:
            latencies.extend(mine)

    workers = [threading.Thread(target=client, daemon=True) for _i in range(threads)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join(deadline - time.time() + 60)
    return latencies, errors[:1], time.time()


def measure(port, path, clients, seconds):
    """Requests per second and p95 latency (ms) of ``path`` from ``clients``
    concurrent clients for ``seconds`` seconds; fails on any status but 200.

    The clients are threads spread over PROCESSES processes: in one Python
    process they would share one interpreter lock, and the load generator,
    not the server, would set the rate of every page alike."""
    processes = max(1, min(PROCESSES, clients))
    shares = [clients // processes + (i < clients % processes) for i in range(processes)]
    deadline = time.time() + seconds
    with concurrent.futures.ProcessPoolExecutor(max_workers=processes) as pool:
        futures = [
            pool.submit(_client_process, port, path, threads, deadline) for threads in shares
        ]
        results = [future.result() for future in futures]
    # From the start of the window to the end of its last request.
    wall = max(end for _mine, _errors, end in results) - (deadline - seconds)
    latencies = [latency for mine, _errors, _end in results for latency in mine]
    errors = [status for _mine, errors, _end in results for status in errors]
    if errors:
        raise SystemExit(f"{path} answered {errors[0]}")
    p95 = statistics.quantiles(latencies, n=20)[-1] * 1000 if len(latencies) > 1 else 0.0
    return len(latencies) / wall, p95


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--port", type=int, required=True, help="port of `make run PORT=...`")
    parser.add_argument("--db", default="sakip_demo")
    parser.add_argument("--login", default="admin")
    parser.add_argument("--password", default="admin")
    parser.add_argument("--token", help="verification token to request (found when omitted)")
    parser.add_argument("--clients", type=int, default=20)
    parser.add_argument(
        "--seconds", type=float, default=15.0, help=f"per page, at most {MAX_SECONDS}"
    )
    parser.add_argument("--rounds", type=int, default=1, help="alternate the two pages this often")
    args = parser.parse_args()
    seconds = min(args.seconds, MAX_SECONDS)
    token = (
        args.token
        or find_token(args.port, args.db, args.login, args.password)
        or make_token(args.port, args.db)
    )
    pages = {"verify": f"/sakip/verify/{token}", "login": "/web/login"}
    for path in pages.values():  # warm-up: routing map, templates, caches
        for _i in range(3):
            fetch(args.port, path)
    results = {name: [] for name in pages}
    for _round in range(args.rounds):
        for name, path in pages.items():
            results[name].append(measure(args.port, path, args.clients, seconds))
    lines = [
        f"{args.clients} clients, {seconds:g} s per page, {args.rounds} round(s)",
        "| page | req/s | p95 ms |",
        "| --- | ---: | ---: |",
    ]
    rates = {}
    for name, path in pages.items():
        rates[name] = statistics.median(rate for rate, _p95 in results[name])
        p95 = statistics.median(p95 for _rate, p95 in results[name])
        shown = "/sakip/verify/<token>" if name == "verify" else path
        lines.append(f"| {shown} | {rates[name]:.1f} | {p95:.0f} |")
    lines.append(f"ratio verify / login: {rates['verify'] / rates['login']:.2f}x")
    sys.stdout.write("\n".join(lines) + "\n")


if __name__ == "__main__":
    main()
