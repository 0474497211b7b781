"""
Issue 24, part 2: API pages in constant time at any depth.

- `?cursor=` walks a list by keyset (disclosures/api/pagination.py): every public record once, in the
  list's order, none unpublished; records published during a walk neither repeat nor hide older ones; a
  bad cursor is a 400 naming `cursor`; each page costs the same queries, and on PostgreSQL the records'
  page is read from the partial public index (migration 0008) in its order, without a sort.
- `?page=` keeps its shape; its count stops at PORTAL_API_COUNT_CAP and `count_is_exact` says so.
- Both answers match the published OpenAPI document (tests/test_api_conformance.py's validator).
"""

import base64
import datetime
import json
from urllib.parse import parse_qs, urlsplit

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from rest_framework.test import APIClient

from disclosures.api.pagination import Keyset
from disclosures.models import Disclosure
from disclosures.selectors import public_disclosures
from disclosures.tests.factories import in_state, published

from .test_api_conformance import Document, client_of, list_templates

pytestmark = pytest.mark.django_db

LIST_URL = "/api/v1/disclosures/"


@pytest.fixture
def api(settings):
    settings.PORTAL_API_ANON_RATE = ""
    return APIClient()


@pytest.fixture
def records(org):
    """Seven public records: two sharing a publication instant (the id breaks the tie), and one record of
    each kind the public may not list."""
    rows = [published(org, title=f"游标测试{number}") for number in range(7)]
    base = rows[0].published_at
    for number, row in enumerate(rows):
        moment = base - datetime.timedelta(hours=(3 if number in (2, 3) else number))
        Disclosure.objects.filter(pk=row.pk).update(published_at=moment)
    in_state(org, "submitted", title="未发布的记录")
    published(org, title="不予公开的记录", disclosure_mode="not_disclosed", mode_reason="属于国家秘密")
    return rows


def local(url: str | None) -> str | None:
    return urlsplit(url)._replace(scheme="", netloc="").geturl() if url else None


def walk(client, url: str) -> tuple[list[int], int]:
    """Follow the `next` links from `url`: the ids in the order read, and the number of requests."""
    ids, requests = [], 0
    while url:
        response = client.get(url)
        assert response.status_code == 200, response.content
        body = response.json()
        assert "count" not in body and "count_is_exact" not in body
        ids += [row["id"] for row in body["results"]]
        url, requests = local(body["next"]), requests + 1
    return ids, requests


def expected_order() -> list[int]:
    return list(public_disclosures().order_by("-published_at", "-pk").values_list("pk", flat=True))


class TestCursorWalk:
    def test_every_public_record_once_in_order(self, api, records):
        ids, requests = walk(api, f"{LIST_URL}?cursor=&page_size=2")
        assert ids == expected_order() and len(ids) == 7  # not the unpublished or the 不予公开 one
        assert not Disclosure.objects.filter(pk__in=ids).exclude(status="published").exists()
        assert not Disclosure.objects.filter(pk__in=ids, disclosure_mode="not_disclosed").exists()
        assert requests == 4

    def test_the_order_is_the_page_numbers_order(self, api, records):
        pages = [api.get(LIST_URL, {"page": page, "page_size": 3}).json()["results"] for page in (1, 2, 3)]
        assert [row["id"] for page in pages for row in page] == walk(api, f"{LIST_URL}?cursor=&page_size=3")[0]

    def test_filters_and_ordering_are_kept_in_the_links(self, api, records, org):
        ordered, _ = walk(api, f"{LIST_URL}?cursor=&page_size=2&ordering=published_at")
        assert ordered == expected_order()[::-1]
        body = api.get(LIST_URL, {"cursor": "", "page_size": 2, "domain": "projects"}).json()
        assert parse_qs(urlsplit(body["next"]).query)["domain"] == ["projects"]

    def test_previous_links_walk_back(self, api, records):
        body = api.get(LIST_URL, {"cursor": "", "page_size": 3}).json()
        assert body["previous"] is None
        second = api.get(local(body["next"])).json()
        third = api.get(local(second["next"])).json()
        back = api.get(local(third["previous"])).json()
        assert [row["id"] for row in back["results"]] == [row["id"] for row in second["results"]]
        first = api.get(local(back["previous"])).json()
        assert [row["id"] for row in first["results"]] == [row["id"] for row in body["results"]]
        assert first["previous"] is None and first["next"]

    def test_records_published_during_a_walk_do_not_shift_it(self, api, records, org):
        before = expected_order()
        body = api.get(LIST_URL, {"cursor": "", "page_size": 3}).json()
        seen = [row["id"] for row in body["results"]]
        newcomer = published(org, title="翻页期间发布的记录")  # newest: sorts before the walk's position
        rest, _ = walk(api, local(body["next"]))
        seen += rest
        assert seen == before and newcomer.pk not in seen

    def test_staff_walk_their_unpublished_records_too(self, api, records, org):
        """A clerk's list holds drafts without a publication date (NULL): they come first, as PostgreSQL
        sorts `-published_at`, on every database, each once."""
        in_state(org, "draft", title="草稿二")
        api.force_authenticate(user=org.clerk)
        ids, _ = walk(api, f"{LIST_URL}?cursor=&page_size=2")
        visible = api.get(LIST_URL, {"page_size": 100}).json()
        assert sorted(ids) == sorted(row["id"] for row in visible["results"]) and len(set(ids)) == len(ids)
        unpublished = set(Disclosure.objects.filter(pk__in=ids, published_at__isnull=True).values_list("pk", flat=True))
        assert len(unpublished) == 2 and set(ids[:2]) == unpublished
        if connection.vendor == "postgresql":
            assert ids == [row["id"] for row in visible["results"]]
        back = api.get(LIST_URL, {"cursor": "", "page_size": 3}).json()
        second = api.get(local(back["next"])).json()
        assert [row["id"] for row in api.get(local(second["previous"])).json()["results"]] == ids[:3]

    def test_an_ordering_through_a_relation(self, api, org):
        """Departments are listed by their jurisdiction's code first (`jurisdiction__code`)."""
        pages, url = [], "/api/v1/departments/?page_size=2"
        while url:
            body = api.get(url).json()
            pages += [row["id"] for row in body["results"]]
            url = local(body["next"])
        assert walk(api, "/api/v1/departments/?cursor=&page_size=2")[0] == pages and len(pages) > 2

    def test_the_cursor_wins_over_a_page(self, api, records):
        body = api.get(LIST_URL, {"cursor": "", "page": 2, "page_size": 2}).json()
        assert [row["id"] for row in body["results"]] == expected_order()[:2]
        assert "page=" not in body["next"]


