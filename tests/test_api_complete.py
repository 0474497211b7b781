"""API v1 as open data: reference endpoints, statistics, pagination limits, throttling and bad input."""

import datetime

import pytest
from django.core.cache import cache
from django.utils import timezone
from rest_framework.test import APIClient

from disclosures.models import Disclosure
from disclosures.tests.factories import in_state, published
from organizations.tests.factories import DepartmentFactory


@pytest.fixture
def api():
    return APIClient()


@pytest.mark.django_db
class TestReferenceData:
    def test_jurisdictions_with_their_deadlines(self, api, org):
        data = api.get("/api/v1/jurisdictions/").json()
        by_code = {row["code"]: row for row in data["results"]}
        assert by_code["TT"]["parent"] == org.county.pk
        assert by_code["TC"]["level_label"] == "县/区"
        assert by_code["TC"]["deadline_days"] == org.county.deadline_days
        town_only = api.get("/api/v1/jurisdictions/", {"parent": org.county.pk}).json()
        assert [row["code"] for row in town_only["results"]] == ["TT"]

    def test_departments_filter_by_jurisdiction_including_lower_ones(self, api, org):
        data = api.get("/api/v1/departments/", {"jurisdiction": org.county.pk, "page_size": 100}).json()
        codes = {row["code"] for row in data["results"]}
        assert {"FGW", "ZRZY", "ZFB", "TTDZB"} <= codes
        town = api.get("/api/v1/departments/", {"jurisdiction": org.town.pk}).json()
        assert [row["code"] for row in town["results"]] == ["TTDZB"]
        offices = api.get("/api/v1/departments/", {"is_office": "true"}).json()
        assert [row["code"] for row in offices["results"]] == ["ZFB"]

    def test_departments_never_show_people(self, api, org):
        row = api.get(f"/api/v1/departments/{org.department.pk}/").json()
        assert set(row) == {"id", "name", "code", "jurisdiction", "jurisdiction_name", "is_office", "email", "phone"}

    def test_catalogue_shares_the_page_filters(self, api, client, org):
        data = api.get("/api/v1/catalogue/", {"domain": "resources", "page_size": 100}).json()
        assert data["count"] > 0
        assert {row["domain"] for row in data["results"]} == {"resources"}
        entry = data["results"][0]
        assert entry["limit_kind_label"] and entry["mode_label"]
        html = client.get("/catalogue/", {"domain": "resources"}).content.decode()
        assert entry["level2"] in html
        resource_texts = {row["content"] for row in data["results"]}
        projects_only = [
            row["content"]
            for row in api.get("/api/v1/catalogue/", {"domain": "projects", "page_size": 100}).json()["results"]
            if row["content"] not in resource_texts
        ]
        assert projects_only and not any(text in html for text in projects_only)

    def test_unknown_filter_value_is_a_400_naming_the_field(self, api, org):
        response = api.get("/api/v1/catalogue/", {"domain": "nowhere"})
        assert response.status_code == 400
        assert "domain" in response.json()
        response = api.get("/api/v1/departments/", {"jurisdiction": "999999"})
        assert response.status_code == 400
        assert "jurisdiction" in response.json()


@pytest.mark.django_db
class TestStatistics:
    def test_counts_per_domain_and_category_with_timeliness(self, api, org):
        on_time = published(org, title="按时的批复", category="approval_result")
        late = published(org, title="逾期的招标公告", category="bidding")
        Disclosure.objects.filter(pk=late.pk).update(late_working_days=3)
        in_state(org, "submitted", title="未发布的不计入", category="approval_result")
        year = timezone.localtime(on_time.published_at).year

        data = api.get("/api/v1/statistics/", {"year": year}).json()
        projects = next(item for item in data["domains"] if item["domain"] == "projects")
        rows = {row["category"]: row for row in projects["rows"]}
        assert rows["approval_result"] == {
            "category": "approval_result", "label": "批准结果信息", "count": 1, "on_time": 1, "late": 0,
        }
        assert rows["bidding"]["late"] == 1
        assert (projects["total"], projects["on_time"], projects["late"]) == (2, 1, 1)
        assert data["total"] == 2
        assert {item["domain"] for item in data["domains"]} == {"projects", "resources", "welfare"}

    def test_domain_jurisdiction_and_year_narrow_it(self, api, org):
        record = published(org, title="县级批复", category="approval_result")
        year = timezone.localtime(record.published_at).year
        only = api.get("/api/v1/statistics/", {"year": year, "domain": "projects"}).json()
        assert [item["domain"] for item in only["domains"]] == ["projects"]
        town = api.get("/api/v1/statistics/", {"year": year, "jurisdiction": org.town.pk}).json()
        assert town["total"] == 0 and town["jurisdiction"]["code"] == "TT"
        assert api.get("/api/v1/statistics/", {"year": year - 1}).json()["total"] == 0

    @pytest.mark.parametrize(
        "params, field",
        [({}, "year"), ({"year": "abc"}, "year"), ({"year": 1800}, "year"), ({"year": 2026, "domain": "x"}, "domain"),
         ({"year": 2026, "jurisdiction": 999999}, "jurisdiction")],
    )
    def test_bad_query_is_a_400_naming_the_field(self, api, org, params, field):
        response = api.get("/api/v1/statistics/", params)
        assert response.status_code == 400
        assert field in response.json()

    def test_project_statistics_agree_with_the_kernel(self, api, org):
        published(org, title="批复一", category="approval_result")
        published(org, title="批复二", category="approval_result")
        year = timezone.localdate().year
        kernel = api.get("/api/v1/statistics/", {"year": year, "domain": "projects"}).json()["domains"][0]
        projects = api.get("/api/v1/projects/statistics/", {"year": year}).json()
        assert projects["total"] == kernel["total"] == 2
        assert [row["count"] for row in projects["rows"]] == [row["count"] for row in kernel["rows"]]


