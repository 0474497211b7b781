"""政府信息公开指南 (条例第十二条) in a real browser: a citizen reaches it from the 依申请公开 page on a phone (360 px)
and at a desk (1280 px), reads it without sideways scrolling, and axe-core finds nothing serious; the 政务公开办
edits it in the admin at the office widths (1280 and 1366 px) and the public page shows the change at once."""

import pytest

from .support import DESKTOP, PHONE, axe_violations, describe, horizontal_overflow, screenshot

try:
    from playwright.sync_api import expect
except ImportError:  # the root conftest skips (locally) or fails (CI) every browser test
    expect = None

pytestmark = pytest.mark.browser

WIDE_DESKTOP = {"width": 1366, "height": 768}


@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["360", "1280"])
def test_a_citizen_finds_the_guide_from_the_ysq_page_and_reads_it(demo, new_page, viewport):
    page = new_page(viewport)
    page.goto(f"{demo.url}/ysq/")
    page.click("#ysq-disclosure-guide")
    expect(page.locator("h1")).to_have_text("青山县政府信息公开指南")
    expect(page.locator("#guide-office-details")).to_contain_text("0000-0000010")
    expect(page.locator("#guide-office-details")).to_contain_text("xxgk@qingshan.example")
    expect(page.locator("#guide-reading-rooms")).to_contain_text("青山县档案馆政府信息查阅室")
    expect(page.locator("#guide-updated")).to_be_visible()
    assert horizontal_overflow(page) == [], f"the 指南 scrolls sideways at {viewport['width']} px"
    assert not (found := axe_violations(page)), describe(found)
    screenshot(page, "xxgkzn")
    page.click("#guide-ysq")  # and back to the 依申请公开 page
    expect(page.locator("h1")).to_have_text("依申请公开")


@pytest.mark.parametrize("viewport", [DESKTOP, WIDE_DESKTOP], ids=["1280", "1366"])
def test_the_office_edits_the_guide_and_the_public_page_shows_it(demo, new_page, login, viewport):
    office = new_page(viewport)
    login(office, demo.url, "office")
    office.goto(f"{demo.url}/admin/inforequests/disclosureguide/")
    office.click("text=青山县")
    expect(office.locator("#id_office_name")).to_have_value("青山县人民政府办公室（县政务公开办公室）")
    expect(office.locator("#content")).to_contain_text("第五十一条")  # what staff see cites the articles
    assert horizontal_overflow(office) == [], f"the 指南 form scrolls sideways at {viewport['width']} px"
    screenshot(office, "admin-xxgkzn")
    office.fill("#id_hours", "工作日 上午 8:30—12:00，下午 14:00—17:30")
    office.locator("input[name=_save]").click()
    expect(office.locator(".messagelist")).to_contain_text("青山县政府信息公开指南")

    citizen = new_page(PHONE)
    citizen.goto(f"{demo.url}/xxgkzn/")
    expect(citizen.locator("#guide-office-details")).to_contain_text("工作日 上午 8:30—12:00，下午 14:00—17:30")
