#!/usr/bin/env bash
# `make test-upgrade`: an existing database upgraded to this checkout keeps
# every record.
#
# 1. The addon at commit $UPGRADE_FROM (default fa568c1, manifest 18.0.1.0.0),
#    taken with `git archive` from this clone's own history into .run/upgrade/,
#    is installed with demo data in a database of its own.
# 2. old_data.py (odoo shell, old code) signs an agreement through a whole run
#    and stops a second run at step 6 with one bidang submitted, then writes
#    the picture of the records (snapshot.py).
# 3. `odoo -u sakip_penetapan_kinerja` with this checkout's code (every
#    migrations/<version>/ newer than the old version runs).
# 4. check.py (odoo shell, new code) compares the picture, checks the
#    documents of record against their hashes, lists the shipped noupdate data
#    the database did not receive, and drives the stopped run to its end.
# 5. The upgraded server's public verification page says the old and the new
#    documents of record match (verify_http.py).
#
# The last line is "upgrade: PASSED ..." or "upgrade: FAILED ..."; the exit
# status is 0 only when it passed. KEEP_DB=1 keeps the database and the old
# tree (.run/upgrade/) for inspection.
source "$(dirname "$0")/../common.sh"

FROM="${UPGRADE_FROM:-fa568c1}"
HERE="$ROOT/scripts/upgrade_check"
WORK="$RUN_DIR/upgrade"
T0=$(date +%s)

bash "$ROOT/scripts/bootstrap.sh"
bash "$ROOT/scripts/pg.sh" start
ensure_addons_link
cd "$ROOT"

