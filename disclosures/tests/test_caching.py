"""Anonymous pages are cached, and dropped the moment what the public may see changes."""

import pytest
from django.http import HttpResponse

from disclosures import services
from disclosures.tests.factories import in_state


@pytest.fixture(autouse=True)
def _page_cache_on(settings):
    settings.PORTAL_PAGE_CACHE_SECONDS = 600


def test_anonymous_page_is_served_from_cache_until_a_publication(org, client, django_capture_on_commit_callbacks):
    first = in_state(org, "published", title="第一条公开信息")
    assert client.get("/").get("X-Page-Cache") is None
    cached = client.get("/")
    assert cached.get("X-Page-Cache") == "hit"
    assert "第一条公开信息" in cached.content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        in_state(org, "published", title="第二条公开信息")
    fresh = client.get("/")
    assert fresh.get("X-Page-Cache") is None
    assert "第二条公开信息" in fresh.content.decode()
    assert first.pk


def test_a_withdrawn_record_body_is_never_served_from_cache(org, client, django_capture_on_commit_callbacks):
    record = in_state(org, "published", title="将被撤回的信息", body="<p>撤回前的正文内容</p>")
    url = record.get_absolute_url()
    assert "撤回前的正文内容" in client.get(url).content.decode()
    assert client.get(url).get("X-Page-Cache") == "hit"
    with django_capture_on_commit_callbacks(execute=True):
        services.disclosure_withdraw(disclosure=record, actor=org.reviewer, reason="内容有误")
    page = client.get(url).content.decode()
    assert "撤回前的正文内容" not in page
    assert "内容有误" in page
    feed = client.get("/feeds/rss/").content.decode()
    assert "将被撤回的信息" not in feed


def test_staff_are_never_served_from_the_cache(org, client):
    in_state(org, "published", title="公开信息")
    client.get("/")
    client.force_login(org.clerk)
    assert client.get("/").get("X-Page-Cache") is None


def test_a_catalogue_edit_refreshes_the_public_catalogue(org, client, django_capture_on_commit_callbacks):
    from catalogue.models import CatalogueEntry
    from catalogue.services import catalogue_entry_save

    client.get("/catalogue/")
    assert client.get("/catalogue/").get("X-Page-Cache") == "hit"
    entry = CatalogueEntry.objects.get(code="projects-approval-result-feasibility")
    entry.content = "修改后的公开内容说明"
    with django_capture_on_commit_callbacks(execute=True):
        catalogue_entry_save(actor=org.office, entry=entry, changed_fields=["content"])
    page = client.get("/catalogue/")
    assert page.get("X-Page-Cache") is None
    assert "修改后的公开内容说明" in page.content.decode()


def test_a_hit_is_answered_before_the_database_and_keeps_the_security_headers(
    org, client, django_assert_num_queries
):
    in_state(org, "published", title="公开信息")
    miss = client.get("/column/projects/")
    assert miss.status_code == 200 and miss.get("X-Page-Cache") is None
    with django_assert_num_queries(0):  # no session, user, OTP or axes lookup: the middleware answers first
        hit = client.get("/column/projects/")
    assert hit.get("X-Page-Cache") == "hit"
    assert hit.content == miss.content
    for header in ("Content-Security-Policy", "X-Frame-Options", "X-Content-Type-Options", "Content-Type"):
        assert hit[header] == miss[header], header


def test_a_request_with_a_session_cookie_is_never_served_from_the_cache(org, client):
    in_state(org, "published", title="公开信息")
    client.get("/")
    assert client.get("/").get("X-Page-Cache") == "hit"
    client.cookies["sessionid"] = "not-a-real-session"  # maybe staff: the full stack decides
    assert client.get("/").get("X-Page-Cache") is None


def test_only_declared_public_pages_have_a_cache_key(rf, settings):
    from disclosures.caching import page_key

    assert page_key(rf.get("/column/projects/?page=2")).startswith("public-page:")
    assert page_key(rf.get("/column/projects/?page=2")) != page_key(rf.get("/column/projects/?page=3"))
    assert page_key(rf.get("/api/v1/disclosures/")) is None  # not declared: the cache is not even asked
    assert page_key(rf.get("/no/such/page/")) is None
    assert page_key(rf.post("/column/projects/")) is None
    staff = rf.get("/column/projects/")
    staff.COOKIES[settings.SESSION_COOKIE_NAME] = "x"
    assert page_key(staff) is None
    settings.PORTAL_PAGE_CACHE_SECONDS = 0
    assert page_key(rf.get("/column/projects/")) is None


def test_pages_that_set_a_cookie_or_fail_are_not_stored(rf):
    from django.contrib.auth.models import AnonymousUser

    from disclosures.caching import PublicPageCacheMiddleware

    request = rf.get("/")
    request.user = AnonymousUser()
    page = HttpResponse("公开页面")
    assert PublicPageCacheMiddleware.storable(request, page)
    page.set_cookie("csrftoken", "x")
    assert not PublicPageCacheMiddleware.storable(request, page)
    assert not PublicPageCacheMiddleware.storable(request, HttpResponse("没有找到", status=404))


def test_an_entry_of_an_older_generation_is_never_served(org, client):
    from django.core.cache import cache

    from disclosures.caching import GENERATION_KEY

    in_state(org, "published", title="公开信息")
    client.get("/")
    assert client.get("/").get("X-Page-Cache") == "hit"
    cache.incr(GENERATION_KEY)  # what a publication does on commit
    assert client.get("/").get("X-Page-Cache") is None
    assert client.get("/").get("X-Page-Cache") == "hit"


def test_the_column_list_is_cached_for_anonymous_readers_only_after_a_miss(org, client):
    in_state(org, "published", title="公开信息")
    client.force_login(org.clerk)
    client.get("/column/projects/")  # a signed-in rendering is never stored
    client.logout()
    client.cookies.clear()
    assert client.get("/column/projects/").get("X-Page-Cache") is None
    assert client.get("/column/projects/").get("X-Page-Cache") == "hit"