class TestBadCursor:
    @pytest.mark.parametrize("cursor", ["abc", "!!!", "eyJ4IjoxfQ", "x" * 5000, "bnVsbA"])
    def test_a_400_in_chinese_naming_cursor(self, api, records, cursor):
        response = api.get(LIST_URL, {"cursor": cursor})
        assert response.status_code == 400
        assert "游标无效" in response.json()["cursor"][0]

    def test_a_cursor_of_another_ordering(self, api, records):
        cursor = parse_qs(urlsplit(api.get(LIST_URL, {"cursor": "", "page_size": 2}).json()["next"]).query)["cursor"][0]
        response = api.get(LIST_URL, {"cursor": cursor, "ordering": "formed_on"})
        assert response.status_code == 400 and "排序" in response.json()["cursor"][0]

    def test_a_tampered_value(self, api, records):
        keyset = Keyset(public_disclosures().order_by("-published_at", "-pk"), 2, "cursor")
        for values in (["not a date", 1], ["2026-01-01T00:00:00+08:00", "x"], [None, None], ["2026-01-01T00:00:00+08:00"]):
            payload = json.dumps({"o": keyset.signature, "v": values, "b": False})
            cursor = base64.urlsafe_b64encode(payload.encode()).decode()
            response = api.get(LIST_URL, {"cursor": cursor})
            assert response.status_code == 400 and "游标无效" in response.json()["cursor"][0]


class TestCappedCount:
    def test_below_the_cap_the_count_is_exact(self, api, records, settings):
        settings.PORTAL_API_COUNT_CAP = 7
        body = api.get(LIST_URL, {"page_size": 2}).json()
        assert (body["count"], body["count_is_exact"]) == (7, True)

    def test_above_the_cap_the_count_is_a_lower_bound(self, api, records, settings):
        settings.PORTAL_API_COUNT_CAP = 6
        body = api.get(LIST_URL, {"page_size": 2}).json()
        assert (body["count"], body["count_is_exact"]) == (6, False)
        assert body["next"] and len(body["results"]) == 2

    def test_deep_pages_count_one_page_past_themselves(self, api, records, settings):
        settings.PORTAL_API_COUNT_CAP = 2
        body = api.get(LIST_URL, {"page_size": 2, "page": 2}).json()
        assert (body["count"], body["count_is_exact"]) == (6, False)
        last = api.get(LIST_URL, {"page_size": 2, "page": 4}).json()
        assert (last["count"], last["count_is_exact"], last["next"]) == (7, True, None)

    def test_last_counts_exactly(self, api, records, settings):
        settings.PORTAL_API_COUNT_CAP = 2
        body = api.get(LIST_URL, {"page_size": 3, "page": "last"}).json()
        assert (body["count"], body["count_is_exact"], len(body["results"])) == (7, True, 1)

    def test_a_page_past_the_end_is_still_a_400(self, api, records, settings):
        settings.PORTAL_API_COUNT_CAP = 2
        response = api.get(LIST_URL, {"page_size": 2, "page": 9})
        assert response.status_code == 400 and "1 到 4" in response.json()["page"][0]


