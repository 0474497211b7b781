"""Feeds, sitemap and robots.txt: public records only; feeds that feed readers and browsers read."""

import datetime
import email.utils
import re
import xml.etree.ElementTree as ET
from urllib.parse import urlsplit

import feedparser
import pytest
from django.contrib.staticfiles import finders
from lxml import etree

from core.domains import all_domains
from disclosures import services
from disclosures.feeds import FEED_SIZE
from disclosures.selectors import latest_publications, public_disclosures
from disclosures.tests.factories import draft, in_state
from projects.models import ProjectRecord
from projects.tests import builders as project_builders
from projects.tests.factories import make_project
from resources.tests import builders as resource_builders
from tests.clock import instant
from welfare.tests import builders as welfare_builders


def test_column_feeds_list_published_records_only(org, client):
    published = in_state(org, "published", title="已发布的项目批复")
    draft(org.clerk, org.department, title="草稿不应出现在订阅中")
    in_state(org, "withdrawn", title="已撤回不应出现在订阅中")
    for url in ["/feeds/rss/", "/feeds/atom/", "/feeds/rss/projects/", "/feeds/atom/projects/approval_result/"]:
        response = client.get(url)
        assert response.status_code == 200, url
        body = response.content.decode()
        ET.fromstring(response.content)  # well-formed XML
        assert "已发布的项目批复" in body and published.index_no in body, url
        assert "草稿不应出现" not in body and "已撤回不应出现" not in body, url
    assert "已发布的项目批复" not in client.get("/feeds/rss/welfare/").content.decode()
    assert client.get("/feeds/rss/nonexistent/").status_code == 404


def test_subject_feed_of_a_project(org, client):
    project = make_project(org)
    record = in_state(org, "published", title="项目的施工许可")
    ProjectRecord.objects.create(project=project, disclosure=record)
    other = in_state(org, "published", title="别的项目的批复")
    body = client.get(f"/feeds/atom/projects/subjects/{project.pk}/").content.decode()
    assert "项目的施工许可" in body and "别的项目的批复" not in body
    assert other.pk
    assert client.get("/feeds/atom/projects/subjects/999999/").status_code == 404


def test_sitemap_lists_public_pages_and_never_drafts(org, client):
    published = in_state(org, "published", title="公开记录")
    withdrawn = in_state(org, "withdrawn", title="撤回记录")
    hidden = draft(org.clerk, org.department, title="草稿")
    index = client.get("/sitemap.xml").content.decode()  # the index names the sections' files
    files = re.findall(r"<loc>http://testserver(/sitemap-[a-z]+\.xml)</loc>", index)
    assert files == ["/sitemap-columns.xml", "/sitemap-records.xml"]  # no subject yet: no empty file
    body = "".join(client.get(path).content.decode() for path in files)
    assert published.get_absolute_url() in body
    assert withdrawn.get_absolute_url() in body  # the withdrawal notice is a public page
    assert hidden.get_absolute_url() not in body
    assert "/column/projects/bidding/" in body and "/catalogue/" in body


def test_robots_txt(client, db):
    body = client.get("/robots.txt").content.decode()
    assert "Disallow: /admin/" in body and "Sitemap: http://testserver/sitemap.xml" in body


# ---------------------------------------------------------------------------------------------
# Corrections, ids, the browser's view, autodiscovery (issue 22 part 5)
# ---------------------------------------------------------------------------------------------
def atom(client, url: str, **headers):
    response = client.get(url, **headers)
    assert response.status_code == 200, url
    parsed = feedparser.parse(response.content, response_headers={"content-type": response["Content-Type"]})
    assert not parsed.bozo, (url, parsed.get("bozo_exception"))
    return parsed


def at(text: str, expected: str) -> bool:
    """A feed's date (RFC 3339 or, in RSS, RFC 822) is the instant `expected` (Asia/Shanghai), give or take the
    seconds the ticking test clock moved on."""
    moment = (datetime.datetime.fromisoformat(text) if "T" in text else email.utils.parsedate_to_datetime(text))
    return abs(moment - instant(expected)) < datetime.timedelta(seconds=30)


def correct(org, record, *, title: str, note: str):
    correction = services.disclosure_start_correction(disclosure=record, actor=org.clerk, change_note=note)
    services.disclosure_update(
        disclosure=correction, actor=org.clerk, expected_version=correction.lock_version, title=title
    )
    services.disclosure_submit(disclosure=correction, actor=org.clerk)
    services.disclosure_review(disclosure=correction, actor=org.reviewer)
    services.disclosure_sign(disclosure=correction, actor=org.signer)  # the county publishes on signature


