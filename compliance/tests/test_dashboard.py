"""The office's overdue dashboard (/dashboard/): numbers, scope, the overdue list, trend, jobs, calendar."""

import datetime
import json
import re

import pytest
import time_machine
from django.contrib.auth import get_user_model
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from compliance import selectors
from disclosures import services
from disclosures.models import Disclosure
from disclosures.tests.factories import draft, published
from organizations.choices import Role
from organizations.models import Membership
from organizations.tests.factories import UserFactory, member
from workdays import services as workday_services
from workdays.models import CalendarYear
from workdays.services import PACKAGE_YEARS, WorkCalendar

from .dashboard_scenario import TODAY, at, build, heartbeat, overdue_draft, set_fields

# The scenario is a day in the life of the dashboard: built and read on its TODAY (2026-10-13).
pytestmark = [pytest.mark.django_db, pytest.mark.clock("2026-10-13T10:00")]

URL = "/dashboard/"


@pytest.fixture(scope="module")
def scenario_image(module_image):
    return module_image(build)  # built once for the module: most tests here read it


@pytest.fixture
def scenario(restore_image, scenario_image):
    return restore_image(scenario_image)


@pytest.fixture
def pinned_today(monkeypatch):
    """Make the dashboard's 'today' 2026-10-13 (after the scenario is built with the real date)."""
    real = timezone.localdate

    def localdate(value=None, timezone=None):
        return TODAY if value is None else real(value, timezone)

    monkeypatch.setattr("django.utils.timezone.localdate", localdate)
    return TODAY


def calendar() -> WorkCalendar:
    return WorkCalendar.load()


def records_for(user, data=None):
    filterset, records = selectors.dashboard_records(user, data or {})
    assert filterset.is_valid(), filterset.errors
    return records


def numbers(stats) -> tuple:
    return (stats.overdue, stats.due_soon, stats.published, stats.published_late, stats.rate_display)


def get(client, user, params=None, status=200):
    client.force_login(user)
    response = client.get(URL, params or {})
    assert response.status_code == status
    return response


def row_titles(response) -> list[str]:
    return [row.title for row in response.context["rows"]]


# ---------------------------------------------------------------------------------------------
# Access
# ---------------------------------------------------------------------------------------------
class TestAccess:
    def test_anonymous_is_sent_to_the_admin_login(self, client, db):
        response = client.get(URL)
        assert response.status_code == 302
        assert response["Location"] == f"{reverse('admin:login')}?next={URL}"

    def test_a_user_without_roles_is_forbidden(self, client, db):
        client.force_login(UserFactory(username="no_role", is_staff=True))
        assert client.get(URL).status_code == 403

    def test_clerk_office_and_superuser_may_view(self, client, org):
        superuser = get_user_model().objects.create_superuser("root", "root@example.org", "x" * 12)
        for user in (org.clerk, org.office, superuser):
            get(client, user)

    def test_page_has_the_staff_skin_and_loads_the_vendored_chart(self, client, org):
        """The admin's header (site name, user tools with 站内消息 and 督办看板, log-out), its breadcrumbs
        back to the back office, and the dashboard's own stylesheet — not the public site's skin."""
        response = get(client, org.office)
        content = response.content.decode()
        assert response.context["site_header"] == "重点领域信息公开 · 工作台"
        assert '<div id="site-name"><a href="/admin/">重点领域信息公开 · 工作台</a></div>' in content
        user_tools = re.search(r'<div id="user-tools">(.*?)</div>', content, re.S).group(1)
        assert 'id="inbox-link"' in user_tools and "站内消息" in user_tools
        assert f'<a href="{URL}">督办看板</a>' in user_tools
        assert 'id="logout-form"' in user_tools and "<strong>office</strong>" in user_tools
        assert '<div class="breadcrumbs"><a href="/admin/">首页</a> › 公开时限督办</div>' in content
        assert "<title>公开时限督办 | 重点领域信息公开</title>" in content
        assert content.count("<h1>") == 1 and "<h1>公开时限督办</h1>" in content
        assert "/static/admin/css/base.css" in content and "/static/compliance/dashboard.css" in content
        assert "/static/css/portal.css" not in content and 'class="site-header"' not in content
        assert "/static/vendor/echarts/echarts.min.js" in content
        assert "/static/compliance/dashboard.js" in content
        # No inline script: the chart reads a JSON data island.
        assert re.findall(r"<script(?![^>]*\bsrc=)(?![^>]*application/json)[^>]*>", content) == []
        assert '<script id="trend-data" type="application/json">' in content


