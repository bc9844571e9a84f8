#!/usr/bin/env bash
# `make bench-documents`: the cost of the official documents, in one run on one
# fresh database (issue 5): the PK PDF with 20, 200 and 1,000 indicator lines
# against wkhtmltopdf run directly on the same saved HTML; the PK XLSX export of
# 10,000 lines against plain xlsxwriter writing the same cells; importing a
# filled collection file of 2,000 lines against Odoo's standard import load().
# Prints a Markdown table. The database is dropped at the end.
source "$(dirname "$0")/common.sh"

bash "$ROOT/scripts/bootstrap.sh"
bash "$ROOT/scripts/pg.sh" start
mkdir -p "$RUN_DIR"
cd "$ROOT"

DB="sakip_bench_docs_$$"
PORT="$(free_port $((8869 + RANDOM % 100)))"
CONF="$(write_odoo_conf "$DB" "$PORT")"
LOG="$RUN_DIR/$DB.log"
SERVER_PID=
cleanup() {
    [ -n "$SERVER_PID" ] && kill "$SERVER_PID" 2>/dev/null && wait "$SERVER_PID" 2>/dev/null
    db_drop "$DB" || true
    rm -f "$CONF"
}
trap cleanup EXIT

say "Creating $DB with $ADDON (no demo data)"
"$VENV/bin/odoo" -c "$CONF" -d "$DB" -i "$ADDON" --without-demo=all --stop-after-init \
    --log-level=warn >"$LOG" 2>&1 || { tail -n 30 "$LOG" >&2; die "Installing failed (log: $LOG)."; }

# wkhtmltopdf loads the report's style sheets from the server, as in production.
say "Serving $DB on port $PORT for wkhtmltopdf"
"$VENV/bin/odoo" -c "$CONF" -d "$DB" --db-filter="^$DB\$" --max-cron-threads=0 \
    --log-level=warn >>"$LOG" 2>&1 &
SERVER_PID=$!
for _ in $(seq 1 60); do
    "$PY" -c "import urllib.request; urllib.request.urlopen('http://127.0.0.1:$PORT/web/login', timeout=2)" \
        2>/dev/null && break
    sleep 1
done

say "Measuring (a few minutes)"
SAKIP_BENCH_URL="http://127.0.0.1:$PORT" "$VENV/bin/odoo" shell -c "$CONF" -d "$DB" --no-http \
    --log-level=warn < "$ROOT/scripts/bench_documents.py" 2>>"$LOG"