@pytest.mark.clock("2026-11-02T09:00")
def test_a_published_correction_moves_its_entrys_updated_and_keeps_published(org, client, _pinned_clock):
    first = in_state(org, "published", title="某项目核准批复")
    _pinned_clock.move_to(instant("2026-11-03T09:00"))
    in_state(org, "published", title="后发布的施工许可")
    before = atom(client, "/feeds/atom/")
    assert [e.title for e in before.entries] == ["后发布的施工许可", "某项目核准批复"]
    assert before.entries[1].updated == before.entries[1].published

    _pinned_clock.move_to(instant("2026-11-10T15:30"))
    correct(org, first, title="某项目核准批复（更正）", note="更正总投资金额")

    after = atom(client, "/feeds/atom/")  # the correction changed the public pages: not the cached feed
    entry = after.entries[0]  # the correction is the news: first
    assert entry.title == "某项目核准批复（更正）"
    assert at(entry.published, "2026-11-02T09:00") and at(entry.updated, "2026-11-10T15:30")
    assert entry.id == before.entries[1].id  # the same entry, moved
    assert "已更正（第2版）：更正总投资金额" in entry.summary
    assert at(after.feed.updated, "2026-11-10T15:30")
    assert at(after.entries[1].updated, "2026-11-03T09:00")
    # The record's other feeds too; in RSS, which has no `updated`, its pubDate stays the first publication.
    assert at(atom(client, "/feeds/atom/projects/approval_result/").entries[0].updated, "2026-11-10T15:30")
    rss = atom(client, "/feeds/rss/").entries[0]
    assert rss.title == "某项目核准批复（更正）" and at(rss.published, "2026-11-02T09:00")


def test_a_record_corrected_long_ago_is_ranked_by_its_correction(org, django_assert_max_num_queries):
    old = in_state(org, "published", title="早先发布后来更正")
    newer = [in_state(org, "published", title=f"后发布{n}") for n in range(3)]
    correct(org, old, title="早先发布后来更正（更正）", note="更正")
    with django_assert_max_num_queries(1):
        records = list(latest_publications(public_disclosures(), limit=2))
    assert [r.pk for r in records] == [old.pk, newer[-1].pk]
    assert records[0].last_published_at > records[0].published_at
    assert records[1].last_published_at == records[1].published_at


def test_atom_ids_are_tag_uris_the_same_under_every_host(org, client, settings):
    settings.ALLOWED_HOSTS = ["testserver", "portal.example.gov.cn", "10.1.2.3"]
    settings.PORTAL_TAG_AUTHORITY, settings.PORTAL_TAG_DATE = "zdly.example.gov.cn", "2026-11"
    record = in_state(org, "published", title="同一条记录")
    project = make_project(org)
    ProjectRecord.objects.create(project=project, disclosure=record)
    for url in ["/feeds/atom/", "/feeds/atom/projects/", "/feeds/atom/projects/approval_result/",
                f"/feeds/atom/projects/subjects/{project.pk}/"]:
        one = atom(client, url, HTTP_HOST="portal.example.gov.cn")
        other = atom(client, url, HTTP_HOST="10.1.2.3", secure=True)
        assert one.feed.id == other.feed.id and one.feed.id.startswith("tag:zdly.example.gov.cn,2026-11:feed/"), url
        assert [e.id for e in one.entries] == [e.id for e in other.entries] == [
            f"tag:zdly.example.gov.cn,2026-11:disclosure/{record.index_no}"
        ], url
        assert one.entries[0].link.startswith("http://portal.example.gov.cn/"), url  # links do follow the host
        assert other.entries[0].link.startswith("https://10.1.2.3/"), url
    feed_ids = {atom(client, url).feed.id for url in ["/feeds/atom/", "/feeds/atom/projects/",
                                                       "/feeds/atom/projects/approval_result/"]}
    assert len(feed_ids) == 3


def test_a_browser_shows_a_feed_as_a_page_with_how_to_subscribe(org, client):
    in_state(org, "published", title="浏览器里看订阅源")
    stylesheet = client.get("/feeds/feed.xsl")
    assert stylesheet.status_code == 200 and stylesheet["Content-Type"].startswith("text/xsl")
    xslt = etree.XSLT(etree.fromstring(stylesheet.content))
    # Nothing inline: the feed's Content-Security-Policy (no 'unsafe-inline') governs the page it becomes.
    elements = list(etree.fromstring(stylesheet.content).iter())
    assert not [e for e in elements if isinstance(e.tag, str) and e.tag.split("}")[-1] in {"script", "style"}]
    assert not [name for e in elements for name in e.attrib if name == "style" or name.startswith("on")]
    for url in ["/feeds/atom/", "/feeds/rss/"]:
        response = client.get(url)
        assert response["Content-Type"] == "application/xml; charset=utf-8", url  # what browsers style
        assert "default-src 'self'" in response["Content-Security-Policy"]
        head = response.content.decode().split("<feed" if "atom" in url else "<rss")[0]
        instructions = re.findall(r'<\?xml-stylesheet href="([^"]+)" type="([^"]+)"\?>', head)
        assert instructions == [("/feeds/feed.xsl", "text/xsl"), ("/static/css/feed.css", "text/css")], url
        assert finders.find("css/feed.css")
        page = str(xslt(etree.fromstring(response.content)))
        assert "如何订阅" in page and "添加订阅" in page, url
        assert f"http://testserver{url}" in page  # the address to copy
        assert re.search(r'<a class="record-list__title" href="http://testserver/disclosures/\d+/">浏览器里看订阅源</a>', page), url
        assert 'href="/static/css/portal.css"' in page and "<script" not in page and "style=" not in page