# ---------------------------------------------------------------------------------------------
# Numbers (hand-computed in dashboard_scenario.py)
# ---------------------------------------------------------------------------------------------
class TestTotals:
    def test_office_totals(self, scenario, org):
        totals = selectors.dashboard_stats(records_for(org.office), today=TODAY, calendar=calendar()).totals
        # overdue: old, new, other, town; due soon: today and 10-16; published 2026: jan, withdrawn,
        # merged correction, other_late; late: withdrawn, other_late.
        assert numbers(totals) == (4, 2, 4, 2, "50.0%")
        assert totals.on_time == 2

    def test_clerk_totals_cover_only_their_department(self, scenario, org):
        totals = selectors.dashboard_stats(records_for(org.clerk), today=TODAY, calendar=calendar()).totals
        assert numbers(totals) == (2, 2, 3, 1, "66.7%")

    def test_superuser_sees_every_jurisdiction(self, scenario, org):
        superuser = get_user_model().objects.create_superuser("root", "root@example.org", "x" * 12)
        totals = selectors.dashboard_stats(records_for(superuser), today=TODAY, calendar=calendar()).totals
        assert totals.overdue == 5

    def test_the_due_soon_window_is_three_working_days(self, scenario, org):
        # From Friday 2026-10-09 the 3rd working day is Monday 10-12 (Saturday 10-10 is a make-up day).
        assert selectors.due_soon_horizon(datetime.date(2026, 10, 9), calendar()) == datetime.date(
            2026, 10, 13
        )
        totals = selectors.dashboard_stats(
            records_for(org.clerk), today=datetime.date(2026, 10, 9), calendar=calendar()
        ).totals
        # overdue_old (09-30) is overdue; overdue_new (10-12) and due_today (10-13) are due soon.
        assert (totals.overdue, totals.due_soon) == (1, 2)

    def test_rate_is_a_dash_when_nothing_was_published(self, org):
        overdue_draft(org.clerk, org.department, datetime.date(2026, 10, 1))
        totals = selectors.dashboard_stats(records_for(org.clerk), today=TODAY, calendar=calendar()).totals
        assert (totals.published, totals.rate_display) == (0, "—")

    def test_rendered_totals(self, client, scenario, org, pinned_today):
        content = get(client, org.office).content.decode()
        for element_id, value in [
            ("total-overdue", "4"),
            ("total-due-soon", "2"),
            ("total-published-late", "2"),
            ("total-rate", "50.0%"),
        ]:
            match = re.search(rf'id="{element_id}">.*?dash-total__value">([^<]*)<', content, re.S)
            assert match and match.group(1) == value, element_id
        for label in ("逾期未公开", "3个工作日内到期", "本年逾期公开", "按时公开率"):
            assert label in content


class TestTables:
    def test_by_department(self, scenario, org):
        rows = selectors.dashboard_stats(records_for(org.office), today=TODAY, calendar=calendar()).by_department
        assert [(row.label, *numbers(row)) for row in rows] == [
            ("县发展和改革委员会", 2, 2, 3, 1, "66.7%"),
            ("县自然资源局", 1, 0, 1, 1, "0.0%"),
            ("测试镇党政办", 1, 0, 0, 0, "—"),
        ]
        assert [row.sublabel for row in rows] == ["测试县", "测试县", "测试镇"]

    def test_by_domain_and_category_with_registry_labels(self, scenario, org):
        rows = selectors.dashboard_stats(records_for(org.office), today=TODAY, calendar=calendar()).by_category
        assert [(row.label, row.sublabel, *numbers(row)) for row in rows] == [
            # overdue_old + town_overdue; due_today, due_horizon; jan, withdrawn, merged
            ("重大建设项目批准和实施", "批准结果信息", 2, 2, 3, 1, "66.7%"),
            ("公共资源配置", "政府采购", 1, 0, 0, 0, "—"),
            ("社会公益事业建设", "教育", 1, 0, 1, 1, "0.0%"),
        ]

    def test_tables_are_rendered(self, client, scenario, org, pinned_today):
        response = get(client, org.office)
        assert [row.label for row in response.context["by_department"]] == [
            "县发展和改革委员会",
            "县自然资源局",
            "测试镇党政办",
        ]
        content = response.content.decode()
        assert 'id="by-department"' in content and 'id="by-category"' in content
        assert "政府采购" in content and "批准结果信息" in content


