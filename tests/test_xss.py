"""Rich text is sanitised on save (core.sanitize, nh3) whichever door it comes through — the
service, the admin form, the API and the Excel import — so no script, event handler or
javascript:/vbscript:/data: URL reaches the public page; titles are escaped wherever they appear."""

import re
from html.parser import HTMLParser

import nh3
import pytest
from django.urls import reverse
from django.utils.html import escape
from rest_framework.test import APIClient

from core.sanitize import URL_SCHEMES, sanitize_html
from disclosures import services
from disclosures.models import Disclosure
from disclosures.tests.factories import draft, published

pytestmark = pytest.mark.django_db

PAYLOADS = [
    # script elements
    "<script>alert(1)</script>",
    "<SCRIPT SRC=//evil.example/x.js></SCRIPT>",
    "<scr<script>ipt>alert(1)</scr</script>ipt>",
    '"><script>alert(document.cookie)</script>',
    "<template><script>alert(1)</script></template>",
    # event handlers
    "<img src=x onerror=alert(1)>",
    "<IMG SRC=x OnErRoR=alert(1)>",
    '<img src="x" onerror="&#97;lert(1)">',
    "<img src=x:alert(1) onerror=eval(src)>",
    "<body onload=alert(1)>",
    "<p onmouseover=\"alert(1)\">悬停</p>",
    '<a href="#" onclick="alert(1)">点击</a>',
    "<div onpointerenter=alert(1)>x</div>",
    "<details open ontoggle=alert(1)>",
    "<input onfocus=alert(1) autofocus>",
    "<marquee onstart=alert(1)>x</marquee>",
    "<audio src=x onerror=alert(1)>",
    "<video><source onerror=alert(1)></video>",
    "<frameset onload=alert(1)>",
    # javascript: / vbscript: / data: URLs, plain and obfuscated
    '<a href="javascript:alert(1)">x</a>',
    '<a href="JaVaScRiPt:alert(1)">x</a>',
    '<a href="  javascript:alert(1)">x</a>',
    '<a href="java\tscript:alert(1)">x</a>',
    '<a href="java&#x09;script:alert(1)">x</a>',
    '<a href="java&#10;script:alert(1)">x</a>',
    '<a href="&#106;&#97;&#118;&#97;&#115;&#99;&#114;&#105;&#112;&#116;&#58;alert(1)">x</a>',
    '<a href="&#x6A;&#x61;&#x76;&#x61;&#x73;&#x63;&#x72;&#x69;&#x70;&#x74;&#x3A;alert(1)">x</a>',
    '<a href="javascript&colon;alert(1)">x</a>',
    '<a href="\x01javascript:alert(1)">x</a>',
    '<img src="javascript:alert(1)">',
    '<a href="vbscript:msgbox(1)">x</a>',
    '<a href="VBScript:MsgBox(1)">x</a>',
    '<a href="data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==">x</a>',
    '<a href="DATA:text/html,<script>alert(1)</script>">x</a>',
    '<img src="data:image/svg+xml;base64,PHN2ZyBvbmxvYWQ9YWxlcnQoMSk+">',
    '<table background="javascript:alert(1)"><tr><td>x</td></tr></table>',
    # svg and math
    "<svg onload=alert(1)>",
    "<svg><script>alert(1)</script></svg>",
    '<svg><a xlink:href="javascript:alert(1)"><text x="20" y="20">x</text></a></svg>',
    "<svg><animate onbegin=alert(1) attributeName=x dur=1s>",
    "<svg><use href=\"data:image/svg+xml,<svg id='x' xmlns='http://www.w3.org/2000/svg'><image href='1' onerror='alert(1)'/></svg>#x\"/></svg>",
    "<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>",
    '<math href="javascript:alert(1)">x</math>',
    # styles
    '<p style="background:url(javascript:alert(1))">x</p>',
    '<div style="width: expression(alert(1))">x</div>',
    "<style>@import 'javascript:alert(1)';</style>",
    '<style>body{background:url("javascript:alert(1)")}</style>',
    '<link rel="stylesheet" href="javascript:alert(1)">',
    # frames, objects, embeds
    '<iframe src="javascript:alert(1)"></iframe>',
    '<iframe srcdoc="&lt;script&gt;alert(1)&lt;/script&gt;"></iframe>',
    '<object data="javascript:alert(1)"></object>',
    '<embed src="javascript:alert(1)">',
    '<applet code="x.class"></applet>',
    # meta refresh, base, forms
    '<meta http-equiv="refresh" content="0;url=javascript:alert(1)">',
    '<base href="javascript:alert(1)//">',
    '<form action="javascript:alert(1)"><input type=submit></form>',
    '<button formaction="javascript:alert(1)">x</button>',
    '<isindex action="javascript:alert(1)" type=image>',
    # parser tricks
    '<noscript><p title="</noscript><img src=x onerror=alert(1)>">',
    "<!--<img src=x onerror=alert(1)>-->",
    "<xmp><img src=x onerror=alert(1)></xmp>",
    "<textarea><script>alert(1)</script></textarea>",
    "<title><script>alert(1)</script></title>",
]