result() {
    printf '%s\n' "upgrade: $1 (from $FROM to $(sed -nE 's/.*"version": "([^"]+)".*/\1/p' \
        "$ROOT/__manifest__.py"), $(( $(date +%s) - T0 ))s; logs in $WORK)"
}
failed() {
    printf '\033[31mFAILED: %s\033[0m\n' "$*"
    result "FAILED: $*"
    exit 1
}

# A shallow clone lacks the old commit: fetch the history from its origin first.
if ! git -C "$ROOT" cat-file -e "$FROM^{commit}" 2>/dev/null \
    && [ "$(git -C "$ROOT" rev-parse --is-shallow-repository)" = "true" ]; then
    git -C "$ROOT" fetch --quiet --unshallow || true
fi
git -C "$ROOT" cat-file -e "$FROM^{commit}" 2>/dev/null \
    || failed "commit $FROM is not in this clone's history (git fetch --unshallow)"

rm -rf "$WORK"
mkdir -p "$WORK/old/$ADDON"
git -C "$ROOT" archive "$FROM" | tar -x -C "$WORK/old/$ADDON"
OLD_VERSION="$(sed -nE 's/.*"version": "([^"]+)".*/\1/p' "$WORK/old/$ADDON/__manifest__.py")"

DB="sakip_upgrade_$(date +%Y%m%d%H%M%S)_$$"
PORT="$(free_port $((8969 + RANDOM % 400)))"
# Two configurations sharing one data_dir (the filestore moves with the database).
NEW_CONF="$(write_odoo_conf "$DB" "$PORT")"
OLD_CONF="$WORK/old.conf"
sed -e "s#^addons_path = .*#addons_path = $WORK/old#" \
    -e "s#^data_dir = .*#data_dir = $WORK/data#" "$NEW_CONF" > "$OLD_CONF"
sed -i -e "s#^data_dir = .*#data_dir = $WORK/data#" "$NEW_CONF"
mv "$NEW_CONF" "$WORK/new.conf"
NEW_CONF="$WORK/new.conf"
cleanup() {
    if [ -z "${KEEP_DB:-}" ]; then
        db_drop "$DB" >/dev/null 2>&1 || true
        rm -rf "$WORK/old" "$WORK/data"
    fi
}
trap cleanup EXIT

export UPGRADE_DIR="$HERE" UPGRADE_WORK="$WORK" UPGRADE_SNAPSHOT="$WORK/before.json" UPGRADE_RESULT="$WORK/result.json"
ODOO=("$VENV/bin/odoo")
OPTS=(--log-level=info --max-cron-threads=0)

# The log of a step must hold no ERROR/CRITICAL record and no traceback.
clean_log() {
    if grep -nE " (ERROR|CRITICAL) |Traceback" "$1" | head -n 20; then
        return 1
    fi
}

say "1/5 install $ADDON $OLD_VERSION at $FROM with demo data in $DB"
"${ODOO[@]}" -c "$OLD_CONF" "${OPTS[@]}" -d "$DB" -i "$ADDON" --stop-after-init >"$WORK/1-install.log" 2>&1 \
    || failed "installing the old code (see $WORK/1-install.log)"
clean_log "$WORK/1-install.log" || failed "errors while installing the old code ($WORK/1-install.log)"

say "2/5 old code: a signed run and a run stopped at step 6"
"${ODOO[@]}" shell -c "$OLD_CONF" "${OPTS[@]}" -d "$DB" --no-http <"$HERE/old_data.py" >"$WORK/2-old-data.log" 2>&1 \
    || { tail -n 30 "$WORK/2-old-data.log"; failed "making the old records ($WORK/2-old-data.log)"; }
clean_log "$WORK/2-old-data.log" || failed "errors while making the old records ($WORK/2-old-data.log)"
grep -h "^OLD DATA READY" "$WORK/2-old-data.log" || failed "old_data.py did not finish"

say "3/5 upgrade to this checkout: -u $ADDON"
"${ODOO[@]}" -c "$NEW_CONF" "${OPTS[@]}" -d "$DB" -u "$ADDON" --stop-after-init >"$WORK/3-upgrade.log" 2>&1 \
    || { tail -n 30 "$WORK/3-upgrade.log"; failed "the upgrade (see $WORK/3-upgrade.log)"; }
clean_log "$WORK/3-upgrade.log" || failed "errors during the upgrade ($WORK/3-upgrade.log)"
grep -hE "module $ADDON: Running migration|Running migration \[" "$WORK/3-upgrade.log" | cut -c1-200 || true

say "4/5 new code: every record kept, documents of record intact, stopped run to the end"
CHECK_RC=0
"${ODOO[@]}" shell -c "$NEW_CONF" "${OPTS[@]}" -d "$DB" --no-http <"$HERE/check.py" >"$WORK/4-check.log" 2>&1 \
    || CHECK_RC=$?
grep -hE "^(CHECK|NOTE|DIFF|OK) " "$WORK/4-check.log" || true
[ "$CHECK_RC" -eq 0 ] || { tail -n 30 "$WORK/4-check.log"; failed "check.py exited with $CHECK_RC"; }
"$PY" - "$UPGRADE_RESULT" <<'PYEOF' || failed "checks failed (see $WORK/4-check.log)"
import json, sys
try:
    result = json.load(open(sys.argv[1]))
except (OSError, ValueError):
    sys.exit("no result written")
print(f"{result['passed']} checks passed, {len(result['failures'])} failed")
sys.exit(1 if result["failures"] or not result["passed"] else 0)
PYEOF
clean_log "$WORK/4-check.log" || failed "errors while checking ($WORK/4-check.log)"

say "5/5 the public verification page of the upgraded server, old and new documents"
"${ODOO[@]}" -c "$NEW_CONF" "${OPTS[@]}" -d "$DB" --db-filter="^$DB\$" --workers=0 \
    >"$WORK/5-server.log" 2>&1 &
SERVER_PID=$!
stop_server() { kill "$SERVER_PID" 2>/dev/null || true; wait "$SERVER_PID" 2>/dev/null || true; }
for _ in $(seq 1 120); do
    port_in_use "$PORT" && break
    kill -0 "$SERVER_PID" 2>/dev/null || break
    sleep 1
done
HTTP_RC=0
"$PY" "$HERE/verify_http.py" "http://127.0.0.1:$PORT" "$WORK/records" || HTTP_RC=$?
stop_server
[ "$HTTP_RC" -eq 0 ] || failed "the verification page (see $WORK/5-server.log)"
clean_log "$WORK/5-server.log" || failed "errors in the server's log ($WORK/5-server.log)"
result PASSED