class TestScope:
    def test_clerk_sees_only_their_department(self, client, scenario, org, pinned_today):
        response = get(client, org.clerk)
        assert set(row_titles(response)) == {"逾期的可研批复", "逾期的采购结果"}
        assert [row.label for row in response.context["by_department"]] == ["县发展和改革委员会"]
        content = response.content.decode()
        for title in ("自然资源局逾期的教育信息", "镇里逾期的征地公告", "外县逾期信息", "县自然资源局"):
            assert title not in content

    def test_office_sees_its_county_and_the_town_below_but_not_another_county(
        self, client, scenario, org, pinned_today
    ):
        response = get(client, org.office)
        titles = set(row_titles(response))
        assert titles == {
            "逾期的可研批复",
            "逾期的采购结果",
            "自然资源局逾期的教育信息",
            "镇里逾期的征地公告",
        }
        assert "外县" not in response.content.decode()

    def test_a_clerk_cannot_filter_on_another_department(self, client, scenario, org, pinned_today):
        response = get(client, org.clerk, {"department": org.other_department.pk})
        assert response.context["filterset"].errors
        assert row_titles(response) == []
        assert response.context["totals"].overdue == 0
        assert "筛选条件无效" in response.content.decode()

    def test_department_choices_are_scoped(self, client, scenario, org, pinned_today):
        form = get(client, org.clerk).context["filterset"].form
        assert list(form.fields["department"].queryset) == [org.department]


# ---------------------------------------------------------------------------------------------
# The overdue list
# ---------------------------------------------------------------------------------------------
class TestOverdueList:
    def test_rows_link_to_the_admin_with_working_days_overdue(self, client, scenario, org, pinned_today):
        response = get(client, org.office)
        rows = {row.title: row for row in response.context["rows"]}
        # On the official calendar: 10-08, 10-09, Saturday 10-10 (调休), 10-12, 10-13.
        assert rows["逾期的可研批复"].days_overdue == 5
        assert rows["逾期的采购结果"].days_overdue == 1
        assert rows["自然资源局逾期的教育信息"].days_overdue == 3
        # 09-25 is 中秋节 and 10-01..07 国庆节, but Sunday 09-20 is a make-up working day (Mon–Fri would say 17).
        assert rows["镇里逾期的征地公告"].days_overdue == 13
        old = scenario["overdue_old"]
        content = response.content.decode()
        assert f'<a href="/admin/disclosures/disclosure/{old.pk}/change/">逾期的可研批复</a>' in content
        assert rows["逾期的可研批复"].category_label == "批准结果信息"
        assert rows["逾期的采购结果"].category_label == "政府采购"
        assert rows["逾期的采购结果"].status_label == "待部门负责人审核"
        assert rows["逾期的可研批复"].flagged_at == at(2026, 10, 1, 1, 0)
        assert "2026-10-01 01:00" in content
        assert "2026-09-23" in content  # formed_on

    def test_estimated_due_dates_are_marked(self, client, scenario, org, pinned_today):
        set_fields(scenario["overdue_old"], due_on_estimated=True)
        content = get(client, org.clerk).content.decode()
        row = re.search(rf'<tr data-pk="{scenario["overdue_old"].pk}">.*?</tr>', content, re.S).group(0)
        assert "预计" in row
        other = re.search(rf'<tr data-pk="{scenario["overdue_new"].pk}">.*?</tr>', content, re.S).group(0)
        assert "预计" not in other

    def test_not_overdue_records_are_not_listed(self, client, scenario, org, pinned_today):
        titles = set(row_titles(get(client, org.clerk)))
        for name in ("due_today", "due_horizon", "late_withdrawn", "on_time_jan"):
            assert scenario[name].title not in titles

    @pytest.mark.parametrize(
        ("sort", "expected"),
        [
            (None, ["town_overdue", "overdue_old", "other_overdue", "overdue_new"]),
            ("-days", ["town_overdue", "overdue_old", "other_overdue", "overdue_new"]),
            ("days", ["overdue_new", "other_overdue", "overdue_old", "town_overdue"]),
            ("due_on", ["town_overdue", "overdue_old", "other_overdue", "overdue_new"]),
            ("-due_on", ["overdue_new", "other_overdue", "overdue_old", "town_overdue"]),
            # county (TC) before town (TT); FGW before ZRZY; within a department by due date.
            ("department", ["overdue_old", "overdue_new", "other_overdue", "town_overdue"]),
            ("nonsense", ["town_overdue", "overdue_old", "other_overdue", "overdue_new"]),
        ],
    )
    def test_sorting(self, client, scenario, org, pinned_today, sort, expected):
        response = get(client, org.office, {"sort": sort} if sort else {})
        assert [row.pk for row in response.context["rows"]] == [scenario[name].pk for name in expected]
        if sort == "days":
            days = [row.days_overdue for row in response.context["rows"]]
            assert days == sorted(days)

    @pytest.mark.parametrize(
        ("params", "expected"),
        [
            ({"department": "ZRZY"}, ["other_overdue"]),
            ({"domain": "resources"}, ["overdue_new"]),
            ({"domain": "welfare"}, ["other_overdue"]),
            ({"category": "approval_result"}, ["town_overdue", "overdue_old"]),
            ({"domain": "projects", "department": "FGW"}, ["overdue_old"]),
        ],
    )
    def test_filtering(self, client, scenario, org, pinned_today, params, expected):
        departments = {"FGW": org.department.pk, "ZRZY": org.other_department.pk}
        if "department" in params:
            params = {**params, "department": departments[params["department"]]}
        response = get(client, org.office, params)
        assert [row.pk for row in response.context["rows"]] == [scenario[name].pk for name in expected]

    def test_filters_apply_to_every_number(self, client, scenario, org, pinned_today):
        response = get(client, org.office, {"domain": "welfare"})
        assert numbers(response.context["totals"]) == (1, 0, 1, 1, "0.0%")
        assert [row.label for row in response.context["by_department"]] == ["县自然资源局"]
        trend = {m.key: (m.on_time, m.late) for m in response.context["trend"]}
        assert trend["2026-08"] == (0, 1)
        assert trend["2026-01"] == (0, 0)

    def test_pagination_keeps_filters_and_sort(self, client, scenario, org, pinned_today, monkeypatch):
        monkeypatch.setattr(selectors, "PAGE_SIZE", 3)
        response = get(client, org.office, {"sort": "due_on", "domain": ""})
        assert len(response.context["rows"]) == 3
        assert "page=2" in response.content.decode()
        second = get(client, org.office, {"sort": "due_on", "domain": "", "page": 2})
        assert [row.pk for row in second.context["rows"]] == [scenario["overdue_new"].pk]

    def test_sort_links_keep_the_filters(self, client, scenario, org, pinned_today):
        content = get(client, org.office, {"domain": "projects", "sort": "due_on"}).content.decode()
        assert 'href="?domain=projects&amp;sort=-due_on"' in content
        assert 'aria-sort="ascending"' in content


