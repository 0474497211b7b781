"""我的待办: the back office's landing page (the admin index), one list per thing the user has to do.

- 经办人 (clerk): drafts returned with comments, drafts, approved records waiting for 发布, and what is
  due within 3 working days or overdue;
- 部门负责人 (reviewer): 待我审核 — submitted records of their departments they did not draft or submit;
- 分管领导 (signer): 待我签发 — reviewed records they did not draft, submit or review (the workflow's
  NOT_OWN guard, seed 001 §三);
- 政务公开办 (office): records of the departments it oversees that are past their 应公开日期
  (《政府信息公开条例》第二十六条; the 督办看板 has the whole list).

Each row shows the days left on the record's clock and how long it has waited in its current stage. A
section costs two queries (its count and its first rows), and a third when a returned draft is on it
(when it came back), whatever the number of rows.
"""

import datetime
from dataclasses import dataclass, field

from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from organizations.choices import Role
from organizations.selectors import user_scope

from .admin import deadline_state_html
from .choices import UNPUBLISHED_STATUSES, DisclosureMode, Status
from .deadlines import add_working_days, working_days_between
from .selectors import disclosures_for_user, returned_at, stage_since

ROWS_PER_SECTION = 10
DUE_SOON_WORKING_DAYS = 3

@dataclass
class Row:
    record: object
    days_left: str  # html: 剩N个工作日 / 逾期N个工作日 / —
    waiting: str  # 不足1个工作日 / 3个工作日


@dataclass
class Section:
    key: str
    title: str
    help: str
    count: int
    url: str
    rows: list[Row] = field(default_factory=list)


def _waiting(record, today: datetime.date, returns) -> str:
    """Working days since the record entered its stage (`stage_since`, as the 督办看板 counts them)."""
    days = working_days_between(timezone.localdate(stage_since(record, returns)), today, record.jurisdiction_id)
    return "不足1个工作日" if days <= 0 else f"{days}个工作日"


def _days_left(record) -> str:
    if record.due_on is None or not record.is_unpublished:
        return "—"
    return deadline_state_html(record)


def _section(key, title, help_text, queryset, url, today, order=("due_on", "pk")) -> Section:
    count = queryset.count()
    records = list(queryset.order_by(*order)[:ROWS_PER_SECTION]) if count else []
    returns = returned_at(records)  # a query only when a returned draft is on the list
    rows = [Row(record, _days_left(record), _waiting(record, today, returns)) for record in records]
    return Section(key, title, help_text, count, url, rows)


def todo_sections(user) -> list[Section]:
    """The user's lists, in the order of the work: what came back, what waits for them, what is late."""
    scope = user_scope(user)
    today = timezone.localdate()
    records = disclosures_for_user(user)
    changelist = reverse("admin:disclosures_disclosure_changelist")
    sections: list[Section] = []
    not_own = Q(created_by=user) | Q(submitted_by=user)

    clerk_departments = scope.departments_with(Role.CLERK)
    if clerk_departments:
        mine = records.filter(department_id__in=clerk_departments)
        sections.append(_section(
            "returned", "退回修改", "部门负责人或分管领导退回的记录，按退回意见修改后重新提交。",
            mine.filter(status=Status.DRAFT).exclude(rejection_comment=""), f"{changelist}?status=draft", today,
        ))
        sections.append(_section(
            "drafts", "草稿", "尚未提交审核的记录。",
            mine.filter(status=Status.DRAFT, rejection_comment=""), f"{changelist}?status=draft", today,
        ))
        sections.append(_section(
            "to_publish", "待发布", "已签发、等待发布的记录（区划设置为签发后手动发布）。",
            mine.filter(status=Status.APPROVED), f"{changelist}?status=approved", today,
        ))
        horizon = add_working_days(today, DUE_SOON_WORKING_DAYS).due_on
        sections.append(_section(
            "due_soon", "即将到期或已逾期",
            f"应公开日期在{DUE_SOON_WORKING_DAYS}个工作日内或已过的未发布记录（《政府信息公开条例》第二十六条：20个工作日内公开）。",
            mine.filter(status__in=UNPUBLISHED_STATUSES, disclosure_mode=DisclosureMode.ACTIVE, due_on__lte=horizon),
            reverse("compliance:dashboard"), today,
        ))
    reviewer_departments = scope.departments_with(Role.REVIEWER)
    if reviewer_departments:
        sections.append(_section(
            "to_review", "待我审核", "本单位经办人提交的记录（自己起草或提交的记录由其他负责人审核）。",
            records.filter(status=Status.SUBMITTED, department_id__in=reviewer_departments).exclude(not_own),
            f"{changelist}?status=submitted", today,
        ))
    signer_departments = scope.departments_with(Role.SIGNER)
    if signer_departments:
        sections.append(_section(
            "to_sign", "待我签发", "部门负责人审核通过、等待分管领导签发的记录。",
            records.filter(status=Status.REVIEWED, department_id__in=signer_departments)
            .exclude(not_own | Q(reviewed_by=user)),
            f"{changelist}?status=reviewed", today,
        ))
    if scope.office_department_ids or scope.is_superuser:
        overseen = records if scope.is_superuser else records.filter(department_id__in=scope.office_department_ids)
        sections.append(_section(
            "overdue", "辖区逾期未公开",
            "所辖单位超过应公开日期仍未发布的主动公开记录（《政府信息公开条例》第二十六条），督办看板列出全部。",
            overseen.filter(status__in=UNPUBLISHED_STATUSES, disclosure_mode=DisclosureMode.ACTIVE, due_on__lt=today),
            reverse("compliance:dashboard"), today,
        ))
    return sections
