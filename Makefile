# Two commands are all a newcomer needs: `make run` and `make test`. See README.md.
SHELL := /bin/bash
.DEFAULT_GOAL := help

VENV ?= .venv
PYTHON_VERSION := $(shell cat .python-version)
# pyenv reads .python-version; otherwise fall back to a python3.12 on PATH.
BOOTSTRAP_PYTHON ?= $(shell (command -v pyenv >/dev/null && pyenv which python 2>/dev/null) || command -v python$(PYTHON_VERSION) || command -v python3)
PY := $(VENV)/bin/python
MANAGE := $(PY) manage.py
STAMP := $(VENV)/.installed

.PHONY: help run test install messages makemessages lint check clean bench scale-test

help:
	@echo "make run    - install, migrate, load demo content and serve at http://127.0.0.1:8000"
	@echo "make test   - install and run the whole test suite (SQLite, or DATABASE_URL)"
	@echo "make lint   - ruff, import directions, migrations check, translation catalogue check"
	@echo "make bench  - measure the main pages with wrk against gunicorn (see README)"
	@echo "make scale-test - 200 participants through nginx, two app servers, Redis, S3, a worker (see README)"

$(PY):
	@$(BOOTSTRAP_PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 12) else 1)' || { \
		echo "Python 3.12 or newer is needed (found: $$($(BOOTSTRAP_PYTHON) --version 2>&1))."; \
		echo "Install it (for instance: pyenv install 3.12) and run make again."; exit 1; }
	$(BOOTSTRAP_PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip

$(STAMP): pyproject.toml | $(PY)
	$(PY) -m pip install --quiet ".[dev]"
	@touch $(STAMP)

install: $(STAMP)

# The compiled catalogues (.mo) are committed, so a machine without gettext still runs
# in Dutch; where gettext is installed they are rebuilt from the .po files.
messages: $(STAMP)
	@if command -v msgfmt >/dev/null; then DJANGO_DEBUG=1 $(MANAGE) compilemessages --ignore=.venv -v0; fi

makemessages: $(STAMP)
	DJANGO_DEBUG=1 $(MANAGE) makemessages -l nl -l en --no-obsolete --ignore=.venv --ignore=staticfiles --ignore=tests

# Links in mails, feeds and the sitemap use WAGTAILADMIN_BASE_URL (website/links.py), so it
# follows the port served on: `make run PORT=8311`.
PORT ?= 8000
RUN_ENV := DJANGO_DEBUG=1 WAGTAILADMIN_BASE_URL=http://127.0.0.1:$(PORT)

run: messages
	$(RUN_ENV) $(MANAGE) migrate --noinput
	$(RUN_ENV) $(MANAGE) seed_demo
	@echo "Serving at http://127.0.0.1:$(PORT) (Ctrl-C stops). Sent emails appear below."
	$(RUN_ENV) $(MANAGE) runserver 127.0.0.1:$(PORT)

test: messages
	$(VENV)/bin/pytest $(PYTEST_ARGS)

lint: $(STAMP)
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/lint-imports
	DJANGO_DEBUG=1 $(MANAGE) makemigrations --check --dry-run --noinput
	bash scripts/check_catalogues.sh

# Seeds a separate database (bench.sqlite3, or DATABASE_URL), serves it with gunicorn and
# measures each page with wrk; exits non-zero when a budget is missed. BENCH_SECONDS=8.
bench: messages
	@command -v wrk >/dev/null || { \
		if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
			apt-get install -y -q wrk >/dev/null || { apt-get update -q >/dev/null && apt-get install -y -q wrk >/dev/null; }; \
		else \
			echo "make bench needs wrk (https://github.com/wg/wrk): run 'sudo apt-get install wrk'"; \
			echo "or install it with your package manager (macOS: 'brew install wrk'), then run make bench again."; \
			exit 1; \
		fi; }
	$(PY) scripts/bench.py

# Two gunicorn app servers, a task worker, moto S3 and nginx on loopback ports 8440-8460,
# PostgreSQL databases scale_template/scale_run and Redis database 5; 200 participants at
# once while an app server and the worker restart. Exits non-zero on any loss or double.
scale-test: messages
	@command -v nginx >/dev/null || [ -x /usr/sbin/nginx ] || { echo "make scale-test needs nginx: apt-get install nginx"; exit 1; }
	$(PY) scripts/scale_test.py

clean:
	rm -rf scale-results $(VENV) db.sqlite3 test-db.sqlite3 staticfiles media sent_emails test-artifacts bench.sqlite3 bench-results