# ---------------------------------------------------------------------------------------------
# Who holds each overdue record, and for how long (issue 18 item 11)
# ---------------------------------------------------------------------------------------------
def overdue(record: Disclosure, due_on=datetime.date(2026, 9, 30)) -> Disclosure:
    return set_fields(record, due_on=due_on)


def row_html(content: str, record: Disclosure) -> str:
    return re.search(rf'<tr data-pk="{record.pk}">.*?</tr>', content, re.S).group(0)


def text_of(html: str) -> str:
    """The text a reader sees: tags dropped, a line break or a cell boundary a space."""
    return " ".join(re.sub(r"<[^>]+>", "", re.sub(r"<br>|</t[dh]>", " ", html)).split())


def submitted(clerk, department, **fields) -> Disclosure:
    record = draft(clerk, department, **fields)
    services.disclosure_submit(disclosure=record, actor=clerk)
    return record


class TestWhoHoldsIt:
    def test_each_stage_names_its_holders(self, client, org, pinned_today):
        org.county.auto_publish = False  # signed records wait for 发布
        org.county.save()
        for user, name in ((org.reviewer, "王审核"), (org.reviewer_b, "李审核"), (org.signer, "赵签发")):
            user.first_name = name
            user.save()
        records = {
            "draft": overdue(draft(org.clerk, org.department, title="草稿")),
            "submitted": overdue(submitted(org.clerk, org.department, title="待审核")),
            "reviewed": overdue(submitted(org.clerk, org.department, title="待签发")),
            "approved": overdue(submitted(org.clerk, org.department, title="待发布")),
            "no_signer": overdue(submitted(org.other_clerk, org.other_department, title="自然资源局待签发")),
        }
        for name in ("reviewed", "approved"):
            services.disclosure_review(disclosure=records[name], actor=org.reviewer)
        services.disclosure_sign(disclosure=records["approved"], actor=org.signer)
        services.disclosure_review(disclosure=records["no_signer"], actor=org.other_reviewer)

        response = get(client, org.office)
        rows = {row.pk: row for row in response.context["rows"]}
        assert {name: (rows[r.pk].status_label, rows[r.pk].holder.text) for name, r in records.items()} == {
            "draft": ("草稿", "经办人：clerk"),  # its author
            "submitted": ("待部门负责人审核", "部门负责人：王审核、李审核"),
            "reviewed": ("待分管领导签发", "分管领导：赵签发"),
            "approved": ("待发布", "经办人：clerk、clerk_b"),  # any clerk of the department publishes
            "no_signer": ("待分管领导签发", "本单位没有可办理的分管领导"),
        }
        content = response.content.decode()
        assert "当前环节及办理人" in content and "本环节停留" in content
        assert "部门负责人：王审核、李审核" in text_of(row_html(content, records["submitted"]))
        assert "dash-holder--none" in row_html(content, records["no_signer"])
        assert "dash-holder--none" not in row_html(content, records["reviewed"])

    def test_those_the_workflow_keeps_from_the_step_are_not_named(self, client, org, pinned_today):
        """A reviewer who also drafted and submitted the record may not review it (NOT_OWN, seed 001 §三)."""
        both = member(org.department, Role.CLERK, "clerk_and_reviewer")
        Membership.objects.create(user=both, department=org.department, role=Role.REVIEWER)
        record = overdue(submitted(both, org.department))
        rows = get(client, org.office).context["rows"]
        assert [row.holder.text for row in rows if row.pk == record.pk] == ["部门负责人：reviewer、reviewer_b"]

    def test_disabled_accounts_are_not_named(self, client, org, pinned_today):
        """A draft whose author left goes to the department's clerks; a disabled reviewer holds nothing."""
        record = overdue(draft(org.clerk, org.department))
        waiting = overdue(submitted(org.clerk_b, org.department))
        for user in (org.clerk, org.reviewer_b):
            user.is_active = False
            user.save()
        rows = {row.pk: row for row in get(client, org.office).context["rows"]}
        assert rows[record.pk].holder.text == "经办人：clerk_b"
        assert rows[waiting.pk].holder.text == "部门负责人：reviewer"

    def test_a_long_list_of_holders_is_counted(self, org):
        for n in range(7):
            member(org.department, Role.REVIEWER, f"reviewer_x{n}")
        overdue(submitted(org.clerk, org.department))
        records = selectors.overdue_disclosures(records_for(org.office), today=TODAY)
        (row,) = selectors.overdue_rows(records, today=TODAY, calendar=calendar())
        assert row.holder.text == "部门负责人：reviewer、reviewer_b、reviewer_x0、reviewer_x1、reviewer_x2 等9人"

    def test_days_in_the_current_stage(self, client, org, pinned_today):
        """Working days since the step that led to the stage; a draft counts from its last return, or from
        its creation if it never came back."""
        with time_machine.travel(at(2026, 9, 23, 9, 0), tick=False):
            fresh = overdue(draft(org.clerk, org.department, title="从未提交"))
            returned = draft(org.clerk, org.department, title="被退回修改")
        with time_machine.travel(at(2026, 9, 29, 15, 0), tick=False):
            services.disclosure_submit(disclosure=returned, actor=org.clerk)
        with time_machine.travel(at(2026, 10, 12, 9, 0), tick=False):
            services.disclosure_reject(disclosure=returned, actor=org.reviewer, comment="请补充批复文号")
        with time_machine.travel(at(2026, 10, 9, 16, 30), tick=False):
            waiting = overdue(submitted(org.clerk, org.department, title="待审核"))
        overdue(returned)

        response = get(client, org.office)
        rows = {row.pk: row for row in response.context["rows"]}
        # 09-24, (中秋 09-25), 09-28, 09-29, 09-30, (国庆 10-01..07), 10-08, 10-09, Saturday 10-10 (调休), 10-12, 10-13
        assert (rows[fresh.pk].stage_since, rows[fresh.pk].stage_days) == (at(2026, 9, 23, 9, 0), 9)
        # Back to the clerk on Monday 10-12, not counted from its creation nor from its submission.
        assert (rows[returned.pk].stage_since, rows[returned.pk].stage_days) == (at(2026, 10, 12, 9, 0), 1)
        assert (rows[waiting.pk].stage_since, rows[waiting.pk].stage_days) == (at(2026, 10, 9, 16, 30), 3)
        content = response.content.decode()
        assert "9个工作日 自 2026-09-23" in text_of(row_html(content, fresh))
        assert "1个工作日 自 2026-10-12" in text_of(row_html(content, returned))

    def test_a_stage_entered_today(self, client, org, pinned_today):
        record = overdue(submitted(org.clerk, org.department))
        (row,) = get(client, org.office).context["rows"]
        assert row.pk == record.pk and row.stage_days == 0 and row.stage_days_text == "不足1个工作日"


