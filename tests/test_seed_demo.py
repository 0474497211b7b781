"""Quick start: the demo seeds a believable county portal on an empty database."""

import dataclasses
import datetime

import pytest
from django.contrib.auth import authenticate
from django.core.management import CommandError, call_command
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

import demo
from core.domains import all_domains
from core.models import AuditEntry
from disclosures import services
from disclosures.choices import UNPUBLISHED_STATUSES, DisclosureMode, Status
from disclosures.deadlines import add_working_days
from disclosures.models import Disclosure
from namelists.models import NameList
from organizations.choices import Role
from organizations.models import Department, Membership
from workdays.choices import ClockUnit


@pytest.fixture
def seeded(demo_county, settings):
    """The demo as `seed_demo` builds it on an empty database at TEST_NOW: built once per test process
    and copied into this test's database (`demo_image` in the root conftest, tests/images.py)."""
    settings.DEBUG = True  # as for seed_demo itself, which some tests run again


def test_demo_users_log_in_with_the_readme_password(seeded):
    for username in ["office", "clerk", "reviewer", "signer", "clerk2"]:
        assert authenticate(username=username, password="portal-demo-2026") is not None, username


def test_demo_roles_match_the_readme(seeded):
    roles = {m.user.username: (m.role, m.department.name) for m in Membership.objects.select_related("user", "department")}
    assert roles["clerk"][0] == Role.CLERK
    assert roles["reviewer"][0] == Role.REVIEWER
    assert roles["signer"][0] == Role.SIGNER
    assert roles["office"][0] == Role.OFFICE
    assert roles["clerk"][1] == roles["reviewer"][1] == roles["signer"][1]
    assert roles["clerk2"][1] != roles["clerk"][1]


def test_demo_has_departments_and_records_in_every_domain_and_state(seeded):
    assert Department.objects.count() >= 15
    assert set(Disclosure.objects.values_list("domain", flat=True)) == {d.code for d in all_domains()}
    states = set(Disclosure.objects.values_list("status", flat=True))
    assert {Status.DRAFT, Status.SUBMITTED, Status.REVIEWED, Status.APPROVED, Status.PUBLISHED, Status.WITHDRAWN} <= states
    assert Disclosure.objects.filter(status=Status.PUBLISHED, index_no__isnull=True).count() == 0
    assert Disclosure.objects.exclude(rejection_comment="").filter(status=Status.DRAFT).exists()
    assert Disclosure.objects.filter(version__gte=2).exists(), "a corrected record with two versions"
    # Every record went through the services, so each has its audit trail.
    assert AuditEntry.objects.filter(action="disclosure.create").count() == Disclosure.objects.count()


def test_demo_has_deadline_cases_whatever_the_day(seeded):
    """The dashboard and the overdue job have something to show: overdue, due soon, late and on time."""
    today = timezone.localdate()
    horizon = add_working_days(today, 3).due_on
    unpublished = Disclosure.objects.filter(status__in=UNPUBLISHED_STATUSES)
    overdue = unpublished.filter(due_on__lt=today)
    assert overdue.count() >= 3
    assert overdue.filter(deadline_days=7).exists(), "an overdue 行政许可/行政处罚 decision"
    assert unpublished.filter(due_on__gte=today, due_on__lte=horizon).exists(), "due within 3 working days"
    assert unpublished.filter(deadline_unit=ClockUnit.HOURS, due_at__isnull=False).exists(), "an hour clock"
    assert unpublished.filter(deadline_unit=ClockUnit.CALENDAR_DAYS).exists(), "a limit in 日"
    published = Disclosure.objects.filter(published_at__isnull=False)
    assert published.filter(late_working_days__gt=0).exists()
    assert published.filter(late_working_days=0).exists()
    active = published.filter(disclosure_mode=DisclosureMode.ACTIVE)
    assert active.filter(late_working_days__isnull=True).count() == 0
    # 依申请公开、不予公开: no publication limit, so no due date and no 按时/逾期 stamp (条例第二十六条).
    others = published.exclude(disclosure_mode=DisclosureMode.ACTIVE)
    assert others.exists()
    assert not others.filter(Q(late_working_days__isnull=False) | Q(due_on__isnull=False)).exists()
    assert published.filter(deadline_days=7).exists(), "published under the 7-working-day limit"


