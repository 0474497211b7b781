"""The office's 公开时限督办 dashboard in a real browser: the staff skin, totals, who holds each overdue
record, and the ECharts trend chart drawn — at office widths (1280, 1366 px) and on a phone."""

import re

import pytest

from .support import DESKTOP, PHONE, horizontal_overflow, screenshot

WIDE_DESKTOP = {"width": 1366, "height": 768}

try:
    from playwright.sync_api import expect
except ImportError:  # the root conftest skips (locally) or fails (CI) every browser test
    expect = None

pytestmark = pytest.mark.browser

# Non-transparent pixels on the chart's canvas: ECharts has drawn something, not just made the element.
PAINTED_PIXELS = """() => {
  const canvas = document.querySelector('#trend-chart canvas');
  const data = canvas.getContext('2d').getImageData(0, 0, canvas.width, canvas.height).data;
  let painted = 0;
  for (let i = 3; i < data.length; i += 4) if (data[i]) painted++;
  return painted;
}"""


def test_office_opens_the_dashboard_and_sees_totals_and_the_chart(demo, new_page, login):
    base = demo.url
    page = new_page(DESKTOP)
    login(page, base, "office")
    page.get_by_role("link", name="督办看板").click()
    expect(page).to_have_url(f"{base}/dashboard/")
    expect(page.locator("h1")).to_have_text("公开时限督办")

    values = {
        name: page.locator(f"#total-{name} .dash-total__value").inner_text().strip()
        for name in ("overdue", "due-soon", "published-late", "rate")
    }
    assert int(values["overdue"]) >= 3, values  # the demo always has overdue records
    assert int(values["due-soon"]) >= 1, values
    assert re.fullmatch(r"\d+(\.\d+)?%", values["rate"]), values
    expect(page.locator("table.dash-overdue tbody tr").first).to_be_visible()
    # The staff skin: the admin's header with the user tools, not the public site's.
    expect(page.locator("#user-tools")).to_contain_text("站内消息")
    expect(page.locator("#site-name")).to_contain_text("工作台")
    assert page.locator(".site-header").count() == 0
    # Each overdue record names its stage, who holds it, and how long it has been there.
    first = page.locator("table.dash-overdue tbody tr").first
    expect(first.locator("td.col-stage .dash-holder")).to_have_text(re.compile(r"^(经办人|部门负责人|分管领导)：\S|^本单位没有"))
    expect(first.locator("td.col-wait")).to_contain_text("工作日")
    assert horizontal_overflow(page) == [], "the dashboard scrolls sideways at 1280 px"

    canvas = page.locator("#trend-chart canvas")
    expect(canvas).to_be_visible()
    box = canvas.bounding_box()
    assert box["width"] > 300 and box["height"] > 150, box
    page.wait_for_function(f"({PAINTED_PIXELS})() > 2000")
    screenshot(page, "dashboard")

    wide = new_page(WIDE_DESKTOP)
    login(wide, base, "office")
    wide.goto(f"{base}/dashboard/")
    expect(wide.locator("#trend-chart canvas")).to_be_visible()
    wide.wait_for_function(f"({PAINTED_PIXELS})() > 2000")
    assert horizontal_overflow(wide) == [], "the dashboard scrolls sideways at 1366 px"
    screenshot(wide, "dashboard")

    phone = new_page(PHONE)
    login(phone, base, "office")
    phone.goto(f"{base}/dashboard/")
    expect(phone.locator("#trend-chart canvas")).to_be_visible()
    phone.wait_for_function(f"({PAINTED_PIXELS})() > 1000")
    assert horizontal_overflow(phone) == [], "the dashboard scrolls sideways at 360 px"
    screenshot(phone, "dashboard")
