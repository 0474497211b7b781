"""The office's 公开时限督办 dashboard in a real browser: totals and the ECharts trend chart drawn."""

import re

import pytest

from .support import DESKTOP, PHONE, horizontal_overflow, screenshot

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

    canvas = page.locator("#trend-chart canvas")
    expect(canvas).to_be_visible()
    box = canvas.bounding_box()
    assert box["width"] > 300 and box["height"] > 150, box
    page.wait_for_function(f"({PAINTED_PIXELS})() > 2000")
    screenshot(page, "dashboard")

    phone = new_page(PHONE)
    login(phone, base, "office")
    phone.goto(f"{base}/dashboard/")
    expect(phone.locator("#trend-chart canvas")).to_be_visible()
    phone.wait_for_function(f"({PAINTED_PIXELS})() > 1000")
    assert horizontal_overflow(phone) == [], "the dashboard scrolls sideways at 360 px"
    screenshot(phone, "dashboard")
