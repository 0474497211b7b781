"""Fragments of the public pages (core/fragments.py, issue 24 part 1): the same bytes as rendering them, gone the
moment what they show changes, never used for staff, and fewer queries once kept."""

import pytest
from django.conf import settings
from django.core.cache import cache
from django.db import connection
from django.forms import TextInput
from django.http import QueryDict
from django.utils import timezone

from core.fragments import FRAGMENTS, PAGE_FRAGMENTS
from disclosures import services
from disclosures.filtersets import DisclosureFilterSet
from disclosures.tests.factories import published
from disclosures.widgets import QuickTextInput

pytestmark = pytest.mark.django_db

PAGES = (
    "/",
    "/column/projects/",
    "/column/projects/?page=2",
    "/column/projects/approval_result/",
    "/column/resources/",
    "/column/welfare/",  # its urgent box
    "/column/welfare/?page=1",
    "/column/projects/?q=%E8%AE%B0%E5%BD%95&year={year}",
    "/column/projects/?department=999999",  # an invalid choice: the form shows its error
    "/column/projects/?year=abc",
    "/catalogue/",
    "/projects/",  # a library: its link in the header is the current page
    "/resources/blacklist/",
    "/open-data/",
    "/search/?q=%E8%AE%B0%E5%BD%95",
    "/search/?q=%E8%AE%B0%E5%BD%95&year={year}&department=999999",  # its filters: one applied, one an error
)


@pytest.fixture
def records(org):
    made = [published(org, title=f"记录{n}") for n in range(25)]
    made.append(published(org, title="资源记录", domain="resources", category="procurement"))
    made.append(published(org, title="暴雨灾害应急处置动态", domain="welfare", category="disaster_relief", urgent=True))
    return made


def kept() -> int:
    return len(FRAGMENTS._cache) + len(PAGE_FRAGMENTS._cache)


def test_pages_are_byte_for_byte_the_same_with_fragments_cold_warm_and_off(client, org, records, settings):
    urls = [url.format(year=timezone.localdate().year) for url in PAGES]
    settings.PORTAL_FRAGMENT_CACHE_SECONDS = 0
    rendered = {url: client.get(url).content for url in urls}
    assert kept() == 0
    settings.PORTAL_FRAGMENT_CACHE_SECONDS = 600
    cold = {url: client.get(url).content for url in urls}
    assert kept() > 0
    warm = {url: client.get(url).content for url in urls}
    for url in urls:
        assert cold[url] == rendered[url], url
        assert warm[url] == rendered[url], url


def test_a_withdrawn_record_leaves_the_list_though_its_row_was_kept(client, org, records):
    record = records[5]
    assert record.title in client.get("/column/projects/").content.decode()
    assert kept() > 0
    services.disclosure_withdraw(disclosure=record, actor=org.reviewer, reason="内容有误")
    page = client.get("/column/projects/").content.decode()
    assert f">{record.title}<" not in page


def test_a_department_renamed_in_the_admin_shows_its_new_name_in_kept_rows(client, org, records, admin_client):
    assert org.department.name in client.get("/column/projects/").content.decode()
    url = f"/admin/organizations/department/{org.department.pk}/change/"
    form = admin_client.get(url).context["adminform"].form
    data = {name: form[name].value() for name in form.fields}
    data = {name: ("" if value is None else value) for name, value in data.items() if value is not False}
    data.update({"name": "新名称规划局", "_save": "保存"})
    for prefix in (inline.formset.prefix for inline in admin_client.get(url).context["inline_admin_formsets"]):
        data.update({f"{prefix}-TOTAL_FORMS": 0, f"{prefix}-INITIAL_FORMS": 0})
    response = admin_client.post(url, data)
    assert response.status_code == 302, response.context["errors"] if response.context else response
    page = client.get("/column/projects/").content.decode()
    assert "新名称规划局" in page


def test_staff_never_read_or_write_fragments(client, org, records):
    client.force_login(org.clerk)
    client.get("/column/projects/")
    assert kept() == 0


def test_kept_fragments_leave_two_queries_on_a_column_page(client, org, records, django_assert_num_queries):
    client.get("/column/projects/?page=2")  # keeps the header, menus, option lists (the rows of page 2)
    client.get("/column/projects/")  # and the rows and urgent box of page 1
    # the generation of public content; the page's ids and the capped count in one scan on PostgreSQL, two
    # queries elsewhere (its rows are kept)
    with django_assert_num_queries(2 if connection.vendor == "postgresql" else 3):
        response = client.get("/column/projects/")
    assert response.status_code == 200


def test_a_kept_urgent_box_is_not_looked_up_again(client, org, records, monkeypatch):
    """The column's urgent records are read only to render their fragment: once kept, not even the query is
    built (and a rendering reads them once for its `if` and its `for`)."""
    from disclosures import views

    real = views.urgent_public_disclosures
    asked = []
    monkeypatch.setattr(views, "urgent_public_disclosures", lambda **kw: asked.append(kw) or real(**kw))
    first = client.get("/column/welfare/").content.decode()
    assert "暴雨灾害应急处置动态" in first and len(asked) == 1
    assert client.get("/column/welfare/").content.decode() == first
    assert client.get("/column/welfare/?page=1").content.decode() == first
    assert len(asked) == 1


def test_fragments_are_off_with_zero_seconds(client, org, records, settings):
    settings.PORTAL_FRAGMENT_CACHE_SECONDS = 0
    client.get("/column/projects/")
    assert kept() == 0


