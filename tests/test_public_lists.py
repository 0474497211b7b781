"""What every public list shares (issue 23, parts 4 and 7): numbered pages with 首页/尾页 and a jump box, the
责任单位 choice grouped by jurisdiction, a year choice, the 筛选 fold, and the 标准目录's index and filters."""

import datetime
import re

import pytest
import time_machine
from django.template import Context, Template

from disclosures.templatetags.public_lists import page_window
from disclosures.tests.factories import published
from organizations.choices import JurisdictionLevel
from organizations.models import Department, Jurisdiction

NOW = datetime.datetime(2026, 12, 7, 10, 0, tzinfo=datetime.timezone(datetime.timedelta(hours=8)))


def numbers(links) -> list:
    return [("…" if link.number is None else f"[{link.number}]" if link.current else link.number) for link in links]


@pytest.mark.parametrize(
    ("number", "last", "expected"),
    [
        (1, 1, ["[1]"]),
        (1, 3, ["[1]", 2, 3]),
        (6, 20, [1, "…", 4, 5, "[6]", 7, 8, "…", 20]),
        (4, 20, [1, 2, 3, "[4]", 5, 6, "…", 20]),  # a gap of one page shows the page
        (20, 20, [1, "…", 18, 19, "[20]"]),
    ],
)
def test_the_page_window_shows_the_ends_and_two_on_each_side(number, last, expected):
    assert numbers(page_window(number, last)) == expected


def test_an_estimated_count_shows_no_last_page():
    assert numbers(page_window(6, 50, known_end=False)) == [1, "…", 4, 5, "[6]", 7, 8]


def test_the_ends_are_marked_for_phones_to_leave_to_first_and_last():
    links = page_window(6, 20)
    assert [link.number for link in links if link.edge] == [1, None, None, 20]


def render_pager(page, query=""):
    return Template('{% load public_lists %}{% pagination page query "分页" %}').render(
        Context({"page": page, "query": query})
    )


def test_the_pager_keeps_the_filters_in_every_link_and_in_the_jump_box():
    from django.core.paginator import Paginator

    page = Paginator(list(range(200)), 20).page(6)
    html = render_pager(page, "q=%E5%B7%A5%E7%A8%8B&year=2026")
    assert '<a href="?q=%E5%B7%A5%E7%A8%8B&amp;year=2026&amp;page=1" class="pagination__end">首页</a>' in html
    assert '<a href="?q=%E5%B7%A5%E7%A8%8B&amp;year=2026&amp;page=10" class="pagination__end">尾页</a>' in html
    assert 'rel="prev">上一页' in html and "page=5" in html and 'rel="next">下一页' in html
    assert '<span class="pagination__current" aria-current="page">6</span>' in html
    assert '<input type="hidden" name="q" value="工程">' in html
    assert '<input type="hidden" name="year" value="2026">' in html
    assert 'name="page" min="1" max="10" value="6"' in html and "（共 10 页）" in html
    assert 'name="page" value' not in html  # the old page number is not carried as a hidden field


def test_a_single_page_has_no_pager():
    from django.core.paginator import Paginator

    assert render_pager(Paginator([1, 2], 20).page(1)).strip() == ""


def test_the_first_and_last_pages_disable_their_own_ends():
    from django.core.paginator import Paginator

    paginator = Paginator(list(range(60)), 20)
    first, last = render_pager(paginator.page(1)), render_pager(paginator.page(3))
    assert '<span class="disabled pagination__end" aria-disabled="true">首页</span>' in first
    assert '<span class="disabled pagination__end" aria-disabled="true">尾页</span>' in last


def options(html: str, name: str) -> str:
    match = re.search(rf'<select name="{name}"[^>]*>(.*?)</select>', html, re.S)
    assert match, f"no <select name={name}>"
    return match.group(1)


@pytest.mark.django_db
def test_departments_are_grouped_site_first_then_towns_then_higher_levels(client, org):
    prefecture = Jurisdiction.objects.create(name="测试州", code="TP", level=JurisdictionLevel.PREFECTURE)
    org.county.parent = prefecture
    org.county.site_sponsor = "测试县人民政府办公室"
    org.county.save()
    Department.objects.create(jurisdiction=prefecture, name="州发展和改革委员会", code="ZFGW")
    published(org, title="分组测试")
    select = options(client.get("/column/projects/").content.decode(), "department")
    groups = re.findall(r'<optgroup label="([^"]+)">', select)
    assert groups == ["测试县", "测试镇", "测试州"]
    county = select.split('<optgroup label="测试县">')[1].split("</optgroup>")[0]
    assert "县发展和改革委员会" in county and "州发展和改革委员会" not in county
    assert select.index('<option value="" selected>全部</option>') < select.index("<optgroup")
    # the chosen department stays selected inside its group
    chosen = options(client.get("/column/projects/", {"department": org.town_department.pk}).content.decode(), "department")
    assert f'<option value="{org.town_department.pk}" selected>' in chosen.split('<optgroup label="测试镇">')[1]


