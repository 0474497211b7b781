"""Chinese full-text search: exact 2-, 3- and 4-character matches, long bodies, public records only."""

import pytest
from django.db import connection

from disclosures import search
from disclosures.models import SearchChunk
from disclosures.selectors import search_public
from disclosures.tests.factories import draft, in_state


def test_terms_are_overlapping_bigrams_and_words():
    assert search.terms("医疗保障G219国道") == ["医疗", "疗保", "保障", "g219", "国道"]
    assert search.terms("校验码" + "a" * (search.MAX_WORD + 1)) == ["校验", "验码"]  # no hash-like words
    assert search.lexemes("医疗医疗 G219") == "医疗 疗医 g219"  # distinct, as a tsvector literal
    assert search.query_parts("医疗保 河长 G219，") == [
        ("医疗保", ["医疗", "疗保"]),
        ("河长", ["河长"]),
        ("g219，", ["g219"]),
    ]


def test_long_text_is_chunked_with_overlap():
    text = "".join(chr(0x4E00 + i % 500) for i in range(search.CHUNK_CHARS * 2))
    chunks = search.chunks(text)
    assert len(chunks) == 3
    assert all(len(c) <= search.CHUNK_CHARS for c in chunks)
    for before, after in zip(chunks, chunks[1:], strict=False):
        assert before[-search.CHUNK_OVERLAP :] == after[: search.CHUNK_OVERLAP]
    assert search.chunks("ABC医疗") == ["abc医疗"]  # lower-cased, as queries are


@pytest.fixture(scope="module")
def corpus_image(module_image):
    return module_image(build_corpus)  # built once for the module: most tests here read it


@pytest.fixture
def corpus(restore_image, corpus_image):
    return restore_image(corpus_image)


def build_corpus(org):
    records = {
        "medical": in_state(org, "published", title="城乡居民基本医疗保险缴费标准", body="<p>参保缴费。</p>"),
        "split": in_state(org, "published", title="中医院疗养区改造", body="<p>医与疗分开出现，不应被“医疗”命中。</p>".replace("医疗", "")),
        "bidding": in_state(org, "published", title="道路工程施工招标公告", domain="projects", category="bidding"),
        "river": in_state(org, "published", title="全面推行河长制工作方案", body="<p>县级河长名单。</p>"),
        "draft": draft(org.clerk, org.department, title="草稿里的医疗招标河长"),
        "withdrawn": in_state(org, "withdrawn", title="已撤回的医疗信息"),
    }
    return records


def titles(query, **kwargs):
    return {r.title for r in search_public(query, **kwargs)}


def test_two_character_terms_find_exactly_the_records_containing_them(corpus):
    assert titles("医疗") == {"城乡居民基本医疗保险缴费标准"}
    assert titles("招标") == {"道路工程施工招标公告"}
    assert titles("河长") == {"全面推行河长制工作方案"}


def test_three_and_four_character_phrases(corpus):
    assert titles("医疗保") == {"城乡居民基本医疗保险缴费标准"}
    assert titles("医疗保险") == {"城乡居民基本医疗保险缴费标准"}
    assert titles("医疗险") == set()  # the characters exist but not in this order
    assert titles("河长 名单") == {"全面推行河长制工作方案"}


def test_unpublished_and_withdrawn_records_are_not_indexed(corpus):
    assert not SearchChunk.objects.filter(disclosure=corpus["draft"]).exists()
    assert not SearchChunk.objects.filter(disclosure=corpus["withdrawn"]).exists()
    assert "草稿里的医疗招标河长" not in titles("医疗")


def test_the_end_of_a_long_body_is_searchable(org):
    filler = "公开" * 20_000  # 40,000 characters: far beyond 16,383 tsvector positions
    record = in_state(org, "published", title="长文档", body=f"<p>{filler}结尾处的独特词语甲乙丙</p>")
    assert SearchChunk.objects.filter(disclosure=record).count() > 1
    assert titles("甲乙丙") == {"长文档"}


def test_search_page_highlights_and_filters(corpus, client):
    page = client.get("/search/", {"q": "医疗"}).content.decode()
    assert "共找到 <strong>1</strong> 条" in page
    assert "<mark>医疗</mark>" in page
    assert "草稿里的" not in page
    none = client.get("/search/", {"q": "医疗", "domain": "resources"}).content.decode()
    assert "共找到 <strong>0</strong> 条" in none


def test_search_page_query_count_is_constant(corpus, client, org, django_assert_max_num_queries):
    for n in range(15):
        in_state(org, "published", title=f"医疗救助资金{n}")
    # 6, and the search's own transaction: SET LOCAL statement_timeout on PostgreSQL and, inside the
    # test's transaction, a savepoint and its release; and search that helps (issue 23, part 6): the
    # office's synonym groups (one small table) and the count of a search that found something (one
    # INSERT … ON CONFLICT), neither growing with the results
    with django_assert_max_num_queries(11):
        assert client.get("/search/", {"q": "医疗"}).status_code == 200


