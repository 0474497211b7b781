"""
Search that helps (issue 23, part 6; disclosures/search_help.py): guidance and the most searched terms on the
empty search page, synonyms the 政务公开办 maintains that widen a query and never loosen it, the exact-only
search, related terms when nothing is found, and the header's example finding something in the demo.

Runs on PostgreSQL (the index) and SQLite (the scan) alike.
"""

import datetime
import re
from pathlib import Path

import pytest
from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.urls import reverse

from core.caching import public_generation
from core.exceptions import ActionForbidden
from core.models import AuditEntry
from disclosures import search, search_help
from disclosures.models import SearchTermCount, SynonymGroup
from disclosures.selectors import search_public
from disclosures.tests.factories import in_state
from disclosures.tests.pii_samples import id18, mobile
from tests.clock import TEST_TODAY

pytestmark = pytest.mark.django_db

rng = __import__("random").Random(20261207)
ID = id18(rng)
MOBILE = mobile(rng)

TITLES = {
    "short": "公租房配租名单公示",
    "long": "公共租赁住房租金标准调整的通知",
    "both": "公租房（公共租赁住房）申请指南",
    "other": "保障性住房建设计划",
    "subsidy": "城市低保标准调整",
    "full": "最低生活保障资金发放情况",
}


@pytest.fixture
def corpus(org):
    records = {key: in_state(org, "published", title=title, body=f"<p>{title}。</p>") for key, title in TITLES.items()}
    records["rent"] = in_state(org, "published", title="住房保障政策解读", body="<p>公共租赁住房的租金按市场租金的七成确定。</p>")
    office = org.office
    search_help.synonym_group_save(actor=office, group=SynonymGroup(terms="公租房\n公共租赁住房"))
    search_help.synonym_group_save(actor=office, group=SynonymGroup(terms="低保、最低生活保障"))
    return records


def titles(query, **kwargs) -> set[str]:
    return {record.title for record in search_public(query, **kwargs)}


def page(client, **params) -> str:
    response = client.get("/search/", params)
    assert response.status_code == 200
    return response.content.decode()


# ---------------------------------------------------------------------------------------------
# Synonyms widen, never loosen
# ---------------------------------------------------------------------------------------------
def test_a_synonym_widens_the_query(corpus):
    synonyms = search_help.query_synonyms("公租房")
    assert synonyms == {"公租房": ["公共租赁住房"]}
    assert titles("公租房") == {TITLES["short"], TITLES["both"]}, "exact: only the word typed"
    assert titles("公租房", synonyms=synonyms) == {
        TITLES["short"], TITLES["long"], TITLES["both"], "住房保障政策解读"
    }
    assert titles("公共租赁住房", synonyms=search_help.query_synonyms("公共租赁住房")) == titles(
        "公租房", synonyms=synonyms
    ), "both ways"
    assert titles("低保", synonyms=search_help.query_synonyms("低保")) == {TITLES["subsidy"], TITLES["full"]}


@pytest.mark.parametrize(
    "query",
    ["公租房", "公共租赁住房", "公租房 租金", "租金 公共租赁住房", "低保 调整", "公租房 申请", "住房 公租房", "低保 公租房"],
)
def test_every_result_contains_each_typed_word_or_one_of_its_synonyms(corpus, query):
    synonyms = search_help.query_synonyms(query)
    parts = search.alternatives(query, synonyms)
    results = list(search_public(query, synonyms=synonyms))
    for record in results:
        text = search.document_text(record).lower()
        for words in parts:
            assert any(word in text for word in words), f"{record.title} lacks every one of {words}"
    # …and nothing that holds them is left out (the widening is exactly an OR per typed word)
    expected = {
        record.title
        for record in corpus.values()
        if all(any(word in search.document_text(record).lower() for word in words) for words in parts)
    }
    assert {record.title for record in results} == expected


def test_two_words_are_both_required_the_synonym_only_standing_for_its_own_word(corpus):
    synonyms = search_help.query_synonyms("公租房 租金")
    assert titles("公租房 租金", synonyms=synonyms) == {TITLES["long"], "住房保障政策解读"}
    assert titles("公租房 租金") == set(), "exact-only: no record holds both words as typed"