@pytest.mark.django_db
def test_the_year_is_a_choice_from_this_year_back_to_the_first(client, org, settings):
    settings.PORTAL_FIRST_YEAR = 2020
    with time_machine.travel(NOW, tick=False):
        select = options(client.get("/column/projects/").content.decode(), "year")
        years = re.findall(r'<option value="(\d*)"', select)
        assert years == ["", "2026", "2025", "2024", "2023", "2022", "2021", "2020"]
        # a year from an old link is kept, and shown as chosen
        old = options(client.get("/column/projects/", {"year": "2012"}).content.decode(), "year")
        assert '<option value="2012" selected>2012 年</option>' in old
        # a wrong one is still named in Chinese (the API and the form check the same field)
        wrong = client.get("/column/projects/", {"year": "abc"}).content.decode()
        assert "年份必须是整数" in wrong


@pytest.mark.django_db
def test_the_fold_counts_the_filters_set_and_opens_for_them(client, org):
    closed = client.get("/projects/").content.decode()
    assert 'class="filter-form filter-fold project-filters"' in closed
    assert 'aria-expanded="false">筛选</button>' in closed
    opened = client.get("/projects/", {"sector": "transport", "q": "路"}).content.decode()
    assert 'filter-fold project-filters is-open"' in opened
    assert 'aria-expanded="true">筛选（已选 1 项）</button>' in opened  # the keyword box is not folded
    wrong = client.get("/projects/", {"year": "abc"}).content.decode()
    assert "is-open" in wrong and "年份必须是整数" in wrong


CATALOGUE = "/catalogue/"


@pytest.mark.django_db
class TestCatalogue:
    def test_has_an_index_by_domain_and_category_with_counts(self, client):
        html = client.get(CATALOGUE).content.decode()
        index = html.split('id="catalogue-index"')[1].split("</nav>")[0]
        assert '<a href="#catalogue-resources-procurement">政府采购</a>' in index
        assert re.search(r'政府采购</a> <span class="catalogue-index__count">\d+ 项</span>', index)
        assert html.count('class="catalogue-back" href="#catalogue-index"') == index.count("catalogue-index__count")
        assert "catalogue-scroll" not in html  # no sideways-scrolling boxes

    def test_filters_by_category_keyword_and_mode(self, client):
        html = client.get(CATALOGUE, {"category": "procurement"}).content.decode()
        assert re.findall(r'<h3 id="([^"]+)"', html) == ["catalogue-resources-procurement"]
        count = int(re.search(r"共 (\d+) 个事项", html).group(1))
        assert count == html.count('<tr id="')
        keyword = client.get(CATALOGUE, {"q": "低保"}).content.decode()
        assert 0 < keyword.count('<tr id="') < count + 100 and "低保" in keyword
        every = client.get(CATALOGUE).content.decode()
        assert keyword.count('<tr id="') < every.count('<tr id="')

    def test_the_category_choice_is_grouped_by_domain(self, client):
        select = options(client.get(CATALOGUE).content.decode(), "category")
        assert '<optgroup label="公共资源配置">' in select
        resources = select.split('<optgroup label="公共资源配置">')[1].split("</optgroup>")[0]
        assert '<option value="procurement">政府采购</option>' in resources

    def test_an_invalid_filter_is_named_and_everything_shown(self, client):
        html = client.get(CATALOGUE, {"domain": "nonsense"}).content.decode()
        assert "筛选条件无效，已显示全部事项：领域：" in html
        for code in ("projects", "resources", "welfare"):
            assert f'id="catalogue-{code}"' in html




@pytest.mark.django_db
def test_search_results_use_the_same_pager_keeping_the_query(client, org, settings):
    settings.PORTAL_PAGE_SIZE = 2
    for n in range(5):
        published(org, title=f"翻页检索记录{n}")
    html = client.get("/search/", {"q": "翻页检索", "page": 2}).content.decode()
    assert '<span class="pagination__current" aria-current="page">2</span>' in html
    assert '<input type="hidden" name="q" value="翻页检索">' in html
    assert "（共 3 页）" in html and "尾页" in html
