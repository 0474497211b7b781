"""Public lists at scale: counts capped (超过 N 条), deep pages found by ids first, queries constant."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from disclosures import pagination, search, services
from disclosures.models import Disclosure
from disclosures.selectors import public_disclosures
from disclosures.tests.factories import in_state


@pytest.fixture(scope="module")
def seven_image(module_image):
    return module_image(build_seven)  # built once for the module: most tests here read it


@pytest.fixture
def seven(restore_image, seven_image):
    return restore_image(seven_image)


def build_seven(org):
    return [in_state(org, "published", title=f"医疗救助公示{n}") for n in range(7)]


def newest_first():
    return public_disclosures().order_by("-published_at", "-pk")


def test_the_count_stops_at_the_cap_and_says_so(seven):
    capped = pagination.CappedPaginator(newest_first(), 2, cap=3)
    assert capped.count == 4  # a page past the first is always known to exist
    assert capped.estimated
    exact = pagination.CappedPaginator(newest_first(), 2, cap=10)
    assert (exact.count, exact.estimated) == (7, False)
    deep = pagination.CappedPaginator(newest_first(), 2, cap=3, near_page=3)
    assert deep.count == 7 and not deep.estimated  # the cap moves with the page asked for


def test_deep_pages_read_ids_first_in_the_lists_order(seven, monkeypatch, django_assert_max_num_queries):
    monkeypatch.setattr(pagination, "DEFERRED_FROM", 0)
    expected = [r.pk for r in newest_first()]
    paginator = pagination.CappedPaginator(newest_first(), 2, cap=10, near_page=3)
    with django_assert_max_num_queries(3):  # count, the page's ids, its rows
        got = [r.pk for r in paginator.page(3).object_list]
    assert got == expected[4:6]


@pytest.mark.parametrize("asked", ["1", "2", "3", "4", "5", "99", "0", "-1", "abc", None, "2.0"])
@pytest.mark.parametrize("cap", [3, 10])
def test_ids_first_gives_the_page_and_count_of_the_two_query_path(seven, asked, cap):
    """The column's paginator (`ids_first`): on PostgreSQL the page's ids and the capped count come from one
    scan; whatever page is asked for, the same page, count, estimate and records as counting first."""
    two = pagination.CappedPaginator(newest_first(), 2, cap=cap, near_page=asked).get_page(asked)
    with CaptureQueriesContext(connection) as captured:
        one = pagination.CappedPaginator(newest_first(), 2, cap=cap, near_page=asked, ids_first=True).get_page(asked)
    assert (one.number, one.paginator.count, one.paginator.estimated) == (
        two.number, two.paginator.count, two.paginator.estimated
    )
    assert len(one) == len(two)
    scans = len(captured)
    assert [r.pk for r in one.object_list] == [r.pk for r in two.object_list]  # the rows, read only now
    if connection.vendor == "postgresql" and asked not in ("0", "-1", "5", "99"):  # 7 records: 4 pages
        assert scans == 1  # past the end or before the start: counted first, as before
    else:
        assert scans <= 3


def test_ids_first_reads_no_row_until_asked_and_leaves_out_one_gone_since(seven, org):
    page = pagination.CappedPaginator(newest_first(), 3, ids_first=True).get_page(1)
    assert page.object_list.ids == [r.pk for r in newest_first()[:3]]
    assert "rows" not in page.object_list.__dict__ and len(page) == 3 and page.object_list
    newest = Disclosure.objects.get(pk=page.object_list.ids[0])
    services.disclosure_withdraw(disclosure=newest, actor=org.reviewer, reason="内容有误")  # gone in between
    assert [r.pk for r in page.object_list] == page.object_list.ids[1:]


def test_column_page_says_more_than_and_keeps_queries_constant(seven, client, settings, monkeypatch):
    settings.PORTAL_PAGE_SIZE = 2
    monkeypatch.setattr(pagination, "LIST_COUNT_CAP", 3)
    monkeypatch.setattr(pagination, "DEFERRED_FROM", 2)
    first = client.get("/column/projects/").content.decode()
    assert "超过 4 条" in first
    # the count is only an estimate: page numbers near the current one, no 尾页 and no “共 N 页”
    assert 'aria-current="page">1<' in first and "尾页" not in first and "共 2 页" not in first
    counts = []
    for number in (1, 2, 3):
        with CaptureQueriesContext(connection) as captured:
            response = client.get("/column/projects/", {"page": number})
        assert response.status_code == 200
        counts.append(len(captured))
    assert max(counts) <= 6  # count, ids (deep pages only), rows, department and jurisdiction choices, urgent
    third = client.get("/column/projects/", {"page": 3}).content.decode()
    assert "医疗救助公示2" in third  # newest first: the 5th and 6th newest are records 2 and 1


def test_search_above_the_cap_lists_the_newest_matches_and_says_more(seven, client, monkeypatch):
    monkeypatch.setattr(search, "SEARCH_CAP", 3)
    page = client.get("/search/", {"q": "医疗"}).content.decode()
    if connection.vendor == "postgresql":
        assert "超过 3" in page
        assert page.count('class="record-list__item"') == 4  # cap + 1 found: one page of them
        assert all(f"救助公示{n}<" in page for n in (6, 5, 4, 3))  # the newest four matches
        assert not any(f"救助公示{n}<" in page for n in (2, 1, 0))
    else:  # embedded mode scans: the count is exact
        assert "共找到 <strong>7</strong> 条" in page


HUGE_PAGE = "9223372036854775807"  # 2**63 - 1: (page + 1) * per_page overflowed the count's LIMIT (a 500)


@pytest.mark.parametrize(
    "url", ["/column/projects/", "/column/welfare/", "/column/projects/approval_result/"]
)
def test_a_huge_page_number_shows_the_last_page(seven, client, settings, url):
    settings.PORTAL_PAGE_SIZE = 2
    response = client.get(url, {"page": HUGE_PAGE})
    assert response.status_code == 200
    assert response.context["page"].number == response.context["page"].paginator.num_pages


def test_the_count_never_reaches_past_the_deepest_page(seven):
    paginator = pagination.CappedPaginator(newest_first(), 2, near_page=HUGE_PAGE)
    assert paginator.near_page == pagination.MAX_NEAR_PAGE
    assert (paginator.count, paginator.get_page(HUGE_PAGE).number) == (7, 4)


@pytest.mark.parametrize(
    "url",
    ["/projects/", "/resources/", "/resources/blacklist/", "/welfare/", "/search/?q=医疗", "/catalogue/"],
)
def test_other_public_lists_take_a_huge_page_number_too(seven, client, url):
    separator = "&" if "?" in url else "?"
    assert client.get(f"{url}{separator}page={HUGE_PAGE}").status_code == 200


@pytest.mark.parametrize("url", ["/dashboard/", "/inbox/"])
def test_staff_lists_take_a_huge_page_number(seven, client, org, url):
    client.force_login(org.office)
    assert client.get(url, {"page": HUGE_PAGE}).status_code == 200
