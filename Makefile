# Sapat: `make demo` serves the demo, `make test` runs the whole suite. Everything installs into .venv.
SHELL := /bin/bash
PYTHON ?= python3.11
VENV := .venv
PY := $(VENV)/bin/python
PIP := $(VENV)/bin/pip
SAPAT := $(VENV)/bin/sapat
DEMO_SIZE ?= district
DEMO_SEED ?= 1
PG_TEST_URL ?= postgres://postgres@127.0.0.1:5432/sapat
# `make test TEST_WORKERS=auto` runs each pass in one process per core (pytest-xdist, a test file's tests
# together, a database per process). One process by default: a transactional test flushes its process's
# database, migration data included, and pytest-django orders those tests last only within one process.
TEST_WORKERS ?= 0
XDIST := $(if $(filter 0,$(TEST_WORKERS)),,-n $(TEST_WORKERS) --dist loadfile)

.PHONY: demo test lint test-sqlite test-postgres bench lock messages clean

$(VENV)/.base: requirements/base.txt pyproject.toml
	bash scripts/ensure-system-packages.sh
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PIP) install --quiet --upgrade pip
	$(PIP) install --quiet -r requirements/base.txt
	$(PIP) install --quiet --no-deps -e .
	touch $@

$(VENV)/.dev: $(VENV)/.base requirements/dev.txt
	$(PIP) install --quiet -r requirements/dev.txt
	touch $@

# The demo runs as production does, with debugging off (no technical error pages) and a secret generated once
# into var/secret-key (never in the repository); whitenoise serves the collected static files.
DEMO_ENV := SAPAT_DEBUG=0 SAPAT_SECRET_KEY_FILE=var/secret-key SAPAT_HTTPS=0 SAPAT_ALLOWED_HOSTS=127.0.0.1,localhost

var/secret-key:
	mkdir -p var
	umask 077 && $(PYTHON) -c 'import secrets; print(secrets.token_urlsafe(50))' > $@

demo: $(VENV)/.base var/secret-key
	$(DEMO_ENV) $(SAPAT) migrate --no-input
	$(DEMO_ENV) $(SAPAT) collectstatic --no-input --verbosity 0
	$(DEMO_ENV) $(SAPAT) demo-data --size $(DEMO_SIZE) --seed $(DEMO_SEED) --if-empty
	$(DEMO_ENV) $(SAPAT) demo-logins
	@# The report worker runs beside the server and stops with it (Ctrl-C reaches both; the trap covers the rest).
	$(DEMO_ENV) $(SAPAT) run-reports & worker=$$!; trap 'kill $$worker 2>/dev/null' EXIT INT TERM; \
		$(DEMO_ENV) $(SAPAT) runserver 127.0.0.1:8000

lint: $(VENV)/.dev
	mkdir -p var
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	SAPAT_DEBUG=1 $(PY) manage.py check
	SAPAT_DEBUG=1 $(PY) manage.py makemigrations --check --dry-run
	$(PY) scripts/check_messages.py

test: $(VENV)/.dev
	bash scripts/ensure-chromium.sh
	$(MAKE) --no-print-directory lint
	$(MAKE) --no-print-directory test-sqlite
	bash scripts/test-postgres.sh "$(PG_TEST_URL)"

test-sqlite: $(VENV)/.dev
	@echo "== test suite on SQLite"
	$(VENV)/bin/pytest $(XDIST) $(PYTEST_ARGS)

test-postgres: $(VENV)/.dev
	@echo "== test suite on PostgreSQL"
	DATABASE_URL="$(PG_TEST_URL)" $(VENV)/bin/pytest $(XDIST) $(PYTEST_ARGS)

bench: $(VENV)/.dev
	SAPAT_DEBUG=1 $(PY) -m sapat.bench $(BENCH_ARGS)

messages: $(VENV)/.base
	cd sapat && SAPAT_DEBUG=1 ../$(PY) ../manage.py makemessages --no-obsolete --no-location -l ky -l kk -l ru -l en \
		-i "testing/*" -i "*/tests/*" -i "bench*"
	cd sapat && SAPAT_DEBUG=1 ../$(PY) ../manage.py compilemessages

lock: $(VENV)/.base
	$(PIP) install --quiet pip-tools
	cd requirements && ../$(VENV)/bin/pip-compile -q --strip-extras --no-emit-index-url --no-emit-find-links base.in -o base.txt
	cd requirements && ../$(VENV)/bin/pip-compile -q --strip-extras --no-emit-index-url --no-emit-find-links dev.in -o dev.txt

clean:
	rm -rf $(VENV) staticfiles test-artifacts
