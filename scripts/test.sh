#!/usr/bin/env bash
# `make test`: bootstrap, then ruff, pylint-odoo, the pure-Python tests
# (pytest, no database) and the addon's Odoo tests (including the browser
# tours in headless Chromium) in a fresh database, then the upgrade test
# (scripts/upgrade_check/run.sh, `make test-upgrade`). Fails when any of them
# fails, when Odoo logs an ERROR or a traceback, when no Odoo test ran or when
# any test was skipped. The last line is "N passed, N failed" over every test.
source "$(dirname "$0")/common.sh"
# never write the visual references (make visual-refresh does)
unset SAKIP_VISUAL_REFRESH

T0=$(date +%s)
bash "$ROOT/scripts/bootstrap.sh"
bash "$ROOT/scripts/pg.sh" start
mkdir -p "$RUN_DIR"
cd "$ROOT"

STATUS=0
fail() { STATUS=1; printf '\033[31mFAILED: %s\033[0m\n' "$*"; }

say "ruff"
"$VENV/bin/ruff" check . || fail "ruff"
"$VENV/bin/ruff" format --check . || fail "ruff format"

say "pylint-odoo"
"$VENV/bin/pylint" --rcfile="$ROOT/.pylintrc" "$ADDONS_LINK_DIR/$ADDON" || fail "pylint-odoo"

say "pytest (pure Python, no database)"
PYTEST_XML="$RUN_DIR/pytest-$$.xml"
rm -f "$PYTEST_XML"
"${CLOCK_ENV[@]}" "$VENV/bin/pytest" -q -rs -p no:cacheprovider --junitxml="$PYTEST_XML" || fail "pytest"
read -r PT_PASSED PT_FAILED PT_SKIPPED < <("$PY" - "$PYTEST_XML" <<'PYEOF'
import sys, xml.etree.ElementTree as ET
try:
    suites = ET.parse(sys.argv[1]).getroot()
except (OSError, ET.ParseError):
    print(0, 1, 0); sys.exit()
suites = [suites] if suites.tag == "testsuite" else list(suites)
t = sum(int(s.get("tests", 0)) for s in suites)
f = sum(int(s.get("failures", 0)) + int(s.get("errors", 0)) for s in suites)
k = sum(int(s.get("skipped", 0)) for s in suites)
print(t - f - k, f, k)
PYEOF
)
[ "$PT_SKIPPED" -eq 0 ] || fail "pytest skipped $PT_SKIPPED test(s)"
[ $((PT_PASSED + PT_FAILED)) -gt 0 ] || fail "pytest ran no test"

say "Odoo tests (fresh database, --test-enable, tags /$ADDON)${SAKIP_TEST_CLOCK:+, clock shifted to $SAKIP_TEST_CLOCK UTC}"
DB="sakip_test_$(date +%Y%m%d%H%M%S)_$$"
ODOO_LOG="$RUN_DIR/$DB.log"
ln -sfn "$DB.log" "$RUN_DIR/odoo-test.log"
CONF="$(write_odoo_conf "$DB" "$(free_port $((8169 + RANDOM % 400)))")"
# Odoo's browser tests find Chromium on the PATH; as root it needs no sandbox,
# which Odoo's test browser already passes.
set +e
"${CLOCK_ENV[@]}" "$VENV/bin/odoo" -c "$CONF" -d "$DB" -i "$ADDON" --test-enable --test-tags "/$ADDON" \
    --stop-after-init --log-level=test --max-cron-threads=0 >"$ODOO_LOG" 2>&1
ODOO_RC=$?
set -e
grep -E " (WARNING|ERROR|CRITICAL) |Starting .* \.\.\.$|post-tests in|tests when loading" "$ODOO_LOG" \
    | cut -c1-300 || true
"$PY" "$ROOT/scripts/odoo_test_summary.py" "$ODOO_LOG" "$ADDON" > "$RUN_DIR/$DB.summary" \
    || fail "Odoo tests (full log: $ODOO_LOG)"
cat "$RUN_DIR/$DB.summary"
[ "$ODOO_RC" -eq 0 ] || fail "Odoo exited with status $ODOO_RC"
read -r OD_PASSED OD_FAILED < <(sed -nE 's/^odoo: [0-9]+ run, ([0-9]+) passed, ([0-9]+) failed.*/\1 \2/p' \
    "$RUN_DIR/$DB.summary")
db_drop "$DB" || true
rm -f "$CONF"

say "Upgrade test (the addon at fa568c1 with its records, then -u to this checkout)"
# On the real clock: the cluster is restarted without SAKIP_TEST_CLOCK's shift.
UP_PASSED=0 UP_FAILED=0
if env -u SAKIP_TEST_CLOCK bash "$ROOT/scripts/upgrade_check/run.sh"; then UP_PASSED=1; else UP_FAILED=1; fail "upgrade test"; fi

say "Done in $(( $(date +%s) - T0 ))s"
[ "$STATUS" -eq 0 ] || echo "Some checks failed: see the FAILED lines above."
echo "$((PT_PASSED + ${OD_PASSED:-0} + UP_PASSED)) passed, $((PT_FAILED + ${OD_FAILED:-0} + UP_FAILED)) failed"
exit "$STATUS"
