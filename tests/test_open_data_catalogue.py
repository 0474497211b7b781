"""The open-data catalogue (disclosure_portal/open_data.py) and its three documents: /data.json (DCAT-US 1.1),
the API root /api/v1/ and the 开放数据 page; robots.txt lets harvesters reach the bulk open data; the sitemap
stays valid."""

import json
import re
import urllib.robotparser
from urllib.parse import urlsplit

import html5lib
import pytest
from django.core.cache import cache
from django.db.models import Max
from django.urls import URLPattern, URLResolver, get_resolver
from lxml import etree

from core.domains import all_domains
from core.identifiers import tag_uri
from disclosure_portal import open_data, views
from disclosures.choices import Status
from disclosures.models import Disclosure, DisclosureVersion
from disclosures.tests.factories import draft
from projects.selectors import public_projects
from tests.test_open_data_readers import sitemap_files

CJK = re.compile(r"[\u4e00-\u9fff]")
DCAT_REQUIRED = {"@type", "title", "description", "keyword", "publisher", "contactPoint", "identifier", "accessLevel",
                 "distribution", "license"}


def path_of(url: str) -> str:
    parts = urlsplit(url)
    assert parts.scheme == "http" and parts.netloc == "testserver", url  # the request's own host
    return parts.path + (f"?{parts.query}" if parts.query else "")


def data_json(client) -> dict:
    response = client.get("/data.json")
    assert response.status_code == 200 and response["Content-Type"] == "application/json"
    return json.loads(response.content)


@pytest.fixture
def unthrottled(settings):
    settings.PORTAL_API_ANON_RATE = settings.PORTAL_EXPORT_RATE = settings.PORTAL_SEARCH_RATE = ""


