"""起草 → 审核 (预览, 退回) → 修改 → 审核 → 签发 → 发布 in the admin, in a real browser, by three people at the office
widths (1280 and 1366 px); the clerk writes 正文 with the editor, and a citizen on a phone reads it as written."""

import datetime
import re

import pytest

from catalogue.models import CatalogueEntry
from disclosures.choices import Status
from disclosures.models import Disclosure
from organizations.models import Department
from projects.models import Project

from .support import PHONE, screenshot

try:
    from playwright.sync_api import expect
except ImportError:  # the root conftest skips (locally) or fails (CI) every browser test
    expect = None

pytestmark = pytest.mark.browser

TITLE = "关于青山县城西农产品冷链仓储项目核准的批复"


SALUTATION = "青山县城西农产品冷链仓储有限公司："
SIGNED_ON = "2026年12月2日"  # the 落款 date after the reviewer's comment
TABLE = ["项目代码", "2026-331122-54-01-000123", "项目单位", "青山县城西农产品冷链仓储有限公司"]
# What the clerk's keystrokes in the 正文 editor (static/js/rich_text.js) store: structure, no styling.
STORED_BODY = (
    f"<p>{SALUTATION}</p><h2>一、项目概况</h2>"
    "<ol><li>建设地点：城西工业园。</li><li>总投资 8,600 万元。</li></ol>"
    "<p>经审查，同意该项目核准。</p>"
    "<table><tbody><tr><td>项目代码</td><td>2026-331122-54-01-000123</td></tr>"
    "<tr><td>项目单位</td><td>青山县城西农产品冷链仓储有限公司</td></tr></tbody></table>"
    "<p>青山县发展和改革委员会</p><p>2026年12月1日</p>"
)


def write_body(page) -> None:
    """正文 typed as a clerk would: a salutation, a heading, numbered points, a paragraph, a two-row table
    and the 落款 with its date, using the editor's toolbar (its buttons named in Chinese). Chinese text
    arrives as an input method commits it, a run at a time (`insert_text`); Enter and Tab are keys."""
    editor = page.get_by_role("textbox", name="正文")
    expect(page.locator("#id_body")).to_be_hidden()  # the textarea gives way to the editor
    editor.click()
    page.keyboard.insert_text(SALUTATION)
    page.keyboard.press("Enter")
    page.get_by_role("button", name="段落样式").click()
    page.get_by_role("button", name="一级标题").click()
    page.keyboard.insert_text("一、项目概况")
    page.keyboard.press("Enter")  # a heading's Enter starts an ordinary paragraph
    page.get_by_role("button", name="编号列表").click()
    page.keyboard.insert_text("建设地点：城西工业园。")
    page.keyboard.press("Enter")
    page.keyboard.insert_text("总投资 8,600 万元。")
    page.keyboard.press("Enter")
    page.keyboard.press("Enter")  # an empty point ends the list
    page.keyboard.insert_text("经审查，同意该项目核准。")
    page.keyboard.press("Enter")
    page.get_by_role("button", name="插入表格").click()  # 2 × 2 at the cursor; Tab moves to the next cell
    for number, cell in enumerate(TABLE):
        if number:
            page.keyboard.press("Tab")
        page.keyboard.insert_text(cell)
    page.keyboard.press("Control+End")
    page.keyboard.insert_text("青山县发展和改革委员会")
    page.keyboard.press("Enter")
    page.keyboard.insert_text("2026年12月1日")