def test_the_page_names_the_synonyms_used_and_offers_the_exact_search(corpus, client):
    widened = page(client, q="公租房")
    assert "共找到 <strong>4</strong> 条" in widened
    assert "同时检索了：公共租赁住房" in widened
    assert "<mark>公共租赁住房</mark>" in widened, "the synonym is marked where it was found"
    link = re.search(r'<a href="\?([^"]*exact=1[^"]*)">只检索“公租房”</a>', widened)
    assert link, "a link to the exact-only search"
    exact = client.get("/search/?" + link.group(1).replace("&amp;", "&")).content.decode()
    assert "共找到 <strong>2</strong> 条" in exact
    assert TITLES["long"] not in exact
    assert "同时检索了" not in exact
    assert "同时检索公共租赁住房</a>" in exact, "and back to the widened search"


def test_nothing_found_suggests_related_terms_as_links(corpus, client):
    nothing = page(client, q="公租房补贴")
    assert "没有找到包含“公租房补贴”的公开信息" in nothing
    assert "试试相关的词" in nothing
    for word in ("公租房", "公共租赁住房"):
        assert f'<a class="term-link" href="?q={word}"'.replace(word, _quoted(word)) in nothing, word
    assert search_help.related_terms("公租房 补贴", searched={"公租房": ["公共租赁住房"]}) == ["公租房", "补贴"], (
        "each typed word alone; a synonym the search was widened with is not suggested again"
    )
    assert search_help.related_terms("公租房", searched={"公租房": ["公共租赁住房"]}) == []
    assert search_help.related_terms("公租房", searched={}) == ["公共租赁住房"], "after the exact-only search"


def _quoted(word: str) -> str:
    from urllib.parse import quote

    return quote(word)


def test_without_synonyms_the_search_is_as_before(org, client):
    in_state(org, "published", title="公租房配租名单公示")
    in_state(org, "published", title="公共租赁住房租金标准")
    assert search_help.query_synonyms("公租房") == {}
    html = page(client, q="公租房")
    assert "共找到 <strong>1</strong> 条" in html
    assert "同时检索" not in html


# ---------------------------------------------------------------------------------------------
# The groups: the office keeps them in the admin
# ---------------------------------------------------------------------------------------------
def test_a_group_is_checked(org):
    search_help.synonym_group_save(actor=org.office, group=SynonymGroup(terms="公租房\n公共租赁住房"))
    for terms, message in [
        ("公租房", "至少填写两个"),
        ("公租房\n公共租赁住房保障", "已在同义词组"),
        ("低保 最低生活保障 低", "2—20个字"),
        (f"低保\n{MOBILE}", "不得包含个人信息"),
        ("低保\n最低生活保障\n低保户a", ""),
    ]:
        group = SynonymGroup(terms=terms)
        if not message:
            group.full_clean()
            continue
        with pytest.raises(ValidationError) as refused:
            group.full_clean()
        assert message in " ".join(refused.value.message_dict["terms"]), terms
    group = SynonymGroup(terms=" 低保、最低生活保障，低保\n\n")
    group.full_clean()
    assert group.terms == "低保\n最低生活保障", "one word a line, each once"


def test_only_the_office_saves_a_group_and_saving_refreshes_the_cached_pages(org):
    with pytest.raises(ActionForbidden):
        search_help.synonym_group_save(actor=org.clerk, group=SynonymGroup(terms="环评\n环境影响评价"))
    before = public_generation()
    group = search_help.synonym_group_save(actor=org.office, group=SynonymGroup(terms="环评\n环境影响评价"))
    assert public_generation() == before + 1
    row = AuditEntry.objects.get(action="synonyms.create")
    assert row.action_label == "新增检索同义词" and row.data["terms"] == [None, ["环评", "环境影响评价"]]
    group.terms = "环评\n环境影响评价\n环境影响报告"
    search_help.synonym_group_save(actor=org.office, group=group)
    assert public_generation() == before + 2
    search_help.synonym_group_delete(actor=org.office, group=group)
    assert public_generation() == before + 3
    assert AuditEntry.objects.filter(action__startswith="synonyms.").count() == 3


