# shellcheck shell=bash
# Shared settings for the developer scripts. Sourced, never executed.
#
# Everything the scripts create lives in git-ignored folders of the checkout:
#   .venv/     the Python virtualenv with Odoo 18 and the tools
#   .pg/       the embedded PostgreSQL cluster (data, socket, log, port)
#   .run/      Odoo configuration, filestore, logs and pid files
#   .addons/   a link named after the addon, so that Odoo loads the checkout
#              as `sakip_penetapan_kinerja` whatever the folder is called
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
ADDON=sakip_penetapan_kinerja
VENV="$ROOT/.venv"
PY="$VENV/bin/python"
RUN_DIR="$ROOT/.run"
PG_DIR="$ROOT/.pg"
ADDONS_LINK_DIR="$ROOT/.addons"
PYTHON="${PYTHON:-python3}"
DEMO_DB="${SAKIP_DEMO_DB:-sakip_demo}"
HTTP_PORT="${PORT:-8069}"

say() { printf '\033[1m==> %s\033[0m\n' "$*" >&2; }
die() { printf '\033[31mERROR: %s\033[0m\n' "$*" >&2; exit 1; }

is_root() { [ "$(id -u)" -eq 0 ]; }

# A free TCP port on 127.0.0.1, starting the search at $1.
free_port() {
    "$PYTHON" - "$1" <<'PYEOF'
import socket, sys
port = int(sys.argv[1])
while port < 65535:
    with socket.socket() as s:
        try:
            s.bind(("127.0.0.1", port))
        except OSError:
            port += 1
            continue
    print(port)
    break
PYEOF
}

port_in_use() {
    "$PYTHON" - "$1" <<'PYEOF'
import socket, sys
with socket.socket() as s:
    s.settimeout(0.5)
    sys.exit(0 if s.connect_ex(("127.0.0.1", int(sys.argv[1]))) == 0 else 1)
PYEOF
}

# The folder Odoo scans for this addon: it holds one link named after the
# addon that points at the checkout.
ensure_addons_link() {
    mkdir -p "$ADDONS_LINK_DIR"
    ln -sfn "$ROOT" "$ADDONS_LINK_DIR/$ADDON"
}

# Database connection: an existing server named by PGHOST/PGPORT, or the
# embedded cluster started by scripts/pg.sh.
db_options() {
    if [ -n "${PGHOST:-}${PGPORT:-}" ]; then
        DB_HOST="${PGHOST:-localhost}"
        DB_PORT="${PGPORT:-5432}"
        DB_USER="${PGUSER:-$(id -un)}"
        DB_PASSWORD="${PGPASSWORD:-}"
    else
        DB_HOST=127.0.0.1
        DB_PORT="$(cat "$PG_DIR/port")"
        DB_USER=odoo
        DB_PASSWORD=
    fi
}

# Writes an Odoo configuration file for this checkout and prints its path.
write_odoo_conf() {
    local name="$1" http_port="$2"
    db_options
    mkdir -p "$RUN_DIR"
    local conf="$RUN_DIR/$name.conf"
    cat > "$conf" <<CONF
[options]
addons_path = $ADDONS_LINK_DIR
data_dir = $RUN_DIR/data
db_host = $DB_HOST
db_port = $DB_PORT
db_user = $DB_USER
db_password = ${DB_PASSWORD:-False}
http_interface = 127.0.0.1
http_port = $http_port
gevent_port = $((http_port + 3))
list_db = False
proxy_mode = False
CONF
    echo "$conf"
}

# Runs one SQL statement on the server's maintenance database; prints the result.
pg_admin() {
    db_options
    PGPASSWORD="${DB_PASSWORD:-}" psql -X -q -t -A -v ON_ERROR_STOP=1 \
        -h "$DB_HOST" -p "$DB_PORT" -U "$DB_USER" -d postgres -c "$1"
}

db_exists() { [ "$(pg_admin "SELECT 1 FROM pg_database WHERE datname = '$1'")" = 1 ]; }

# Drops a throw-away database and its filestore.
db_drop() {
    pg_admin "DROP DATABASE IF EXISTS \"$1\"" >/dev/null
    rm -rf "$RUN_DIR/data/filestore/$1"
}

# SAKIP_TEST_CLOCK="2026-12-31 17:30:00" (UTC) runs the tests, and the embedded
# PostgreSQL cluster they use, with the clock shifted to that moment; the clock
# then runs on from there. It proves that no test depends on the hour or the
# day it runs. The Python processes (pytest, the Odoo test server) start
# through scripts/clock_shift.py (freezegun, ticking); PostgreSQL under
# libfaketime (Debian's faketime package), whose shifted monotonic clock would
# break Python's timed waits (a thread's join with a timeout never returns).
# CLOCK_ENV is the prefix of a Python process; PG_CLOCK_ENV of the cluster's.
CLOCK_ENV=()
PG_CLOCK_ENV=()
if [ -n "${SAKIP_TEST_CLOCK:-}" ]; then
    FAKETIME_LIB="$(ls /usr/lib/*/faketime/libfaketime.so.1 2>/dev/null | head -n 1)"
    [ -n "$FAKETIME_LIB" ] \
        || die "SAKIP_TEST_CLOCK needs libfaketime: apt-get install faketime"
    CLOCK_ENV=(env "SAKIP_TEST_CLOCK=$SAKIP_TEST_CLOCK" "$PY" "$ROOT/scripts/clock_shift.py")
    PG_CLOCK_ENV=(env TZ=UTC "LD_PRELOAD=$FAKETIME_LIB" "FAKETIME=@$SAKIP_TEST_CLOCK")
fi
