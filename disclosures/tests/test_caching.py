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


def test_a_hit_costs_one_query_and_keeps_the_security_headers(org, client, django_assert_num_queries):
    in_state(org, "published", title="公开信息")
    miss = client.get("/column/projects/")
    assert miss.status_code == 200 and miss.get("X-Page-Cache") is None
    # the generation by primary key, and nothing else: no session, user, OTP or axes lookup
    with django_assert_num_queries(1) as queries:
        hit = client.get("/column/projects/")
    assert "publiccontentgeneration" in queries.captured_queries[0]["sql"]
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
    from core.caching import page_key

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


def test_a_path_is_resolved_once_per_process_to_find_what_its_page_reads(rf, monkeypatch):
    """Resolving walks the URL patterns, about as long as the cache read of a hit: each path is resolved
    once, and a 404 path stays uncacheable."""
    from core import caching

    caching._declared_reads.cache_clear()
    resolved = []
    real = caching.resolve
    monkeypatch.setattr(caching, "resolve", lambda path, urlconf=None: resolved.append(path) or real(path, urlconf))
    first = caching.page_key(rf.get("/column/projects/?page=2"))
    assert caching.page_key(rf.get("/column/projects/?page=3")) != first
    assert caching.page_key(rf.get("/column/projects/?page=2")) == first
    assert caching.page_key(rf.get("/no/such/page/")) is None
    assert caching.page_key(rf.get("/no/such/page/")) is None
    assert resolved == ["/column/projects/", "/no/such/page/"]


def test_pages_that_set_a_cookie_or_fail_are_not_stored(rf):
    from django.contrib.auth.models import AnonymousUser

    from core.caching import PublicPageCacheMiddleware

    request = rf.get("/")
    request.user = AnonymousUser()
    page = HttpResponse("公开页面")
    assert PublicPageCacheMiddleware.storable(request, page)
    page.set_cookie("csrftoken", "x")
    assert not PublicPageCacheMiddleware.storable(request, page)
    assert not PublicPageCacheMiddleware.storable(request, HttpResponse("没有找到", status=404))


def test_an_entry_of_an_older_generation_is_never_served(org, client):
    from core.caching import public_pages_changed

    in_state(org, "published", title="公开信息")
    client.get("/")
    assert client.get("/").get("X-Page-Cache") == "hit"
    public_pages_changed()  # what a publication does in its transaction
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


def test_a_withdrawal_saved_while_the_cache_refuses_writes_is_never_served_stale(
    org, client, monkeypatch, django_capture_on_commit_callbacks
):
    """Redis refusing writes as the withdrawal is saved: the reviewer gets no error, and the entries the
    cache kept from before are not served afterwards (the generation is checked in the database)."""
    from django.core.cache import caches
    from redis.exceptions import ConnectionError as RedisConnectionError

    record = in_state(org, "published", title="将被撤回的信息", body="<p>撤回前的正文内容</p>")
    urls = [record.get_absolute_url(), "/", "/feeds/atom/"]
    for url in urls:
        client.get(url)
        assert client.get(url).get("X-Page-Cache") == "hit", url

    def refused(*args, **kwargs):
        raise RedisConnectionError("MISCONF Redis is configured to save RDB snapshots, but it cannot persist")

    backend = caches["default"]  # what `cache` stands for in this thread
    with monkeypatch.context() as patch:
        for name in ("set", "add", "incr", "delete", "set_many", "delete_many"):
            patch.setattr(backend, name, refused)
        with django_capture_on_commit_callbacks(execute=True):
            services.disclosure_withdraw(disclosure=record, actor=org.reviewer, reason="内容有误")

    page = client.get(urls[0])
    assert page.get("X-Page-Cache") is None
    assert "撤回前的正文内容" not in page.content.decode() and "内容有误" in page.content.decode()
    assert client.get("/").get("X-Page-Cache") is None
    assert "将被撤回的信息" not in client.get("/feeds/atom/").content.decode()


