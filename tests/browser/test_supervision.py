"""督办 in a real browser, as each role would at an office desk (1280 and 1366 px): the office ticks two overdue
rows of the 发改委 on the dashboard and issues a notice; the clerk answers each item and writes the cause and the
measures; the 部门负责人 submits; the office accepts it."""

import pytest

from .support import DESKTOP, horizontal_overflow, screenshot

try:
    from playwright.sync_api import expect
except ImportError:  # the root conftest skips (locally) or fails (CI) every browser test
    expect = None

pytestmark = pytest.mark.browser

WIDE_DESKTOP = {"width": 1366, "height": 768}
FGW = "青山县发展和改革委员会"


@pytest.mark.parametrize("viewport", [DESKTOP, WIDE_DESKTOP], ids=["1280", "1366"])
def test_the_office_issues_from_the_dashboard_the_department_answers_and_the_office_accepts(
    demo, new_page, login, viewport
):
    base = demo.url
    office = new_page(viewport)
    login(office, base, "office")
    office.goto(f"{base}/dashboard/")
    rows = office.locator("table.dash-overdue tbody tr", has_text=FGW)
    titles = [rows.nth(index).locator("td.col-title").inner_text().strip() for index in range(2)]
    for index in range(2):
        rows.nth(index).locator("input[name=records]").check()
    office.locator("#issue-notice").click()
    expect(office.locator("#id_department option:checked")).to_have_text(FGW)
    assert office.locator("input[name=records]:checked").count() == 2
    office.fill("#id_required_action", "以上信息已超过法定公开时限，请立即审核发布，并说明逾期原因。")
    office.locator("input[name=_save]").click()
    expect(office.locator(".messagelist")).to_contain_text("已下发督办〔")
    number = office.locator("#notice-desk h2").inner_text().split("（")[0]
    notice_url = office.url
    assert horizontal_overflow(office) == [], f"the notice page scrolls sideways at {viewport['width']} px"

    clerk = new_page(viewport)
    login(clerk, base, "clerk")
    clerk.goto(notice_url)
    for title in titles:
        expect(clerk.locator("#notice-items")).to_contain_text(title)
    for select in clerk.locator("#notice-items select").all():
        select.select_option("fixed")
    clerk.fill("#notice-cause", "经办人调岗，待发布信息交接不及时。")
    clerk.fill("#notice-measures", "已明确专人负责，每周核对待发布信息。")
    clerk.fill("#notice-links", "https://www.qingshan.gov.cn/zdly/")
    clerk.locator("#notice-save-answer").click()
    expect(clerk.locator(".messagelist")).to_contain_text("已保存答复。")
    assert clerk.locator("#notice-submit_answer").count() == 0  # the 部门负责人 submits

    reviewer = new_page(viewport)
    login(reviewer, base, "reviewer")
    reviewer.goto(notice_url)
    reviewer.locator("#notice-submit_answer").click()
    expect(reviewer.locator("#notice-status")).to_have_text("已答复待审核")

    office.goto(notice_url)
    expect(office.locator("#notice-answer")).to_contain_text("已明确专人负责")
    office.locator("#notice-accept").click()
    expect(office.locator("#notice-status")).to_have_text("已办结")
    expect(office.locator("#notice-trail")).to_contain_text("审核通过并办结")
    office.goto(f"{base}/admin/supervision/notice/?status__exact=closed")
    expect(office.locator("#result_list")).to_contain_text(number)
    screenshot(office, f"supervision-closed-{viewport['width']}")
