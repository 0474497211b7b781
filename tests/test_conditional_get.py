"""Conditional GET (issue 24, part 4; RFC 9110 §13.1): public pages, feeds, the sitemap index and its files,
and exports carry an ETag and a Last-Modified, and a reader whose copy is current gets a 304 with no body —
from the page cache without rendering and with no query but the public generation's (core/caching.py).
A publication changes the validators, so the next request is a 200. Staff pages get no shared validators.

The sitemap index (issue 24, part 5): /sitemap.xml names one file per section and page, each of at most
the section's limit of URLs (50,000, the sitemaps.org limit; 2 here to see the split), never a draft's.
"""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from core import caching
from disclosures import sitemaps
from disclosures.tests.factories import draft, in_state

pytestmark = [pytest.mark.django_db]

PAGES = [
    "/",
    "/column/projects/",
    "/feeds/atom/",
    "/feeds/rss/projects/",
    "/sitemap.xml",
    "/sitemap-records.xml",
    "/sitemap-columns.xml",
]
LOC = re.compile(r"<loc>http://testserver(/[^<]*)</loc>")


@pytest.fixture(autouse=True)
def _page_cache_on(settings):
    settings.PORTAL_PAGE_CACHE_SECONDS = 600


@pytest.fixture
def record(org):
    return in_state(org, "published", title="县道改建工程可行性研究报告批复")


def body(response) -> bytes:
    return b"".join(response.streaming_content) if response.streaming else response.content


def publish_another(org, capture) -> None:
    with capture(execute=True):
        in_state(org, "published", title="又一条公开信息")


@pytest.mark.parametrize("url", PAGES)
def test_a_public_page_has_validators_and_answers_304_from_the_cache(client, record, url, django_assert_num_queries):
    first = client.get(url)
    assert first.status_code == 200
    etag, modified = first["ETag"], first["Last-Modified"]
    assert re.fullmatch(r'"[0-9a-f]{32}"', etag)
    assert first["Cache-Control"] == "public, no-cache"  # kept, but asked again every time
    again = client.get(url)
    assert again["X-Page-Cache"] == "hit" and again["ETag"] == etag and again["Last-Modified"] == modified
    with django_assert_num_queries(1):  # the public generation only: no rendering, no other query
        by_tag = client.get(url, headers={"If-None-Match": etag})
    assert by_tag.status_code == 304 and by_tag.content == b""
    assert by_tag["ETag"] == etag and by_tag["Cache-Control"] == "public, no-cache"
    with django_assert_num_queries(1):
        by_date = client.get(url, headers={"If-Modified-Since": modified})
    assert by_date.status_code == 304 and by_date.content == b""
    assert client.get(url, headers={"If-None-Match": '"something-else"'}).status_code == 200


def test_the_record_page_answers_304(client, record):
    url = record.get_absolute_url()
    etag = client.get(url)["ETag"]
    assert client.get(url, headers={"If-None-Match": etag}).status_code == 304
    assert client.get(url, headers={"If-None-Match": f'W/{etag}, "x"'}).status_code == 304  # weak comparison


@pytest.mark.parametrize("url", [url for url in PAGES if url != "/sitemap-columns.xml"])  # it lists no record
def test_a_publication_changes_the_validators(client, org, record, url, django_capture_on_commit_callbacks):
    first = client.get(url)
    publish_another(org, django_capture_on_commit_callbacks)
    by_tag = client.get(url, headers={"If-None-Match": first["ETag"]})
    assert by_tag.status_code == 200 and by_tag["ETag"] != first["ETag"]
    assert by_tag.get("X-Page-Cache") is None  # rendered again under the new generation
    by_date = client.get(url, headers={"If-Modified-Since": first["Last-Modified"]})
    assert by_date.status_code == 200, "a later Last-Modified, even within the same second"


