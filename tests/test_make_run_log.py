"""`make run` as its user meets it (issue 23, parts 7 and 8).

scripts/run-env.sh is the environment run.sh serves the portal in. Read the way run.sh reads it (sourced by bash,
then the settings module evaluated under it in a fresh interpreter), it must give: DEBUG off, so that an unknown
address gets the portal's 404 page and an error its 500 page, never Django's technical pages with every URL
pattern; static files and the admin's sign-in still working over plain HTTP; e-mails written to files whose links
name the port run.sh serves on. The overdue job names departments, not `单位 #3`, and the system checks on SQLite
print nothing before the banner.
"""

import datetime
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings as django_settings
from django.core.management import call_command
from django.test import Client
from django.urls import path

from disclosure_portal.urls import urlpatterns as portal_urlpatterns
from disclosures.tests.factories import draft
from organizations.tests.factories import PASSWORD

BASE_DIR = Path(django_settings.BASE_DIR)
PORT = "8124"  # not run.sh's default 8000: the links must follow the port actually served on
HOST = f"127.0.0.1:{PORT}"
# The settings run-env.sh decides, directly or through DEBUG, as the tests apply them in-process.
RUN_SETTINGS = [
    "DEBUG", "ALLOWED_HOSTS", "SECURE_SSL_REDIRECT", "SESSION_COOKIE_SECURE", "CSRF_COOKIE_SECURE", "STORAGES",
    "WHITENOISE_USE_FINDERS", "WHITENOISE_AUTOREFRESH", "EMAIL_BACKEND", "EMAIL_FILE_PATH", "PORTAL_BASE_URL",
]
# What a caller's environment could set and run-env.sh would then keep: unset, to read run-env.sh's own choices.
CALLER_CHOICES = {
    "DEBUG", "SECRET_KEY", "SECURE_SSL_REDIRECT", "SESSION_COOKIE_SECURE", "CSRF_COOKIE_SECURE", "ALLOWED_HOSTS",
    "PORTAL_STATIC_FROM_SOURCE", "PORTAL_BASE_URL", "EMAIL_BACKEND", "EMAIL_FILE_PATH", "DJANGO_SETTINGS_MODULE",
}


def in_run_env(var_dir: Path, *command: str, **env: str) -> subprocess.CompletedProcess:
    """`command` in the environment run.sh serves in: scripts/run-env.sh sourced as run.sh sources it."""
    environment = {key: value for key, value in os.environ.items() if key not in CALLER_CHOICES}
    environment.update(PY=sys.executable, PORT=PORT, VAR_DIR=str(var_dir), PORTAL_VAR_DIR=str(var_dir), **env)
    return subprocess.run(
        ["bash", "-c", 'set -euo pipefail; source scripts/run-env.sh; exec "$@"', "run-env", *command],
        cwd=BASE_DIR, env=environment, capture_output=True, text=True, timeout=120,
    )


@pytest.fixture(scope="module")
def run_env(tmp_path_factory) -> dict:
    """run.sh's settings (RUN_SETTINGS), and whether its SECRET_KEY is the one kept in var/secret-key."""
    var_dir = tmp_path_factory.mktemp("make-run-var")
    code = (
        "import json, sys; from pathlib import Path; from disclosure_portal import settings as s; "
        f"values = {{name: getattr(s, name, None) for name in {RUN_SETTINGS!r}}}; "
        "values['secret_from_file'] = s.SECRET_KEY == (Path(sys.argv[1]) / 'secret-key').read_text().strip(); "
        "print(json.dumps(values, default=str))"
    )
    result = in_run_env(var_dir, sys.executable, "-c", code, str(var_dir))
    assert result.returncode == 0, result.stderr
    values = json.loads(result.stdout)
    values["var_dir"] = var_dir
    return values


@pytest.fixture
def make_run(run_env, settings):
    """The tests' settings with run.sh's applied, and a browser's client on the address run.sh prints."""
    for name in RUN_SETTINGS:
        setattr(settings, name, run_env[name])
    return Client(HTTP_HOST=HOST)


def test_run_sh_serves_in_run_env_and_keeps_the_migrations_off_the_terminal():
    """The tests below read run-env.sh: run.sh must source it before its first manage.py command."""
    script = (BASE_DIR / "scripts" / "run.sh").read_text(encoding="utf-8")
    assert script.index("source scripts/run-env.sh") < script.index("manage.py migrate")
    assert 'quietly "$PY" manage.py migrate' in script, "some 90 lines of Applying … OK go to var/log/setup.log"
    banner = script[script.index("cat <<EOF") :]
    assert "${mail}" in banner and "${PORTAL_BASE_URL}" in banner, "where the e-mails are and where they link"


