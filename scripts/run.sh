#!/usr/bin/env bash
# Start the portal locally: migrate, load demo data (once), Celery worker+beat in the background,
# Django's runserver in the foreground. Ctrl-C stops both.
#
# Embedded mode (no env): SQLite + file-system Celery broker under var/celery-broker/, e-mails as files under
# var/mail/. DATABASE_URL / REDIS_URL, if set, are simply inherited (settings switch to PostgreSQL / Redis).
# DEBUG is off, as on the county's server (scripts/run-env.sh says why and what comes with it).
# Called by `make run` after `make venv`.
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."

VENV="${VENV:-.venv}"
PY="$VENV/bin/python"
CELERY="$VENV/bin/celery"
PORT="${PORT:-8000}"
VAR_DIR="${PORTAL_VAR_DIR:-var}"
BROKER_DIR="${CELERY_BROKER_DIR:-$VAR_DIR/celery-broker}"
CELERY_LOG="$VAR_DIR/log/celery.log"
SETUP_LOG="$VAR_DIR/log/setup.log"
MAIL_DIR="${EMAIL_FILE_PATH:-$VAR_DIR/mail}"

if [[ ! -x "$PY" ]]; then
    echo "error: $PY not found — run 'make run' (or 'make venv') first" >&2
    exit 1
fi

# The file-system broker needs both folders before the worker or beat start.
mkdir -p "$VAR_DIR/media" "$VAR_DIR/log" "$BROKER_DIR/queue" "$BROKER_DIR/processed" "$BROKER_DIR/control"

# shellcheck source=scripts/run-env.sh
source scripts/run-env.sh

# quietly <command…>: its output goes to $SETUP_LOG (this start's), and only if it fails to the terminal.
: >"$SETUP_LOG"
quietly() {
    printf '$ %s\n' "$*" >>"$SETUP_LOG"
    if ! "$@" >>"$SETUP_LOG" 2>&1; then
        echo "error: '$*' failed — the end of $SETUP_LOG:" >&2
        tail -n 30 "$SETUP_LOG" >&2
        exit 1
    fi
}

# A fresh database takes some 90 migrations: a line each would push everything else off the screen.
quietly "$PY" manage.py migrate --noinput
echo "数据库已迁移 / database migrated (log: $SETUP_LOG)"
# seed_demo refuses to run with DEBUG off (its guard against a production database); this is the demo's.
DEBUG=1 "$PY" manage.py seed_demo --if-empty
# Catch up on the deadline jobs now (beat then runs them on schedule: every 15 minutes and 08:00). Their
# e-mails go to $MAIL_DIR, not to this terminal.
"$PY" manage.py flag_overdue
"$PY" manage.py warn_due_soon

CELERY_PID=""
cleanup() {
    if [[ -n "$CELERY_PID" ]] && kill -0 "$CELERY_PID" 2>/dev/null; then
        echo "停止 Celery / stopping Celery (pid $CELERY_PID)…"
        kill -TERM "$CELERY_PID" 2>/dev/null || true
        for _ in $(seq 1 20); do
            kill -0 "$CELERY_PID" 2>/dev/null || break
            sleep 0.5
        done
        kill -KILL "$CELERY_PID" 2>/dev/null || true
    fi
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

"$CELERY" -A disclosure_portal worker -B --loglevel=INFO --concurrency=1 \
    --schedule "$VAR_DIR/celerybeat-schedule" >>"$CELERY_LOG" 2>&1 &
CELERY_PID=$!

sleep 1
if ! kill -0 "$CELERY_PID" 2>/dev/null; then
    echo "error: Celery worker exited at start — see $CELERY_LOG" >&2
    tail -n 30 "$CELERY_LOG" >&2 || true
    exit 1
fi

if [[ -n "${REDIS_URL:-}" ]]; then broker="Redis"; else broker="file-system ($BROKER_DIR)"; fi
if [[ -n "${DATABASE_URL:-}" ]]; then database="PostgreSQL (DATABASE_URL)"; else database="SQLite (${SQLITE_PATH:-db.sqlite3})"; fi
case "${EMAIL_BACKEND:-filebased}" in
    *filebased*) mail="${MAIL_DIR}/ (共 $(cat "$MAIL_DIR"/*.log 2>/dev/null | grep -c '^Message-ID: ' || true) 封 / in all)" ;;
    *) mail="$EMAIL_BACKEND" ;;
esac
if [[ "${DEBUG,,}" =~ ^(1|true|yes|on)$ ]]; then errors="Django 调试页 / technical pages (DEBUG)"; else errors="门户的 404/500 页 / the portal's 404/500 pages"; fi

cat <<EOF

==============================================================================
  重点领域信息公开 portal

  公开专栏 / public column   http://127.0.0.1:${PORT}/
  管理后台 / admin           http://127.0.0.1:${PORT}/admin/
  API                        http://127.0.0.1:${PORT}/api/v1/   (docs: /api/docs/)

  演示账号 / demo logins (密码 / password: portal-demo-2026)
    office   政务公开办    (县人民政府办公室)
    clerk    经办人        (县发展和改革委员会)
    reviewer 部门负责人    (县发展和改革委员会)
    signer   分管领导      (县发展和改革委员会)
    clerk2   经办人        (县自然资源局)

  数据库 / database: ${database}
  邮件 / e-mails: ${mail}
    链接 / links to ${PORTAL_BASE_URL}; 站内消息 / inbox: http://127.0.0.1:${PORT}/inbox/
  错误页 / errors: ${errors}
  Celery worker+beat (pid ${CELERY_PID}), broker: ${broker}
    日志 / log: ${CELERY_LOG}
  按 Ctrl-C 停止 / press Ctrl-C to stop
==============================================================================

EOF

"$PY" manage.py runserver "127.0.0.1:${PORT}"