def _without_domain_records(monkeypatch):
    """seed_demo builds the county, every domain's subjects and the cross-domain cases (demo/cases.py,
    where the deadline cases are), but not the domains' own records (their `records` hook)."""
    for code, builder in list(demo.BUILDERS.items()):
        monkeypatch.setitem(demo.BUILDERS, code, dataclasses.replace(builder, records=lambda county: None))


@pytest.mark.parametrize(
    ("day", "whole_demo"),
    [
        # The eve of National Day: due dates jump the holiday week.
        pytest.param(datetime.date(2026, 9, 30), False, id="national-day-eve"),
        # Inside the holiday.
        pytest.param(datetime.date(2026, 10, 4), False, id="national-day"),
        # Spring Festival, a Saturday.
        pytest.param(datetime.date(2026, 2, 21), False, id="spring-festival"),
        # The hardest day, for the whole demo: the records formed in the last weeks are due in a year the
        # calendar does not know yet, and the welfare programmes (实施至 12月31日) end today.
        pytest.param(datetime.date(2026, 12, 31), True, id="new-years-eve-whole-demo"),
    ],
)
def test_demo_deadline_cases_on_awkward_days(db, settings, monkeypatch, day, whole_demo):
    """The deadline cases (demo/cases.py) alone satisfy every assertion below: 6 unpublished records
    overdue, 3 due within 3 working days, 2 published late (and the special cases, back-dated), none
    published after now. The whole demo (every domain's records too, all back-dated against the day) is
    built on the hardest day only: a whole build costs ~9 s on PostgreSQL, the cases alone ~1 s."""
    settings.DEBUG = True
    moment = timezone.make_aware(datetime.datetime.combine(day, datetime.time(10, 30)))
    monkeypatch.setattr(timezone, "now", lambda: moment)
    if not whole_demo:
        _without_domain_records(monkeypatch)
    call_command("seed_demo", verbosity=0)
    assert NameList.objects.exists() == whole_demo, "name lists come with the domains' own records only"
    horizon = add_working_days(day, 3).due_on
    unpublished = Disclosure.objects.filter(status__in=UNPUBLISHED_STATUSES)
    assert unpublished.filter(due_on__lt=day).count() >= 3
    assert unpublished.filter(due_on__gte=day, due_on__lte=horizon).exists()
    assert Disclosure.objects.filter(late_working_days__gt=0).exists()
    assert not Disclosure.objects.filter(published_at__gt=moment).exists()


def test_demo_timeliness_matches_the_back_dated_publication(seeded):
    records = list(Disclosure.objects.filter(published_at__isnull=False, status=Status.PUBLISHED))
    assert records
    for record in records:
        published_on = timezone.localdate(record.published_at)
        assert published_on <= timezone.localdate()
        # The stamp publication stores (None without a publication limit; an hour clock is late past its time).
        assert record.late_working_days == services.timeliness(record, record.published_at), record.title
        if record.disclosure_mode == DisclosureMode.ACTIVE and record.due_at is None:
            assert record.late_working_days == services.late_working_days(record.due_on, published_on), record.title
        if record.version == 1:
            assert record.versions.get().published_at == record.published_at


def test_demo_publications_spread_over_the_last_twelve_months(seeded):
    today = timezone.localdate()
    months = {
        (d.year, d.month)
        for d in Disclosure.objects.filter(published_at__isnull=False).values_list("published_at", flat=True)
        if (today - timezone.localdate(d)).days <= 365
    }
    assert len(months) >= 10