@pytest.mark.parametrize("width", [1280, 1366])
def test_clerk_enters_reviewer_returns_clerk_fixes_signer_signs_and_the_citizen_finds_it(demo, new_page, login, width):
    viewport = {"width": width, "height": 900}
    base = demo.url
    department = Department.objects.get(code="QSFGW")  # the demo clerk's 发展和改革委员会
    entry = CatalogueEntry.objects.get(code="projects-approval-result-verification")
    project = Project.objects.filter(lead_department=department).order_by("pk").first()
    assert department.jurisdiction.auto_publish, "the demo county publishes on signing"
    approved_on = (datetime.date.today() - datetime.timedelta(days=2)).isoformat()

    # The clerk drafts the record: the 标准目录事项 decides the category, whose structured fields appear.
    clerk = new_page(viewport)
    login(clerk, base, "clerk")
    clerk.goto(f"{base}/admin/disclosures/disclosure/add/")
    clerk.select_option("#id_department", str(department.pk))
    details = clerk.locator("fieldset.details-approval_result")
    expect(details).to_be_hidden()
    # The 标准目录 is long: typed words keep the entries that have them.
    clerk.fill("#catalogue-entry-filter", "核准")
    expect(clerk.locator(f"#id_catalogue_entry option[value='{entry.pk}']")).not_to_have_attribute("hidden", "")
    assert clerk.locator("#id_catalogue_entry option:not([hidden])").count() < 10
    clerk.select_option("#id_catalogue_entry", str(entry.pk))
    expect(details).to_be_visible()
    expect(clerk.locator("fieldset.details-bidding")).to_be_hidden()
    # The record is about one of the department's projects: it joins the project's life cycle.
    expect(clerk.locator("fieldset.subject-projects")).to_be_visible()
    expect(clerk.locator("fieldset.subject-welfare")).to_be_hidden()
    clerk.select_option("#id_subject__projects", str(project.pk))
    clerk.fill("#id_title", TITLE)
    clerk.fill("#id_doc_no", "青发改核〔2026〕12号")
    clerk.fill("#id_formed_on", approved_on)  # required, no silent "today": it starts the legal clock
    write_body(clerk)
    clerk.select_option("#id_d__approval_result__approval_item", "verification")
    clerk.fill("#id_d__approval_result__reply_no", "青发改核〔2026〕12号")
    clerk.fill("#id_d__approval_result__authority", "青山县发展和改革委员会")
    clerk.fill("#id_d__approval_result__approved_on", approved_on)
    clerk.select_option("#id_d__approval_result__result", "approved")
    clerk.click("input[name=_continue]")
    expect(clerk.locator("#workflow-status")).to_have_text(Status.DRAFT.label)
    record = Disclosure.objects.get(title=TITLE)
    assert (record.domain, record.category, record.catalogue_entry_id) == ("projects", "approval_result", entry.pk)
    assert record.details["reply_no"] == "青发改核〔2026〕12号"
    assert record.project_link.project == project
    assert record.body == STORED_BODY, record.body
    change_url = f"{base}/admin/disclosures/disclosure/{record.pk}/change/"
    screenshot(clerk, "admin-record-clerk")

    clerk.click("#wf-submit")
    expect(clerk.locator("#workflow-status")).to_have_text(Status.SUBMITTED.label)
    expect(clerk.locator("#wf-review")).to_have_count(0)  # nobody reviews their own record

    # The department head reads the 未发布预览 — the public page as citizens will see it — and returns it.
    reviewer = new_page(viewport)
    login(reviewer, base, "reviewer")
    reviewer.goto(change_url)
    preview = new_page(viewport)
    preview.context.add_cookies(reviewer.context.cookies())
    preview.goto(base + reviewer.locator("#preview-link").get_attribute("href"))
    expect(preview.locator("#preview-banner")).to_contain_text("未发布预览")
    expect(preview.locator(".document__body > p")).to_have_count(4)
    expect(preview.locator(".document__body ol > li")).to_have_count(2)
    reviewer.fill("#workflow-comment", "落款日期应为批复日期，请改为2026年12月2日。")
    reviewer.click("#wf-reject")
    expect(reviewer.locator(".messagelist")).to_contain_text("已退回")

    # The clerk reads why, fixes the date in the editor and submits again.
    clerk.goto(change_url)
    expect(clerk.locator("#workflow-status")).to_have_text(Status.DRAFT.label)
    expect(clerk.locator("#content")).to_contain_text("落款日期应为批复日期")
    clerk.get_by_role("textbox", name="正文").click()
    clerk.keyboard.press("Control+End")
    clerk.keyboard.press("Shift+Home")
    clerk.keyboard.insert_text(SIGNED_ON)
    clerk.click("input[name=_continue]")
    expect(clerk.locator(".messagelist")).to_contain_text("已保存")
    record.refresh_from_db()
    assert record.body == STORED_BODY.replace("2026年12月1日", SIGNED_ON), record.body
    clerk.click("#wf-submit")
    expect(clerk.locator("#workflow-status")).to_have_text(Status.SUBMITTED.label)

    # The department head reviews, the deputy county head signs (and the county publishes on signing).
    reviewer.goto(change_url)
    reviewer.click("#wf-review")
    expect(reviewer.locator("#workflow-status")).to_have_text(Status.REVIEWED.label)

    signer = new_page(viewport)
    login(signer, base, "signer")
    signer.goto(change_url)
    signer.click("#wf-sign")
    expect(signer.locator("#workflow-status")).to_have_text(Status.PUBLISHED.label)
    record.refresh_from_db()
    assert record.status == Status.PUBLISHED
    assert re.fullmatch(r"QSFGW-\d{4}-\d{6}", record.index_no)
    expect(signer.locator(".messagelist")).to_contain_text(record.index_no)

    # A citizen, on a phone, finds it in its column and sees its 索引号 on its page.
    citizen = new_page(PHONE)
    citizen.goto(f"{base}/column/projects/approval_result/")
    citizen.get_by_role("link", name=TITLE).click()
    expect(citizen.locator("h1.document__title")).to_have_text(TITLE)
    catalogue_data = citizen.locator("table.meta-table").first
    expect(catalogue_data.locator("tr", has_text="索引号")).to_contain_text(record.index_no)
    expect(catalogue_data).to_contain_text("青发改核〔2026〕12号")
    expect(citizen.locator(".details-table")).to_contain_text("项目核准")
    # 正文 as the clerk wrote it: its heading, paragraphs, numbered points and table, in that order.
    body = citizen.locator(".document__body")
    expect(body.locator("h2")).to_have_text("一、项目概况")
    expect(body.locator("> p")).to_have_text([SALUTATION, "经审查，同意该项目核准。", "青山县发展和改革委员会", SIGNED_ON])
    expect(body.locator("ol > li")).to_have_text(["建设地点：城西工业园。", "总投资 8,600 万元。"])
    expect(body.locator("table td")).to_have_text(TABLE)
    screenshot(citizen, "published-record")
