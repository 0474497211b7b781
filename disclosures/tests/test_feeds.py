"""Feeds, sitemap and robots.txt: public records only."""

import xml.etree.ElementTree as ET

from disclosures.tests.factories import draft, in_state


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
    from projects.models import ProjectRecord
    from projects.tests.factories import make_project

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
    body = client.get("/sitemap.xml").content.decode()
    assert published.get_absolute_url() in body
    assert withdrawn.get_absolute_url() in body  # the withdrawal notice is a public page
    assert hidden.get_absolute_url() not in body
    assert "/column/projects/bidding/" in body and "/catalogue/" in body


def test_robots_txt(client, db):
    body = client.get("/robots.txt").content.decode()
    assert "Disallow: /admin/" in body and "Sitemap: http://testserver/sitemap.xml" in body
