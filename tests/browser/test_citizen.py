"""A citizen on the public column, in a real browser: browse, search, 大字版 / 高对比度, phones, keyboard."""

import re

import pytest

from .support import DESKTOP, PHONE, horizontal_overflow, screenshot

try:
    from playwright.sync_api import expect
except ImportError:  # the root conftest skips (locally) or fails (CI) every browser test
    expect = None

pytestmark = pytest.mark.browser

# Records, in the moment <body> is first parsed, which classes <html> has: prefs.js (in <head>, not
# deferred) must already have applied the stored preference, or the page would flash in the default style.
RECORD_CLASSES_AT_BODY = """
new MutationObserver((mutations, observer) => {
  if (document.body) {
    window.__classesAtBody = document.documentElement.className;
    observer.disconnect();
  }
}).observe(document, {childList: true, subtree: true});
"""


def body_font_px(page) -> float:
    return float(page.evaluate("parseFloat(getComputedStyle(document.body).fontSize)"))


def test_citizen_browses_a_category_to_a_record_searches_and_keeps_large_font(demo, new_page):
    base = demo.url
    page = new_page(DESKTOP)
    page.add_init_script(RECORD_CLASSES_AT_BODY)

    # Home: the three domains with their categories, the latest records.
    page.goto(f"{base}/")
    expect(page.locator("h1")).to_have_text("重点领域信息公开")
    expect(page.locator(".domain-card")).to_have_count(3)
    screenshot(page, "home")

    # → a category
    page.locator(".category-list a", has_text="批准结果信息").click()
    expect(page).to_have_url(re.compile(r"/column/projects/approval_result/$"))
    expect(page.locator("h1")).to_have_text("批准结果信息")
    expect(page.locator(".breadcrumb [aria-current=page]")).to_have_text("批准结果信息")
    column_url = page.url
    screenshot(page, "column")

    # → a record: its title, metadata table and 索引号
    first = page.locator(".record-table .col-title a").first
    title = first.inner_text()
    first.click()
    expect(page.locator("h1.document__title")).to_have_text(title)
    index_cell = page.locator(".meta-table tr", has_text="索引号").locator("td").first
    expect(index_cell).to_have_text(re.compile(r"^[A-Z]+-\d{4}-\d{6}$"))
    record_url = page.url
    screenshot(page, "record")

    # Search a 2-character term from the header's search box: every result shows it highlighted.
    page.fill("#site-search-q", "医疗")
    page.press("#site-search-q", "Enter")
    expect(page).to_have_url(re.compile(r"/search/\?q="))
    expect(page.locator("#search-q")).to_have_value("医疗")
    results = page.locator(".search-results > li")
    expect(results.first).to_be_visible()
    total = int(page.locator(".search-summary strong").inner_text())
    assert 1 <= results.count() <= total
    for i in range(results.count()):
        marks = results.nth(i).locator("mark")
        assert marks.count() >= 1, f"result {i + 1} has no highlighted term"
        assert set(marks.all_inner_texts()) == {"医疗"}
    search_url = page.url
    screenshot(page, "search")

    # 大字版: the toggle says whether it is on, enlarges the text, and stays on after a reload
    # and on the next page, applied before the first paint.
    button = page.locator("[data-pref=large-font]")
    expect(button).to_have_attribute("aria-pressed", "false")
    assert body_font_px(page) < 20
    button.click()
    expect(button).to_have_attribute("aria-pressed", "true")
    expect(page.locator("html")).to_have_class(re.compile(r"\blarge-font\b"))
    assert body_font_px(page) >= 20
    page.reload()
    expect(page.locator("html")).to_have_class(re.compile(r"\blarge-font\b"))
    expect(page.locator("[data-pref=large-font]")).to_have_attribute("aria-pressed", "true")
    assert "large-font" in page.evaluate("window.__classesAtBody")
    page.goto(record_url)
    assert body_font_px(page) >= 20
    assert "large-font" in page.evaluate("window.__classesAtBody")
    screenshot(page, "record-large-font")

    # 高对比度 likewise; both can be on at once. Then both off again, and it stays off.
    page.click("[data-pref=high-contrast]")
    expect(page.locator("html")).to_have_class(re.compile(r"\bhigh-contrast\b"))
    assert page.evaluate("getComputedStyle(document.body).backgroundColor") == "rgb(0, 0, 0)"
    page.goto(f"{base}/")
    expect(page.locator("html")).to_have_class(re.compile(r"\blarge-font\b.*\bhigh-contrast\b|\bhigh-contrast\b.*\blarge-font\b"))
    screenshot(page, "home-large-font-high-contrast")
    page.click("[data-pref=large-font]")
    page.click("[data-pref=high-contrast]")
    page.reload()
    expect(page.locator("html")).not_to_have_class(re.compile(r"large-font|high-contrast"))
    assert body_font_px(page) < 20

    # A phone 360 px wide: no horizontal scrollbar on any of these pages, in either text size.
    phone = new_page(PHONE)
    pages = {"home": f"{base}/", "column": column_url, "record": record_url, "search": search_url}
    for name, url in pages.items():
        phone.goto(url)
        assert horizontal_overflow(phone) == [], f"{name} scrolls sideways at 360 px"
        screenshot(phone, name)
    phone.click("[data-pref=large-font]")
    for name, url in pages.items():
        phone.goto(url)
        expect(phone.locator("html")).to_have_class(re.compile(r"\blarge-font\b"))
        assert horizontal_overflow(phone) == [], f"{name} scrolls sideways at 360 px in 大字版"
        screenshot(phone, f"{name}-large-font")