def test_make_run_serves_with_debug_off_over_plain_http(run_env):
    assert run_env["DEBUG"] is False, "the technical 404 lists every URL pattern to whoever mistypes a link"
    assert run_env["secret_from_file"], "a key generated once into var/secret-key, not the refused default"
    assert (run_env["var_dir"] / "secret-key").stat().st_mode & 0o077 == 0, "readable by its owner only"
    assert "127.0.0.1" in run_env["ALLOWED_HOSTS"] and "localhost" in run_env["ALLOWED_HOSTS"]
    # runserver speaks HTTP: no redirect to HTTPS, cookies that travel without TLS
    assert not run_env["SECURE_SSL_REDIRECT"]
    assert not run_env["SESSION_COOKIE_SECURE"] and not run_env["CSRF_COOKIE_SECURE"]
    # static files from the apps' folders, no collectstatic at each start
    assert run_env["WHITENOISE_USE_FINDERS"] and run_env["WHITENOISE_AUTOREFRESH"]
    assert "Manifest" not in run_env["STORAGES"]["staticfiles"]["BACKEND"]


def test_an_unknown_address_gets_the_portals_404_page(db, make_run):
    response = make_run.get("/no-such-page/")
    page = response.content.decode()
    assert response.status_code == 404
    assert "您访问的页面不存在" in page and "返回首页" in page
    assert "URL patterns" not in page and "URLconf" not in page, "no URL-pattern list"
    assert 'href="/static/css/portal.css"' in page


def boom(request):
    raise RuntimeError("a bug")


urlpatterns = [path("boom/", boom), *portal_urlpatterns]


@pytest.mark.urls(__name__)
def test_an_error_gets_the_portals_500_page(db, make_run):
    make_run.raise_request_exception = False
    response = make_run.get("/boom/")
    page = response.content.decode()
    assert response.status_code == 500
    assert "系统繁忙，请稍后再试" in page
    assert "Traceback" not in page and "a bug" not in page and "SECRET_KEY" not in page


def test_static_files_and_the_admin_sign_in_work_over_plain_http(org, make_run):
    stylesheet = make_run.get("/static/css/portal.css")
    assert stylesheet.status_code == 200
    assert b"".join(stylesheet.streaming_content)
    assert make_run.get("/static/admin/css/base.css").status_code == 200
    login = make_run.get("/admin/login/")
    assert login.status_code == 200, "no redirect to https://"
    assert not login.cookies["csrftoken"]["secure"]
    response = make_run.post(
        "/admin/login/?next=/admin/",
        {"username": "clerk", "password": PASSWORD, "csrfmiddlewaretoken": login.cookies["csrftoken"].value},
    )
    assert response.status_code == 302 and response["Location"] == "/admin/"
    assert not response.cookies["sessionid"]["secure"]
    assert make_run.get("/admin/").status_code == 200


def test_emails_go_to_files_whose_links_name_the_port_served_on(
    org, run_env, make_run, capsys, django_capture_on_commit_callbacks
):
    mail_dir = run_env["var_dir"] / "mail"
    assert run_env["EMAIL_BACKEND"] == "django.core.mail.backends.filebased.EmailBackend"
    assert Path(run_env["EMAIL_FILE_PATH"]) == mail_dir
    assert run_env["PORTAL_BASE_URL"] == f"http://{HOST}"
    draft(org.clerk, org.department, title="逾期未公开", formed_on=datetime.date(2026, 8, 3))
    with django_capture_on_commit_callbacks(execute=True):
        call_command("flag_overdue")
    assert "Content-Type" not in capsys.readouterr().out, "nothing of the e-mail on the terminal"
    mails = "".join(file.read_text(encoding="utf-8") for file in mail_dir.glob("*.log"))
    assert f"http://{HOST}/dashboard/?department={org.department.pk}" in mails
    assert "127.0.0.1:8000" not in mails


def test_the_overdue_job_names_the_departments(org, capsys):
    draft(org.clerk, org.department, title="逾期甲", formed_on=datetime.date(2026, 8, 3))
    draft(org.clerk, org.department, title="逾期乙", formed_on=datetime.date(2026, 8, 3))
    draft(org.other_clerk, org.other_department, title="逾期丙", formed_on=datetime.date(2026, 8, 3))
    call_command("flag_overdue")
    out = capsys.readouterr().out
    assert "新标记逾期 3 条" in out
    assert f"  {org.department.name}：2 条" in out and f"  {org.other_department.name}：1 条" in out
    assert "单位 #" not in out and "#" not in out


def test_the_system_checks_on_sqlite_say_nothing(tmp_path):
    """run.sh's migrate runs the database checks on the embedded SQLite: nothing to print (models.W040, the
    dashboard's covering indexes, is silenced there, and only there)."""
    result = in_run_env(
        tmp_path, sys.executable, "manage.py", "check", "--database", "default", "--fail-level", "WARNING",
        DATABASE_URL="", SQLITE_PATH=str(tmp_path / "db.sqlite3"),
    )
    output = result.stdout + result.stderr
    assert result.returncode == 0, output
    assert "System check identified no issues" in output
    assert "WARNING" not in output and "W040" not in output