# ---------------------------------------------------------------------------------------------
# The dead-link panel knows whether the link check ran
# ---------------------------------------------------------------------------------------------
def links_panel(client, user) -> str:
    content = get(client, user).content.decode()
    return text_of(re.search(r'<section[^>]*id="dead-links">(.*?)</section>', content, re.S).group(1))


class TestLinkCheckPanel:
    def test_not_checked_until_the_job_has_run(self, client, org):
        # Tuesday 2026-10-13 10:00: the weekly check (Sundays 03:00, CELERY_BEAT_SCHEDULE) first runs on 10-18.
        panel = links_panel(client, org.office)
        assert "尚未检查" in panel and "2026-10-18 03:00" in panel
        assert "未发现失效链接" not in panel

    def test_the_schedule_is_read_from_the_beat_schedule(self, client, org, settings):
        assert selectors.link_check_status([], now=at(2026, 10, 18, 3, 0)).next_run_at == at(2026, 10, 25, 3, 0)
        settings.CELERY_BEAT_SCHEDULE = {
            name: entry for name, entry in settings.CELERY_BEAT_SCHEDULE.items()
            if entry["task"] != "compliance.tasks.check_links"
        }
        panel = links_panel(client, org.office)
        assert "尚未检查" in panel and "按计划" not in panel

    def test_after_a_run_without_dead_links(self, client, org):
        beat = heartbeat("check_links", at(2026, 10, 11, 3, 0))
        beat.last_result = {"checked": 12, "dead": 0}
        beat.save()
        panel = links_panel(client, org.office)
        assert "最近一次检查（2026-10-11 03:00，检查 12 个链接）未发现失效链接。" in panel
        assert "尚未检查" not in panel

    def test_other_heartbeats_do_not_count(self, client, org):
        heartbeat("flag_overdue", timezone.now())
        assert "尚未检查" in links_panel(client, org.office)


