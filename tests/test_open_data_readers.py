"""
What harvesters and analysts use reads the demo's open data without a complaint:

- the sitemap index validates against tests/schemas/sitemaps/siteindex.xsd and each file it names against
  the sitemaps.org protocol schema (tests/schemas/sitemaps/sitemap.xsd), checked by lxml's XML Schema
  validator, and every URL they list answers 200;
- every export (the three columns, projects, resource matters, the 黑名单, welfare programmes; CSV,
  Excel and JSON) is read by pandas 3.1 (`read_csv`, `read_excel` with openpyxl, `read_json`): the same
  rows in all three formats, amounts as numbers and days as dates where the format has types.
"""

import io
import json
from pathlib import Path
from urllib.parse import urlsplit

import pandas
import pytest
from lxml import etree

pytestmark = [pytest.mark.django_db]

SITEMAP_XSD = Path(__file__).resolve().parent / "schemas" / "sitemaps" / "sitemap.xsd"
SITEINDEX_XSD = SITEMAP_XSD.with_name("siteindex.xsd")
SITEMAP_NS = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}

# Each list's export base, and its amount and date columns (their Chinese headers).
EXPORTS = {
    "/column/projects/export": ([], ["信息形成日期", "发布日期"]),
    "/column/resources/export": ([], ["信息形成日期", "发布日期"]),
    "/column/welfare/export": ([], ["信息形成日期", "发布日期"]),
    "/projects/export": (["总投资（元）"], ["开工日期"]),
    "/resources/export": (["金额（元）"], ["最近发布日期"]),
    "/resources/blacklist/export": ([], ["列入日期"]),
    "/welfare/export": (["资金总额（元）"], ["实施开始", "实施结束"]),
}


def content(response) -> bytes:
    assert response.status_code == 200
    return b"".join(response.streaming_content) if response.streaming else response.content


def local(url: str) -> str:
    parts = urlsplit(url)
    return parts.path + (f"?{parts.query}" if parts.query else "")


def sitemap_files(client) -> list[bytes]:
    """The files the sitemap index names, each checked against sitemap.xsd (the index against siteindex.xsd)."""
    index = etree.fromstring(content(client.get("/sitemap.xml")))
    etree.XMLSchema(etree.parse(str(SITEINDEX_XSD))).assertValid(index)
    schema = etree.XMLSchema(etree.parse(str(SITEMAP_XSD)))
    files = []
    for loc in index.iterfind("s:sitemap/s:loc", SITEMAP_NS):
        body = content(client.get(local(loc.text)))
        schema.assertValid(etree.fromstring(body))
        files.append(body)
    return files


def test_the_sitemap_is_valid_and_every_url_answers(demo_county, client):
    files = sitemap_files(client)
    urls = [loc.text for body in files for loc in etree.fromstring(body).iterfind("s:url/s:loc", SITEMAP_NS)]
    assert len(urls) > 100
    broken = []
    for url in urls:
        status = client.get(local(url)).status_code
        if status != 200:
            broken.append(f"{status} {url}")
    print(f"\nsitemap: index and {len(files)} files valid, {len(urls)} URLs, {len(broken)} not 200")
    assert not broken, broken


def test_a_sitemap_against_the_schema_can_fail():
    """The validator really checks: a <lastmod> that is not a W3C date is refused."""
    schema = etree.XMLSchema(etree.parse(str(SITEMAP_XSD)))
    bad = etree.fromstring(
        b'<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"><url><loc>http://example.gov.cn/</loc>'
        b"<lastmod>2026-11-28 10:00</lastmod></url></urlset>"
    )
    assert not schema.validate(bad)
    index_schema = etree.XMLSchema(etree.parse(str(SITEINDEX_XSD)))
    assert not index_schema.validate(bad)  # a urlset is no index
    assert not index_schema.validate(
        etree.fromstring(b'<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"><sitemap><lastmod>'
                         b"2026-11-28</lastmod></sitemap></sitemapindex>")  # no <loc>
    )


@pytest.mark.parametrize("base", EXPORTS)
def test_pandas_reads_every_export_in_every_format(demo_county, client, base):
    amounts, days = EXPORTS[base]
    csv = pandas.read_csv(io.BytesIO(content(client.get(base + ".csv"))), encoding="utf-8-sig")
    excel = pandas.read_excel(io.BytesIO(content(client.get(base + ".xlsx"))), engine="openpyxl")
    document = json.loads(content(client.get(base + ".json")))
    table = pandas.json_normalize(document["results"])
    assert len(csv) == len(excel) == len(table) > 0, base
    assert list(csv.columns) == list(excel.columns)
    for header in amounts:
        assert pandas.api.types.is_numeric_dtype(excel[header]), f"{base} {header}: Excel numbers"
        key = next(key for key, label in document["fields"].items() if label == header)
        assert pandas.api.types.is_numeric_dtype(table[key]), f"{base} {header}: JSON numbers"
        assert excel[header].sum() == pytest.approx(table[key].sum())
    for header in days:
        column = excel[header].dropna()
        assert len(column) and pandas.api.types.is_datetime64_any_dtype(column), f"{base} {header}: Excel dates"
        assert pandas.to_datetime(csv[header].dropna(), format="%Y-%m-%d").notna().all(), f"{base} {header}"
