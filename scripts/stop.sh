#!/usr/bin/env bash
# `make stop`: stops the Odoo server started by `make run` and the embedded
# PostgreSQL cluster of this checkout. Nothing else is touched.
source "$(dirname "$0")/common.sh"

PIDFILE="$RUN_DIR/odoo.pid"
if [ -f "$PIDFILE" ] && kill -0 "$(cat "$PIDFILE")" 2>/dev/null; then
    pid="$(cat "$PIDFILE")"
    kill "$pid"
    for _ in $(seq 1 20); do kill -0 "$pid" 2>/dev/null || break; sleep 0.5; done
    kill -9 "$pid" 2>/dev/null || true
    say "Odoo stopped"
fi
rm -f "$PIDFILE"
bash "$ROOT/scripts/pg.sh" stop
