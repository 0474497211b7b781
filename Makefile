# 重点领域信息公开 portal — developer entry points.
#
#   make run     fresh clone → .venv, install, migrate, demo data, portal + Celery worker/beat
#   make test    the whole test suite (set DATABASE_URL / REDIS_URL for PostgreSQL / Redis)
#   make seed-bulk / make bench   1M records on PostgreSQL, then timings and throughput (docs/performance.md)
#   make snapshot [BASELINE=dir]  every public URL on a fresh demo, compared with a baseline (docs/architecture.md)
#   make backup / make restore-check   a backup now; the restore drill on the current database (docs/operations.md)
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
# pytest-xdist workers for `make test` (auto: one per core). WORKERS=0 runs in one process.
WORKERS ?= auto

export PIP_DISABLE_PIP_VERSION_CHECK := 1

.DEFAULT_GOAL := help
.PHONY: help venv run test lint migrations-check messages clean distclean seed-bulk bench snapshot

# The benchmark's own database (create it first: createdb -h 127.0.0.1 -U postgres portal_bench).
BENCH_DATABASE_URL ?= postgres://postgres@127.0.0.1:5432/portal_bench
BENCH_REDIS_URL    ?= redis://127.0.0.1:6379/5
RECORDS            ?= 1000000
BENCH_ENV := DATABASE_URL=$(BENCH_DATABASE_URL) REDIS_URL=$(BENCH_REDIS_URL)

# `make snapshot`: a fresh SQLite demo seeded and crawled under one pinned instant, whatever the day.
SNAPSHOT      ?= var/snapshot
SNAPSHOT_AT   ?= 2026-12-07T10:00:00+08:00
SNAPSHOT_WORK := var/snapshot-db
SNAPSHOT_ENV  := SQLITE_PATH=$(SNAPSHOT_WORK)/db.sqlite3 PORTAL_VAR_DIR=$(SNAPSHOT_WORK)/var DATABASE_URL= REDIS_URL= DEBUG=1

help:
	@echo "make run               venv + migrate + demo data + runserver (127.0.0.1:\$${PORT:-8000}) + Celery worker/beat"
	@echo "make test [ARGS=...]   pytest on every core (WORKERS=N; DATABASE_URL / REDIS_URL switch to PostgreSQL / Redis;"
	@echo "                       PORTAL_TEST_NOW=2031-03-02 moves the tests' default clock)"
	@echo "make screenshots       the browser tests, writing full-page screenshots to var/screenshots/"
	@echo "make test-s3           the attachment tests with every stored file in S3 at PORTAL_TEST_S3_ENDPOINT"
	@echo "                       (e.g. http://127.0.0.1:9041: .venv/bin/moto_server -H 127.0.0.1 -p 9041, as CI does)"
	@echo "make lint              ruff check ., lint-imports (the apps' layers, pyproject.toml) and"
	@echo "                       scripts/import_report.py --check (no cycle, function-level imports explained)"
	@echo "make migrations-check  fail if models have changes without migrations"
	@echo "make messages          compile locale/*.po (the portal's wording of Django's messages; needs gettext's msgfmt)"
	@echo "make seed-bulk         migrate BENCH_DATABASE_URL and add RECORDS (1000000) generated records"
	@echo "make bench [ARGS=...]  timings, query counts, overdue job, gunicorn+wrk throughput (installs wrk with apt-get if missing)"
	@echo "make snapshot [SNAPSHOT=dir] [BASELINE=dir] [ARGS=...]"
	@echo "                       every page, feed, export and API response of a fresh demo (anonymous and staff)"
	@echo "                       into SNAPSHOT (var/snapshot); with BASELINE, compared with it, failing on a difference"
	@echo "make backup            back up the database and MEDIA_ROOT into PORTAL_BACKUP_DIR (var/backups), then retention"
	@echo "make restore-check [ARGS=...]  back up the current database and attachments, restore them into a scratch"
	@echo "                       database and folder, compare rows, attachments, audit log, pages and API (docs/operations.md)"
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