@pytest.mark.django_db
class TestPagination:
    @pytest.fixture
    def records(self, org):
        return [published(org, title=f"分页测试{number}", category="approval_result") for number in range(5)]

    def test_page_size_is_honoured_and_capped(self, api, records, settings):
        assert len(api.get("/api/v1/disclosures/", {"page_size": 2}).json()["results"]) == 2
        settings.PORTAL_API_MAX_PAGE_SIZE = 3
        data = api.get("/api/v1/disclosures/", {"page_size": 1_000_000}).json()
        assert len(data["results"]) == 3 and data["count"] == 5

    @pytest.mark.parametrize("page", ["0", "-1", "abc", "99", "1e9", "９"])
    def test_bad_page_is_a_400_in_chinese(self, api, records, page):
        response = api.get("/api/v1/disclosures/", {"page": page, "page_size": 2})
        assert response.status_code == 400
        assert "页码无效" in response.json()["page"][0]
        assert "1 到 3" in response.json()["page"][0]

    def test_a_page_number_beyond_any_integer_is_a_400_not_a_500(self, api, records):
        response = api.get("/api/v1/disclosures/", {"page": "9223372036854775807", "page_size": 2})
        assert response.status_code == 400 and "1 到 3" in response.json()["page"][0]
        assert api.get("/api/v1/disclosures/", {"page": "9" * 400}).status_code == 400

    def test_last_page(self, api, records):
        data = api.get("/api/v1/disclosures/", {"page": "last", "page_size": 2}).json()
        assert len(data["results"]) == 1 and data["next"] is None

    @pytest.mark.parametrize(
        "url",
        ["/api/v1/projects/", "/api/v1/resource-matters/", "/api/v1/blacklist/", "/api/v1/welfare-programmes/",
         "/api/v1/departments/", "/api/v1/jurisdictions/", "/api/v1/catalogue/"],
    )
    def test_every_list_pages_the_same_way(self, api, org, url):
        response = api.get(url, {"page": 50})
        assert response.status_code == 400 and "page" in response.json()
        assert api.get(url, {"page_size": 100000}).status_code == 200


