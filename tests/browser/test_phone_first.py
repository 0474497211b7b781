"""Phones first (issue 23): what villagers open on a 360 px phone comes first and fits the screen."""

import pytest

from disclosures.choices import Status
from namelists.models import NameList, Scope

from .support import DESKTOP, PHONE, axe_violations, horizontal_overflow, screenshot

pytestmark = pytest.mark.browser


def test_the_urgent_box_is_on_the_first_screen_of_a_phone(demo, new_page):
    page = new_page(PHONE)
    page.goto(f"{demo.url}/")
    urgent = page.locator(".urgent").bounding_box()
    cards = page.locator(".domain-card").first.bounding_box()
    assert urgent is not None and urgent["y"] < PHONE["height"], f"紧急信息 starts at {urgent}"
    assert urgent["y"] < cards["y"], "紧急信息 comes before the category cards"
    screenshot(page, "home-phone")


def test_a_name_list_fits_a_phone_as_cards_of_labelled_lines(demo, new_page):
    page = new_page(PHONE)
    public = NameList.objects.filter(scope=Scope.PUBLIC, ended_at__isnull=True,
                                     disclosure__status=Status.PUBLISHED).select_related("disclosure")
    for name_list in public:
        page.goto(f"{demo.url}{name_list.disclosure.get_absolute_url()}")
        if page.locator(".name-list__table").count():
            break
    else:
        raise AssertionError("the demo shows a name list on a public page")
    table = page.locator(".name-list__table")
    assert horizontal_overflow(page) == [], "the name list scrolls sideways at 360 px"
    assert page.evaluate("t => t.scrollWidth <= t.clientWidth + 1", table.element_handle())
    first = table.locator("tbody tr").first.locator("td").nth(1)
    assert page.evaluate("td => getComputedStyle(td, '::before').content", first.element_handle()) == '"姓名"'
    name_box = first.bounding_box()
    assert name_box["height"] < 40, "a name on one line, not one character per line"
    assert axe_violations(page) == []
    screenshot(page, "name-list")


@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["360", "1280"])
def test_the_catalogue_wraps_instead_of_scrolling_sideways_and_has_an_index(demo, new_page, viewport):
    page = new_page(viewport)
    page.goto(f"{demo.url}/catalogue/")
    assert horizontal_overflow(page) == [], f"the 标准目录 scrolls sideways at {viewport['width']} px"
    for table in page.locator(".catalogue-table").element_handles():
        assert page.evaluate("t => t.scrollWidth <= t.parentElement.clientWidth + 1", table)
    # the index leads to each category; following a link lands on its heading
    index = page.locator("#catalogue-index")
    assert index.locator(".catalogue-index__categories a").count() >= 15
    index.get_by_role("link", name="政府采购").click()
    heading = page.locator("#catalogue-resources-procurement")
    assert page.url.endswith("#catalogue-resources-procurement")
    assert -1 <= heading.bounding_box()["y"] < viewport["height"]
    if viewport is PHONE:  # each entry a card of labelled lines
        cell = page.locator(".catalogue-table tbody tr").first.locator("td").nth(2)
        assert page.evaluate("td => getComputedStyle(td, '::before').content", cell.element_handle()) == '"公开内容："'
        screenshot(page, "catalogue")


def test_the_catalogue_filter_narrows_to_one_category(demo, new_page):
    page = new_page(DESKTOP)
    page.goto(f"{demo.url}/catalogue/")
    page.select_option("#id_category", "procurement")
    page.locator(".catalogue-filters").get_by_role("button", name="检索").click()
    page.wait_for_url("**category=procurement**")  # the filtered page, loaded: counting is not a waiting check
    page.wait_for_load_state()
    assert page.locator(".catalogue-category").count() == 1
    assert "政府采购" in page.locator(".catalogue-category").inner_text()
    assert "个事项" in page.locator(".result-summary").inner_text()


def test_the_projects_filter_folds_behind_a_button_on_a_phone(demo, new_page):
    page = new_page(PHONE)
    page.goto(f"{demo.url}/projects/")
    keyword = page.get_by_label("项目名称或代码")
    sector = page.get_by_label("行业领域")
    toggle = page.get_by_role("button", name="筛选")
    assert keyword.is_visible() and not sector.is_visible()
    assert toggle.get_attribute("aria-expanded") == "false"
    search_button = page.locator(".project-filters").get_by_role("button", name="检索")
    assert search_button.bounding_box()["y"] < PHONE["height"], "检索 stays on the first screen"
    toggle.click()
    assert sector.is_visible() and toggle.get_attribute("aria-expanded") == "true"
    page.select_option("#id_sector", index=1)
    search_button.click()
    page.wait_for_url("**sector=**")  # the filtered page, loaded: is_visible() does not wait for it
    page.wait_for_load_state()
    # a filter is set: the fold comes back open, and the button counts it
    assert page.get_by_label("行业领域").is_visible()
    assert "已选 1 项" in page.get_by_role("button", name="筛选").inner_text()
    assert horizontal_overflow(page) == []
    # on a desktop every field shows and there is no 筛选 button
    desktop = new_page(DESKTOP)
    desktop.goto(f"{demo.url}/projects/")
    assert desktop.get_by_label("行业领域").is_visible()
    assert not desktop.locator(".filter-fold__toggle").is_visible()


def test_pages_are_numbered_with_ends_and_a_jump_box(demo, new_page):
    page = new_page(DESKTOP)
    page.goto(f"{demo.url}/column/projects/")
    pager = page.locator("nav.pagination")
    assert pager.get_by_role("link", name="尾页").is_visible()
    last = int(pager.locator(".pagination__jump input[name=page]").get_attribute("max"))
    assert last >= 3
    page.fill(".pagination__jump input[name=page]", "3")
    pager.get_by_role("button", name="跳转").click()
    assert page.url.endswith("page=3")
    assert page.locator(".pagination__current").inner_text() == "3"
    page.locator("nav.pagination").get_by_role("link", name="尾页").click()
    assert page.locator(".pagination__current").inner_text() == str(last)
    assert page.locator("nav.pagination .disabled", has_text="尾页").count() == 1
    phone = new_page(PHONE)
    phone.goto(f"{demo.url}/column/projects/?page=2")
    assert horizontal_overflow(phone) == []