# ---------------------------------------------------------------------------------------------
# Trend, jobs, calendar
# ---------------------------------------------------------------------------------------------
class TestTrend:
    def test_last_twelve_months_of_on_time_and_late(self, scenario, org):
        trend = selectors.monthly_trend(records_for(org.office), today=TODAY)
        assert [m.key for m in trend][0] == "2025-11" and [m.key for m in trend][-1] == "2026-10"
        assert len(trend) == 12
        counts = {m.key: (m.on_time, m.late) for m in trend if m.on_time or m.late}
        assert counts == {
            "2025-12": (0, 1),  # last year, but within the last 12 months
            "2026-01": (1, 0),  # 00:30 on New Year's day, Beijing time
            "2026-05": (0, 1),  # withdrawn later: still counted as published late
            "2026-08": (0, 1),
            "2026-09": (1, 0),  # the merged correction
        }

    def test_december_of_last_year_is_in_the_window_for_a_clerk(self, scenario, org):
        trend = selectors.monthly_trend(records_for(org.clerk), today=TODAY)
        assert {m.key: m.late for m in trend}["2025-12"] == 1

    def test_chart_data_island(self, client, scenario, org, pinned_today):
        response = get(client, org.office)
        data = response.context["trend_data"]
        assert data["months"][0] == "2025年11月" and data["months"][-1] == "2026年10月"
        series = {s["name"]: s["data"] for s in data["series"]}
        assert sum(series["按时公开"]) == 2 and sum(series["逾期公开"]) == 3
        content = response.content.decode()
        island = re.search(
            r'<script id="trend-data" type="application/json">(.*?)</script>', content, re.S
        ).group(1)
        assert json.loads(island) == data
        assert 'id="trend-chart"' in content


class TestJobs:
    NOW = at(2026, 10, 13, 9, 0)

    def test_fresh_stale_and_never_run(self, db):
        heartbeat("flag_overdue", self.NOW - datetime.timedelta(minutes=59))  # runs every 15 minutes: 1 hour
        heartbeat("warn_due_soon", self.NOW - datetime.timedelta(hours=26, seconds=1))  # daily: 26 hours
        heartbeat("recompute_due_dates", self.NOW - datetime.timedelta(days=30))
        jobs = {job.name: job for job in selectors.job_statuses(now=self.NOW)}
        assert jobs["flag_overdue"].stale is False
        assert jobs["warn_due_soon"].stale is True
        heartbeat("flag_overdue", self.NOW - datetime.timedelta(hours=1, seconds=1))
        assert {job.name: job for job in selectors.job_statuses(now=self.NOW)}["flag_overdue"].stale is True
        assert jobs["heartbeat"].stale is True and jobs["heartbeat"].last_run_at is None
        # An on-demand job is shown but never red.
        assert jobs["recompute_due_dates"].stale is False
        assert [job.name for job in selectors.job_statuses(now=self.NOW)][:3] == [
            "flag_overdue",
            "warn_due_soon",
            "heartbeat",
        ]

    def test_page_turns_red_when_a_job_is_late(self, client, org):
        now = timezone.now()
        heartbeat("flag_overdue", now - datetime.timedelta(hours=27))
        heartbeat("warn_due_soon", now - datetime.timedelta(hours=1))
        heartbeat("heartbeat", now - datetime.timedelta(minutes=5))
        content = get(client, org.office).content.decode()

        def item(name):
            return re.search(rf'<li class="([^"]*)" data-job="{name}">(.*?)</li>', content, re.S).groups()

        css, text = item("flag_overdue")
        assert "dash-job--stale" in css and "超过1小时未运行" in text
        for name in ("warn_due_soon", "heartbeat"):
            css, text = item(name)
            assert "dash-job--stale" not in css and "未运行" not in text
            assert "上次运行" in text


