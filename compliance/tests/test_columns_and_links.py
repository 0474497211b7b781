"""僵尸栏目 risk and the weekly external-link check."""

import datetime
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from django.utils import timezone

from compliance import services
from compliance.models import LinkCheck
from core.models import JobHeartbeat
from disclosures.models import Disclosure
from disclosures.tests.factories import in_state


class _Handler(BaseHTTPRequestHandler):
    def do_HEAD(self):  # noqa: N802
        self.send_response(200 if self.path == "/ok" else 404)
        self.end_headers()

    def log_message(self, *args):
        pass


@pytest.fixture
def web_server():
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()


def test_external_links_are_checked_and_dead_ones_listed(org, web_server, client, settings):
    settings.ALLOWED_HOSTS = ["portal.example.gov.cn", "testserver"]
    body = (
        f'<p><a href="{web_server}/ok">有效链接</a> <a href="{web_server}/missing">失效链接</a> '
        '<a href="https://portal.example.gov.cn/column/">本站链接</a></p>'
    )
    record = in_state(org, "published", title="含外部链接的通知", body=body)
    result = services.check_links(timeout=5)
    assert result == {"checked": 2, "dead": 1}
    dead = LinkCheck.objects.get(ok=False)
    assert dead.url.endswith("/missing") and dead.status == "HTTP 404" and dead.disclosure == record
    assert LinkCheck.objects.get(ok=True).url.endswith("/ok")
    assert JobHeartbeat.objects.get(name="check_links").last_result == {"checked": 2, "dead": 1}
    services.check_links(timeout=5)  # a second run updates, never duplicates
    assert LinkCheck.objects.count() == 2
    client.force_login(org.clerk)
    page = client.get("/dashboard/").content.decode()
    assert "失效外部链接" in page and f"{web_server}/missing" in page


def test_unreachable_host_is_dead():
    ok, status = services._probe("http://127.0.0.1:9/", 2)
    assert ok is False and status


def test_stale_columns_are_listed_for_the_office(org, client):
    fresh = in_state(org, "published", title="新近发布", domain="projects", category="bidding")
    old = in_state(org, "published", title="很久以前发布", domain="projects", category="completion")
    Disclosure.objects.filter(pk=old.pk).update(published_at=timezone.now() - datetime.timedelta(days=120))
    rows = {(r["domain"], r["category"]): r for r in services.stale_columns(days=90)}
    assert ("重大建设项目批准和实施", "竣工有关信息") in rows
    assert rows[("重大建设项目批准和实施", "竣工有关信息")]["idle_days"] >= 120
    assert ("重大建设项目批准和实施", "招标投标信息") not in rows
    assert rows[("公共资源配置", "矿业权出让")]["last_published"] is None  # never published
    client.force_login(org.office)
    page = client.get("/dashboard/").content.decode()
    assert "僵尸栏目风险" in page and "竣工有关信息" in page
    client.force_login(org.clerk)
    assert "僵尸栏目风险" not in client.get("/dashboard/").content.decode()
    assert fresh.pk
