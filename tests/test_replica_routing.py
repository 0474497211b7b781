"""Read replicas (issue 24, part 6; disclosure_portal/replicas.py): a citizen's pages, searches and API pages are
read from a replica; staff, tokens, the admin, writes, reads right after a write, Celery tasks and commands from
the primary.

The test database gets a second alias, `replica_1`, a mirror of `default` as Django's "Testing primary/replica
configurations" sets one up: its own connection to the same test database, as settings.py declares a replica
when DATABASE_REPLICA_URLS is set. Which connection ran a query tells where the router sent it. The tests are
transactional: the replica's connection sees only committed rows, so a page showing the record read it from
there. PostgreSQL only (the `postgres` mark: fails in CI without it)."""

import copy
import json
import subprocess
import sys
from contextlib import contextmanager

import pytest
from django.conf import settings as django_settings
from django.db import DEFAULT_DB_ALIAS, connections, router, transaction
from django.http import HttpResponse
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext
from rest_framework.test import APIClient

from accounts.services import api_token_issue
from compliance.tasks import heartbeat
from core.caching import public_pages_changed
from disclosure_portal.replicas import PIN_COOKIE, ReplicaMiddleware, ReplicaRouter
from disclosures.models import Disclosure
from disclosures.tests.factories import published
from organizations.models import Jurisdiction
from organizations.tests.factories import PASSWORD

REPLICA = "replica_1"
TITLE = "从只读副本读出的项目批复"
pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True, databases=[DEFAULT_DB_ALIAS, REPLICA])]


@pytest.fixture(scope="module", autouse=True)
def replica_alias(django_db_setup):
    """`replica_1` beside the test database's `default`, as settings.py adds one per DATABASE_REPLICA_URLS entry
    (TEST MIRROR default), for this module only."""
    primary = connections[DEFAULT_DB_ALIAS].settings_dict
    connections.settings[REPLICA] = {**copy.deepcopy(primary), "TEST": {**primary["TEST"], "MIRROR": DEFAULT_DB_ALIAS}}
    yield
    connections[REPLICA].close()
    del connections[REPLICA]
    del connections.settings[REPLICA]


@pytest.fixture(autouse=True)
def routed(settings):
    """The router and the middleware, where settings.py puts them when DATABASE_REPLICA_URLS is set."""
    settings.DATABASE_ROUTERS = ["disclosure_portal.replicas.ReplicaRouter"]
    middleware = list(settings.MIDDLEWARE)
    middleware.insert(middleware.index("core.caching.PublicPageCacheMiddleware"), "disclosure_portal.replicas.ReplicaMiddleware")
    settings.MIDDLEWARE = middleware


@contextmanager
def queries():
    """The queries run on the primary and on the replica in the block."""
    with (
        CaptureQueriesContext(connections[DEFAULT_DB_ALIAS]) as primary,
        CaptureQueriesContext(connections[REPLICA]) as replica,
    ):
        yield primary, replica


def reads(captured) -> list[str]:
    return [query["sql"] for query in captured.captured_queries if query["sql"].lstrip().upper().startswith("SELECT")]


@pytest.fixture
def record(org):
    return published(org, title=TITLE, body="<p>鹧鸪岭村道路改造工程的批复正文</p>")


# ---------------------------------------------------------------------------------------------
# A citizen: the replica
# ---------------------------------------------------------------------------------------------
@pytest.mark.parametrize("url", ["/", "/column/projects/", "detail", "/search/?q=鹧鸪岭", "/api/v1/disclosures/"])
def test_a_citizen_s_pages_searches_and_api_pages_are_read_from_the_replica(url, record, client):
    url = record.get_absolute_url() if url == "detail" else url
    with queries() as (primary, replica):
        response = client.get(url)
    assert response.status_code == 200
    assert TITLE in response.content.decode(), "read from the replica's connection, which sees the committed record"
    assert reads(replica), url
    assert not reads(primary), reads(primary)
    assert PIN_COOKIE not in response.cookies


def test_a_cached_page_is_kept_and_served_under_the_replica_s_generation(record, client, settings):
    settings.PORTAL_PAGE_CACHE_SECONDS = 600
    with queries() as (primary, replica):
        assert client.get("/column/projects/").get("X-Page-Cache") is None
        hit = client.get("/column/projects/")
    assert hit.get("X-Page-Cache") == "hit"
    assert TITLE in hit.content.decode()
    assert not primary.captured_queries
    generation_reads = [sql for sql in reads(replica) if "publiccontentgeneration" in sql]
    assert len(generation_reads) == 2, "the miss and the hit each read the generation on the replica"


def test_a_search_runs_its_timeout_transaction_on_the_replica(record, client):
    with queries() as (primary, replica):
        response = client.get("/search/?q=鹧鸪岭")
    assert TITLE in response.content.decode()
    assert any("statement_timeout" in sql for sql in reads(replica))
    assert not any("statement_timeout" in query["sql"] for query in primary.captured_queries)


# ---------------------------------------------------------------------------------------------
# Staff, tokens, the admin, writes: the primary
# ---------------------------------------------------------------------------------------------
@pytest.mark.parametrize("url", ["/column/projects/", "detail", "/api/v1/disclosures/", "/admin/"])
def test_staff_signed_in_read_from_the_primary(url, record, org, client):
    client.force_login(org.clerk)
    url = record.get_absolute_url() if url == "detail" else url
    with queries() as (primary, replica):
        response = client.get(url)
    assert response.status_code == 200
    assert reads(primary)
    assert not replica.captured_queries


