#!/usr/bin/env bash
# `make pot`: installs the addon in a throw-away database and exports its
# translation template to i18n/sakip_penetapan_kinerja.pot, then merges new
# terms into i18n/id.po (msgmerge keeps existing translations).
source "$(dirname "$0")/common.sh"

bash "$ROOT/scripts/bootstrap.sh"
bash "$ROOT/scripts/pg.sh" start
DB="sakip_pot_$$"
CONF="$(write_odoo_conf pot "$(free_port 8269)")"
POT="$ROOT/i18n/$ADDON.pot"
"$VENV/bin/odoo" -c "$CONF" -d "$DB" -i "$ADDON" --without-demo=all --stop-after-init \
    --log-level=warn
"$VENV/bin/odoo" -c "$CONF" -d "$DB" --i18n-export="$POT" --modules="$ADDON" \
    --stop-after-init --log-level=warn
db_options
"$PY" - "$DB" "$DB_HOST" "$DB_PORT" "$DB_USER" <<'PYEOF'
import sys, psycopg2
db, host, port, user = sys.argv[1:]
conn = psycopg2.connect(dbname="postgres", host=host, port=port, user=user)
conn.autocommit = True
conn.cursor().execute(f'DROP DATABASE IF EXISTS "{db}"')
PYEOF
if command -v msgmerge >/dev/null; then
    msgmerge --quiet --no-fuzzy-matching --update --backup=none "$ROOT/i18n/id.po" "$POT"
fi
say "Exported $POT"
