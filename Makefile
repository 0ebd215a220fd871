# Забота: the two commands of the README, and the ones CI and developers use.
#   make demo           — everything set up, the demo served on http://127.0.0.1:8000
#   make test           — everything the tests need installed, the whole suite run
#   make test-postgres  — the suite again on a local PostgreSQL cluster this target starts
#   make bench          — the benchmark at large scale (docs/performance.md)
#   make bench-region   — a region's data on a private PostgreSQL cluster (not in CI)
#   make test-replica   — the report tests against a primary and its streaming replica
#   make unoserver      — LibreOffice and unoserver for the PDF (docs/deploy.md)

PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
PIP := $(VENV)/bin/pip
PORT ?= 8000
PYTEST_ARGS ?=

.PHONY: demo run test test-browser test-fast test-postgres test-replica lint format bench bench-small \
	bench-region system-packages unoserver clean

$(VENV)/.runtime: requirements.txt
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PIP) install -q --upgrade pip
	$(PIP) install -q -r requirements.txt
	touch $@

$(VENV)/.dev: requirements.txt requirements-dev.txt $(VENV)/.runtime
	$(PIP) install -q -r requirements-dev.txt
	touch $@

demo: $(VENV)/.runtime
	ZABOTA_DEBUG=1 $(PY) manage.py migrate --noinput -v 0
	ZABOTA_DEBUG=1 $(PY) manage.py demo_data
	ZABOTA_DEBUG=1 $(PY) manage.py runserver 127.0.0.1:$(PORT)

run: $(VENV)/.runtime
	ZABOTA_DEBUG=1 $(PY) manage.py runserver 127.0.0.1:$(PORT)

# Debian packages the tests need: chromium for the browser tests, fonts with Cyrillic and ₽
# for documents, poppler-utils to read PDFs back. Installed only when missing.
system-packages:
	scripts/install-system-packages.sh

# LibreOffice (Debian) and unoserver (requirements-unoserver.txt) in .unoserver/, a virtualenv of
# the system's Python that sees its `uno`: the tests do not need them, the benchmark measures
# the bulk PDF by both engines when they are there (scripts/unoservers.sh).
unoserver:
	scripts/unoservers.sh install

lint: $(VENV)/.dev
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/lint-imports
	ZABOTA_DEBUG=1 $(PY) manage.py makemigrations --check --dry-run -v 1

# The browser tests run apart, on a test database in a file (zabota/settings.py says why).
BROWSER_TEST_DB := /tmp/zabota-browser-tests.sqlite3

# Coverage is measured on the run without the browser (pytest-cov combines its two workers) and
# held to pyproject.toml's floor at the very end, after the browser tests: the weakest files and
# the total are shown, the whole table is left in test-artifacts/coverage.txt. A run narrowed
# by PYTEST_ARGS is shown its figure but not held to the floor.
test: system-packages $(VENV)/.dev lint
	$(VENV)/bin/pytest -n 2 -m "not browser" --cov --cov-report= --cov-fail-under=0 $(PYTEST_ARGS)
	ZABOTA_TEST_SQLITE_FILE=$(BROWSER_TEST_DB) $(VENV)/bin/pytest -n 2 -m browser $(PYTEST_ARGS)
	@mkdir -p test-artifacts
	@$(VENV)/bin/coverage report --sort=-cover $(if $(PYTEST_ARGS),--fail-under=0) \
	  > test-artifacts/coverage.txt; status=$$?; tail -n 12 test-artifacts/coverage.txt; exit $$status

test-browser: system-packages $(VENV)/.dev
	ZABOTA_TEST_SQLITE_FILE=$(BROWSER_TEST_DB) $(VENV)/bin/pytest -n 2 -m browser $(PYTEST_ARGS)

test-fast: $(VENV)/.dev
	$(VENV)/bin/pytest -n 2 -m "not browser" $(PYTEST_ARGS)

test-postgres: system-packages $(VENV)/.dev
	scripts/start-postgres.sh
	DATABASE_URL=postgres://zabota:zabota@127.0.0.1:5432/zabota $(VENV)/bin/pytest -n 2 -m "not browser" $(PYTEST_ARGS)

# A primary and a streaming replica of its own under /tmp (scripts/test-replica.sh: ports 5443
# and 5444 unless REPLICA_PRIMARY_PORT/REPLICA_PORT say otherwise); about 2 minutes here, not in CI.
test-replica: system-packages $(VENV)/.dev
	PYTEST=$(VENV)/bin/pytest scripts/test-replica.sh $(PYTEST_ARGS)

format: $(VENV)/.dev
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

bench: $(VENV)/.dev unoserver
	scripts/bench.sh large

bench-small: $(VENV)/.dev
	scripts/bench.sh small

# A region (docs/performance.md, «Регион на одном сервере и дальше») on a PostgreSQL cluster of
# its own; BENCH_INSTITUTIONS, BENCH_RECIPIENTS and BENCH_MONTHS make it smaller.
BENCH_REGION_DIR ?= /tmp/zabota-bench-region
BENCH_REGION_PORT ?= 5442
bench-region: system-packages $(VENV)/.dev
	scripts/pg-local.sh start $(BENCH_REGION_DIR) $(BENCH_REGION_PORT)
	BENCH_DATABASE_URL=postgres://zabota:zabota@127.0.0.1:$(BENCH_REGION_PORT)/zabota_bench \
	  PY=$(PY) scripts/bench.sh region

clean:
	rm -rf var/zabota.sqlite3* var/media .coverage .coverage.*
