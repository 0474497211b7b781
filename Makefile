# 重点领域信息公开 portal — developer entry points.
#
#   make run     fresh clone → .venv, install, migrate, demo data, portal + Celery worker/beat
#   make test    the whole test suite (set DATABASE_URL / REDIS_URL for PostgreSQL / Redis)
#
# Every target calls the tools inside .venv by path: no activation needed.

SHELL := /bin/bash

VENV    := .venv
PY      := $(VENV)/bin/python
PIP     := $(PY) -m pip
STAMP   := $(VENV)/.installed
# python3.11 if present and working, otherwise python3 (pyproject requires >=3.11).
PYTHON  ?= $(shell for p in python3.11 python3; do \
             if $$p -c 'import sys; sys.exit(sys.version_info < (3, 11))' >/dev/null 2>&1; then echo $$p; break; fi; \
           done)
ARGS    ?=

export PIP_DISABLE_PIP_VERSION_CHECK := 1

.DEFAULT_GOAL := help
.PHONY: help venv run test lint migrations-check clean distclean

help:
	@echo "make run               venv + migrate + demo data + runserver (127.0.0.1:\$${PORT:-8000}) + Celery worker/beat"
	@echo "make test [ARGS=...]   pytest (DATABASE_URL / REDIS_URL switch to PostgreSQL / Redis)"
	@echo "make lint              ruff check ."
	@echo "make migrations-check  fail if models have changes without migrations"
	@echo "make venv              create/refresh .venv (re-installs when pyproject.toml changes)"
	@echo "make clean             remove caches and build artefacts (keeps .venv, db.sqlite3, var/)"
	@echo "make distclean         clean + remove .venv, db.sqlite3 and var/"

venv: $(STAMP)

$(PY):
	@test -n "$(PYTHON)" || { echo "error: Python >= 3.11 not found (python3.11 / python3)" >&2; exit 1; }
	$(PYTHON) -m venv $(VENV)

# Re-install only when pyproject.toml (or the interpreter) is newer than the stamp.
$(STAMP): pyproject.toml | $(PY)
	$(PIP) install --upgrade pip
	$(PIP) install -e '.[test]'
	@touch $@

run: venv
	bash scripts/run.sh

test: venv
	$(PY) -m pytest $(ARGS)

lint: venv
	$(VENV)/bin/ruff check .

migrations-check: venv
	$(PY) manage.py makemigrations --check --dry-run

clean:
	find . -path ./$(VENV) -prune -o -type d -name __pycache__ -print0 | xargs -0 rm -rf
	rm -rf .pytest_cache .ruff_cache staticfiles build dist *.egg-info

distclean: clean
	rm -rf $(VENV) db.sqlite3 var
