# Policy Atlas — the two commands a newcomer needs are `make run` and `make test`.
SHELL := /bin/bash
PYTHON ?= python3.11
VENV := .venv
PY := $(VENV)/bin/python
HOST ?= 127.0.0.1
PORT ?= 8000
PG_URL ?= postgres://postgres@127.0.0.1:5432/test
REDIS_URL ?= redis://127.0.0.1:6379/0
PYTEST_ARGS ?=

.PHONY: install install-dev run migrate seed test test-embedded test-services services browser-deps lint bench bench-ui bench-load bench-api bench-tracking schema worker beat track clean

$(PY):
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip

$(VENV)/.installed: pyproject.toml | $(PY)
	$(PY) -m pip install --quiet -e .
	touch $@

$(VENV)/.installed-dev: pyproject.toml | $(PY)
	$(PY) -m pip install --quiet -e '.[dev]'
	touch $@ $(VENV)/.installed

install: $(VENV)/.installed
install-dev: $(VENV)/.installed-dev

migrate: install
	$(PY) manage.py migrate --noinput

seed: migrate
	$(PY) manage.py load_seeds

## make run: install, migrate, load + extract the seeds, serve http://$(HOST):$(PORT)
run: seed
	$(PY) manage.py runserver $(HOST):$(PORT)

## make test: lint, then the suite on the embedded default; with CI=true, again on PostgreSQL + Redis
test: install-dev lint browser-deps test-embedded
	@if [ "$$CI" = "true" ]; then $(MAKE) --no-print-directory test-services; fi

## browser-deps: the Playwright browser tests drive Debian's chromium; CI installs it when missing
browser-deps:
	@if [ "$$CI" = "true" ] && [ ! -x /usr/bin/chromium ]; then \
		echo "=== installing chromium for the browser tests ==="; \
		SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
		$$SUDO apt-get update -qq && $$SUDO apt-get install -y -qq chromium; \
	fi

test-embedded:
	@echo "=== pytest pass 1: embedded default (SQLite, eager tasks) ==="
	env -u DATABASE_URL -u CELERY_BROKER_URL $(PY) -m pytest -m "not services" $(PYTEST_ARGS)

test-services: install-dev services
	@echo "=== pytest pass 2: PostgreSQL + Redis ==="
	DATABASE_URL=$(PG_URL) CELERY_BROKER_URL=$(REDIS_URL) POLICY_REQUIRE_SERVICES=1 \
		$(PY) -m pytest $(PYTEST_ARGS)

services:
	bash scripts/ensure-services.sh

lint: install-dev
	$(PY) -m ruff check .
	$(PY) -m mypy extraction/nlp
	$(VENV)/bin/lint-imports

bench: install-dev
	$(PY) bench/extraction.py

## make bench-ui: server time of the pages with 2,000 companies (throw-away SQLite under var/bench)
bench-ui: install-dev
	env -u DATABASE_URL -u CELERY_BROKER_URL $(PY) bench/ui_scale.py

## make bench-api: /api/v1/clauses/?section=retention vs /healthz, gunicorn x2, 2,000 companies on PostgreSQL
## (scratch database <PG_URL's database>_api_bench; BENCH_PORT=8130 fixes the server's port)
bench-api: install-dev services
	$(PY) bench/api_load.py --database-url $(PG_URL)

## make schema: write and validate the OpenAPI schema (var/schema.yaml); CI checks it in tests/api
schema: install-dev
	mkdir -p var && $(PY) manage.py spectacular --validate --fail-on-warn --file var/schema.yaml

## make bench-load: 200 concurrent uploads -> Redis -> 2 workers, on PostgreSQL (scratch DB)
bench-load: install-dev services
	DATABASE_URL=$(PG_URL) CELERY_BROKER_URL=$(REDIS_URL) $(PY) bench/pipeline_load.py

worker: install
	$(VENV)/bin/celery -A config worker -Q extraction,tracking,celery --prefetch-multiplier 1 -l info

## make beat: the scheduler (schedule kept in the database by django-celery-beat)
beat: install
	$(VENV)/bin/celery -A config beat -l info

## make track: check every tracked source once, now, in this process, and exit
track: migrate
	$(PY) manage.py track --now

## make bench-tracking: 2,000 sources on a local server, beat + 2 workers, PostgreSQL + Redis
bench-tracking: install-dev services
	DATABASE_URL=$(PG_URL) CELERY_BROKER_URL=$(REDIS_URL) $(PY) bench/tracking_load.py

clean:
	rm -rf $(VENV) var db.sqlite3 .pytest_cache .ruff_cache .mypy_cache