class _Rollback(Exception):
    pass


def _listing():
    return list(
        Disclosure.objects.order_by("pk").values_list(
            "title", "status", "formed_on", "department__code", "due_on", "late_working_days"
        )
    )


def test_demo_is_deterministic(db, settings, demo_image):
    """Built again here, the demo is the one `demo_image` built (on another empty database) for the tests
    above."""
    with pytest.raises(_Rollback), transaction.atomic():
        demo_image.restore()
        first = _listing()
        raise _Rollback
    assert not Disclosure.objects.exists()
    assert len(first) > 50
    settings.DEBUG = True
    call_command("seed_demo", verbosity=0)
    assert _listing() == first


def test_demo_refused_when_debug_is_off(db, settings):
    settings.DEBUG = False
    with pytest.raises(CommandError, match="DEBUG"):
        call_command("seed_demo", verbosity=0)
    assert not Department.objects.exists()


def test_demo_refuses_a_registered_domain_without_a_builder(db, settings, monkeypatch):
    """seed_demo builds every domain of the registry through the `demo` package: a domain it has no
    builder for is named, before anything is written."""
    settings.DEBUG = True
    monkeypatch.delitem(demo.BUILDERS, "welfare")
    with pytest.raises(CommandError, match="领域 welfare 没有演示数据构建器"):
        call_command("seed_demo", verbosity=0)
    assert not Department.objects.exists()


def test_demo_if_empty_skips_a_populated_database(seeded):
    count = Disclosure.objects.count()
    call_command("seed_demo", "--if-empty", verbosity=0)
    assert Disclosure.objects.count() == count
    with pytest.raises(CommandError):
        call_command("seed_demo", verbosity=0)


# ---------------------------------------------------------------------------------------------
# The projects domain (demo/projects.py)
# ---------------------------------------------------------------------------------------------
def test_demo_projects_cover_every_phase_and_most_sectors(seeded):
    from projects.choices import Phase
    from projects.models import Project

    projects = Project.objects.all()
    assert projects.count() >= 20
    assert set(projects.values_list("phase", flat=True)) == set(Phase.values)
    assert len(set(projects.values_list("sector", flat=True))) >= 10
    ppp = projects.get(is_ppp=True)
    assert ppp.ppp_mode and ppp.ppp_return and ppp.ppp_capital
    for project in projects:
        assert project.record_links.exists(), project.name


def test_demo_project_records_in_every_category_and_state(seeded):
    from projects.choices import ProjectCategory

    records = Disclosure.objects.filter(domain="projects", project_link__isnull=False)
    assert set(records.values_list("category", flat=True)) == set(ProjectCategory.values)
    assert {Status.DRAFT, Status.SUBMITTED, Status.REVIEWED, Status.APPROVED, Status.PUBLISHED, Status.WITHDRAWN} <= set(
        records.values_list("status", flat=True)
    )
    today = timezone.localdate()
    assert records.filter(status__in=UNPUBLISHED_STATUSES, due_on__lt=today).count() >= 3
    # Only the two general (not project-specific) items and a merged correction stand alone.
    assert Disclosure.objects.filter(domain="projects", project_link__isnull=True).exclude(status=Status.MERGED).count() <= 2


def test_demo_has_a_design_change_and_land_records_of_another_department(seeded):
    from projects.choices import Sector
    from projects.models import ProjectRecord

    change = Disclosure.objects.get(category="design_change", status=Status.PUBLISHED)
    assert change.details["approver"] and change.details["reason"]
    land = ProjectRecord.objects.filter(
        disclosure__category="land_expropriation", project__sector=Sector.TRANSPORT
    ).select_related("disclosure__department", "project__lead_department")
    assert land.exists()
    for link in land:
        assert link.disclosure.department.name == "青山县自然资源局"
        assert link.project.lead_department.name == "青山县交通运输局"