def test_data_json_lists_every_dataset_and_every_listed_url_opens(demo_county, client, unthrottled):
    catalog = data_json(client)
    assert catalog["conformsTo"] == "https://project-open-data.cio.gov/v1.1/schema"
    assert catalog["@type"] == "dcat:Catalog" and catalog["@id"] == "http://testserver/data.json"
    datasets = {dataset["identifier"].rsplit(":", 1)[1]: dataset for dataset in catalog["dataset"]}
    expected = {f"dataset/{domain.code}-disclosures" for domain in all_domains()} | {
        f"dataset/{key}" for key in ("projects", "resource-matters", "blacklist", "welfare-programmes", "statistics",
                                     "catalogue", "annual-reports", "circulars", "jurisdictions", "departments")
    }
    assert set(datasets) == expected
    urls = []
    for key, dataset in datasets.items():
        assert DCAT_REQUIRED <= set(dataset), key
        assert dataset["identifier"].startswith("tag:") and CJK.search(dataset["title"]), key
        assert dataset["license"] == "https://creativecommons.org/licenses/by/4.0/"
        assert dataset["publisher"] == {"@type": "org:Organization", "name": "重点领域信息公开平台"}
        assert dataset["distribution"], key
        for distribution in dataset["distribution"]:
            assert ("downloadURL" in distribution) != ("accessURL" in distribution), (key, distribution)
            assert distribution["mediaType"] and distribution["format"], (key, distribution)
            urls.append((distribution.get("downloadURL") or distribution["accessURL"], distribution["mediaType"]))
        if "landingPage" in dataset:
            urls.append((dataset["landingPage"], "text/html"))
    formats = {(d["format"], d["mediaType"]) for dataset in datasets.values() for d in dataset["distribution"]}
    assert {("CSV", "text/csv"), ("JSON", "application/json"), ("API", "application/json"), ("Atom", "application/atom+xml"),
            ("XLSX", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")} <= formats
    standards = {d.get("conformsTo") for dataset in datasets.values() for d in dataset["distribution"]}
    assert {open_data.OCDS, open_data.OC4IDS} <= standards

    failures = []
    for url, media_type in urls:
        response = client.get(path_of(url))
        served = response.get("Content-Type", "")
        if response.status_code != 200:
            failures.append(f"{url} → {response.status_code}")
        elif media_type not in {"application/atom+xml", "text/html"} and not served.startswith(media_type):
            failures.append(f"{url} → {served}, listed as {media_type}")
    assert not failures, failures
    assert len(urls) > 40


def test_modified_comes_from_the_data_not_the_clock(demo_county, client, _pinned_clock):
    before = {d["identifier"]: d.get("modified") for d in data_json(client)["dataset"]}
    _pinned_clock.shift(86400 * 3)
    cache.clear()  # the cached page would prove nothing
    after = {d["identifier"]: d.get("modified") for d in data_json(client)["dataset"]}
    assert before == after
    versions = DisclosureVersion.objects.filter(disclosure__in=Disclosure.objects.public(), disclosure__domain="projects")
    withdrawals = Disclosure.objects.filter(status=Status.WITHDRAWN, domain="projects")
    last = max(versions.aggregate(last=Max("published_at"))["last"],
               withdrawals.aggregate(last=Max("withdrawn_at"))["last"])  # the newest version, or withdrawal
    assert after[tag_uri("dataset/projects-disclosures")] == views._iso(last)
    edited = public_projects().order_by().aggregate(last=Max("updated_at"))["last"]
    assert after[tag_uri("dataset/projects")] == views._iso(max(last, edited))
    assert after[tag_uri("dataset/jurisdictions")] is None  # the data holds no date: none is made up


def test_the_catalogue_never_dates_a_dataset_by_a_draft(org, client):
    draft(org.clerk, org.department, title="草稿不算")
    catalog = data_json(client)
    dated = {d["identifier"]: d.get("modified") for d in catalog["dataset"]}
    assert all(value is None for key, value in dated.items() if key.endswith("-disclosures")), dated
    statistics = next(d for d in catalog["dataset"] if d["identifier"].endswith(":dataset/statistics"))
    assert not any(d.get("accessURL", "").startswith("http://testserver/api/v1/statistics/")
                   for d in statistics["distribution"])  # no year to ask for before anything is published


def test_the_api_root_lists_every_endpoint_with_chinese_titles(demo_county, client, unthrottled):
    response = client.get("/api/v1/", HTTP_ACCEPT="application/json")
    assert response.status_code == 200 and response["Content-Type"] == "application/json"
    root = response.json()
    assert root["data_catalogue"] == "http://testserver/data.json"
    assert root["open_data_page"] == "http://testserver/open-data/"
    listed = {endpoint["key"]: endpoint for endpoint in root["endpoints"]}
    for key in ("disclosures", "projects", "projects-oc4ids", "resource-matters", "resource-matters-ocds", "blacklist",
                "welfare-programmes", "catalogue", "statistics", "annual-reports", "circulars", "jurisdictions",
                "departments"):
        assert key in listed and not listed[key]["login_required"], key
    assert listed["resource-matters-ocds"]["url"] == "http://testserver/api/v1/resource-matters/ocds/"
    assert listed["projects-oc4ids"]["url"] == "http://testserver/api/v1/projects/oc4ids/"
    year = Disclosure.objects.public().aggregate(last=Max("published_at"))["last"].year
    for endpoint in root["endpoints"]:
        assert CJK.search(endpoint["title"]) and CJK.search(endpoint["description"]), endpoint
        if endpoint["login_required"] or endpoint["key"] == "token":
            continue
        query = "&".join(f"{name}={year}" for name in endpoint["required_parameters"])
        assert client.get(path_of(endpoint["url"]) + (f"?{query}" if query else "")).status_code == 200, endpoint
    assert client.get("/api/v1/", HTTP_ACCEPT="text/html").status_code == 200  # DRF's browsable page


def list_route_names(patterns=None, namespace: str = "") -> set[str]:
    names = set()
    for entry in get_resolver().url_patterns if patterns is None else patterns:
        if isinstance(entry, URLResolver):
            inner = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
            names |= list_route_names(entry.url_patterns, inner)
        elif isinstance(entry, URLPattern) and entry.name and entry.name.endswith(("-list", "-package")):
            names.add(namespace + entry.name)
    return names


def test_no_api_list_is_left_out_of_the_root():
    """A new viewset's list (or bulk package) is named in open_data.ENDPOINTS, so the API root shows it."""
    assert list_route_names() - {endpoint.url_name for endpoint in open_data.ENDPOINTS} == set()


def test_robots_lets_harvesters_reach_the_bulk_open_data_and_keeps_the_rest_of_the_api_out(client, db):
    body = client.get("/robots.txt").content.decode()
    first_match = urllib.robotparser.RobotFileParser()
    first_match.parse(body.splitlines())
    rules = [(kind.lower(), path) for kind, path in re.findall(r"^(Allow|Disallow): (\S+)$", body, re.M)]

    def longest_match(path: str) -> bool:  # RFC 9309 §2.2.2: the most specific rule; Allow on a tie
        matching = [(len(rule), kind == "allow") for kind, rule in rules if path.startswith(rule)]
        return max(matching)[1] if matching else True

    for path, allowed in [
        ("/api/v1/resource-matters/ocds/", True),
        ("/api/v1/resource-matters/ocds/?area=procurement&year=2026", True),
        ("/api/v1/projects/oc4ids/", True),
        ("/data.json", True),
        ("/open-data/", True),
        ("/feeds/atom/", True),
        ("/api/v1/disclosures/", False),
        ("/api/v1/resource-matters/", False),
        ("/api/v1/projects/12/oc4ids/", False),
        ("/admin/", False),
        ("/dashboard/", False),
    ]:
        assert first_match.can_fetch("*", path) is allowed, path
        assert longest_match(path.split("?")[0]) is allowed, path


def test_the_footer_opens_the_open_data_page_made_from_the_same_catalogue(demo_county, client):
    home = client.get("/").content.decode()
    assert '<a href="/open-data/">开放数据</a>' in home and 'href="/api/v1/">开放接口' not in home
    response = client.get("/open-data/")
    assert response.status_code == 200
    html5lib.HTMLParser(strict=True).parse(response.content)  # well-formed HTML
    page = response.content.decode()
    for dataset in data_json(client)["dataset"]:
        assert f">{dataset['title']}<" in page, dataset["title"]
        for distribution in dataset["distribution"]:
            url = distribution.get("downloadURL") or distribution["accessURL"]
            assert f'href="{url.replace("&", "&amp;")}"' in page, url
    assert "数据许可" in page and 'href="/data.json"' in page


def test_the_sitemap_stays_valid_and_lists_the_open_data_page(db, client):
    # Every file of the index, checked against the schemas (every URL of the demo: test_open_data_readers).
    files = [etree.fromstring(body) for body in sitemap_files(client)]
    locations = [loc.text for document in files for loc in document.iter("{http://www.sitemaps.org/schemas/sitemap/0.9}loc")]
    assert "http://testserver/open-data/" in locations