@pytest.mark.postgres
def test_postgres_uses_the_gin_index(corpus):
    hits = SearchChunk.objects.filter(lexemes__has_terms=["医疗", "疗保"])
    assert {chunk.disclosure_id for chunk in hits} == {corpus["medical"].pk}
    with connection.cursor() as cursor:
        cursor.execute("SET enable_seqscan = off")
        plan = hits.explain()
        cursor.execute("RESET enable_seqscan")
    assert "searchchunk_lexemes_gin" in plan


@pytest.mark.postgres  # embedded mode scans the fields with icontains instead
def test_letters_and_digits_match_whole_words_and_parts_match_as_typed(org):
    in_state(org, "published", title="G219国道改建工程", body="<p>路线编号G219。</p>")
    in_state(org, "published", title="G2190支线", body="<p>另一条路线。</p>")
    in_state(org, "published", title="国道 G219 养护", body="<p>养护计划。</p>")
    assert titles("g219") == {"G219国道改建工程", "国道 G219 养护"}  # any case, whole word: not G2190
    assert titles("G219国道") == {"G219国道改建工程"}  # one part: these characters, in this order
    assert titles("G219 国道") == {"G219国道改建工程", "国道 G219 养护"}  # two parts: both, anywhere
    assert titles("国道改建") == {"G219国道改建工程"}
    assert titles("改建国道") == set()


@pytest.mark.postgres
def test_the_index_is_rebuilt_when_a_record_changes(org):
    from disclosures.search import index_record

    record = in_state(org, "published", title="乡村道路硬化工程", body="<p>硬化路面三公里。</p>")
    chunk = SearchChunk.objects.get(disclosure=record)
    assert "硬化路面三公里" in chunk.text and "乡村道路硬化工程" in chunk.text
    record.title = "乡村道路拓宽工程"
    record.save(update_fields=["title"])
    index_record(record)
    assert titles("拓宽") == {"乡村道路拓宽工程"}
    assert titles("道路硬化") == set()


def test_the_upgrade_migration_rebuilds_the_index_of_existing_records(org):
    """0009 replaced the bigram text of the chunks: an existing archive is indexed again from its records."""
    import importlib

    from django.apps import apps

    migration = importlib.import_module("disclosures.migrations.0009_search_lexemes")
    record = in_state(org, "published", title="既有记录的检索索引", body="<p>升级前已经发布。</p>")
    unpublished = draft(org.clerk, org.department, title="升级前的草稿")
    SearchChunk.objects.all().delete()  # what the schema change leaves: nothing usable
    migration._reindex(apps, None)
    chunk = SearchChunk.objects.get(disclosure=record)
    assert "升级前已经发布" in chunk.text and "既有" in chunk.lexemes
    assert not SearchChunk.objects.filter(disclosure=unpublished).exists()


def test_control_characters_in_the_query_are_dropped_not_a_server_error(corpus, client):
    """`/search/?q=%00ab` was a 500: PostgreSQL refuses a NUL byte in a string."""
    assert client.get("/search/?q=%00ab").status_code == 200
    page = client.get("/search/?q=%00%E5%8C%BB%E7%96%97%1B").content.decode()
    assert "共找到 <strong>1</strong> 条" in page
    assert 'value="医疗"' in page
    for raw in ("\x00", "\x7f\x00\x1f", "医疗\x00保险", "\u0085医疗"):
        assert client.get("/search/", {"q": raw}).status_code == 200


def test_searches_are_limited_per_client_address(corpus, client, settings):
    settings.PORTAL_SEARCH_RATE = "2/minute"
    settings.PORTAL_PROXY_COUNT = 1

    def search(forged, client_address="203.0.113.7", **extra):
        # behind one proxy: it appends the address it saw, the client may have written anything before it
        return client.get(
            "/search/",
            {"q": "医疗"},
            REMOTE_ADDR="10.0.0.1",
            HTTP_X_FORWARDED_FOR=f"{forged}, {client_address}",
            **extra,
        )

    assert search("198.51.100.1").status_code == 200
    assert search("198.51.100.2").status_code == 200
    refused = search("198.51.100.3", HTTP_ACCEPT="text/html")
    assert refused.status_code == 429
    assert "检索过于频繁" in refused.content.decode()
    assert int(refused["Retry-After"]) <= 60
    assert refused["Cache-Control"] == "no-store"
    assert search("198.51.100.4").json()["detail"].startswith("检索过于频繁")
    assert search("198.51.100.5", client_address="203.0.113.8").status_code == 200, "another reader"
    empty_form = client.get("/search/", REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR="203.0.113.7")
    assert empty_form.status_code == 200, "the search form without a query costs nothing"


