#!/usr/bin/env bash
# `make pot`: installs the addon in a throw-away database and exports its
# translation template to i18n/sakip_penetapan_kinerja.pot, then merges new
# terms into i18n/id.po (msgmerge keeps existing translations).
#
# Odoo's exporter walks the whole addon folder, and this checkout also holds
# .venv (a complete Odoo): the export therefore runs on a staging copy of the
# files git knows about.
source "$(dirname "$0")/common.sh"

bash "$ROOT/scripts/bootstrap.sh"
bash "$ROOT/scripts/pg.sh" start
STAGE="$RUN_DIR/pot-addons"
rm -rf "$STAGE" && mkdir -p "$STAGE/$ADDON"
git -C "$ROOT" ls-files -z --cached --others --exclude-standard \
    | (cd "$ROOT" && xargs -0 cp --parents -t "$STAGE/$ADDON")
DB="sakip_pot_$$"
CONF="$(write_odoo_conf pot "$(free_port 8269)")"
sed -i "s|^addons_path = .*|addons_path = $STAGE|" "$CONF"
POT="$ROOT/i18n/$ADDON.pot"
"$VENV/bin/odoo" -c "$CONF" -d "$DB" -i "$ADDON" --without-demo=all --stop-after-init \
    --log-level=warn
"$VENV/bin/odoo" -c "$CONF" -d "$DB" --i18n-export="$POT" --modules="$ADDON" \
    --stop-after-init --log-level=warn
db_drop "$DB"
rm -rf "$STAGE" "$CONF"
if command -v msgmerge >/dev/null; then
    msgmerge --quiet --no-fuzzy-matching --update --backup=none "$ROOT/i18n/id.po" "$POT"
    msgattrib --no-obsolete --output-file="$ROOT/i18n/id.po" "$ROOT/i18n/id.po"
    say "Merged new terms into i18n/id.po; untranslated: $(msgattrib --untranslated "$ROOT/i18n/id.po" | grep -c '^msgid' || true)"
fi
say "Exported $POT"
