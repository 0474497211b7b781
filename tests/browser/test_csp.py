"""The Content-Security-Policy breaks nothing: on the main public pages, the staff pages, the API docs
and the 双因素认证 page, Chromium reports no CSP violation (no blocked script, style or image)."""

import pytest

from disclosures.choices import Status
from disclosures.models import Disclosure
from inforequests.models import InfoRequest
from namelists.models import NameList
from projects.models import Project
from resources.models import ResourceMatter
from welfare.models import Programme

from .support import DESKTOP, screenshot

pytestmark = pytest.mark.browser

# Runs before the page's own scripts (through the DevTools protocol, so the CSP does not apply to it).
RECORD_VIOLATIONS = """
window.__cspViolations = [];
document.addEventListener('securitypolicyviolation', e => window.__cspViolations.push(
  `${e.effectiveDirective} blocked ${e.blockedURI || 'inline'} at ${e.sourceFile || location.pathname}:${e.lineNumber}`
));
"""


def watched_page(browser):
    """A new visitor whose page records CSP violations (events and console reports) as it goes."""
    context = browser.new_context(viewport=DESKTOP, locale="zh-CN", timezone_id="Asia/Shanghai")
    context.set_default_timeout(20_000)
    context.add_init_script(RECORD_VIOLATIONS)
    page = context.new_page()
    page.console_reports = []
    page.on(
        "console",
        lambda message: (
            "Content Security Policy" in message.text and page.console_reports.append(message.text)
        ),
    )
    return context, page


def visit(page, url: str) -> list[str]:
    # `load`: every script, style sheet, image and font of the page has been fetched (or blocked) and the
    # scripts have run; the pages that fetch after that (the dashboard's chart, Swagger UI) are driven
    # below until what they draw is there. (Waiting for the network to idle cost 0.5 s a page.)
    response = page.goto(url, wait_until="load")
    assert response.status < 400, f"{url} answered {response.status}"
    found = page.evaluate("window.__cspViolations") + page.console_reports
    page.console_reports = []
    return [f"{url}: {line}" for line in found]


def public_pages() -> list[str]:
    public = Disclosure.objects.public()
    record = public.filter(status=Status.PUBLISHED, category="construction").order_by("pk").first()
    withdrawn = Disclosure.objects.filter(status=Status.WITHDRAWN).order_by("pk").first()
    return [
        "/",
        "/column/projects/",
        "/column/resources/procurement/",
        record.get_absolute_url(),
        withdrawn.get_absolute_url(),
        "/search/?q=%E6%8B%9B%E6%A0%87",
        "/projects/",
        Project.objects.order_by("pk").first().get_absolute_url(),
        "/projects/statistics/",
        "/resources/",
        ResourceMatter.objects.order_by("pk").first().get_absolute_url(),
        "/resources/blacklist/",
        "/welfare/",
        Programme.objects.order_by("pk").first().get_absolute_url(),
        "/catalogue/",
        "/ysq/",
        "/ysq/apply/",
        "/ysq/status/",
        "/api/docs/",
        "/admin/login/",
    ]


def test_no_csp_violation_on_the_public_pages(demo, browser):
    context, page = watched_page(browser)
    problems = []
    for path in public_pages():
        problems += visit(page, demo.url + path)
    page.goto(demo.url + "/api/docs/")
    page.wait_for_selector(".swagger-ui .info")  # Swagger UI started (its start-up script is a file)
    page.click(".opblock-summary >> nth=0")
    problems += page.evaluate("window.__cspViolations") + page.console_reports
    context.close()
    assert not problems, "\n".join(problems)


def test_no_csp_violation_on_the_staff_pages(demo, browser, login):
    record = Disclosure.objects.filter(status=Status.PUBLISHED).order_by("pk").first()
    name_list = NameList.objects.order_by("pk").first()
    project = Project.objects.order_by("pk").first()
    problems = []

    context, office = watched_page(browser)
    login(office, demo.url, "office")
    for path in [
        "/admin/",
        "/admin/disclosures/disclosure/",
        "/admin/disclosures/disclosure/add/",
        f"/admin/disclosures/disclosure/{record.pk}/change/",
        "/admin/disclosures/disclosure/import/",
        f"/admin/projects/project/{project.pk}/change/",
        f"/admin/namelists/namelist/{name_list.pk}/print/",
        "/admin/accounts/loginevent/",
        "/admin/workdays/calendarday/",
        "/admin/inforequests/inforequest/",
        "/admin/inforequests/inforequest/add/",
        f"/admin/inforequests/inforequest/{InfoRequest.objects.order_by('pk').first().pk}/change/",
        "/inbox/",
        "/dashboard/",
        "/admin/two-factor/",
    ]:
        problems += visit(office, demo.url + path)
    # The dashboard's chart and its tooltip (ECharts draws into a canvas and writes the tooltip's HTML).
    office.goto(demo.url + "/dashboard/")
    chart = office.locator("#trend-chart canvas")
    chart.hover()
    box = chart.bounding_box()
    office.mouse.move(box["x"] + box["width"] * 0.6, box["y"] + box["height"] * 0.5)
    tooltip = office.locator("#trend-chart div", has_text="按时公开").last
    tooltip.wait_for(state="visible")
    screenshot(office, "dashboard-tooltip")
    problems += office.evaluate("window.__cspViolations") + office.console_reports
    context.close()
    assert not problems, "\n".join(problems)
