"""axe-core (vendored, tests/browser/vendor/) on the main public pages: no serious or critical
violations — in the default style, in 高对比度 (where text must reach 7:1, WCAG AAA) and in 大字版 —
and no horizontal scrolling at 360 px. Screenshots of every page at 1280 and 360 px go to var/screenshots/."""

import pytest

from disclosures.choices import Status
from disclosures.models import Disclosure
from projects.models import Project

from .support import DESKTOP, PHONE, axe_violations, describe, horizontal_overflow, screenshot

pytestmark = pytest.mark.browser


def main_pages() -> dict[str, str]:
    public = Disclosure.objects.public()
    corrected = public.filter(status=Status.PUBLISHED, version__gte=2).order_by("pk").first()
    withdrawn = Disclosure.objects.filter(status=Status.WITHDRAWN).order_by("pk").first()
    with_details = public.filter(status=Status.PUBLISHED, category="construction").order_by("pk").first()
    project = Project.objects.order_by("pk").first()
    return {
        "home": "/",
        "column": "/column/projects/",
        "category": "/column/resources/procurement/",
        "record": with_details.get_absolute_url(),
        "record-corrected": corrected.get_absolute_url(),
        "record-version": f"/disclosures/{corrected.pk}/v1/",  # the version the correction replaced
        "record-withdrawn": withdrawn.get_absolute_url(),
        "search": "/search/?q=%E6%8B%9B%E6%A0%87",  # 招标
        "projects": "/projects/",
        "project": project.get_absolute_url(),
        "catalogue": "/catalogue/",
    }


def set_preferences(page, base_url: str, *names: str) -> None:
    page.goto(f"{base_url}/")
    page.evaluate(
        "names => { localStorage.clear(); names.forEach(n => localStorage.setItem('portal-pref:' + n, '1')); }",
        list(names),
    )


# The pages in groups that pytest-xdist runs side by side (the module shares one Chromium); every page of
# `main_pages` is in one group (test_every_main_page_is_checked).
PAGE_GROUPS = {
    "lists": ("home", "column", "category", "search"),
    "records": ("record", "record-corrected", "record-version", "record-withdrawn"),
    "subjects": ("projects", "project"),
    "catalogue": ("catalogue",),  # the whole 标准目录 in one table: axe alone takes as long as three pages
}


@pytest.mark.parametrize("group", PAGE_GROUPS)
def test_main_pages_have_no_serious_accessibility_violations(demo, new_page, group):
    base = demo.url
    pages = {name: path for name, path in main_pages().items() if name in PAGE_GROUPS[group]}
    assert len(pages) == len(PAGE_GROUPS[group])
    problems: list[str] = []

    desktop = new_page(DESKTOP)
    phone = new_page(PHONE)
    for name, path in pages.items():
        response = desktop.goto(base + path)
        assert response.status == 200, f"{name}: {path} answered {response.status}"
        if found := axe_violations(desktop):
            problems.append(f"{name} ({path}), desktop:\n{describe(found)}")
        screenshot(desktop, name)

        phone.goto(base + path)
        if found := axe_violations(phone):
            problems.append(f"{name} ({path}), 360 px:\n{describe(found)}")
        if overflow := horizontal_overflow(phone):
            problems.append(f"{name} ({path}) scrolls sideways at 360 px: {overflow}")
        screenshot(phone, name)

    # 高对比度: AAA contrast (7:1) on every page; 大字版 with it: still no sideways scrolling on a phone.
    set_preferences(desktop, base, "high-contrast")
    set_preferences(phone, base, "high-contrast", "large-font")
    for name, path in pages.items():
        desktop.goto(base + path)
        assert "high-contrast" in desktop.evaluate("document.documentElement.className")
        if found := axe_violations(desktop, rules={"color-contrast-enhanced": {"enabled": True}}):
            problems.append(f"{name} ({path}), 高对比度:\n{describe(found)}")
        phone.goto(base + path)
        if found := axe_violations(phone):
            problems.append(f"{name} ({path}), 360 px 大字版+高对比度:\n{describe(found)}")
        if overflow := horizontal_overflow(phone):
            problems.append(f"{name} ({path}) scrolls sideways at 360 px in 大字版: {overflow}")
        if name in {"home", "record", "project"}:
            screenshot(desktop, f"{name}-high-contrast")
            screenshot(phone, f"{name}-large-font-high-contrast")

    assert not problems, "\n\n".join(problems)


def test_every_main_page_is_checked(demo_county):
    names = [name for group in PAGE_GROUPS.values() for name in group]
    assert len(names) == len(set(names))
    assert set(names) == set(main_pages())


def test_axe_reports_what_it_should(new_page):
    """The check above is only worth something if axe runs: it must catch a missing alt and low contrast."""
    page = new_page(DESKTOP)
    page.set_content(
        '<!DOCTYPE html><html lang="zh-CN"><head><title>自检</title></head><body><main>'
        '<h1>自检</h1><img src="data:image/gif;base64,R0lGODlhAQABAAAAACw=" width="10" height="10">'
        '<p style="color:#aaa;background:#fff">浅灰色文字对比度不足</p></main></body></html>'
    )
    found = {violation["id"] for violation in axe_violations(page)}
    assert {"image-alt", "color-contrast"} <= found


def test_screenshots_are_taken_only_when_wanted(new_page, monkeypatch, tmp_path):
    from . import support

    monkeypatch.setattr(support, "screenshot_dir", lambda: tmp_path)
    page = new_page(DESKTOP)
    page.set_content('<!DOCTYPE html><html lang="zh-CN"><head><title>截图</title></head><body><p>截图</p></body></html>')
    monkeypatch.delenv("PORTAL_SCREENSHOTS", raising=False)
    assert screenshot(page, "none") is None and not any(tmp_path.iterdir())
    monkeypatch.setenv("PORTAL_SCREENSHOTS", "1")
    taken = screenshot(page, "taken")
    assert taken == tmp_path / "taken-1280.png" and taken.read_bytes().startswith(b"\x89PNG")