class TestCalendarWarning:
    def test_uncovered_year_of_an_unpublished_due_date(self, org):
        uncovered = max(PACKAGE_YEARS) + 1
        record = overdue_draft(org.clerk, org.department, datetime.date(uncovered, 1, 15))
        Disclosure.objects.filter(pk=record.pk).update(due_on_estimated=True)
        assert selectors.uncovered_years(records_for(org.clerk), today=TODAY, calendar=calendar()) == [
            selectors.UncoveredYear(uncovered, 1)
        ]
        # Once the office marks the year complete the warning goes.
        CalendarYear.objects.create(year=uncovered, complete=True)
        assert selectors.uncovered_years(records_for(org.clerk), today=TODAY, calendar=calendar()) == []
        # Published records do not need a warning.
        CalendarYear.objects.all().delete()
        Disclosure.objects.filter(pk=record.pk).update(status="withdrawn", withdrawal_reason="测试")
        assert selectors.uncovered_years(records_for(org.clerk), today=TODAY, calendar=calendar()) == []

    def test_next_year_is_warned_from_november(self, org):
        uncovered = max(PACKAGE_YEARS) + 1
        assert selectors.uncovered_years(
            records_for(org.clerk), today=datetime.date(uncovered - 1, 11, 1), calendar=calendar()
        ) == [selectors.UncoveredYear(uncovered, 0)]
        assert (
            selectors.uncovered_years(
                records_for(org.clerk), today=datetime.date(uncovered - 1, 10, 31), calendar=calendar()
            )
            == []
        )

    def test_page_shows_the_warning_with_a_link_to_the_import(self, client, org, pinned_today):
        assert 2027 not in PACKAGE_YEARS
        content = get(client, org.office).content.decode()
        assert "放假安排尚未录入" not in content
        for due_on in (datetime.date(2027, 1, 15), datetime.date(2027, 2, 15)):
            set_fields(overdue_draft(org.clerk, org.department, due_on), due_on_estimated=True)
        content = get(client, org.office).content.decode()
        assert "2027年放假安排尚未录入，2 条未发布记录的应公开日期为预计" in content
        assert "《全国年节及纪念日放假办法》第二条法定节假日及第六条补假推算" in content
        assert f'href="{reverse("admin:workdays_calendarday_import")}"' in content


