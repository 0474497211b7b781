# The environment `make run` serves the portal in. Sourced by scripts/run.sh, and by tests/test_make_run_log.py to
# check what these settings give. Needs PY, PORT and VAR_DIR; a variable already set by the caller wins.

# DEBUG off: `make run` shows the portal as visitors will see it on the county's server. A mistyped address gets
# the portal's own 404 page and an error its 500 page, never Django's technical pages, which list every URL
# pattern (and, on an error, the settings) to whoever opens them. A county IT office trying the portal expects
# the site it is going to deploy, not a debugger; a developer who wants the technical pages runs `DEBUG=1 make run`.
export DEBUG="${DEBUG:-0}"

# With DEBUG off the settings refuse the built-in secret key: one is generated at the first start and kept in
# $VAR_DIR/secret-key, readable by its owner only (sessions, and the demo's encrypted identity numbers, need the
# same key at every start).
if [[ -z "${SECRET_KEY:-}" ]]; then
    if [[ ! -s "$VAR_DIR/secret-key" ]]; then
        mkdir -p "$VAR_DIR"
        (umask 077 && "$PY" -c 'import secrets; print(secrets.token_urlsafe(50))' >"$VAR_DIR/secret-key")
    fi
    SECRET_KEY="$(<"$VAR_DIR/secret-key")"
    export SECRET_KEY
fi

# runserver speaks plain HTTP on 127.0.0.1: no redirect to HTTPS, and cookies that travel without TLS, or the
# admin's sign-in would fail its CSRF check. Production keeps its defaults (README, "Settings").
export SECURE_SSL_REDIRECT="${SECURE_SSL_REDIRECT:-0}"
export SESSION_COOKIE_SECURE="${SESSION_COOKIE_SECURE:-0}"
export CSRF_COOKIE_SECURE="${CSRF_COOKIE_SECURE:-0}"

# Static files straight from the apps' folders through WhiteNoise, as under DEBUG: nothing to collect at each
# start. Uploaded files are never served from a folder: attachments go through the portal's views in both modes.
export PORTAL_STATIC_FROM_SOURCE="${PORTAL_STATIC_FROM_SOURCE:-1}"

# The links in e-mails (written under $VAR_DIR/mail/ by default) open this server, on the port it listens on.
export PORTAL_BASE_URL="${PORTAL_BASE_URL:-http://127.0.0.1:${PORT}}"