def test_column_and_category_pages_advertise_their_own_feeds(org, client):
    def alternates(url):
        page = client.get(url).content.decode()
        return re.findall(r'<link rel="alternate" type="application/(atom|rss)\+xml" title="([^"]+)" href="([^"]+)">', page)

    assert ("atom", "重大建设项目批准和实施（Atom）", "/feeds/atom/projects/") in alternates("/column/projects/")
    assert ("rss", "重大建设项目批准和实施（RSS）", "/feeds/rss/projects/") in alternates("/column/projects/")
    category = alternates("/column/projects/approval_result/")
    assert ("atom", "重大建设项目批准和实施 · 批准结果信息（Atom）", "/feeds/atom/projects/approval_result/") in category
    assert ("rss", "重大建设项目批准和实施 · 批准结果信息（RSS）", "/feeds/rss/projects/approval_result/") in category
    assert ("atom", "重点领域信息公开（Atom）", "/feeds/atom/") in category  # the site's own stays


def test_each_project_matter_and_programme_page_advertises_its_own_feed(org, client):
    subjects = [
        ("projects", project_builders.make_project(org, name="县道改建工程"), project_builders),
        ("resources", resource_builders.make_matter(org, name="县城东片区国有土地使用权出让"), resource_builders),
        ("welfare", welfare_builders.make_programme(org, name="县城乡低保提标工作"), welfare_builders),
    ]
    for domain, subject, builders in subjects:
        builders.public_record(org, subject)
        page = client.get(subject.get_absolute_url()).content.decode()
        feed = f"/feeds/atom/{domain}/subjects/{subject.pk}/"
        assert f'<link rel="alternate" type="application/atom+xml" title="{subject.name}（Atom）" href="{feed}">' in page
        assert client.get(feed).status_code == 200


def demo_feed_urls() -> list[tuple[str, int]]:
    """Every feed of the site, with the number of public records it covers."""
    public = public_disclosures()
    feeds = []
    for kind in ("atom", "rss"):
        feeds.append((f"/feeds/{kind}/", public.count()))
        for domain in all_domains():
            feeds.append((f"/feeds/{kind}/{domain.code}/", public.filter(domain=domain.code).count()))
            for code in domain.categories.values:
                count = public.filter(domain=domain.code, category=code).count()
                feeds.append((f"/feeds/{kind}/{domain.code}/{code}/", count))
    for domain in all_domains():
        subjects = domain.public_subject_queryset()
        for subject in subjects.order_by("pk") if subjects is not None else ():
            count = public.filter(**{domain.subject_lookup: subject}).count()
            feeds.append((f"/feeds/atom/{domain.code}/subjects/{subject.pk}/", count))
    return feeds


def test_every_feed_of_the_demo_passes_feedparser_and_every_entry_link_opens(demo_county, client, settings):
    """feedparser (the parser most feed readers and aggregators build on): not bozo (well-formed, a known
    format, a declared encoding), as many entries as public records (at most FEED_SIZE), unique tag: ids, and
    every entry's link a public page (200)."""
    settings.PORTAL_SEARCH_RATE = ""
    feeds = demo_feed_urls()
    links, entries, empty = set(), 0, []
    for url, count in feeds:
        parsed = atom(client, url)
        assert parsed.version == ("rss20" if "/rss/" in url else "atom10"), url
        assert len(parsed.entries) == min(count, FEED_SIZE), url
        if not count:
            empty.append(url)
        ids = [entry.id for entry in parsed.entries]
        assert len(set(ids)) == len(ids), url
        if parsed.version == "atom10":
            assert all(i.startswith("tag:") for i in [parsed.feed.id, *ids]), url
            assert all(entry.updated >= entry.published for entry in parsed.entries), url
        entries += len(parsed.entries)
        links.update(urlsplit(entry.link).path for entry in parsed.entries)
    broken = [path for path in sorted(links) if client.get(path).status_code != 200]
    assert not broken, broken
    assert feeds[0][1] > FEED_SIZE and len(links) > FEED_SIZE
    print(f"feedparser: {len(feeds)} feeds ({len(empty)} empty), {entries} entries, {len(links)} distinct links, all 200")
