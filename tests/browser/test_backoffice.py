"""The back office as a reviewer works in it, at the office screen widths (1280 and 1366 px): the record
list is readable, a submitted record's page shows 正文 as text (not HTML tags), its 退回 button can be
seen (contrast of at least 4.5:1 against what is behind it), the 未发布预览 shows the public page under
its banner, and the record goes back to the clerk with the reviewer's comment."""

import pytest

from disclosures.choices import Status
from disclosures.models import Disclosure
from inforequests.models import InfoRequest

from .support import screenshot

try:
    from playwright.sync_api import expect
except ImportError:  # the root conftest skips (locally) or fails (CI) every browser test
    expect = None

pytestmark = pytest.mark.browser

OFFICE_WIDTHS = [1280, 1366]

# WCAG contrast of an element's text against the first opaque background behind it (its own, or an
# ancestor's: a transparent button shows the page's background, which is what the eye compares).
CONTRAST = """el => {
  const rgba = c => { const v = c.match(/[\\d.]+/g).map(Number); return {rgb: v.slice(0, 3), a: v.length > 3 ? v[3] : 1}; };
  const lum = rgb => { const [r, g, b] = rgb.map(x => { x /= 255; return x <= 0.03928 ? x / 12.92 : Math.pow((x + 0.055) / 1.055, 2.4); }); return 0.2126 * r + 0.7152 * g + 0.0722 * b; };
  let node = el, bg = null;
  while (node && node.nodeType === 1) { const c = rgba(getComputedStyle(node).backgroundColor); if (c.a > 0.5) { bg = c.rgb; break; } node = node.parentElement; }
  bg = bg || [255, 255, 255];
  const fg = lum(rgba(getComputedStyle(el).color).rgb), back = lum(bg);
  return (Math.max(fg, back) + 0.05) / (Math.min(fg, back) + 0.05);
}"""


@pytest.mark.parametrize("width", OFFICE_WIDTHS)
def test_the_reviewer_reads_previews_and_returns_a_submitted_record(demo, new_page, login, width):
    base = demo.url
    record = Disclosure.objects.filter(status=Status.SUBMITTED, department__memberships__user__username="reviewer")
    record = record.exclude(body="").order_by("pk").first()
    page = new_page({"width": width, "height": 900})
    login(page, base, "reviewer")

    page.goto(f"{base}/admin/disclosures/disclosure/?status=submitted")
    title_cell = page.locator("#result_list .field-title_column").first
    expect(title_cell).to_be_visible()
    assert title_cell.bounding_box()["width"] >= 300, title_cell.bounding_box()
    assert page.evaluate("document.querySelector('#changelist .results').scrollWidth <= "
                         "document.querySelector('#changelist .results').clientWidth"), "the list scrolls sideways"
    screenshot(page, "admin-list-reviewer")

    page.get_by_role("link", name=record.title).first.click()
    expect(page.locator("#workflow-bar")).to_contain_text("待部门负责人审核")
    body_text = page.locator("body").inner_text()
    assert "<p>" not in body_text and "</p>" not in body_text
    expect(page.locator(".body-preview")).to_be_visible()
    reject = page.locator("#wf-reject")
    expect(reject).to_be_visible()
    assert reject.evaluate(CONTRAST) >= 4.5
    assert page.locator("#wf-top-review").evaluate(CONTRAST) >= 4.5
    screenshot(page, "admin-record-reviewer")

    preview_href = page.locator("#preview-link").get_attribute("href")
    preview = new_page({"width": width, "height": 900})
    preview.context.add_cookies(page.context.cookies())
    preview.goto(base + preview_href)
    expect(preview.locator("#preview-banner")).to_contain_text("未发布预览")
    expect(preview.locator("h1.document__title")).to_have_text(record.title)
    screenshot(preview, "admin-preview")

    page.fill("#workflow-comment", "请补充项目代码。")
    page.click("#wf-reject")
    expect(page.locator(".messagelist")).to_contain_text("已退回")
    record.refresh_from_db()
    assert record.status == Status.DRAFT and record.rejection_comment == "请补充项目代码。"


LANDING = {"clerk": "退回修改", "reviewer": "待我审核", "signer": "待我签发", "office": "辖区逾期未公开"}


def test_each_role_lands_on_its_todo_lists(demo, new_page, login):
    """我的待办 is the back office's landing page: each role's first list, readable at 1280 px."""
    for username, first_list in LANDING.items():
        page = new_page({"width": 1280, "height": 900})
        login(page, demo.url, username)
        expect(page.locator("h1")).to_have_text("我的待办")
        expect(page.locator(".todo-section h2").first).to_contain_text(first_list)
        assert page.evaluate("document.documentElement.scrollWidth <= document.documentElement.clientWidth")
        screenshot(page, f"admin-landing-{username}")


ADMIN_PAGES = {
    "clerk": ["/admin/", "/admin/disclosures/disclosure/", "/admin/disclosures/disclosure/add/", "/inbox/"],
    "reviewer": ["/admin/disclosures/disclosure/?status=submitted", "{submitted}"],
    "office": ["/admin/", "/dashboard/", "/admin/inforequests/inforequest/", "/admin/inforequests/inforequest/add/",
               "{request}"],
}


def test_the_back_office_pages_have_no_serious_accessibility_violations(demo, new_page, login):
    """axe-core (vendored) on the pages each role works in all day, at 1280 px."""
    from .support import axe_violations, describe

    submitted = Disclosure.objects.filter(status=Status.SUBMITTED, department__memberships__user__username="reviewer")
    change = f"/admin/disclosures/disclosure/{submitted.order_by('pk').first().pk}/change/"
    paused = InfoRequest.objects.filter(status="handling", consultations__isnull=False).get()
    request = f"/admin/inforequests/inforequest/{paused.pk}/change/"  # the 办理 desk of a paused request
    problems = []
    for username, paths in ADMIN_PAGES.items():
        page = new_page({"width": 1280, "height": 900})
        login(page, demo.url, username)
        for path in paths:
            path = path.format(submitted=change, request=request)
            response = page.goto(demo.url + path)
            assert response.status == 200, path
            if found := axe_violations(page):
                problems.append(f"{username} {path}:\n{describe(found)}")
    assert not problems, "\n\n".join(problems)


def test_a_clerk_adding_a_bidding_record_sees_the_fields_of_its_stage_only(demo, new_page, login):
    """招标投标信息 has nine stages with their own fields (projects.forms.BiddingDetails.ITEM_FIELDS): a 中标候选人公示
    shows its candidates table, not the 招标公告 elements nor the 违法处罚 fields; another stage, its own."""
    from projects.models import Project

    page = new_page({"width": 1366, "height": 900})
    login(page, demo.url, "clerk")
    project = Project.objects.order_by("pk").first()
    page.goto(f"{demo.url}/admin/projects/project/{project.pk}/records/add/bidding/")
    entry = next(text for text in page.locator("#id_catalogue_entry option").all_text_contents() if "中标候选人" in text)
    page.select_option("#id_catalogue_entry", label=entry)
    stage = page.locator("select[name=d__bidding__stage]")
    stage.select_option("candidates")

    def shown(field: str) -> bool:
        return page.locator(f".form-row.field-d__bidding__{field}").is_visible()

    assert shown("candidates") and shown("objection") and shown("method")
    assert not shown("facts") and not shown("conditions") and not shown("progress")
    stage.select_option("penalty")
    assert shown("facts") and shown("decided_on")
    assert not shown("candidates") and not shown("method")