@pytest.mark.django_db
class TestThrottling:
    def test_anonymous_requests_are_limited(self, api, org, settings):
        settings.PORTAL_API_ANON_RATE = "3/minute"
        cache.clear()
        statuses = [api.get("/api/v1/jurisdictions/").status_code for _ in range(4)]
        assert statuses == [200, 200, 200, 429]
        assert "Retry-After" in api.get("/api/v1/jurisdictions/")

    def test_signed_in_users_have_their_own_limit(self, api, org, settings):
        settings.PORTAL_API_ANON_RATE = "1/minute"
        settings.PORTAL_API_USER_RATE = "5/minute"
        cache.clear()
        api.force_authenticate(org.clerk)
        assert [api.get("/api/v1/jurisdictions/").status_code for _ in range(3)] == [200, 200, 200]

    def test_a_made_up_forwarded_for_does_not_reset_the_count(self, api, org, settings):
        """No proxy in front: X-Forwarded-For is the client's own text, the count is per REMOTE_ADDR."""
        settings.PORTAL_API_ANON_RATE = "3/minute"
        settings.PORTAL_PROXY_COUNT = 0
        statuses = [
            api.get(
                "/api/v1/jurisdictions/",
                REMOTE_ADDR="203.0.113.5",
                HTTP_X_FORWARDED_FOR=f"198.51.100.{number}",
            ).status_code
            for number in range(10)
        ]
        assert statuses == [200, 200, 200] + [429] * 7
        assert api.get("/api/v1/jurisdictions/", REMOTE_ADDR="203.0.113.6").status_code == 200  # another client

    def test_behind_a_proxy_the_address_it_saw_is_counted(self, api, org, settings):
        """One proxy: its (rightmost) entry is the client; what the client prepended does not help."""
        settings.PORTAL_API_ANON_RATE = "3/minute"
        settings.PORTAL_PROXY_COUNT = 1

        def get(forwarded_for):
            return api.get(
                "/api/v1/jurisdictions/", REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR=forwarded_for
            ).status_code

        statuses = [get(f"198.51.100.{number}, 203.0.113.9") for number in range(6)]
        assert statuses == [200, 200, 200, 429, 429, 429]
        assert get("203.0.113.10") == 200, "another client behind the same proxy has its own count"

    def test_signed_out_requests_count_per_address_under_the_user_rate_too(self, api, org, settings):
        settings.PORTAL_API_ANON_RATE = ""
        settings.PORTAL_API_USER_RATE = "2/minute"
        statuses = [
            api.get("/api/v1/jurisdictions/", HTTP_X_FORWARDED_FOR=f"198.51.100.{number}").status_code
            for number in range(3)
        ]
        assert statuses == [200, 200, 429]

    def test_empty_rate_means_no_limit(self, api, org, settings):
        settings.PORTAL_API_ANON_RATE = ""
        cache.clear()
        assert {api.get("/api/v1/jurisdictions/").status_code for _ in range(5)} == {200}


@pytest.mark.django_db
class TestQueryCounts:
    @pytest.mark.parametrize("url", ["/api/v1/departments/", "/api/v1/jurisdictions/", "/api/v1/catalogue/"])
    def test_reference_lists_are_constant(self, api, org, url, django_assert_max_num_queries):
        for number in range(5):
            DepartmentFactory(jurisdiction=org.town, name=f"测试镇单位{number}", code=f"TTX{number}")
        with django_assert_max_num_queries(3):
            assert api.get(url, {"page_size": 100}).status_code == 200

    def test_statistics_is_one_aggregate(self, api, org, django_assert_max_num_queries):
        published(org, title="统计查询数", category="approval_result")
        with django_assert_max_num_queries(2):
            api.get("/api/v1/statistics/", {"year": datetime.date.today().year})


@pytest.mark.django_db
class TestBadFilterValues:
    """Values the fuzzer found: huge or fractional years and ids were server errors, now 400s naming the field."""

    @pytest.mark.parametrize(
        "url", ["/api/v1/disclosures/", "/api/v1/projects/", "/api/v1/resource-matters/", "/api/v1/welfare-programmes/"]
    )
    @pytest.mark.parametrize("year", ["3.5359760721445972e+16", "0.0", "-1", "99999", "2026.5"])
    def test_year_out_of_range_is_a_400(self, api, org, url, year):
        response = api.get(url, {"year": year})
        assert response.status_code == 400
        assert "年份" in response.json()["year"][0]

    @pytest.mark.parametrize("value", ["1e30", "-5", "abc"])
    def test_project_id_filter_is_checked(self, api, org, value):
        response = api.get("/api/v1/resource-matters/", {"project": value})
        assert response.status_code == 400 and "project" in response.json()

    def test_the_html_lists_say_the_same(self, client, org):
        response = client.get("/projects/export.csv", {"year": "1e30"})
        assert response.status_code == 400 and "年份" in response.content.decode()