# What may never appear as markup, even if a future sanitiser policy allowed more tags.
DANGEROUS_TAGS = {
    "script", "style", "iframe", "frame", "frameset", "object", "embed", "applet", "svg", "math", "meta",
    "link", "base", "form", "input", "button", "textarea", "select", "template", "noscript", "xmp",
    "plaintext", "marquee", "isindex", "video", "audio", "source", "animate", "set", "use", "body",
    "title", "portal",
}  # fmt: skip
URL_ATTRIBUTES = {"href", "src", "action", "formaction", "xlink:href", "background", "poster", "data", "cite",
                  "srcset", "lowsrc", "dynsrc", "codebase", "longdesc", "usemap"}  # fmt: skip
FORBIDDEN_ATTRIBUTES = {"style", "srcdoc", "http-equiv"}


class MarkupScan(HTMLParser):
    """Every element and attribute of a fragment, as a browser's tokenizer would see them."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.tags: list[str] = []
        self.problems: list[str] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)
        if tag in DANGEROUS_TAGS:
            self.problems.append(f"<{tag}>")
        for name, value in attrs:
            if name.startswith("on"):
                self.problems.append(f"{tag}[{name}]")
            if name in FORBIDDEN_ATTRIBUTES:
                self.problems.append(f"{tag}[{name}]")
            if name in URL_ATTRIBUTES and value is not None:
                # Browsers drop whitespace and control characters inside a scheme and ignore case.
                squeezed = re.sub(r"[\x00-\x20]", "", value).lower()
                scheme = re.match(r"^([a-z][a-z0-9+.\-]*):", squeezed)
                if scheme and scheme.group(1) not in URL_SCHEMES:
                    self.problems.append(f"{tag}[{name}={value!r}]")

    handle_startendtag = handle_starttag


def scan(fragment: str) -> MarkupScan:
    parser = MarkupScan()
    parser.feed(fragment)
    parser.close()
    return parser


def assert_inert(fragment: str) -> None:
    result = scan(fragment)
    assert not result.problems, (fragment, result.problems)


def test_the_payload_list_is_long_and_every_payload_is_dangerous_unsanitised():
    assert len(PAYLOADS) >= 40
    assert len(set(PAYLOADS)) == len(PAYLOADS)
    # The scanner itself would catch each raw payload (else the assertions below prove nothing)…
    caught = [payload for payload in PAYLOADS if scan(payload).problems]
    # …except those whose danger lies in how a browser re-parses them (comments, raw-text elements).
    reparsed = {p for p in PAYLOADS if p.startswith(("<!--", "<scr<script>"))}
    assert set(PAYLOADS) - set(caught) <= reparsed


@pytest.mark.parametrize("payload", PAYLOADS)
def test_sanitiser_leaves_nothing_executable(payload):
    cleaned = sanitize_html(payload)

    assert_inert(cleaned)
    assert set(scan(cleaned).tags) <= nh3.ALLOWED_TAGS
    assert sanitize_html(cleaned) == cleaned  # stable: a second pass finds nothing more to remove


@pytest.mark.parametrize("payload", PAYLOADS)
def test_service_saves_sanitised_body_on_create_and_update(org, payload):
    record = draft(org.clerk, org.department, body=f"<p>正文开头</p>{payload}<p>正文结尾</p>")
    stored = Disclosure.objects.get(pk=record.pk).body
    assert_inert(stored)
    assert "正文开头" in stored

    services.disclosure_update(
        disclosure=record, actor=org.clerk, expected_version=record.lock_version, body="<p>修改后</p>" + payload
    )
    stored = Disclosure.objects.get(pk=record.pk).body
    assert_inert(stored)
    assert "修改后" in stored


def test_ordinary_document_markup_survives():
    body = (
        '<h2>一、项目概况</h2><p>总投资 <strong>12680</strong> 万元。</p>'
        '<table><thead><tr><th scope="col">项目</th></tr></thead><tbody><tr><td colspan="2">某某大道</td></tr></tbody></table>'
        '<ul><li>第一项</li></ul><a href="https://www.gov.cn/zhengce/">政策</a><a href="/column/projects/">栏目</a>'
        '<a href="mailto:gk@example.gov.cn">联系</a><img src="https://www.gov.cn/logo.png" alt="标志">'
    )

    cleaned = sanitize_html(body)

    for kept in ("<h2>", "<strong>12680</strong>", 'colspan="2"', '<th scope="col">', "<li>第一项</li>",
                 'href="https://www.gov.cn/zhengce/"', 'href="/column/projects/"', 'href="mailto:gk@example.gov.cn"',
                 'src="https://www.gov.cn/logo.png"', 'rel="noopener noreferrer"'):  # fmt: skip
        assert kept in cleaned, kept


# ---------------------------------------------------------------------------------------------
# Every door
# ---------------------------------------------------------------------------------------------
DOOR_PAYLOADS = [
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
    '<a href="java&#x09;script:alert(1)">x</a>',
    "<svg onload=alert(1)>",
    '<iframe srcdoc="&lt;script&gt;alert(1)&lt;/script&gt;"></iframe>',
    '<p style="background:url(javascript:alert(1))">x</p>',
]
DOOR_BODY = "<p>门测试</p>" + "".join(DOOR_PAYLOADS)


def test_admin_form_saves_sanitised_body(client, org):
    from disclosures.tests.test_admin import form_data

    client.force_login(org.clerk)
    data = form_data(department=org.department.pk, title="后台录入的XSS测试", body=DOOR_BODY)

    response = client.post(reverse("admin:disclosures_disclosure_add"), data)

    assert response.status_code == 302
    stored = Disclosure.objects.get(title="后台录入的XSS测试").body
    assert "门测试" in stored
    assert_inert(stored)


def test_api_saves_sanitised_body(org):
    from disclosures.tests.test_api import LIST_URL, valid_payload

    client = APIClient()
    client.force_authenticate(org.clerk)

    response = client.post(LIST_URL, valid_payload(org, body=DOOR_BODY), format="json")

    assert response.status_code == 201, response.content
    stored = Disclosure.objects.get(pk=response.json()["id"]).body
    assert "门测试" in stored
    assert_inert(stored)
    assert_inert(response.json()["body"])

    record = Disclosure.objects.get(pk=response.json()["id"])
    response = client.patch(
        f"{LIST_URL}{record.pk}/", {"body": DOOR_BODY + "<p>改</p>", "lock_version": record.lock_version}, format="json"
    )
    assert response.status_code == 200, response.content
    assert_inert(Disclosure.objects.get(pk=record.pk).body)


def test_excel_import_saves_sanitised_body(org):
    from disclosures.tests.test_import import approval_row, commit, filled
    from projects.tests.factories import make_project

    project = make_project(org)
    upload = filled("projects", "approval_result", [approval_row(project, **{"正文": "导入正文\n" + DOOR_BODY})])

    [record] = commit(org, "projects", "approval_result", upload)

    stored = Disclosure.objects.get(pk=record.pk).body
    assert "导入正文" in stored
    assert_inert(stored)


# ---------------------------------------------------------------------------------------------
# The public pages
# ---------------------------------------------------------------------------------------------
def body_region(page: str) -> str:
    start = page.index('class="document__body"')
    return page[start : page.index("</article>", start)]


def test_public_detail_page_shows_no_payload_executable(client, org):
    baseline = published(org, title="对照记录", body="<p>普通正文</p>")
    # A marker before each payload shows it reached the page; an unclosed <style> swallows what follows, so it goes last.
    ordered = sorted(PAYLOADS, key=lambda payload: "<style>" in payload and "</style>" not in payload)
    body = "".join(f"<p>标记{number}号</p>{payload}" for number, payload in enumerate(ordered))
    record = published(org, title="XSS 测试记录", body=body)

    page = client.get(record.get_absolute_url()).content.decode()
    plain = client.get(baseline.get_absolute_url()).content.decode()

    region = body_region(page)
    assert all(f"标记{number}号" in region for number in range(len(ordered)))
    assert_inert(region)
    # Outside the body the page is the site's own: the same scripts as on an ordinary record's page.
    assert page.lower().count("<script") == plain.lower().count("<script")
    assert len(scan(page).tags) > len(scan(region).tags)  # the scan saw the whole page around the body


TITLE_PAYLOADS = [
    '<script>alert("标题")</script>',
    '"><img src=x onerror=alert(1)>',
    "</title><script>alert(1)</script>",
    "' onmouseover='alert(1)",
]


@pytest.mark.parametrize("title", TITLE_PAYLOADS)
def test_titles_are_escaped_on_public_pages(client, org, title):
    record = published(org, title=f"标题测试{title}")

    pages = {
        "detail": record.get_absolute_url(),
        "home": reverse("disclosures:home"),
        "column": reverse("disclosures:category", args=[record.domain, record.category]),
        "search": reverse("disclosures:search") + "?q=标题测试",
    }
    for name, url in pages.items():
        content = client.get(url).content.decode()
        assert "标题测试" in content, name
        assert title not in content, name  # every payload holds a <, " or ' that escaping changes
    detail = client.get(record.get_absolute_url()).content.decode()
    assert f"<h1 class=\"document__title\">{escape(record.title)}</h1>" in detail


def test_titles_are_escaped_in_feeds(client, org):
    published(org, title='<script>alert("feed")</script>订阅标题')

    content = client.get(reverse("disclosures:feed-rss")).content.decode()

    assert "订阅标题" in content
    assert '<script>alert("feed")' not in content