def test_the_admin_is_the_offices(org, client):
    changelist = reverse("admin:disclosures_synonymgroup_changelist")
    add = reverse("admin:disclosures_synonymgroup_add")
    for user in (org.clerk, org.reviewer, org.signer):
        client.force_login(user)
        assert client.get(changelist).status_code == 403
        assert client.post(add, {"terms": "环评\n环境影响评价"}).status_code == 403
        assert "检索同义词" not in client.get(reverse("admin:index")).content.decode()
    assert not SynonymGroup.objects.exists()
    client.force_login(org.office)
    assert "检索同义词" in client.get(reverse("admin:index")).content.decode()
    before = public_generation()
    response = client.post(add, {"terms": "环评、环境影响评价"})
    assert response.status_code == 302, response.content.decode()[:2000]
    group = SynonymGroup.objects.get()
    assert group.term_list() == ["环评", "环境影响评价"] and group.updated_by == org.office
    assert public_generation() == before + 1, "cached search pages are not served after the change"
    refused = client.post(add, {"terms": "环评\n环保评价"})
    assert refused.status_code == 200 and "已在同义词组" in refused.content.decode()
    change = reverse("admin:disclosures_synonymgroup_change", args=[group.pk])
    assert client.get(change).status_code == 200
    delete = reverse("admin:disclosures_synonymgroup_delete", args=[group.pk])
    assert client.post(delete, {"post": "yes"}).status_code == 302
    assert not SynonymGroup.objects.exists()
    assert AuditEntry.objects.filter(action="synonyms.delete").exists()


# ---------------------------------------------------------------------------------------------
# The empty query: guidance and the most searched terms
# ---------------------------------------------------------------------------------------------
def test_the_empty_query_explains_how_to_search(org, client):
    html = page(client)
    assert "怎样检索" in html
    assert "两个字以上" in html and "同时含有每个词" in html and "意思相同的说法" in html
    assert "领域、年份、责任单位" in html and "发布时间" in html
    for word in search_help.EXAMPLES:
        assert f'href="?q={_quoted(word)}"' in html, word
    assert "大家都在搜" not in html, "nothing counted yet"


def test_searches_that_found_something_are_the_most_searched_terms(corpus, client, settings):
    settings.PORTAL_SEARCH_RATE = ""
    settings.PORTAL_PAGE_SIZE = 2  # 住房: 5 records, three pages
    for _ in range(search_help.MIN_COUNT):
        page(client, q="公租房")
        page(client, q="低保")
        page(client, q="查无此词")  # found nothing: never counted
        page(client, q="住房", page="2")  # a next page is the same search: not counted again
    for _ in range(search_help.MIN_COUNT - 1):
        page(client, q="调整")  # searched too rarely to be "most searched"
    page(client, q="住房")
    # With Redis the counts wait there for the job that writes them each minute; without it they are written
    # at once (test_cache_outage.py: Redis failing).
    waiting = hasattr(cache, "hash_incr")
    assert SearchTermCount.objects.exists() is not waiting
    assert search_help.search_terms_flush() == (9 if waiting else 0)
    assert set(SearchTermCount.objects.values_list("term", "count")) == {
        ("公租房", 3), ("低保", 3), ("调整", 2), ("住房", 1)
    }
    html = page(client)
    popular = re.search(r"大家都在搜</h2>(.*?)</ol>", html, re.S).group(1)
    assert re.findall(r">([^<>]+)</a>", popular) == ["低保", "公租房"]
    assert "查无此词" not in html and "调整" not in popular


def test_nothing_personal_is_kept_and_what_looks_personal_is_never_shown(corpus, org, client, settings):
    settings.PORTAL_SEARCH_RATE = ""
    in_state(org, "published", title="监督举报电话 0871-12345678 公示")
    for _ in range(3):
        page(client, q=MOBILE)
        page(client, q=ID)
        assert "共找到 <strong>1</strong> 条" in page(client, q="0871-12345678")
    assert search_help.search_terms_flush() == 0
    assert not SearchTermCount.objects.exists(), "found nothing, or a number found: not counted"
    assert [field.name for field in SearchTermCount._meta.get_fields()] == ["id", "term", "day", "count"], (
        "a term, a day and a count: never an address, a session or a user"
    )
    # Rows a guard rule did not yet refuse (or typed straight into the table) are checked again before shown.
    for term in (MOBILE, ID, f"电话{MOBILE}", "12345678", "公租房"):
        SearchTermCount.objects.create(term=term[:20], day=TEST_TODAY, count=50)
    cache.clear()
    popular = re.search(r"大家都在搜</h2>(.*?)</ol>", page(client), re.S).group(1)
    assert re.findall(r">([^<>]+)</a>", popular) == ["公租房"]
    for term in (MOBILE, ID, "身份证号" + ID, "12345678901", "a" * 21, "公"):
        assert search_help.counted_term(term) == "", term
    assert search_help.counted_term("  G219  国道 ") == "g219 国道"