def test_a_page_rendered_again_with_the_same_bytes_keeps_its_validators(client, org, record, django_capture_on_commit_callbacks):
    first = client.get("/sitemap-columns.xml")
    publish_another(org, django_capture_on_commit_callbacks)  # not on this page: the same bytes again
    again = client.get("/sitemap-columns.xml", headers={"If-None-Match": first["ETag"]})
    assert again.status_code == 304, "rendered, the same bytes: still the reader's copy"
    assert again["Last-Modified"] == first["Last-Modified"]


def test_a_withdrawal_is_never_confirmed_by_a_304(client, org, record, django_capture_on_commit_callbacks):
    from disclosures import services

    url = record.get_absolute_url()
    before = client.get(url)
    with django_capture_on_commit_callbacks(execute=True):
        services.disclosure_withdraw(disclosure=record, actor=org.reviewer, reason="内容有误")
    after = client.get(url, headers={"If-None-Match": before["ETag"], "If-Modified-Since": before["Last-Modified"]})
    assert after.status_code == 200, "the reader's copy from before the withdrawal is not confirmed"
    assert after["ETag"] != before["ETag"]


def test_staff_pages_get_no_shared_validators(client, org, record):
    client.force_login(org.clerk)
    for url in ("/", record.get_absolute_url(), "/feeds/atom/"):
        response = client.get(url)
        assert "ETag" not in response, url  # (a feed keeps the Last-Modified Django's Feed gives it)
        assert "private" in response["Cache-Control"], url


@pytest.mark.parametrize(("header", "stored"), [("private, no-store", False), ("no-store", False), ("", True)])
def test_a_response_marked_private_is_neither_stored_nor_given_validators(rf, header, stored):
    from django.http import HttpResponse

    response = HttpResponse("页面")
    if header:
        response["Cache-Control"] = header
    assert caching.PublicPageCacheMiddleware.storable(rf.get("/"), response) is stored


def test_no_validators_without_the_page_cache(client, record, settings):
    settings.PORTAL_PAGE_CACHE_SECONDS = 0  # nothing stored, nothing compared: every request rendered
    assert "ETag" not in client.get("/")


# ---------------------------------------------------------------------------------------------
# Exports: a streamed one by a weak tag of what it holds, a built file by its name and build time
# ---------------------------------------------------------------------------------------------
EXPORT = "/column/projects/export.csv"


def test_a_streamed_export_answers_304_before_any_row_or_limit(client, org, record, settings):
    first = client.get(EXPORT)
    assert first.status_code == 200 and first.streaming
    etag = first["ETag"]
    assert etag.startswith('W/"g')
    settings.PORTAL_EXPORT_RATE = "1/m"  # a 304 is not counted against the reader's exports
    for _ in range(3):
        again = client.get(EXPORT, headers={"If-None-Match": etag})
        assert again.status_code == 304 and again.content == b"" and again["ETag"] == etag


def test_a_streamed_export_after_a_publication_is_sent_again(client, org, record, django_capture_on_commit_callbacks):
    etag = client.get(EXPORT)["ETag"]
    publish_another(org, django_capture_on_commit_callbacks)
    again = client.get(EXPORT, headers={"If-None-Match": etag})
    assert again.status_code == 200 and again["ETag"] != etag
    assert "又一条公开信息" in body(again).decode("utf-8-sig")


def test_a_built_export_answers_304_by_tag_and_by_date(client, org, record, settings, django_capture_on_commit_callbacks):
    settings.PORTAL_EXPORT_STREAM_MAX_ROWS = 0  # built by the (eager) worker, then served as a file
    first = client.get(EXPORT)
    assert first.status_code == 200 and not first["ETag"].startswith("W/")
    body(first)
    by_tag = client.get(EXPORT, headers={"If-None-Match": first["ETag"]})
    by_date = client.get(EXPORT, headers={"If-Modified-Since": first["Last-Modified"]})
    for response in (by_tag, by_date):
        assert response.status_code == 304 and response.content == b""
        assert response["ETag"] == first["ETag"] and response["Last-Modified"] == first["Last-Modified"]
    publish_another(org, django_capture_on_commit_callbacks)
    after = client.get(EXPORT, headers={"If-None-Match": first["ETag"]})
    assert after.status_code == 200 and after["ETag"] != first["ETag"]
    body(after)