class TestCost:
    def test_every_cursor_page_costs_the_same_queries(self, api, org):
        for number in range(25):
            published(org, title=f"记录{number}")
        url, counts = f"{LIST_URL}?cursor=&page_size=5", []
        while url:
            with CaptureQueriesContext(connection) as queries:
                body = api.get(url).json()
            counts.append(len(queries))
            url = local(body["next"])
        with CaptureQueriesContext(connection) as paged:
            api.get(LIST_URL, {"page_size": 5})
        # No count: one query fewer than a numbered page; the same on page 1 and page 5.
        assert len(counts) == 5 and len(set(counts)) == 1 and counts[0] == len(paged) - 1

    @pytest.mark.postgres
    def test_postgresql_reads_the_page_from_the_public_index_without_sorting(self, records):
        if connection.vendor != "postgresql":
            pytest.skip("PostgreSQL's plan")
        keyset = Keyset(public_disclosures().order_by("-published_at", "-pk"), 20, "cursor")
        keyset.page("")
        cursor = keyset.encode(keyset.rows[3], backwards=False)
        with connection.cursor() as db:  # a handful of rows: tell the planner that a scan of the table costs,
            # and that sorting does: then only an index that yields this order gives a plan without Sort (on a
            # tiny table the planner otherwise picks any index and sorts the five rows, which proves nothing)
            for setting in ("enable_seqscan", "enable_bitmapscan", "enable_sort"):
                db.execute(f"SET LOCAL {setting} = off")
        for queryset in (keyset.rows_after("")[0], keyset.rows_after(cursor)[0]):
            plan = queryset.explain()
            assert "disclosure_public_recent" in plan and "Sort" not in plan, plan


@pytest.mark.postgres
class TestSchema:
    @pytest.fixture
    def document(self, demo_county, settings) -> Document:
        settings.PORTAL_API_ANON_RATE = settings.PORTAL_API_USER_RATE = ""
        return Document(APIClient().get("/api/schema/", {"format": "json"}).json())

    def test_the_parameter_and_the_field_are_documented(self, document):
        operation = document.operation(LIST_URL)
        assert "cursor" in {parameter["name"] for parameter in operation["parameters"]}
        page = operation["responses"]["200"]["content"]["application/json"]["schema"]
        assert "count_is_exact" in json.dumps(document.document["components"]["schemas"]) or "count_is_exact" in json.dumps(page)

    @pytest.mark.parametrize("viewer", ["anonymous", "office"])
    def test_every_list_walked_by_cursor_matches_the_schema(self, document, viewer, settings):
        client = client_of(viewer)
        errors, walked = [], 0
        for template in list_templates(document):
            url = template + "?cursor=&page_size=50"
            while url:
                response = client.get(url)
                errors += document.errors(template, "get", response)
                body = json.loads(response.content) if response.content else None
                # every list's ordering can be walked (a 400 here is about another parameter, a 401 staff-only)
                assert not (isinstance(body, dict) and "cursor" in body and response.status_code == 400), template
                if response.status_code != 200 or not isinstance(body, dict) or "results" not in body:
                    break
                assert "count" not in body, template
                walked += 1
                url = local(body["next"])
        assert not errors, "\n".join(errors[:20])
        assert walked > len(list_templates(document)) // 2

    def test_a_capped_count_matches_the_schema(self, document, settings):
        settings.PORTAL_API_COUNT_CAP = 5
        response = APIClient().get(LIST_URL, {"page_size": 2})
        assert response.json()["count_is_exact"] is False
        assert not document.errors(LIST_URL, "get", response)
        bad = APIClient().get(LIST_URL, {"cursor": "abc"})
        assert bad.status_code == 400 and not document.errors(LIST_URL, "get", bad)


def test_the_benchmark_builds_the_cursor_the_next_links_reach(api, records, settings):
    """`make bench` times page 500 by its cursor, built from the keyset directly (benchmarks/…/bench.py)."""
    from benchmarks.management.commands.bench import Command

    settings.PORTAL_API_PAGE_SIZE = 2
    url = f"{LIST_URL}?cursor="
    for _ in range(2):
        url = local(api.get(url).json()["next"])
    assert parse_qs(urlsplit(url).query)["cursor"] == [Command().api_cursor(page=3)]
