# Developer commands for the sakip_penetapan_kinerja Odoo 18 addon.
# Everything they install or start stays inside this checkout (.venv, .pg, .run).
.PHONY: help bootstrap test test-odoo test-upgrade run stop lint pytest pot bench bench-readme bench-steps bench-documents bench-dashboard visual-refresh clean

help:
	@echo "make test    install what is missing, then lint + pytest + Odoo tests (tours included)"
	@echo "make test-odoo TAGS=:TestClass  only the Odoo tests TAGS selects, in a kept database (DB=...)"
	@echo "make test-upgrade  install the addon at fa568c1 with records, -u to this checkout, check them"
	@echo "make visual-refresh  rewrite the reference images of tests/visual/ (after a deliberate change)"
	@echo "make bench   every cost figure of issue 12 for N = 100, 1,000, 5,000 (BENCH_N=\"100 1000\" to limit)"
	@echo "make bench-readme  copy the last 'make bench' table (.run/bench.md) into the README"
	@echo "make bench-documents  cost of the PDF, XLSX export and collection import (issue 5)"
	@echo "make bench-dashboard  queries and ms of the Capaian Kinerja dashboard, 1 and 200 agreements (issue 15)"
	@echo "make run     serve the demo database on http://localhost:8069 (PORT=... to change)"
	@echo "make stop    stop what 'make run' started"
	@echo "make lint    ruff and pylint-odoo only"
	@echo "make pytest  the pure-Python tests only"
	@echo "make pot     regenerate i18n/sakip_penetapan_kinerja.pot from a fresh database"
	@echo "make bench-steps  queries and ms of one SOP step completion vs one OCA tier approval"
	@echo "make clean   remove .venv, .pg and .run"

bootstrap:
	@bash scripts/bootstrap.sh

test:
	@bash scripts/test.sh

test-odoo:
	@TAGS="$(TAGS)" DB="$(DB)" bash scripts/test_odoo.sh

# The visual regression tests (tests/test_visual_reports.py) writing their
# reference images instead of comparing; `make test` never does.
visual-refresh:
	@SAKIP_VISUAL_REFRESH=1 TAGS=":TestVisualReports" DB="$(DB)" bash scripts/test_odoo.sh

test-upgrade:
	@bash scripts/upgrade_check/run.sh

run:
	@bash scripts/run.sh

stop:
	@bash scripts/stop.sh

lint: bootstrap
	@.venv/bin/ruff check . && .venv/bin/ruff format --check . \
		&& .venv/bin/pylint --rcfile=.pylintrc .addons/sakip_penetapan_kinerja

pytest: bootstrap
	@.venv/bin/pytest -q

pot:
	@bash scripts/pot.sh

bench: bootstrap
	@.venv/bin/python scripts/bench.py

bench-readme:
	@python3 scripts/bench_readme.py

bench-steps: bootstrap
	@.venv/bin/python scripts/bench_step_completion.py

clean: stop
	rm -rf .venv .pg .run .addons

bench-documents:
	@bash scripts/bench_documents.sh

bench-dashboard: bootstrap
	@.venv/bin/python scripts/bench_dashboard.py