# ---------------------------------------------------------------------------------------------
# The sitemap index (part 5)
# ---------------------------------------------------------------------------------------------
def sitemap_urls(client) -> tuple[list[str], dict[str, list[str]]]:
    """The files the index names, and the pages each file lists (paths)."""
    files = LOC.findall(client.get("/sitemap.xml").content.decode())
    listed = {}
    for path in files:
        response = client.get(path)
        assert response.status_code == 200, path
        listed[path] = LOC.findall(response.content.decode())
    return files, listed


def test_the_index_splits_a_section_into_files_of_at_most_the_limit(client, org, monkeypatch):
    monkeypatch.setattr(sitemaps.DisclosureSitemap, "limit", 2)
    public = [in_state(org, "published", title=f"公开记录{n}") for n in range(5)]
    withdrawn = in_state(org, "withdrawn", title="撤回记录")
    hidden = [draft(org.clerk, org.department, title="草稿"), in_state(org, "submitted", title="待审")]
    files, listed = sitemap_urls(client)
    records = ["/sitemap-records.xml", "/sitemap-records.xml?p=2", "/sitemap-records.xml?p=3"]
    assert [path for path in files if path.startswith("/sitemap-records")] == records
    assert all(len(listed[path]) <= 2 for path in records)
    in_files = [url for path in records for url in listed[path]]
    expected = sorted([*public, withdrawn], key=lambda item: item.pk)
    assert in_files == [item.get_absolute_url() for item in expected]  # each once, in order
    everything = {url for urls in listed.values() for url in urls}
    assert not {item.get_absolute_url() for item in hidden} & everything
    assert client.get("/sitemap-records.xml?p=4").status_code == 404
    assert client.get("/sitemap-nope.xml").status_code == 404


def test_each_url_of_the_record_files_has_its_lastmod(client, record):
    text = client.get("/sitemap-records.xml").content.decode()
    assert re.search(rf"<loc>http://testserver{record.get_absolute_url()}</loc><lastmod>\d{{4}}-\d\d-\d\d</lastmod>", text)
    index = client.get("/sitemap.xml").content.decode()
    assert re.search(r"<loc>http://testserver/sitemap-records.xml</loc><lastmod>\d{4}-", index)


def test_the_index_is_read_without_walking_every_record(client, org):
    for n in range(30):
        in_state(org, "published", title=f"公开记录{n}")
    with CaptureQueriesContext(connection) as queries:
        client.get("/sitemap.xml")
    assert len(queries) <= 10, [query["sql"] for query in queries]
    rows = '"disclosures_disclosure"."updated_at" FROM'
    assert not [query["sql"] for query in queries if rows in query["sql"]], "no record is read, only counted"


@pytest.mark.parametrize("section", ["columns", "records", "subjects"])
def test_a_file_has_the_bytes_django_s_sitemap_template_gives(rf, org, section):
    from django.contrib.sitemaps.views import sitemap

    in_state(org, "published", title="公开记录")
    in_state(org, "withdrawn", title="撤回记录")
    for query in ("", "?p=1"):
        request = rf.get(f"/sitemap-{section}.xml{query}")
        ours = sitemaps.sitemap_section(request, sitemaps=sitemaps.SITEMAPS, section=section)
        django = sitemap(request, sitemaps=sitemaps.SITEMAPS, section=section).render()
        assert ours.content == django.content
        assert ours["X-Robots-Tag"] == django["X-Robots-Tag"]


def test_robots_txt_names_the_index(client, db):
    assert "Sitemap: http://testserver/sitemap.xml" in client.get("/robots.txt").content.decode()
