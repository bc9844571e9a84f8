#!/usr/bin/env bash
# `make run`: bootstrap, create (once) the demo database with the addon and its
# demo data, and serve the Odoo web client on http://localhost:$PORT (8069).
# `make stop` (scripts/stop.sh) stops what this started.
source "$(dirname "$0")/common.sh"

PIDFILE="$RUN_DIR/odoo.pid"
LOG="$RUN_DIR/odoo.log"

if [ -f "$PIDFILE" ] && kill -0 "$(cat "$PIDFILE")" 2>/dev/null; then
    say "Odoo is already running (pid $(cat "$PIDFILE")): http://localhost:$(cat "$RUN_DIR/odoo.port")"
    exit 0
fi
if port_in_use "$HTTP_PORT"; then
    die "Port $HTTP_PORT is already in use by another program. Stop it, or choose another port, e.g. make run PORT=$((HTTP_PORT + 1))"
fi

bash "$ROOT/scripts/bootstrap.sh"
bash "$ROOT/scripts/pg.sh" start
CONF="$(write_odoo_conf run "$HTTP_PORT")"


if ! db_exists "$DEMO_DB"; then
    say "Creating the demo database '$DEMO_DB' with $ADDON and its demo data (takes a minute)"
    "$VENV/bin/odoo" -c "$CONF" -d "$DEMO_DB" -i "$ADDON" --stop-after-init \
        --load-language=id_ID --log-level=warn >"$RUN_DIR/odoo-init.log" 2>&1 \
        || { tail -n 30 "$RUN_DIR/odoo-init.log" >&2; die "Creating the demo database failed (log: $RUN_DIR/odoo-init.log)."; }
else
    say "Reusing the demo database '$DEMO_DB' (updating $ADDON)"
    "$VENV/bin/odoo" -c "$CONF" -d "$DEMO_DB" -u "$ADDON" --stop-after-init --log-level=warn \
        >"$RUN_DIR/odoo-init.log" 2>&1 \
        || { tail -n 30 "$RUN_DIR/odoo-init.log" >&2; die "Updating the demo database failed (log: $RUN_DIR/odoo-init.log)."; }
fi

say "Starting Odoo on port $HTTP_PORT (log: $LOG)"
nohup "$VENV/bin/odoo" -c "$CONF" -d "$DEMO_DB" --db-filter="^$DEMO_DB\$" >"$LOG" 2>&1 &
echo $! > "$PIDFILE"
echo "$HTTP_PORT" > "$RUN_DIR/odoo.port"
for _ in $(seq 1 60); do
    if "$PY" -c "import urllib.request,sys; urllib.request.urlopen('http://127.0.0.1:$HTTP_PORT/web/login', timeout=2)" 2>/dev/null; then
        cat <<MSG

  SAKIP Penetapan Kinerja is running: http://localhost:$HTTP_PORT
  Database: $DEMO_DB

  Demo logins (login / password):
$(sed -n '/<!-- demo-logins -->/,/<!-- \/demo-logins -->/p' "$ROOT/README.md" | grep '^|' | tail -n +3 \
    | awk -F'|' '{gsub(/^ +| +$/, "", $2); gsub(/^ +| +$/, "", $3); gsub(/^ +| +$/, "", $4); printf "    %-22s %-12s %s\n", $2, $3, $4}')

  Stop it with: make stop
MSG
        exit 0
    fi
    kill -0 "$(cat "$PIDFILE")" 2>/dev/null || { tail -n 30 "$LOG" >&2; die "Odoo stopped while starting (log: $LOG)."; }
    sleep 1
done
die "Odoo did not answer on port $HTTP_PORT within 60 s (log: $LOG)."
