"""Redis down, hung or refusing writes takes nothing down (issue 25 point 6).

The backend tests need no Redis. The outage tests start a private redis-server of their own on a free
port, point the cache at it and stop it under the running site: the shared Redis of other tests is
never touched.
"""

import datetime
import logging
import shutil
import signal
import socket
import subprocess
import time
from pathlib import Path
from urllib.parse import quote

import pytest
import redis
from django.core.cache import cache
from django.db import OperationalError, connection
from django.test import Client, RequestFactory
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from conftest import REQUIRE_SERVICES
from core.caching import page_key, public_generation
from core.models import JobHeartbeat
from disclosure_portal.cache import RedisCache
from disclosures import search_help
from disclosures.models import Disclosure, SearchTermCount
from disclosures.tests.factories import draft, in_state
from tests.clock import instant

ROOT = Path(__file__).resolve().parent.parent
DOWN_SECONDS = 0.5
TIMEOUT = 0.25


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def backend(location: str, **options) -> RedisCache:
    params = {"socket_connect_timeout": TIMEOUT, "socket_timeout": TIMEOUT, "DOWN_SECONDS": DOWN_SECONDS}
    return RedisCache(location, {"OPTIONS": params | options})


# ---------------------------------------------------------------------------------------------
# The backend alone
# ---------------------------------------------------------------------------------------------
def test_a_redis_that_refuses_connections_answers_as_misses(caplog):
    broken = backend(f"redis://127.0.0.1:{free_port()}/0")
    with caplog.at_level(logging.WARNING, logger="disclosure_portal.cache"):
        assert broken.get("key", "default") == "default"
        assert broken.get_many(["a", "b"]) == {}
        assert broken.has_key("key") is False
        assert broken.add("key", 1) is True  # a guard built on add() lets the work through
        assert broken.set("key", 1) is None
        assert broken.set_many({"a": 1}) == ["a"]
        assert broken.delete("key") is False
        assert broken.get_or_set("key", 5) == 5
        with pytest.raises(ValueError):  # as for a missing key: callers fall back to set()
            broken.incr("key")
        assert broken.clear() is False
        assert broken.hash_incr("counts", "2026-12-07 低保") is False  # the caller writes the count itself
        assert broken.hash_take("counts") == {}
    assert not broken.is_available()
    assert len(caplog.records) == 1  # logged once, not once per call
    assert "ConnectionError" in caplog.records[0].getMessage()


def test_one_redis_client_serves_every_call():
    """Django makes a `redis.Redis` for every cache call (~0.1 ms, as long as the GET of a cached page):
    ours keeps one per connection pool, reads and writes alike with one server."""
    shared = backend(f"redis://127.0.0.1:{free_port()}/0")
    first = shared._cache.get_client("a")
    assert isinstance(first, redis.Redis)
    assert shared._cache.get_client("b", write=True) is first
    assert first.connection_pool is shared._cache._get_connection_pool(False)
    assert backend(f"redis://127.0.0.1:{free_port()}/0")._cache.get_client("a") is not first


def test_a_redis_that_does_not_answer_costs_one_timeout_per_interval():
    """A server that accepts connections and never answers (a hung or unreachable Redis)."""
    with socket.socket() as silent:
        silent.bind(("127.0.0.1", 0))
        silent.listen(16)
        hung = backend(f"redis://127.0.0.1:{silent.getsockname()[1]}/0", DOWN_SECONDS=60)
        started = time.monotonic()
        assert hung.get("key", "default") == "default"
        first = time.monotonic() - started
        for _ in range(50):
            assert hung.get("key") is None
            hung.set("key", 1)
        rest = time.monotonic() - started - first
    assert first < TIMEOUT + 0.5
    assert rest < 0.1  # Redis is left alone until DOWN_SECONDS have passed


