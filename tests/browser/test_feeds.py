"""A feed opened in a browser is a page with 如何订阅 and the entries as links, under the site's
Content-Security-Policy: made by the feed's XSLT (disclosures/templates/disclosures/feed.xsl), or, in a browser
that no longer runs XSLT, the feed styled by css/feed.css. Also the 开放数据 page. axe-core finds nothing serious."""

import pytest

from .support import (
    CHROMIUM,
    LAUNCH_ARGS,
    PHONE,
    axe_violations,
    describe,
    horizontal_overflow,
    screenshot,
)
from .test_csp import visit, watched_page

pytestmark = pytest.mark.browser

FEEDS = ["/feeds/atom/", "/feeds/rss/projects/"]


def chromiums_own_banner(page, problems: list[str]) -> list[str]:
    """Chromium (from 14x) puts a banner with inline styles above every XSLT page to announce that XSLT is going
    away; the site's CSP blocks those inline styles, as it should. Those reports are the browser's, not the
    page's: they are left out when the banner is there (the XSL itself has no style attribute or script,
    disclosures/tests/test_feeds.py)."""
    if not page.locator("xslt-warning-banner").count():
        return problems
    return [line for line in problems if not (("style-src-attr" in line or "script-src-attr" in line)
                                              or "Applying inline style" in line or "inline event handler" in line)]


def test_a_feed_opens_as_a_page_with_how_to_subscribe_under_the_csp(demo, browser):
    context, page = watched_page(browser)
    problems = []
    for path in FEEDS:
        problems += chromiums_own_banner(page, visit(page, demo.url + path))
        assert page.locator("h2#feed-help").inner_text() == "如何订阅", path
        assert demo.url + path in page.locator(".feed-address").inner_text(), path
        links = page.locator(".record-list__title")
        assert links.count() > 0, path
        assert links.first.get_attribute("href").startswith(demo.url + "/disclosures/"), path
        # portal.css applied (a file, allowed by style-src 'self'): the page title is set in its size.
        assert page.locator("h1.page-title").evaluate("e => getComputedStyle(e).fontSize") != "32px", path
        if found := axe_violations(page):
            problems.append(f"{path}:\n{describe(found)}")
    screenshot(page, "feed-xslt")
    problems += visit(page, demo.url + "/open-data/")
    assert page.locator(".record-list__item").count() > 10
    if found := axe_violations(page):
        problems.append(f"/open-data/:\n{describe(found)}")
    screenshot(page, "open-data")
    phone = context.new_page()
    phone.set_viewport_size(PHONE)
    phone.goto(demo.url + "/open-data/")
    if overflow := horizontal_overflow(phone):
        problems.append(f"/open-data/ scrolls sideways at 360 px: {overflow}")
    context.close()
    assert not problems, "\n".join(problems)


def test_without_xslt_the_feed_is_styled_by_css_with_how_to_subscribe(demo, browser):
    plain = browser.browser_type.launch(executable_path=CHROMIUM, args=[*LAUNCH_ARGS, "--disable-features=XSLT"])
    try:
        context, page = watched_page(plain)
        problems = visit(page, demo.url + "/feeds/atom/")
        help_text = page.evaluate("getComputedStyle(document.documentElement, '::before').content")
        assert "如何订阅" in help_text and "添加订阅" in help_text
        assert page.evaluate("getComputedStyle(document.querySelector('entry')).display") == "block"
        assert page.evaluate("getComputedStyle(document.querySelector('entry > id')).display") == "none"
        screenshot(page, "feed-css", full_page=False)  # (a full-page one of XML never ends)
        context.close()
    finally:
        plain.close()
    assert not problems, "\n".join(problems)
