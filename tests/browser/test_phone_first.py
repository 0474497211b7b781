"""Phones first (issue 23): what villagers open on a 360 px phone comes first and fits the screen."""

import pytest

from disclosures.choices import Status
from namelists.models import NameList, Scope

from .support import PHONE, axe_violations, horizontal_overflow, screenshot

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