# --dist worksteal: a worker that runs out of tests takes queued ones from the other (with the default
# `load`, one worker sat idle for the last ~110 s of a 370 s run while the other worked through its queue).
# PYTHONDONTWRITEBYTECODE is lifted for the suite: pytest then keeps its assertion-rewritten test modules
# in __pycache__, and a second run skips rewriting them (~6 s of every worker's start).
test: venv
	env -u PYTHONDONTWRITEBYTECODE $(PY) -m pytest -n $(WORKERS) --dist worksteal $(ARGS)

# The browser tests with their full-page screenshots (1280, 1366 and 360 px) written to var/screenshots/, to look
# at: the suite takes none (tests/browser/support.py `screenshots_wanted`).
.PHONY: screenshots
screenshots: venv
	PORTAL_SCREENSHOTS=1 env -u PYTHONDONTWRITEBYTECODE $(PY) -m pytest -n $(WORKERS) --dist worksteal tests/browser $(ARGS)
	@echo "screenshots in var/screenshots/"

# The attachment tests once more with every stored file in S3 (issue 26, part 3): PORTAL_TEST_S3_ENDPOINT names an
# S3 server, e.g. `.venv/bin/moto_server -H 127.0.0.1 -p 9041` (what .ci/run starts) or a MinIO.
S3_TESTS := tests/test_shared_storage.py disclosures/tests/test_uploads.py disclosures/tests/test_staff_attachments.py \
            disclosures/tests/test_attachment_scan.py disclosures/tests/test_archiving.py inforequests/tests/test_public.py \
            tests/test_leaks.py::test_the_published_attachment_downloads_and_the_private_ones_do_not
.PHONY: test-s3
test-s3: venv
	@test -n "$$PORTAL_TEST_S3_ENDPOINT" || { echo "error: set PORTAL_TEST_S3_ENDPOINT (an S3 server, e.g. http://127.0.0.1:9041)" >&2; exit 1; }
	env -u PYTHONDONTWRITEBYTECODE $(PY) -m pytest -n $(WORKERS) --dist worksteal $(S3_TESTS) $(ARGS)

# The compiled .mo is committed (a fresh clone needs no gettext); tests/test_locale.py checks it is current.
messages: venv
	cd locale && ../$(PY) ../manage.py compilemessages --locale zh_Hans

lint: venv
	$(VENV)/bin/ruff check .
	$(VENV)/bin/lint-imports
	$(PY) scripts/import_report.py --check

migrations-check: venv
	$(PY) manage.py makemigrations --check --dry-run

seed-bulk: venv
	$(BENCH_ENV) DEBUG=1 $(PY) manage.py migrate --verbosity 0
	$(BENCH_ENV) DEBUG=1 $(PY) manage.py seed_bulk --records $(RECORDS)

# DEBUG off as in production (manifest static files, no query log); the secret is a bench-only one.
bench: venv
	@command -v wrk >/dev/null || { echo "wrk not found: installing it with apt-get install -y wrk"; apt-get install -y wrk; }
	$(BENCH_ENV) DEBUG=0 SECURE_SSL_REDIRECT=0 SECRET_KEY=bench-only-secret-key-not-for-production-0123456789 \
		$(PY) manage.py bench $(ARGS)

snapshot: venv
	rm -rf $(SNAPSHOT_WORK) && mkdir -p $(SNAPSHOT_WORK)
	$(SNAPSHOT_ENV) $(PY) manage.py migrate --verbosity 0
	$(SNAPSHOT_ENV) $(PY) manage.py snapshot_public $(SNAPSHOT) --at $(SNAPSHOT_AT) --seed-demo --staff --admin \
		$(if $(BASELINE),--compare $(BASELINE)) $(ARGS)

# Backups and the restore drill (issue 26, backups/; docs/operations.md 备份 / 恢复), on DATABASE_URL (or the
# embedded SQLite) and MEDIA_ROOT. restore-check exits non-zero on any difference; CI runs it on a seeded demo.
.PHONY: backup restore-check
backup: venv
	$(PY) manage.py backup $(ARGS)

restore-check: venv
	$(PY) manage.py restore_check $(ARGS)

clean:
	find . -path ./$(VENV) -prune -o -type d -name __pycache__ -print0 | xargs -0 rm -rf
	rm -rf .pytest_cache .ruff_cache .import_linter_cache staticfiles build dist *.egg-info

distclean: clean
	rm -rf $(VENV) db.sqlite3 var
