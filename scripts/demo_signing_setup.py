# Copyright 2024 SAKIP Indonesia
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""Prepare the demo server for the phone screenshots: the demo agreement's
SOP run (PK 2026 of the Kepala Dinas) driven through the workflow, as the
right demo users and in their language (Indonesian), until step 11 waits for
the Kepala Dinas's signature. Run it against `make run`:

    .venv/bin/python scripts/demo_signing_setup.py --port 8069 [--db sakip_demo]

Idempotent: a run already at step 11 or later is left as it is.
"""

import argparse
import socket

from integrity_demo_setup import USERS, Server, drive


class DemoServer(Server):
    """Calls in the demo users' language, so the chatter reads Indonesian."""

    def call(self, login, model, method, *args, **kwargs):
        kwargs.setdefault("context", {"lang": "id_ID"})
        return super().call(login, model, method, *args, **kwargs)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--port", type=int, required=True, help="port of `make run PORT=N`")
    parser.add_argument("--db", default="sakip_demo")
    parser.add_argument("--step", type=int, default=11, help="the step to stop at")
    args = parser.parse_args()
    socket.setdefaulttimeout(300)
    srv = DemoServer(args.port, args.db, max_requests=2000, max_seconds=900)
    for login in USERS:
        srv.uid(login)
    pk_id = srv.ref("pk_2026_kadis")
    notes = []
    drive(srv, pk_id, args.step, notes)
    print("\n".join(notes) or f"the run of sakip.pk {pk_id} is already at step {args.step}")
    print(f"sakip.pk {pk_id}: step {args.step} waits ({srv.requests} requests)")


if __name__ == "__main__":
    main()