@pytest.mark.django_db
class TestDeeplyNestedJson:
    """100 000 nested arrays made the token endpoint a RecursionError (500): every JSON body is bounded."""

    NESTED = "[" * 100_000 + "]" * 100_000

    @pytest.mark.parametrize("url", ["/api/v1/auth/token/", "/api/v1/disclosures/"])
    def test_a_deeply_nested_body_is_a_400_in_chinese(self, org, url):
        api = APIClient()
        api.force_authenticate(org.clerk)
        response = api.post(url, self.NESTED, content_type="application/json")
        assert response.status_code == 400
        assert "嵌套层数过多" in response.json()["detail"]

    @pytest.mark.parametrize("fmt", ["multipart", None])
    def test_json_in_a_form_field_is_bounded_too(self, org, fmt):
        from disclosures.tests.test_api import valid_payload

        api = APIClient()
        api.force_authenticate(org.clerk)
        payload = valid_payload(org, details=self.NESTED)
        response = api.post("/api/v1/disclosures/", payload, format=fmt)
        assert response.status_code == 400
        assert "嵌套层数过多" in response.json()["details"][0]
        assert not Disclosure.objects.exists()

    def test_nesting_just_past_the_bound_is_refused_and_ordinary_nesting_is_parsed(self, org):
        from disclosures.api.parsers import MAX_DEPTH

        api = APIClient()
        too_deep = "[" * (MAX_DEPTH + 1) + "]" * (MAX_DEPTH + 1)
        response = api.post("/api/v1/auth/token/", too_deep, content_type="application/json")
        assert response.status_code == 400 and "嵌套层数过多" in response.json()["detail"]
        response = api.post("/api/v1/auth/token/", {"username": "clerk", "password": "wrong"}, format="json")
        assert response.status_code == 400 and "嵌套" not in response.content.decode()

    def test_every_api_view_parses_json_with_the_bounded_parser(self):
        from django.urls import URLPattern, URLResolver, get_resolver
        from rest_framework.parsers import JSONParser

        from disclosures.api.parsers import BoundedJSONParser

        def views(patterns, prefix=""):
            for pattern in patterns:
                route = prefix + str(pattern.pattern)
                if isinstance(pattern, URLResolver):
                    yield from views(pattern.url_patterns, route)
                elif isinstance(pattern, URLPattern) and route.startswith("api/"):
                    yield route, pattern.callback

        checked, unbounded = 0, []
        for route, callback in views(get_resolver().url_patterns):
            view_class = getattr(callback, "cls", None) or getattr(callback, "view_class", None)
            if view_class is None or not hasattr(view_class, "parser_classes"):
                continue
            parsers = list(view_class.parser_classes)
            actions = getattr(callback, "actions", None) or {}
            for method_name in set(actions.values()):
                method = getattr(view_class, method_name, None)
                parsers += getattr(method, "kwargs", {}).get("parser_classes", [])
            checked += 1
            unbounded += [
                route
                for parser in parsers
                if issubclass(parser, JSONParser) and not issubclass(parser, BoundedJSONParser)
            ]
        assert checked > 10
        assert not unbounded, f"these parse JSON without a depth bound: {sorted(set(unbounded))}"


@pytest.mark.django_db
class TestWritesAboutASubject:
    """A department's system (e.g. 投资项目在线审批监管平台) files a record about a project through the API."""

    def payload(self, org, **overrides):
        from disclosures.tests.test_api import valid_payload

        return valid_payload(org, **overrides)

    def test_record_about_a_project_is_linked_through_the_domain_service(self, org):
        from projects.tests.builders import make_project

        project = make_project(org, name="县道改建工程")
        api = APIClient()
        api.force_authenticate(org.clerk)
        response = api.post("/api/v1/disclosures/", self.payload(org, subject=project.pk), format="json")
        assert response.status_code == 201, response.content
        record = Disclosure.objects.get(pk=response.json()["id"])
        assert record.status == "draft"
        assert record.project_link.project == project
        assert "subject" not in response.json()  # write-only

    def test_unknown_subject_is_a_400_naming_it(self, org):
        api = APIClient()
        api.force_authenticate(org.clerk)
        before = Disclosure.objects.count()
        response = api.post("/api/v1/disclosures/", self.payload(org, subject=999999), format="json")
        assert response.status_code == 400
        assert "不存在" in response.json()["subject"][0]
        assert Disclosure.objects.count() == before

    def test_the_domain_rules_apply(self, org):
        """A department may not file about another county's project (the project service says so): nothing saved."""
        from organizations.choices import JurisdictionLevel
        from organizations.tests.factories import JurisdictionFactory
        from projects.tests.builders import make_project

        elsewhere = JurisdictionFactory(name="邻县", code="LX", level=JurisdictionLevel.COUNTY)
        project = make_project(org, jurisdiction=elsewhere, lead_department=DepartmentFactory(jurisdiction=elsewhere))
        api = APIClient()
        api.force_authenticate(org.clerk)
        before = Disclosure.objects.count()
        response = api.post("/api/v1/disclosures/", self.payload(org, subject=project.pk), format="json")
        assert response.status_code == 400, response.content
        assert "邻县" in response.json()["department"][0]
        assert Disclosure.objects.count() == before

    def test_subject_cannot_be_changed_later(self, org):
        from projects.tests.builders import make_project

        project = make_project(org)
        api = APIClient()
        api.force_authenticate(org.clerk)
        created = api.post("/api/v1/disclosures/", self.payload(org), format="json").json()
        response = api.patch(
            f"/api/v1/disclosures/{created['id']}/", {"subject": project.pk, "lock_version": created["lock_version"]},
            format="json",
        )
        assert response.status_code == 400 and "subject" in response.json()