def test_demo_project_details_agree_with_the_projects(seeded):
    """Dates after 开工, amounts below the investment, every record valid for its category's form."""
    from decimal import Decimal

    from disclosures.details import clean_details
    from projects.models import ProjectRecord

    links = ProjectRecord.objects.select_related("project", "disclosure")
    for link in links:
        record, project = link.disclosure, link.project
        assert clean_details("projects", record.category, record.details) == record.details, record.title
        assert record.details, record.title
        if record.category == "completion":
            assert datetime.date.fromisoformat(record.details["accepted_on"]) >= project.started_on
            assert project.completed_on is not None
        if record.category == "bidding" and "amount" in record.details:
            assert Decimal(record.details["amount"]) < project.total_investment
        if record.category == "approval_result" and project.started_on and record.details["approval_item"] != "construction_permit":
            assert record.formed_on <= project.started_on, record.title
    completed = [link.project for link in links if link.project.phase in {"completed", "operation"}]
    for project in completed:
        assert project.record_links.filter(disclosure__category="completion", disclosure__status=Status.PUBLISHED).exists()


# ---------------------------------------------------------------------------------------------
# The welfare domain (demo/welfare.py)
# ---------------------------------------------------------------------------------------------
def test_demo_welfare_programmes_in_all_seven_areas_with_their_records(seeded):
    from disclosures.details import clean_details
    from welfare.choices import WelfareArea
    from welfare.models import Programme, ProgrammeRecord

    programmes = Programme.objects.all()
    assert set(programmes.values_list("area", flat=True)) == set(WelfareArea.values)
    for programme in programmes:
        assert programme.record_links.filter(disclosure__status=Status.PUBLISHED).exists(), programme.name
    for link in ProgrammeRecord.objects.select_related("programme", "disclosure"):
        record = link.disclosure
        assert record.category == link.programme.area, record.title
        assert clean_details("welfare", record.category, record.details) == record.details, record.title
    records = Disclosure.objects.filter(domain="welfare", programme_link__isnull=False)
    assert {Status.DRAFT, Status.SUBMITTED, Status.PUBLISHED} <= set(records.values_list("status", flat=True))


def test_demo_welfare_fund_table_adds_up(seeded):
    from decimal import Decimal

    from welfare.models import Programme
    from welfare.selectors import fund_table, programme_records

    dibao = Programme.objects.get(name__endswith="年城乡最低生活保障")
    table = fund_table(programme_records(dibao))
    assert len(table.rows) >= 3
    for row in table.rows:
        assert row.amount is not None and row.disbursed is not None and row.disbursed <= row.amount
    assert table.total_amount <= dibao.total_funds
    assert any(row.disbursed < row.amount for row in table.rows), "a quarter still being paid out"
    assert Decimal(0) < table.total_disbursed < table.total_amount


def test_demo_welfare_policy_and_its_interpretation_are_linked_both_ways(seeded):
    policy = Disclosure.objects.get(domain="welfare", title="关于调整城乡最低生活保障标准的通知")
    reading = policy.interpretation
    assert reading is not None and "政策解读" in reading.title
    assert policy.is_public and reading.is_public
    assert list(reading.interpreted_documents.all()) == [policy]
    assert reading.programme_link.programme == policy.programme_link.programme