@pytest.mark.postgres
def test_a_search_past_the_statement_timeout_says_so(corpus, client, settings, monkeypatch):
    from disclosures import search

    settings.PORTAL_SEARCH_TIMEOUT_MS = 1
    match_sql = search.match_sql

    def slow(*args, **kwargs):
        sql, params = match_sql(*args, **kwargs)
        return f"{sql} AND (SELECT TRUE FROM pg_sleep(0.2))", params

    monkeypatch.setattr(search, "match_sql", slow)  # where the search page's query looks it up
    response = client.get("/search/", {"q": "医疗"})
    assert response.status_code == 503
    page = response.content.decode()
    assert "检索超时，请缩小检索范围" in page
    assert "<mark>医疗</mark>" not in page
    monkeypatch.setattr(search, "match_sql", match_sql)
    settings.PORTAL_SEARCH_TIMEOUT_MS = 3000
    page = client.get("/search/", {"q": "医疗"}).content.decode()
    assert "共找到 <strong>1</strong> 条" in page, "the connection is usable after the cancelled statement"


@pytest.mark.postgres
def test_the_search_page_is_the_page_of_search_public_from_two_queries(corpus, org, monkeypatch, django_assert_num_queries):
    """`search_public_page` (issue 24, part 1): the same rows, order, count and page numbers as paging
    `search_public`, with one query for the ranked ids and one for the page's rows, under the cap and above."""
    import datetime

    from django.core.paginator import Paginator

    from disclosures.models import Disclosure
    from disclosures.selectors import search_public_page

    made = [
        in_state(org, "published", title=f"救助资金{'医疗' if n % 3 == 0 else ''}第{n}批", body="<p>医疗救助。</p>")
        for n in range(14)
    ]
    for n, record in enumerate(made):  # publication times out of id order: the order is not the ids'
        Disclosure.objects.filter(pk=record.pk).update(published_at=record.published_at - datetime.timedelta(hours=n * 7 % 11))
    for cap in (9, 100):
        monkeypatch.setattr(search, "SEARCH_CAP", cap)
        for sort in ("relevance", "newest"):
            for number in (1, 2, 3, 5, 99, "x", None):
                expected = Paginator(search_public("医疗", sort=sort), 4).get_page(number)
                with django_assert_num_queries(2):
                    page = search_public_page("医疗", number, per_page=4, sort=sort)
                    rows = [record.pk for record in page.object_list]
                assert rows == [record.pk for record in expected.object_list], (cap, sort, number)
                assert (page.number, page.paginator.count, page.paginator.num_pages) == (
                    expected.number, expected.paginator.count, expected.paginator.num_pages,
                )
    monkeypatch.setattr(search, "SEARCH_CAP", 9)
    assert search_public_page("医疗", 1, per_page=4).paginator.count == 10, "the cap's one more: 超过 9 条"


@pytest.mark.postgres
def test_the_written_out_search_query_narrows_by_each_filter_and_escapes_what_it_binds(org):
    """`search.newest_matches` is written as SQL (issue 24, part 1); the records it searches are the queryset's,
    compiled by the ORM. Checked here against the records themselves, filter by filter."""
    import datetime

    from django.utils import timezone

    from disclosures.models import Disclosure
    from disclosures.selectors import public_disclosures

    made = []
    for n, (domain, category) in enumerate(
        [("projects", "bidding"), ("resources", "housing"), ("welfare", "health"), ("projects", "approval_result")] * 3
    ):
        record = in_state(org, "published", title=f"第{n}号公示 100%完成 a_b", domain=domain, category=category)
        Disclosure.objects.filter(pk=record.pk).update(
            published_at=timezone.make_aware(datetime.datetime(2024 + n % 3, 6, 1 + n)),
            department=org.other_department if n % 2 else org.department,
        )
        made.append(Disclosure.objects.get(pk=record.pk))
    in_state(org, "published", title="不含检索词的记录", domain="projects", category="bidding")
    newest_first = sorted(made, key=lambda r: (r.published_at, r.pk), reverse=True)
    for narrowed in (
        {}, {"domain": "projects"}, {"category": "housing"}, {"department": org.other_department},
        {"published_at__year": 2025}, {"domain": "projects", "published_at__year": 2024},
    ):
        def kept(record, narrowed=narrowed):
            return all(
                (record.published_at.astimezone(timezone.get_current_timezone()).year == value)
                if name == "published_at__year" else getattr(record, name) == value
                for name, value in narrowed.items()
            )

        expected = [record.pk for record in newest_first if kept(record)]
        assert expected, narrowed
        records = public_disclosures().filter(**narrowed)
        assert search.newest_matches(records, "公示", cap=100) == expected, narrowed
        assert search.newest_matches(records, "公示", cap=2) == expected[:3], "the newest cap + 1"
        assert search.newest_matches(records, "100%完成", cap=100) == expected, "% is bound, not a wildcard"
        assert search.newest_matches(records, "100_完成", cap=100) == [], "nor is _"
        assert search.newest_matches(records, "a_b 公示", cap=100, title_rank=True) == [(pk, True) for pk in expected]
    assert search.newest_matches(public_disclosures(), "公示' OR '1'='1", cap=100) == []
    assert search.newest_matches(public_disclosures().none(), "公示", cap=100) == []
    with pytest.raises(ValueError):  # a condition on another table would need a join the query does not make
        search.newest_matches(public_disclosures().filter(department__name="县自然资源局"), "公示", cap=100)