def test_the_key_holds_the_scheme_and_the_host(rf, settings):
    from core.caching import page_key

    settings.ALLOWED_HOSTS = ["a.example.gov.cn", "b.example.gov.cn"]
    keys = {
        page_key(rf.get("/feeds/atom/", HTTP_HOST="a.example.gov.cn")),
        page_key(rf.get("/feeds/atom/", HTTP_HOST="b.example.gov.cn")),
        page_key(rf.get("/feeds/atom/", HTTP_HOST="a.example.gov.cn", secure=True)),
    }
    assert len(keys) == 3
    assert page_key(rf.get("/feeds/atom/", HTTP_HOST="evil.example")) is None  # the full stack answers 400


def test_a_feed_and_the_sitemap_link_to_the_host_they_were_asked_on(org, client, settings):
    settings.ALLOWED_HOSTS = ["a.example.gov.cn", "b.example.gov.cn"]
    in_state(org, "published", title="公开信息")
    for url in ("/feeds/atom/", "/sitemap.xml", "/sitemap-records.xml"):
        client.get(url, HTTP_HOST="a.example.gov.cn")
        other = client.get(url, HTTP_HOST="b.example.gov.cn", secure=True)
        text = other.content.decode()
        assert "https://b.example.gov.cn/" in text and "a.example.gov.cn" not in text, url
        assert client.get(url, HTTP_HOST="a.example.gov.cn").get("X-Page-Cache") == "hit"


def test_parameters_a_page_does_not_read_change_neither_its_key_nor_the_page(org, client, rf):
    from core.caching import page_key

    in_state(org, "published", title="公开信息")
    first = client.get("/column/projects/?utm_source=weixin&zz=%E6%B3%A8%E5%85%A5%E6%96%87%E5%AD%97")
    assert "注入文字" not in first.content.decode()
    assert client.get("/column/projects/").get("X-Page-Cache") == "hit"
    for junk in ("?random=1", "?random=2&x=y", "?page=&year="):  # each a hit of that entry, not a new one
        assert client.get("/column/projects/" + junk).get("X-Page-Cache") == "hit", junk
    assert page_key(rf.get("/column/projects/?year=2026&page=2")) == page_key(
        rf.get("/column/projects/?page=2&x=1&year=2026")
    )
    assert page_key(rf.get("/?page=2")) == page_key(rf.get("/"))  # the home page reads no parameter
    assert page_key(rf.get("/disclosures/1/?v=2")) == page_key(rf.get("/disclosures/1/"))


@pytest.mark.parametrize(
    ("url", "one", "other"),
    [
        ("/column/projects/", "page=2", "page=3"),
        ("/column/projects/", "year=2025", "year=2026"),
        ("/column/projects/", "q=公示", "q=批复"),
        ("/projects/", "page=2", "page=3"),
        ("/projects/", "sector=a", "sector=b"),
        ("/projects/statistics/", "year=2025", "year=2026"),
        ("/welfare/", "area=a", "area=b"),
        ("/welfare/", "page=2", "page=3"),
        ("/resources/", "area=a", "area=b"),
        ("/resources/", "page=2", "page=3"),
        ("/resources/blacklist/", "page=2", "page=3"),
        ("/resources/blacklist/", "in_force=true", "in_force=false"),
        ("/catalogue/", "domain=projects", "domain=welfare"),
        ("/sitemap-records.xml", "p=2", "p=3"),
    ],
)
def test_parameters_a_page_reads_make_keys_of_their_own(rf, url, one, other):
    from core.caching import page_key

    assert page_key(rf.get(f"{url}?{one}")) != page_key(rf.get(f"{url}?{other}"))


def test_a_declared_filter_still_narrows_the_page(org, client):
    in_state(org, "published", title="甲项目公开信息")
    assert "甲项目公开信息" in client.get("/column/projects/?q=甲项目&junk=1").content.decode()
    assert "甲项目公开信息" not in client.get("/column/projects/?q=没有这个词&junk=1").content.decode()