def test_demo_welfare_name_lists_masked_inside_and_past_their_notice_period_and_one_scoped(seeded, client):
    from namelists.models import NameList, Scope
    from namelists.selectors import public_name_list

    lists = NameList.objects.filter(disclosure__domain="welfare").select_related("disclosure")
    current = lists.get(disclosure__title__contains="第三批城乡低保新增对象公示")
    ended = lists.get(disclosure__title__contains="第二批城乡低保新增对象公示")
    scoped = lists.get(scope=Scope.SPECIFIC)
    assert current.entries.count() >= 10
    assert public_name_list(current.disclosure).on_public_site
    assert public_name_list(ended.disclosure).ended
    assert scoped.scope_description == "白水镇白水村村务公开栏" and scoped.disclosure.status == Status.PUBLISHED
    weights = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
    for entry in current.entries.all():
        digits = entry.id_number
        check = "10X98765432"[sum(int(d) * w for d, w in zip(digits[:17], weights, strict=True)) % 11]
        assert len(digits) == 18 and digits[-1] == check, entry.name
        assert len(entry.phone) == 11 and entry.phone.startswith("1")
    page = client.get(current.disclosure.get_absolute_url()).content.decode()
    first = current.entries.first()
    assert first.name not in page and first.id_number not in page and first.phone not in page
    assert first.id_number[:6] + "********" + first.id_number[-4:] in page
    for name_list in (ended, scoped):
        page = client.get(name_list.disclosure.get_absolute_url()).content.decode()
        for entry in name_list.entries.all():
            assert entry.name not in page and entry.id_number[:6] + "********" not in page


def test_demo_welfare_urgent_disaster_record_is_published_within_its_hours_and_first(seeded, client):
    urgent = Disclosure.objects.get(domain="welfare", urgent=True, status=Status.PUBLISHED)
    assert urgent.category == "disaster_relief"
    # An hour clock on calendar time: 24 hours (the county's default) from when it was formed.
    assert (urgent.deadline_days, urgent.deadline_unit) == (24, ClockUnit.HOURS)
    start = urgent.formed_at or timezone.make_aware(datetime.datetime.combine(urgent.formed_on, datetime.time.min))
    assert urgent.due_at == start + datetime.timedelta(hours=24)
    assert urgent.published_at <= urgent.due_at and urgent.late_working_days == 0
    column = client.get("/column/welfare/").content.decode()
    assert "紧急信息" in column and urgent.title in column
    programme = urgent.programme_link.programme
    page = client.get(f"/welfare/{programme.pk}/").content.decode()
    others = programme.record_links.exclude(disclosure=urgent).filter(disclosure__status=Status.PUBLISHED)
    for link in others:
        assert page.index(urgent.title) < page.index(link.disclosure.title)


# ---------------------------------------------------------------------------------------------
# The resources domain (demo/resources.py)
# ---------------------------------------------------------------------------------------------
def test_demo_matters_in_every_area_with_complete_and_open_chains(seeded):
    from decimal import Decimal

    from disclosures.details import clean_details
    from resources.choices import ResourceArea
    from resources.models import MatterRecord, ResourceMatter
    from resources.selectors import CHAIN_STEPS

    matters = ResourceMatter.objects.all()
    assert set(matters.values_list("area", flat=True)) == set(ResourceArea.values)
    complete, open_ = set(), set()
    for matter in matters:
        links = list(MatterRecord.objects.filter(matter=matter).select_related("disclosure"))
        assert links, matter.name
        published = {link.disclosure.details["item_type"] for link in links if link.disclosure.status == Status.PUBLISHED}
        steps = set(CHAIN_STEPS[matter.area])
        if steps <= published:
            complete.add(matter.area)
        elif steps & {link.disclosure.details["item_type"] for link in links}:
            open_.add(matter.area)
        for link in links:
            record = link.disclosure
            assert record.category == matter.area
            assert clean_details("resources", record.category, record.details) == record.details, record.title
            for name in ("deal_price", "deal_amount", "amount"):
                if name in record.details:
                    assert Decimal(record.details[name]) > 0
            if "deal_price" in record.details and "starting_price" in record.details:
                assert Decimal(record.details["deal_price"]) >= Decimal(record.details["starting_price"])
    assert {"land_use_right", "mining_right", "procurement", "state_property", "construction_bidding", "housing"} <= complete
    assert {"land_use_right", "procurement", "construction_bidding"} <= open_
    # Every resources record belongs to a matter (the deadline cases too).
    assert not Disclosure.objects.filter(domain="resources", matter_link__isnull=True).exclude(status=Status.MERGED).exists()
    assert matters.filter(area="construction_bidding", project__isnull=False).count() >= 2
    # The 出让结果 of a 自然资源局 matter is the 公共资源交易中心's record.
    assert MatterRecord.objects.filter(
        matter__department__code="QSZRZY", disclosure__department__code="QSGGZY", disclosure__status=Status.PUBLISHED
    ).exists()


