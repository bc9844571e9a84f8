#!/usr/bin/env bash
# The embedded PostgreSQL cluster private to this checkout.
#
#   scripts/pg.sh start    initialise (once) and start it; prints nothing else
#   scripts/pg.sh stop     stop it
#   scripts/pg.sh status
#
# It lives in .pg/ (git-ignored), listens on 127.0.0.1 and on a socket in
# .pg/run on its own port (recorded in .pg/port), and is never a system
# service. PostgreSQL refuses to run as root, so when run as root the cluster
# belongs to the `postgres` system user. Other clusters on the machine are not
# touched. When PGHOST or PGPORT are set, that server is used instead and this
# script does nothing.
source "$(dirname "$0")/common.sh"

if [ -n "${PGHOST:-}${PGPORT:-}" ]; then
    exit 0
fi

PG_BIN="$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)"
[ -x "$PG_BIN/initdb" ] || die "No PostgreSQL server binaries under /usr/lib/postgresql (install the postgresql package)."

DATA="$PG_DIR/data"
SOCK="$PG_DIR/run"
LOG="$PG_DIR/postgresql.log"

# Runs a PostgreSQL program as the owner of the cluster.
as_owner() {
    if is_root; then
        runuser -u postgres -- "$@"
    else
        "$@"
    fi
}

running() {
    [ -f "$DATA/postmaster.pid" ] && as_owner "$PG_BIN/pg_ctl" -D "$DATA" status >/dev/null 2>&1
}

start() {
    mkdir -p "$PG_DIR"
    if is_root; then
        id postgres >/dev/null 2>&1 || die "Running as root needs the 'postgres' system user (from the postgresql package)."
        # The cluster's owner must reach the checkout.
        runuser -u postgres -- test -x "$ROOT" \
            || die "The postgres user cannot enter $ROOT; run from a folder it can read, or set PGHOST/PGPORT."
        chown postgres: "$PG_DIR"
    fi
    if [ ! -f "$DATA/PG_VERSION" ]; then
        say "Creating the embedded PostgreSQL cluster in $DATA"
        as_owner "$PG_BIN/initdb" -D "$DATA" -U odoo --auth=trust -E UTF8 --locale=C.UTF-8 >/dev/null
    fi
    # A cluster started with another clock (SAKIP_TEST_CLOCK, see common.sh)
    # is restarted with the one asked for now.
    if running; then
        [ "$(cat "$PG_DIR/clock" 2>/dev/null)" = "${SAKIP_TEST_CLOCK:-}" ] && return 0
        stop
    fi
    local port
    port="$(free_port "${SAKIP_PGPORT:-54329}")"
    echo "$port" > "$PG_DIR/port"
    as_owner mkdir -p "$SOCK"
    # fsync and friends are off: this cluster only ever holds throw-away
    # development and test databases.
    echo "${SAKIP_TEST_CLOCK:-}" > "$PG_DIR/clock"
    as_owner "${PG_CLOCK_ENV[@]}" "$PG_BIN/pg_ctl" -D "$DATA" -l "$LOG" -w -t 60 start -o \
        "-p $port -k $SOCK -c listen_addresses=127.0.0.1 -c fsync=off \
         -c synchronous_commit=off -c full_page_writes=off -c max_connections=200" >/dev/null \
        || { tail -n 20 "$LOG" >&2; die "The embedded PostgreSQL cluster did not start (log: $LOG)."; }
    say "PostgreSQL listening on 127.0.0.1:$port (data in $DATA)"
}

stop() {
    if running; then
        as_owner "$PG_BIN/pg_ctl" -D "$DATA" -m fast -w stop >/dev/null
        say "PostgreSQL stopped"
    fi
}

case "${1:-}" in
    start) start ;;
    stop) stop ;;
    status) if running; then echo "running on port $(cat "$PG_DIR/port")"; else echo "stopped"; exit 3; fi ;;
    *) die "usage: $0 start|stop|status" ;;
esac