@pytest.mark.parametrize(
    ("value", "attrs"),
    [
        (None, {"id": "id_q"}),
        ("工程 <b>&\"", {"id": "id_q", "maxlength": "50", "required": True, "disabled": False}),
        ("", {"aria-invalid": "true", "placeholder": "如：低保"}),
    ],
)
def test_the_quick_text_input_is_django_s_text_input_byte_for_byte(value, attrs):
    assert QuickTextInput().render("q", value, attrs) == TextInput().render("q", value, attrs)


def test_filtersets_share_a_form_class_but_never_a_form():
    first = DisclosureFilterSet(QueryDict("year=abc"))
    second = DisclosureFilterSet(QueryDict("year=2026"))
    assert type(first.form) is type(second.form)
    assert not first.is_valid() and "year" in first.form.errors
    assert second.is_valid() and not second.form.errors
    assert first.form.fields["year"] is not second.form.fields["year"]


# ---------------------------------------------------------------------------------------------
# The search page (issue 24, part 1): its results are a fragment keyed by the words marked and the page's
# records; the office's synonym groups are read once per generation. The search itself runs every time.
# ---------------------------------------------------------------------------------------------
SEARCH = "/search/?q=%E8%AE%B0%E5%BD%95"  # 记录


def test_a_kept_search_page_reads_neither_its_rows_nor_the_synonyms(client, org, records, django_assert_num_queries, monkeypatch):
    from disclosures import search

    first = client.get(SEARCH).content.decode()
    assert "<mark>记录</mark>" in first
    excerpts = []
    real = search.excerpt
    monkeypatch.setattr(search, "excerpt", lambda *args, **kwargs: excerpts.append(args) or real(*args, **kwargs))
    # the generation; the search's transaction (a savepoint inside the test's, its release) with the statement
    # timeout (PostgreSQL) and the ids found; without Redis, the count of a search that found something (with
    # Redis it waits there: search_help.search_term_count). Elsewhere the search scans the text: its count and
    # its rows, and no statement timeout. Before: the synonym groups and the page's rows too.
    with django_assert_num_queries(5 if hasattr(cache, "hash_incr") else 6):
        again = client.get(SEARCH).content.decode()
    assert again == first
    assert excerpts == [], "no result highlighted again"


def test_a_withdrawn_record_leaves_the_search_results_though_they_were_kept(client, org, records):
    record = records[24]  # the newest: on the first page
    assert f"{record.title}<" in client.get(SEARCH).content.decode().replace("<mark>", "").replace("</mark>", "")
    services.disclosure_withdraw(disclosure=record, actor=org.reviewer, reason="内容有误")
    page = client.get(SEARCH).content.decode().replace("<mark>", "").replace("</mark>", "")
    assert f"{record.title}<" not in page
    assert "共找到 <strong>25</strong> 条" in page


def test_a_synonym_group_saved_widens_the_next_search_at_once(client, org, records):
    from disclosures import search_help
    from disclosures.models import SynonymGroup

    published(org, title="公共租赁住房租金标准")
    assert "共找到 <strong>0</strong> 条" in client.get("/search/", {"q": "公租房"}).content.decode()
    assert kept() > 0, "the groups (none yet) and the page's fragments were kept"
    search_help.synonym_group_save(actor=org.office, group=SynonymGroup(terms="公租房\n公共租赁住房"))
    page = client.get("/search/", {"q": "公租房"}).content.decode()
    assert "共找到 <strong>1</strong> 条" in page
    assert "同时检索了：公共租赁住房" in page
    assert "<mark>公共租赁住房</mark>" in page
    exact = client.get("/search/", {"q": "公租房", "exact": "1"}).content.decode()
    assert "共找到 <strong>0</strong> 条" in exact, "the exact-only search does not reuse the widened one"


def test_staff_searching_never_read_or_write_fragments(client, org, records):
    client.force_login(org.clerk)
    assert "<mark>记录</mark>" in client.get(SEARCH).content.decode()
    assert kept() == 0


def test_a_kept_pagination_is_its_own_for_each_list_s_parameters(client, org, records):
    year = timezone.localdate().year
    plain = client.get("/column/projects/").content.decode()
    assert 'href="?page=2"' in plain
    filtered = client.get(f"/column/projects/?year={year}").content.decode()
    assert f'href="?year={year}&amp;page=2"' in filtered
    assert f'<input type="hidden" name="year" value="{year}">' in filtered
    second = client.get("/column/projects/?page=2").content.decode()
    assert '<span class="pagination__current" aria-current="page">2</span>' in second
    assert client.get("/column/projects/").content.decode() == plain


def test_whole_pages_of_rows_and_results_are_kept_apart_from_the_parts(client, org, records):
    """A page of rows or results is ten to twenty times a part: a crawler walking pages fills its own, smaller
    store (PORTAL_FRAGMENT_CACHE_PAGES), not the parts' (core/fragments.py)."""
    client.get("/column/projects/")
    client.get(SEARCH)
    assert len(PAGE_FRAGMENTS._cache) == 2, "the column's rows and the search's results"
    assert max(map(len, FRAGMENTS._cache.values())) < min(map(len, PAGE_FRAGMENTS._cache.values()))
    assert PAGE_FRAGMENTS._max_entries == settings.PORTAL_FRAGMENT_CACHE_PAGES