def test_demo_blacklist_has_entries_in_force_and_one_expired(seeded):
    from resources.models import BlacklistEntry
    from resources.selectors import public_blacklist

    assert public_blacklist().count() >= 1
    expired = BlacklistEntry.objects.filter(expired_at__isnull=False)
    assert expired.count() == 1
    assert expired.get().ends_on < timezone.localdate()
    assert not public_blacklist().filter(pk__in=expired).exists()


def test_demo_housing_name_lists_one_ended_one_in_its_notice_period(seeded):
    import re

    from namelists.models import NameList, Scope
    from namelists.selectors import public_name_list

    lists = NameList.objects.select_related("disclosure").filter(disclosure__domain="resources")
    ended = [n for n in lists if n.ended_at is not None]
    active = [n for n in lists if n.ended_at is None and n.scope == Scope.PUBLIC]
    assert len(ended) >= 1 and len(active) >= 1
    for name_list in lists:
        assert name_list.disclosure.matter_link.matter.area == "housing"
        assert 5 <= name_list.entries.count() <= 12
        for entry in name_list.entries.all():
            assert re.fullmatch(r"\d{17}[\dX]", entry.id_number), entry.id_number
            assert re.fullmatch(r"1[3-9]\d{9}", entry.phone), entry.phone
    shown = public_name_list(active[0].disclosure)
    assert shown.rows and not shown.ended
    assert all("*" in row["name"] and "********" in row["id_number"] for row in shown.rows)
    assert public_name_list(ended[0].disclosure).rows == []


def test_demo_history_tells_nobody_and_the_first_new_step_does(seeded):
    """seed_demo mutes the workflow's notices while it writes months of history (no inbox holds 700
    messages, no console prints 700 e-mails); the receiver is connected again afterwards."""
    from notifications.models import Notification

    assert not Notification.objects.exists()
    record = Disclosure.objects.filter(status=Status.DRAFT, created_by__username="clerk").order_by("pk").first()
    services.disclosure_submit(disclosure=record, actor=record.created_by)
    assert Notification.objects.filter(user__username="reviewer", kind="disclosure.submit").count() == 1


def test_demo_has_a_supervision_notice_in_every_state(seeded):
    """督办: 待答复 (on the 发改委's overdue records), 已答复待审核, 退回重新整改, 已办结, 已升级 and its 督办 copied to the
    交通运输局's 分管领导, and a 提醒 past its period, flagged overdue."""
    from supervision.choices import Level, Status
    from supervision.models import Notice

    assert {notice.status for notice in Notice.objects.all()} == set(Status.values)
    numbers = sorted(Notice.objects.values_list("sequence", flat=True))
    assert numbers == list(range(1, len(numbers) + 1))
    escalated = Notice.objects.get(escalated_from__isnull=False)
    assert (escalated.level, escalated.escalated_from.status) == (Level.SUPERVISE, Status.ESCALATED)
    assert escalated.copied_to.filter(memberships__department=escalated.department, memberships__role="signer").exists()
    assert Notice.objects.filter(status=Status.ISSUED, overdue_flagged_at__isnull=False, level=Level.REMIND).exists()
    today = Notice.objects.filter(department__code="QSFGW", status=Status.ISSUED).get()
    assert today.items.filter(kind="record").exists()


def test_demo_has_last_months_circular_published(seeded, client):
    from supervision.models import Circular

    circular = Circular.objects.get()
    assert circular.status == "published" and circular.figures
    assert client.get(circular.get_absolute_url()).status_code == 200