# ---------------------------------------------------------------------------------------------
# Query count
# ---------------------------------------------------------------------------------------------
def make_records(org, count: int, offset: int = 0) -> None:
    """`count` overdue drafts across departments and domains, and a few published records."""
    authors = [
        (org.clerk, org.department, "projects", "approval_result"),
        (org.other_clerk, org.other_department, "welfare", "education"),
        (org.town_clerk, org.town_department, "resources", "procurement"),
    ]
    today = timezone.localdate()
    for n in range(offset, offset + count):
        clerk, department, domain, category = authors[n % 3]
        overdue_draft(
            clerk,
            department,
            today - datetime.timedelta(days=n + 1),
            title=f"记录{n}",
            domain=domain,
            category=category,
        )
    for n in range(offset, offset + max(1, count // 10)):
        record = published(org, title=f"已发布{n}")
        set_fields(
            record,
            late_working_days=n % 2,
            published_at=timezone.now() - datetime.timedelta(days=30 * (n % 12)),
        )


def test_query_count_does_not_grow_with_records(client, org, django_assert_max_num_queries):
    heartbeat("flag_overdue", timezone.now())
    make_records(org, 5)
    client.force_login(org.office)
    workday_services._memo.clear()
    with CaptureQueriesContext(connection) as small:
        response = client.get(URL)
    assert len(response.context["rows"]) == 5
    make_records(org, 50, offset=5)
    workday_services._memo.clear()
    with django_assert_max_num_queries(len(small)):
        response = client.get(URL)
    assert len(response.context["rows"]) == 50  # a full page
    assert response.context["page"].paginator.count == 55
    # +1: 处罚决定撤回; +1: the hour-clock panel (紧急、实时信息, issue 16); +1: who holds the rows (their
    # departments' members); +4: the staff header (admin.site.each_context: the user's permissions for the
    # module list, twice, and one module's check; the unread 站内消息); +1: the 督办单 badge (supervision)
    assert len(small) <= 29, "\n".join(q["sql"][:160] for q in small.captured_queries)


def records_in_every_stage(org, count: int) -> list[Disclosure]:
    """`count` overdue records of two departments, cycling through 草稿, 退回的草稿, 待审核, 待签发 and 待发布."""
    org.county.auto_publish = False
    org.county.save()
    stages = ["draft", "returned", "submitted", "reviewed", "approved"]
    made = []
    for n in range(count):
        stage = stages[n % len(stages)]
        clerk, department = (org.clerk, org.department) if n % 2 else (org.other_clerk, org.other_department)
        reviewer = org.reviewer if department == org.department else org.other_reviewer
        record = draft(clerk, department, title=f"{stage}{n}")
        if stage != "draft":
            services.disclosure_submit(disclosure=record, actor=clerk)
        if stage == "returned":
            services.disclosure_reject(disclosure=record, actor=reviewer, comment="请修改")
        if stage in ("reviewed", "approved"):
            services.disclosure_review(disclosure=record, actor=reviewer)
        if stage == "approved":
            signer = org.signer if department == org.department else member(department, Role.SIGNER)
            services.disclosure_sign(disclosure=record, actor=signer)
        made.append(overdue(record, TODAY - datetime.timedelta(days=n + 1)))
    return made


def test_holders_and_days_in_stage_cost_the_same_queries_for_5_or_15_rows(client, org):
    """Who holds each row and since when are read for the whole page at once (memberships by role, the
    returns from the trail): 15 rows in every stage cost exactly the queries of 5."""
    records_in_every_stage(org, 5)
    client.force_login(org.office)
    client.get(URL)  # warm: the content type, the calendar
    with CaptureQueriesContext(connection) as small:
        response = client.get(URL)
    assert len(response.context["rows"]) == 5
    assert {row.status_label for row in response.context["rows"]} == {"草稿", "待部门负责人审核", "待分管领导签发", "待发布"}
    records_in_every_stage(org, 10)
    with CaptureQueriesContext(connection) as large:
        response = client.get(URL)
    rows = response.context["rows"]
    assert len(rows) == 15 and all(row.holder.names and row.stage_since for row in rows)
    assert len(large) == len(small), "\n".join(q["sql"][:160] for q in large.captured_queries)


def test_the_overdue_list_pages_keep_the_filters(client, org, monkeypatch):
    """The overdue list's pager (the kernel's pagination partial) names its list and keeps the filters."""
    monkeypatch.setattr(selectors, "PAGE_SIZE", 1)  # the two projects records of five: two pages
    make_records(org, 5)
    content = get(client, org.office, {"domain": "projects"}).content.decode()
    nav = re.search(r'<nav class="pagination" aria-label="逾期清单分页">(.*?)</nav>', content, re.S).group(1)
    assert "第 1 / 1 页" not in nav and 'rel="next"' in nav
    assert "domain=projects" in re.search(r'href="([^"]*)" rel="next"', nav).group(1)


def test_totals_and_both_tables_come_from_three_queries(org):
    make_records(org, 6)
    records, cal = records_for(org.office), calendar()
    with CaptureQueriesContext(connection) as ctx:
        stats = selectors.dashboard_stats(records, today=TODAY, calendar=cal)
    assert len(ctx) == 3  # what is pending, what was published this year, the departments
    assert stats.totals.overdue == sum(row.overdue for row in stats.by_department) == sum(
        row.overdue for row in stats.by_category
    )
    assert stats.totals.published == sum(row.published for row in stats.by_department) > 0


def test_days_overdue_only_for_the_rows_on_the_page(org):
    """overdue_rows computes per record shown; beyond them only who holds them is queried (one query: a
    returned draft would add the trail's)."""
    overdue_draft(org.clerk, org.department, datetime.date(2026, 9, 30))
    records = list(selectors.overdue_disclosures(records_for(org.clerk), today=TODAY))
    cal = calendar()
    with CaptureQueriesContext(connection) as ctx:
        rows = selectors.overdue_rows(records, today=TODAY, calendar=cal)
    assert len(ctx) == 1
    assert rows[0].days_overdue == 5 and rows[0].holder.text == "经办人：clerk"


def test_only_records_this_year_or_still_pending_are_counted(org):
    """Old publications count nowhere: their department and category get no row (and are not read)."""
    old = published(org, title="五年前发布的信息")
    set_fields(old, published_at=at(TODAY.year - 5, 3, 1), late_working_days=4)
    old.department = org.other_department
    old.save(update_fields=["department"])
    this_year = published(org, title="今年发布的信息")
    set_fields(this_year, published_at=at(TODAY.year, 3, 1), late_working_days=0)
    stats = selectors.dashboard_stats(records_for(org.office), today=TODAY, calendar=calendar())
    assert [row.label for row in stats.by_department] == [org.department.name]
    assert (stats.totals.published, stats.totals.published_late, stats.totals.rate_display) == (1, 0, "100.0%")