def test_redis_is_asked_again_after_down_seconds(monkeypatch):
    broken = backend(f"redis://127.0.0.1:{free_port()}/0", DOWN_SECONDS=0.2)
    broken.get("key")
    asked = []
    monkeypatch.setattr(broken._cache, "get", lambda key, default: asked.append(key) or "value")
    assert broken.get("key") is None  # still taken as down
    time.sleep(0.25)
    assert broken.get("key") == "value" and asked
    assert broken.is_available()


def test_compose_bounds_redis_memory_and_evicts_only_keys_with_a_ttl():
    """docker-compose.yml: the cache and the broker share one Redis, bounded, evicting only keys with a TTL."""
    import yaml

    compose = yaml.safe_load((ROOT / "docker-compose.yml").read_text(encoding="utf-8"))
    command = compose["services"]["redis"]["command"].split()
    assert "--maxmemory" in command and command[command.index("--maxmemory") + 1]
    assert command[command.index("--maxmemory-policy") + 1] == "volatile-lru"


# ---------------------------------------------------------------------------------------------
# A private Redis, stopped under the running site
# ---------------------------------------------------------------------------------------------
class PrivateRedis:
    """A redis-server of this test's own. It keeps what it holds across a crash (append-only file,
    written at every command), so after `kill()` and `start()` it comes back with the entries of before."""

    def __init__(self, binary: str, directory):
        self.binary, self.directory, self.port = binary, directory, free_port()
        self.process: subprocess.Popen | None = None

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def start(self) -> None:
        self.process = subprocess.Popen(
            [
                self.binary,
                "--port",
                str(self.port),
                "--bind",
                "127.0.0.1",
                "--save",
                "",
                "--appendonly",
                "yes",
                "--appendfsync",
                "always",
                "--dir",
                str(self.directory),
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        client = redis.Redis(port=self.port, socket_timeout=1)
        deadline = time.monotonic() + 10
        while True:
            try:
                if client.ping():
                    return
            except redis.exceptions.RedisError:
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.05)

    def kill(self) -> None:
        """Crash it (SIGKILL): refused connections from now on."""
        self.process.kill()
        self.process.wait(timeout=10)

    def pause(self) -> None:
        """Freeze it (SIGSTOP): connections are accepted and never answered."""
        self.process.send_signal(signal.SIGSTOP)

    def resume(self) -> None:
        self.process.send_signal(signal.SIGCONT)

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.send_signal(signal.SIGCONT)
            self.process.kill()
            self.process.wait(timeout=10)


@pytest.fixture
def private_redis(tmp_path, settings):
    binary = shutil.which("redis-server")
    if binary is None:
        message = "needs the redis-server binary (Debian package redis-server)"
        pytest.fail(message) if REQUIRE_SERVICES else pytest.skip(message)
    server = PrivateRedis(binary, tmp_path)
    server.start()
    settings.CACHES = {
        "default": {
            "BACKEND": "disclosure_portal.cache.RedisCache",
            "LOCATION": server.url,
            "OPTIONS": {
                "socket_connect_timeout": TIMEOUT,
                "socket_timeout": TIMEOUT,
                "DOWN_SECONDS": DOWN_SECONDS,
            },
        }
    }  # the settings fixture resets django.core.cache.caches, now and when the test ends
    settings.PORTAL_PAGE_CACHE_SECONDS = 600
    try:
        yield server
    finally:
        server.stop()


def timed_get(client, url, timings):
    started = time.monotonic()
    response = client.get(url)
    timings.append(time.monotonic() - started)
    assert response.status_code == 200, (url, response.status_code)
    return response


def page_entry(url):
    """What the cache holds for the anonymous page at `url` (None when nothing)."""
    return cache.get(page_key(RequestFactory().get(url)))


@pytest.mark.services
@pytest.mark.django_db(transaction=True)
def test_the_site_stays_up_while_redis_is_down_and_serves_nothing_withdrawn_after(org, client, private_redis):
    record = in_state(org, "published", title="将被撤回的项目批复", body="<p>撤回前的正文内容</p>")
    detail = record.get_absolute_url()
    public = ["/", detail, "/feeds/atom/", "/column/projects/"]
    api = "/api/v1/disclosures/"
    today = timezone.localdate()
    late = draft(
        org.clerk, org.department, title="早已逾期的记录", formed_on=today - datetime.timedelta(days=90)
    )
    # Yesterday every daily job ran; today's 01:00 逾期标记 falls due while Redis (the broker) is down.
    at = timezone.localtime().replace(hour=1, minute=0, second=3)
    for name in ("warn_due_soon", "end_notice_periods", "expire_blacklist", "check_links"):
        JobHeartbeat.objects.create(name=name, last_run_at=timezone.now(), last_result={})
    JobHeartbeat.objects.create(
        name="flag_overdue", last_run_at=at - datetime.timedelta(days=1), last_result={}
    )

    timings: list[float] = []
    for url in public:
        timed_get(client, url, timings)
        assert timed_get(client, url, timings).get("X-Page-Cache") == "hit", url
    assert timed_get(client, api, timings)
    up = max(timings)

    # Redis crashes.
    private_redis.kill()
    timings = []
    for url in public + [api]:
        assert timed_get(client, url, timings).get("X-Page-Cache") is None, url  # rendered, not failed
    reviewer, office = Client(), Client()
    reviewer.force_login(org.reviewer)
    office.force_login(org.office)
    timed_get(reviewer, reverse("admin:disclosures_disclosure_change", args=[record.pk]), timings)
    timed_get(office, reverse("compliance:dashboard"), timings)
    # The reviewer withdraws the record: saved, no error.
    record.refresh_from_db()
    response = reviewer.post(
        reverse("admin:disclosures_disclosure_workflow", args=[record.pk]),
        {"action": "withdraw", "comment": "批复已被撤销", "lock_version": record.lock_version},
        follow=True,
    )
    assert response.status_code == 200
    assert Disclosure.objects.get(pk=record.pk).status == "withdrawn"
    assert "撤回前的正文内容" not in timed_get(client, detail, timings).content.decode()
    down = max(timings)

    # Redis comes back with what it held before the withdrawal.
    private_redis.start()
    time.sleep(DOWN_SECONDS + 0.1)
    stale = page_entry(detail)
    assert stale is not None and "撤回前的正文内容" in stale[3].decode()
    assert stale[0] < public_generation()
    for url in public:
        page = timed_get(client, url, [])
        assert page.get("X-Page-Cache") is None, url
        assert "撤回前的正文内容" not in page.content.decode(), url
    assert "将被撤回的项目批复" not in client.get("/feeds/atom/").content.decode()
    assert "批复已被撤销" in client.get(detail).content.decode()
    assert client.get(detail).get("X-Page-Cache") == "hit"  # and the cache serves again

    # The catch-up, sent by beat once the broker is back, runs the 逾期标记 beat could not send.
    from compliance import tasks

    assert tasks.catch_up.delay().get() == {"ran": ["compliance.tasks.flag_overdue"], "failed": []}
    assert Disclosure.objects.get(pk=late.pk).overdue_flagged_at is not None
    print(f"\nslowest request: Redis up {up * 1000:.0f} ms, Redis down {down * 1000:.0f} ms")
    assert down < 2.0


@pytest.mark.services
@pytest.mark.clock("2026-12-07T23:59:40")
@pytest.mark.django_db(transaction=True)
def test_search_counts_wait_in_redis_and_none_is_lost_while_it_is_down(org, client, private_redis, settings, monkeypatch, _pinned_clock):
    """A search writes nothing to the database: its count waits in Redis for the job of each minute
    (search_help.search_term_count, tasks.flush_search_terms). Redis down, the count is written at once."""
    settings.PORTAL_SEARCH_RATE = ""
    in_state(org, "published", title="公租房配租结果公示")
    url = "/search/?q=" + quote("公租房")

    def counts():
        return {(row.term, row.day.isoformat()): row.count for row in SearchTermCount.objects.all()}

    with CaptureQueriesContext(connection) as queries:
        assert "<mark>公租房</mark>" in client.get(url).content.decode()
    assert not [q for q in queries if "searchtermcount" in q["sql"]], "the search wrote nothing"
    client.get(url)
    assert counts() == {}
    waiting = ":1:" + search_help.WAITING_KEY
    ttl = cache._cache.get_client(write=True).ttl(waiting)
    assert 0 < ttl <= 3600, "it expires (and may be evicted) like every key but the calendar's version"

    # Redis crashes: the next count is written at once.
    private_redis.kill()
    client.get(url)
    assert counts() == {("公租房", "2026-12-07"): 1}
    assert search_help.search_terms_flush() == 0, "nothing to read while it is down"

    # Back, with what it held (the private Redis keeps it across a crash): the job writes it after midnight,
    # to the day it was searched on; today's searches go to today.
    private_redis.start()
    time.sleep(DOWN_SECONDS + 0.1)
    _pinned_clock.move_to(instant("2026-12-08T00:00:20"))
    client.get(url)
    assert search_help.search_terms_flush() == 3
    assert counts() == {("公租房", "2026-12-07"): 3, ("公租房", "2026-12-08"): 1}
    assert search_help.search_terms_flush() == 0, "safe to run twice"

    # A write that fails puts the counts back to wait for the next run.
    client.get(url)
    real = search_help.add_counts

    def failing(counted):
        raise OperationalError("the database went away")

    monkeypatch.setattr(search_help, "add_counts", failing)
    with pytest.raises(OperationalError):
        search_help.search_terms_flush()
    monkeypatch.setattr(search_help, "add_counts", real)
    assert search_help.search_terms_flush() == 1
    assert counts() == {("公租房", "2026-12-07"): 3, ("公租房", "2026-12-08"): 2}


@pytest.mark.services
@pytest.mark.django_db(transaction=True)
def test_a_hung_redis_slows_no_page_down(org, client, private_redis):
    """Redis frozen (accepts, never answers): one socket timeout per DOWN_SECONDS, then misses at once."""
    in_state(org, "published", title="公开信息")
    client.get("/column/projects/")
    private_redis.pause()
    try:
        timings: list[float] = []
        for _ in range(20):
            timed_get(client, "/column/projects/", timings)
            timed_get(client, "/api/v1/disclosures/", timings)
    finally:
        private_redis.resume()
    assert max(timings) < TIMEOUT + 1.0
    assert sum(timings) < 40 * 0.1 + 2 * TIMEOUT + 2.0  # not a timeout per call


@pytest.mark.services
def test_the_default_cache_is_the_one_that_turns_failures_into_misses(settings):
    default = settings.CACHES["default"]
    assert default["BACKEND"] == "disclosure_portal.cache.RedisCache"
    assert 0 < default["OPTIONS"]["socket_connect_timeout"] <= 1
    assert 0 < default["OPTIONS"]["socket_timeout"] <= 1


@pytest.mark.services
@pytest.mark.django_db(transaction=True)
def test_every_key_the_portal_caches_has_a_ttl_but_the_calendar_version(org, client, private_redis, settings):
    """What makes volatile-lru safe (docker-compose.yml): cache entries can be evicted, nothing else can."""
    from workdays import services as workdays

    settings.PORTAL_SEARCH_RATE = "30/minute"
    record = in_state(org, "published", title="公开信息")
    for url in (
        "/",
        record.get_absolute_url(),
        "/feeds/atom/",
        "/column/projects/",
        "/api/v1/disclosures/",
        "/search/?q=公开",
    ):
        assert client.get(url).status_code == 200, url
    workdays._invalidate()
    redis_client = cache._cache.get_client(write=True)
    ttls = {key.decode(): redis_client.ttl(key) for key in redis_client.scan_iter()}
    assert any(key.startswith(":1:public-page:") for key in ttls) and any("throttle" in key for key in ttls)
    assert ttls.pop(":1:" + workdays.CACHE_KEY) == -1  # tiny, and must not be evicted
    assert ttls and all(ttl > 0 for ttl in ttls.values()), ttls