def test_keyboard_reaches_the_skip_link_and_the_display_tools(live_server, new_page):
    page = new_page(DESKTOP)
    page.goto(f"{live_server.url}/")

    # The first Tab lands on the skip link, which becomes visible and moves focus to <main>.
    page.keyboard.press("Tab")
    skip = page.locator(".skip-link")
    expect(skip).to_be_focused()
    assert page.evaluate("document.activeElement.getBoundingClientRect().top") >= 0
    assert page.evaluate("getComputedStyle(document.activeElement).outlineStyle") != "none", "focus is not visible"
    page.keyboard.press("Enter")
    expect(page.locator("main#main")).to_be_focused()

    # The display tools come next in the header and work with the keyboard alone.
    page.goto(f"{live_server.url}/")
    page.keyboard.press("Tab")
    page.keyboard.press("Tab")
    large = page.locator("[data-pref=large-font]")
    expect(large).to_be_focused()
    assert page.evaluate("getComputedStyle(document.activeElement).outlineStyle") != "none", "focus is not visible"
    page.keyboard.press("Enter")
    expect(large).to_have_attribute("aria-pressed", "true")
    page.keyboard.press("Tab")
    contrast = page.locator("[data-pref=high-contrast]")
    expect(contrast).to_be_focused()
    page.keyboard.press("Space")
    expect(contrast).to_have_attribute("aria-pressed", "true")
    expect(page.locator("html")).to_have_class(re.compile(r"\blarge-font\b.*\bhigh-contrast\b"))


def test_unknown_page_is_a_chinese_404_in_the_site_layout(live_server, new_page):
    page = new_page(PHONE)
    response = page.goto(f"{live_server.url}/column/no-such-domain/")
    assert response.status == 404
    expect(page.locator("h1")).to_have_text("您访问的页面不存在")
    expect(page.locator("a", has_text="返回首页")).to_be_visible()
    assert horizontal_overflow(page) == []
    screenshot(page, "404")


@pytest.mark.django_db(transaction=True)
def test_a_pdf_opens_in_the_browser_and_its_download_link_saves_it(live_server, new_page, org):
    """Issue 23, part 5: the record page's PDF link opens Chromium's own viewer (under the download's sandboxed
    CSP), and 下载 beside it saves the file."""
    from disclosures.tests.test_views import published_with_attachment

    record = published_with_attachment(org)
    item = record.attachments.get()
    page = new_page(DESKTOP)
    downloads = []
    page.on("download", lambda download: downloads.append(download))
    page.goto(f"{live_server.url}{record.get_absolute_url()}")
    with page.expect_navigation() as navigation:
        page.get_by_role("link", name=item.original_name, exact=True).click()
    response = navigation.value
    headers = response.all_headers()  # `headers` leaves out the security ones
    assert response.status == 200 and headers["content-disposition"].startswith("inline;")
    assert "sandbox" in headers["content-security-policy"]
    page.wait_for_timeout(500)
    assert downloads == [], "the PDF is shown, not saved"
    assert page.url.endswith(f"/attachments/{item.token}/view/")  # the browser stays on the file, showing it
    screenshot(page, "pdf-inline")
    page.goto(f"{live_server.url}{record.get_absolute_url()}")
    with page.expect_download() as saved:
        page.locator(".attachment-list__download").click()
    assert saved.value.suggested_filename == item.original_name
