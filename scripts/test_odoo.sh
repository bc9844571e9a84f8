#!/usr/bin/env bash
# `make test-odoo`: the addon's Odoo tests selected by TAGS, in a database kept
# between runs (DB, default sakip_dev_test): installed the first time, updated
# afterwards. For quick iterations; `make test` remains the full, fresh check.
#
#   make test-odoo TAGS=/sakip_penetapan_kinerja:TestSopRunFlow
#   DB=mine TAGS=:TestPk.test_revise bash scripts/test_odoo.sh
source "$(dirname "$0")/common.sh"

TAGS="${TAGS:-/$ADDON}"
case "$TAGS" in
    /*) ;;
    :*) TAGS="/$ADDON$TAGS" ;;
esac
DB="${DB:-sakip_dev_test}"

bash "$ROOT/scripts/bootstrap.sh"
bash "$ROOT/scripts/pg.sh" start
mkdir -p "$RUN_DIR"
cd "$ROOT"

if db_exists "$DB"; then MODE=(-u "$ADDON"); else MODE=(-i "$ADDON"); fi
LOG="$RUN_DIR/$DB.log"
CONF="$(write_odoo_conf "$DB" "$(free_port $((8569 + RANDOM % 400)))")"
say "Odoo tests $TAGS in $DB (${MODE[0]}), log $LOG"
set +e
"${CLOCK_ENV[@]}" "$VENV/bin/odoo" -c "$CONF" -d "$DB" "${MODE[@]}" --test-enable --test-tags "$TAGS" \
    --stop-after-init --log-level=test --max-cron-threads=0 >"$LOG" 2>&1
RC=$?
set -e
"$PY" "$ROOT/scripts/odoo_test_summary.py" "$LOG" "$ADDON" || RC=1
exit "$RC"