def test_a_request_with_a_token_reads_from_the_primary(record, org):
    issued = api_token_issue(user=org.clerk, otp_verified=False)
    api = APIClient(HTTP_AUTHORIZATION=f"Token {issued.key}")
    with queries() as (primary, replica):
        response = api.get("/api/v1/disclosures/")
    assert response.status_code == 200
    assert TITLE in response.content.decode()
    assert reads(primary)
    assert not replica.captured_queries


def test_the_admin_s_login_page_reads_from_the_primary(client):
    with queries() as (_primary, replica):
        assert client.get("/admin/login/").status_code == 200
    assert not replica.captured_queries


def test_after_a_write_the_client_reads_from_the_primary_until_its_pin_cookie_expires(record, org, client):
    with queries() as (primary, replica):
        response = client.post("/api/v1/auth/token/", {"username": org.clerk.username, "password": PASSWORD})
    assert response.status_code == 200, response.content
    assert reads(primary) and not replica.captured_queries
    pin = response.cookies[PIN_COOKIE]
    assert pin["max-age"] == 10 and pin["httponly"] and pin["samesite"] == "Lax"

    with queries() as (primary, replica):  # right after: the client sees what it wrote
        assert TITLE in client.get("/column/projects/").content.decode()
    assert reads(primary) and not replica.captured_queries

    del client.cookies[PIN_COOKIE]  # the browser drops it after PORTAL_REPLICA_PIN_SECONDS
    with queries() as (primary, replica):
        assert TITLE in client.get("/column/projects/").content.decode()
    assert reads(replica) and not reads(primary)


def test_within_a_request_reads_after_a_write_or_inside_a_transaction_go_to_the_primary(org):
    def view(request):
        Jurisdiction.objects.count()  # replica
        with transaction.atomic():
            Jurisdiction.objects.count()  # primary: the transaction may have written
        Disclosure.objects.count()  # replica again
        public_pages_changed()  # a write
        Jurisdiction.objects.count()  # primary from here on
        return HttpResponse()

    with queries() as (primary, replica):
        ReplicaMiddleware(view)(RequestFactory().get("/column/projects/"))
    on_replica = [sql for sql in reads(replica) if "COUNT" in sql.upper()]
    on_primary = [sql for sql in reads(primary) if "COUNT" in sql.upper()]
    assert [("jurisdiction" in sql, "disclosure" in sql) for sql in on_replica] == [(True, False), (False, True)]
    assert len(on_primary) == 2 and all("jurisdiction" in sql for sql in on_primary)


def test_tasks_and_commands_outside_a_request_read_from_the_primary(record):
    assert router.db_for_read(Disclosure) == DEFAULT_DB_ALIAS
    with queries() as (primary, replica):
        heartbeat.delay()
    assert primary.captured_queries
    assert not replica.captured_queries


def test_writes_and_migrations_on_the_primary_relations_across_the_aliases():
    routing = ReplicaRouter()
    assert routing.db_for_write(Disclosure) == DEFAULT_DB_ALIAS
    assert routing.allow_migrate(DEFAULT_DB_ALIAS, "disclosures")
    assert not routing.allow_migrate(REPLICA, "disclosures")
    read, written = Jurisdiction(), Jurisdiction()
    read._state.db, written._state.db = REPLICA, DEFAULT_DB_ALIAS
    assert routing.allow_relation(read, written)


# ---------------------------------------------------------------------------------------------
# Settings: DATABASE_REPLICA_URLS
# ---------------------------------------------------------------------------------------------
SHOW_SETTINGS = """
import json
from django.conf import settings
print(json.dumps({
    "databases": {alias: [db["HOST"], db["NAME"], db.get("TEST", {}).get("MIRROR")] for alias, db in settings.DATABASES.items()},
    "routers": settings.DATABASE_ROUTERS,
    "middleware": settings.MIDDLEWARE,
}))
"""


def portal_settings(**env) -> dict:
    environment = {"DJANGO_SETTINGS_MODULE": "disclosure_portal.settings", "PATH": "/usr/bin:/bin", **env}
    code = "import django; django.setup()\n" + SHOW_SETTINGS
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=django_settings.BASE_DIR, env=environment, capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def test_database_replica_urls_adds_the_replicas_the_router_and_the_middleware():
    shown = portal_settings(
        DATABASE_URL="postgres://portal@primary:5432/portal",
        DATABASE_REPLICA_URLS="postgres://portal@replica-a:5432/portal, postgres://portal@replica-b:5432/portal",
    )
    assert shown["databases"] == {
        "default": ["primary", "portal", None],
        "replica_1": ["replica-a", "portal", "default"],
        "replica_2": ["replica-b", "portal", "default"],
    }
    assert shown["routers"] == ["disclosure_portal.replicas.ReplicaRouter"]
    middleware = shown["middleware"]
    assert middleware.index("disclosure_portal.replicas.ReplicaMiddleware") + 1 == middleware.index(
        "core.caching.PublicPageCacheMiddleware"
    )


def test_without_database_replica_urls_nothing_changes():
    shown = portal_settings(DATABASE_URL="postgres://portal@primary:5432/portal")
    assert list(shown["databases"]) == ["default"]
    assert shown["routers"] == []
    assert "disclosure_portal.replicas.ReplicaMiddleware" not in shown["middleware"]