@pytest.mark.clock("2026-11-23T10:00")
def test_the_list_covers_the_last_30_days_is_cached_and_old_counts_are_pruned(org, client, django_assert_num_queries):
    today = datetime.date(2026, 11, 23)
    SearchTermCount.objects.bulk_create([
        SearchTermCount(term="公租房", day=today, count=3),
        SearchTermCount(term="低保", day=today - datetime.timedelta(days=29), count=9),
        SearchTermCount(term="招标", day=today - datetime.timedelta(days=30), count=20),  # a day too old
        SearchTermCount(term="征收", day=today - datetime.timedelta(days=search_help.KEEP_DAYS), count=1),
    ])
    assert search_help.popular_terms() == ["低保", "公租房"]
    SearchTermCount.objects.filter(term="公租房").update(count=30)
    with django_assert_num_queries(0):
        assert search_help.popular_terms() == ["低保", "公租房"], "from the cache"
    assert search_help.search_terms_prune() == 1
    assert not SearchTermCount.objects.filter(term="征收").exists()
    assert search_help.search_terms_prune() == 0, "safe to run twice"
    assert settings.CELERY_BEAT_SCHEDULE["prune-search-terms-daily-02:10"]["task"] == "disclosures.tasks.prune_search_terms"


def test_the_empty_search_page_costs_one_query_once_cached(org, client, django_assert_max_num_queries):
    SearchTermCount.objects.create(term="公租房", day=TEST_TODAY, count=5)
    page(client)
    with django_assert_max_num_queries(1):  # the 责任单位 choice of the filters; the terms from the cache
        assert "公租房" in page(client)


# ---------------------------------------------------------------------------------------------
# The demo: the header's example and the page's examples find something
# ---------------------------------------------------------------------------------------------
def header_examples() -> list[str]:
    base = (Path(settings.BASE_DIR) / "templates" / "base.html").read_text(encoding="utf-8")
    placeholder = re.search(r'id="site-search-q"[^>]*placeholder="([^"]*)"', base).group(1)
    return re.split(r"[、，,]", placeholder.split("如：", 1)[1])


def test_the_header_and_page_examples_find_records_in_the_demo(demo_county, client, settings):
    settings.PORTAL_SEARCH_RATE = ""
    examples = header_examples()
    assert examples and all(examples), "the header's placeholder gives an example (如：…)"
    for word in [*examples, *search_help.EXAMPLES]:
        assert search_public(word).exists(), f"{word}: nothing found even as typed"
        html = page(client, q=word, exact="1")
        found = int(re.search(r"共找到 <strong>(\d+)</strong> 条", html).group(1))
        assert found >= 1, word


def test_the_demo_has_synonyms_and_most_searched_terms(demo_county, client):
    html = page(client)
    assert "大家都在搜" in html and ">低保</a>" in html
    widened = page(client, q="公租房")
    assert "同时检索了：公共租赁住房" in widened


def test_counts_written_in_batches_are_all_or_nothing(org, monkeypatch):
    """More terms than one INSERT takes (ROWS_PER_INSERT): a batch failing after another adds nothing, so the
    counts search_terms_flush puts back after a failed write are never counted twice."""
    from django.db import DatabaseError, connection

    counts = {(f"检索词{n:03d}", TEST_TODAY): 1 for n in range(search_help.ROWS_PER_INSERT + 5)}
    real_execute = type(connection.cursor().cursor).execute
    calls = []

    def second_fails(cursor, sql, *args, **kwargs):
        if "searchtermcount" in str(sql):
            calls.append(sql)
            if len(calls) == 2:
                raise DatabaseError("the second batch failed")
        return real_execute(cursor, sql, *args, **kwargs)

    monkeypatch.setattr(type(connection.cursor().cursor), "execute", second_fails)
    with pytest.raises(DatabaseError):
        search_help.add_counts(counts)
    monkeypatch.undo()
    assert len(calls) == 2 and not SearchTermCount.objects.exists(), "the first batch was not kept"
    search_help.add_counts(counts)
    assert SearchTermCount.objects.count() == len(counts)
    assert set(SearchTermCount.objects.values_list("count", flat=True)) == {1}
