"""
A hand-computed scenario for the dashboard tests, pinned to 2026-10-13 (a Tuesday after the 2026
National Day holiday: 10-01..10-07 off, Saturday 10-10 a make-up working day).

Records are built through the kernel's services, then their dates are set directly so the numbers
below are exact. Expected numbers (office of 测试县, which oversees the county and 测试镇):

| record              | department | state       | due_on     | published_at      | late |
|---------------------|------------|-------------|------------|-------------------|------|
| overdue_old         | FGW        | draft       | 2026-09-30 |                   |      |  overdue, 5 working days
| overdue_new         | FGW        | submitted   | 2026-10-12 |                   |      |  overdue, 1 (resources/procurement)
| due_today           | FGW        | draft       | 2026-10-13 |                   |      |  due soon
| due_horizon         | FGW        | draft       | 2026-10-16 |                   |      |  due soon (3rd working day)
| due_later           | FGW        | draft       | 2026-10-19 |                   |      |  neither
| on_time_jan         | FGW        | published   | 2026-01-05 | 2026-01-01 00:30  | 0    |  this year (local time!)
| late_withdrawn      | FGW        | withdrawn   | 2026-05-06 | 2026-05-10        | 3    |  this year, late
| merged_correction   | FGW        | merged      | 2026-09-20 | 2026-09-15        | 0    |  this year, on time
| corrected_original  | FGW        | published   | 2025-06-01 | 2025-06-01        | 0    |  last year
| late_last_year      | FGW        | published   | 2025-12-15 | 2025-12-20        | 4    |  last year (trend: 2025-12)
| other_overdue       | ZRZY       | draft       | 2026-10-09 |                   |      |  overdue, 3 (welfare/education)
| other_late          | ZRZY       | published   | 2026-07-28 | 2026-08-01        | 2    |  this year, late
| town_overdue        | TTDZB      | draft       | 2026-09-18 |                   |      |  overdue, 13
| foreign_overdue     | another county | draft   | 2026-09-01 |                   |      |  outside the office's scope
"""

import datetime

from django.utils import timezone

from core.models import JobHeartbeat
from disclosures import services
from disclosures.models import Disclosure
from disclosures.tests.factories import draft, in_state, published
from organizations.choices import Role
from organizations.tests.factories import DepartmentFactory, JurisdictionFactory, member

TODAY = datetime.date(2026, 10, 13)


def at(year, month, day, hour=10, minute=0) -> datetime.datetime:
    """An aware datetime in Asia/Shanghai."""
    return timezone.make_aware(datetime.datetime(year, month, day, hour, minute))


def set_fields(record: Disclosure, **fields) -> Disclosure:
    """Test setup only: put a record into an exact scenario."""
    Disclosure.objects.filter(pk=record.pk).update(**fields)
    record.refresh_from_db()
    return record


def through_workflow(record: Disclosure, *, clerk, reviewer, signer) -> Disclosure:
    services.disclosure_submit(disclosure=record, actor=clerk)
    services.disclosure_review(disclosure=record, actor=reviewer)
    services.disclosure_sign(disclosure=record, actor=signer)
    record.refresh_from_db()
    return record


def overdue_draft(clerk, department, due_on: datetime.date, **fields) -> Disclosure:
    fields.setdefault("formed_on", min(due_on - datetime.timedelta(days=30), timezone.localdate()))
    return set_fields(draft(clerk, department, **fields), due_on=due_on)


def build(org) -> dict[str, Disclosure]:
    r: dict[str, Disclosure] = {}
    # --- 县发展和改革委员会 (FGW): the clerk's own department ------------------------------------
    r["overdue_old"] = overdue_draft(
        org.clerk,
        org.department,
        datetime.date(2026, 9, 30),
        title="逾期的可研批复",
        formed_on=datetime.date(2026, 9, 23),
    )
    set_fields(r["overdue_old"], overdue_flagged_at=at(2026, 10, 1, 1, 0))
    r["overdue_new"] = set_fields(
        in_state(org, "submitted", title="逾期的采购结果", domain="resources", category="procurement"),
        due_on=datetime.date(2026, 10, 12),
    )
    r["due_today"] = overdue_draft(
        org.clerk, org.department, datetime.date(2026, 10, 13), title="今日到期的核准文件"
    )
    r["due_horizon"] = overdue_draft(
        org.clerk, org.department, datetime.date(2026, 10, 16), title="三个工作日后到期"
    )
    r["due_later"] = overdue_draft(org.clerk, org.department, datetime.date(2026, 10, 19), title="下周到期")
    r["on_time_jan"] = set_fields(
        published(org, title="元旦凌晨按时公开"),
        due_on=datetime.date(2026, 1, 5),
        published_at=at(2026, 1, 1, 0, 30),
        late_working_days=0,
    )
    r["late_withdrawn"] = set_fields(
        in_state(org, "withdrawn", title="逾期公开后撤回"),
        due_on=datetime.date(2026, 5, 6),
        published_at=at(2026, 5, 10),
        late_working_days=3,
    )
    original = published(org, title="被更正的原记录")
    correction = services.disclosure_start_correction(
        disclosure=original, actor=org.clerk, change_note="更正投资金额"
    )
    through_workflow(correction, clerk=org.clerk, reviewer=org.reviewer, signer=org.signer)
    assert correction.status == "merged"
    r["merged_correction"] = set_fields(
        correction, due_on=datetime.date(2026, 9, 20), published_at=at(2026, 9, 15), late_working_days=0
    )
    r["corrected_original"] = set_fields(
        original, due_on=datetime.date(2025, 6, 1), published_at=at(2025, 6, 1), late_working_days=0
    )
    r["late_last_year"] = set_fields(
        published(org, title="去年逾期公开"),
        due_on=datetime.date(2025, 12, 15),
        published_at=at(2025, 12, 20),
        late_working_days=4,
    )
    # --- 县自然资源局 (ZRZY) ---------------------------------------------------------------------
    other_signer = member(org.other_department, Role.SIGNER, "signer2")
    r["other_overdue"] = overdue_draft(
        org.other_clerk,
        org.other_department,
        datetime.date(2026, 10, 9),
        title="自然资源局逾期的教育信息",
        domain="welfare",
        category="education",
    )
    r["other_late"] = set_fields(
        through_workflow(
            draft(
                org.other_clerk,
                org.other_department,
                title="自然资源局逾期公开",
                domain="welfare",
                category="education",
            ),
            clerk=org.other_clerk,
            reviewer=org.other_reviewer,
            signer=other_signer,
        ),
        due_on=datetime.date(2026, 7, 28),
        published_at=at(2026, 8, 1),
        late_working_days=2,
    )
    # --- 测试镇党政办 (town below the county) -------------------------------------------------------
    r["town_overdue"] = overdue_draft(
        org.town_clerk, org.town_department, datetime.date(2026, 9, 18), title="镇里逾期的征地公告"
    )
    # --- another county, outside the office's jurisdiction --------------------------------------
    foreign = DepartmentFactory(
        jurisdiction=JurisdictionFactory(name="外县", code="WX"), name="外县财政局", code="WXCZ"
    )
    r["foreign_overdue"] = overdue_draft(
        member(foreign, Role.CLERK, "foreign_clerk"), foreign, datetime.date(2026, 9, 1), title="外县逾期信息"
    )
    return r


def heartbeat(name: str, last_run_at: datetime.datetime) -> JobHeartbeat:
    return JobHeartbeat.objects.update_or_create(name=name, defaults={"last_run_at": last_run_at})[0]
