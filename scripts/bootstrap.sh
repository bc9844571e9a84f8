#!/usr/bin/env bash
# Installs what `make test` and `make run` need, and nothing that is there
# already: Debian packages, the .venv with Odoo 18 at the versions Odoo pins
# for this Python, the addon's Python dependencies and the test tools.
#
# Odoo is taken, in this order, from:
#   1. the .venv, when it already has Odoo 18.0;
#   2. ODOO_SOURCE, when set: a source directory, a wheel, an sdist or a URL;
#   3. the configured package index or find-links: pip install "odoo>=18.0,<18.1";
#   4. the official Odoo 18.0 nightly source tarball.
source "$(dirname "$0")/common.sh"

NIGHTLY_URL="https://nightly.odoo.com/18.0/nightly/src/odoo_18.0.latest.tar.gz"
DEB_PACKAGES=(
    postgresql libpq-dev libldap2-dev libsasl2-dev
    wkhtmltopdf poppler-utils chromium gettext faketime
    fonts-dejavu-core fonts-liberation fonts-noto-core
)

system_packages() {
    local missing=() pkg
    for pkg in "${DEB_PACKAGES[@]}"; do
        dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" \
            || missing+=("$pkg")
    done
    [ ${#missing[@]} -eq 0 ] && return 0
    if ! command -v apt-get >/dev/null; then
        die "Missing system packages: ${missing[*]} (no apt-get here: install them with your package manager)."
    fi
    if is_root; then
        say "Installing Debian packages: ${missing[*]}"
        export DEBIAN_FRONTEND=noninteractive
        apt-get update -qq
        apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
    else
        die "Missing system packages. Run: sudo apt-get install -y ${missing[*]}"
    fi
}

venv_has_odoo() {
    [ -x "$PY" ] && "$PY" -c 'import odoo.release as r, sys; sys.exit(r.version_info[:2] != (18, 0))' 2>/dev/null
}

pip_install() {
    # PIP_CONSTRAINT also reaches the isolated environments pip builds sdists in.
    PIP_CONSTRAINT="$ROOT/scripts/build-constraints.txt" \
        "$PY" -m pip install --quiet --disable-pip-version-check "$@"
}

install_odoo() {
    local constraints="$ROOT/scripts/requirements-odoo18.txt"
    if venv_has_odoo; then
        return 0
    fi
    say "Installing Odoo 18 dependencies (pinned as Odoo 18 pins them for this Python)"
    pip_install -r "$constraints"
    if [ -n "${ODOO_SOURCE:-}" ]; then
        say "Installing Odoo from ODOO_SOURCE=$ODOO_SOURCE"
        pip_install -c "$constraints" "$ODOO_SOURCE" \
            || die "ODOO_SOURCE=$ODOO_SOURCE could not be installed."
    elif say "Installing Odoo 18 from the package index" \
            && pip_install -c "$constraints" "odoo>=18.0,<18.1"; then
        :
    else
        say "Not on the package index; trying the official nightly source tarball"
        pip_install -c "$constraints" "$NIGHTLY_URL" || true
    fi
    venv_has_odoo || die "Odoo 18 could not be obtained. Set ODOO_SOURCE to an Odoo 18.0 \
source directory, wheel, sdist or URL (for example ODOO_SOURCE=\$HOME/src/odoo-18.0) and run again."
}

main() {
    system_packages
    if [ ! -x "$PY" ]; then
        "$PYTHON" -c 'import sys; sys.exit(not (3, 10) <= sys.version_info[:2] <= (3, 12))' \
            || die "Odoo 18 needs Python 3.10 to 3.12; set PYTHON=/path/to/python3.11."
        say "Creating $VENV"
        "$PYTHON" -m venv "$VENV"
        pip_install --upgrade "pip<25" "setuptools<70" wheel
    fi
    install_odoo
    # The addon's own dependencies and the developer tools; pip is quick when
    # everything is already there, so this runs every time.
    pip_install -c "$ROOT/scripts/requirements-odoo18.txt" -r "$ROOT/requirements.txt" \
        -r "$ROOT/requirements-dev.txt"
    ensure_addons_link
}

main "$@"
