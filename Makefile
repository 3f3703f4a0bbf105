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

.PHONY: demo test lint test-sqlite test-postgres bench lock messages clean

$(VENV)/.base: requirements/base.txt pyproject.toml
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PIP) install --quiet --upgrade pip
	$(PIP) install --quiet -r requirements/base.txt
	$(PIP) install --quiet --no-deps -e .
	touch $@

$(VENV)/.dev: $(VENV)/.base requirements/dev.txt
	$(PIP) install --quiet -r requirements/dev.txt
	touch $@

demo: $(VENV)/.base
	mkdir -p var
	SAPAT_DEBUG=1 $(SAPAT) migrate --no-input
	SAPAT_DEBUG=1 $(SAPAT) demo-data --size $(DEMO_SIZE) --seed $(DEMO_SEED) --if-empty
	SAPAT_DEBUG=1 $(SAPAT) demo-logins
	SAPAT_DEBUG=1 $(SAPAT) runserver 127.0.0.1:8000

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
	$(VENV)/bin/pytest $(PYTEST_ARGS)

test-postgres: $(VENV)/.dev
	@echo "== test suite on PostgreSQL"
	DATABASE_URL="$(PG_TEST_URL)" $(VENV)/bin/pytest $(PYTEST_ARGS)

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
