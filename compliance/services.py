"""
Deadline enforcement. Each job is one set-based UPDATE of the rows it newly concerns, then one
aggregate per department for the notifications — never a Python loop over records — and is
idempotent: a second run (or a retry) finds nothing new and notifies nobody again.
"""

from dataclasses import dataclass, field

from django.conf import settings
from django.db import transaction
from django.db.models import Count, Min
from django.urls import reverse
from django.utils import timezone

from disclosures.choices import UNPUBLISHED_STATUSES
from disclosures.models import Disclosure
from disclosures.services import job_heartbeat_record
from notifications.services import Message, notify
from organizations.choices import Role
from organizations.models import Department, Membership
from workdays.services import current_calendar

FLAG_OVERDUE = "flag_overdue"
WARN_DUE_SOON = "warn_due_soon"
HEARTBEAT = "heartbeat"
JOB_LABELS = {FLAG_OVERDUE: "逾期标记", WARN_DUE_SOON: "临期提醒", HEARTBEAT: "任务心跳"}


@dataclass
class JobResult:
    count: int
    departments: dict[int, int] = field(default_factory=dict)


def _notify_departments(*, per_department: dict[int, dict], kind: str, key: str, title: str, body: str) -> None:
    """One notification per department member (clerks and reviewers), one query for the members."""
    if not per_department:
        return
    departments = Department.objects.in_bulk(list(per_department))
    members: dict[int, list] = {}
    for membership in Membership.objects.filter(
        department_id__in=per_department, role__in=[Role.CLERK, Role.REVIEWER]
    ).select_related("user"):
        members.setdefault(membership.department_id, []).append(membership.user)
    notify(
        [
            Message(
                users=members.get(department_id, []),
                kind=kind,
                title=title.format(count=stats["count"], department=departments[department_id].name),
                body=body.format(
                    count=stats["count"], earliest=stats["earliest"], department=departments[department_id].name
                ),
                url=f"{reverse('compliance:dashboard')}?department={department_id}",
                dedupe_key=f"{key}:{department_id}",
            )
            for department_id, stats in per_department.items()
        ]
    )


@transaction.atomic
def flag_overdue(*, today=None) -> JobResult:
    """Mark each unpublished record past its due date exactly once, and tell its department."""
    now = timezone.now()
    today = today or timezone.localdate(now)
    flagged = Disclosure.objects.filter(
        status__in=UNPUBLISHED_STATUSES, overdue_flagged_at__isnull=True, due_on__lt=today
    ).update(overdue_flagged_at=now)
    per_department = {}
    if flagged:
        per_department = {
            row["department_id"]: row
            for row in Disclosure.objects.filter(overdue_flagged_at=now)
            .values("department_id")
            .annotate(count=Count("pk"), earliest=Min("due_on"))
        }
        _notify_departments(
            per_department=per_department,
            kind="overdue",
            key=f"overdue:{now:%Y%m%d%H%M%S%f}",
            title="【逾期提醒】{department}有 {count} 条信息已超过公开时限",
            body="{department}有 {count} 条应主动公开的信息已超过法定公开时限（最早应于 {earliest} 公开），请尽快办理审核发布。",
        )
    job_heartbeat_record(name=FLAG_OVERDUE, result={"flagged": flagged, "today": today.isoformat()})
    return JobResult(flagged, {k: v["count"] for k, v in per_department.items()})


@transaction.atomic
def warn_due_soon(*, today=None, working_days: int | None = None) -> JobResult:
    """Warn departments once about records due within the next N working days (default 3)."""
    now = timezone.now()
    today = today or timezone.localdate(now)
    working_days = working_days or settings.PORTAL_DUE_SOON_WORKING_DAYS
    horizon = current_calendar().add_working_days(today, working_days).due_on
    warned = Disclosure.objects.filter(
        status__in=UNPUBLISHED_STATUSES,
        due_soon_notified_at__isnull=True,
        due_on__gte=today,
        due_on__lte=horizon,
    ).update(due_soon_notified_at=now)
    per_department = {}
    if warned:
        per_department = {
            row["department_id"]: row
            for row in Disclosure.objects.filter(due_soon_notified_at=now)
            .values("department_id")
            .annotate(count=Count("pk"), earliest=Min("due_on"))
        }
        _notify_departments(
            per_department=per_department,
            kind="due_soon",
            key=f"due_soon:{now:%Y%m%d%H%M%S%f}",
            title="【临期提醒】{department}有 {count} 条信息将在 " + str(working_days) + " 个工作日内到期",
            body="{department}有 {count} 条信息即将到达公开时限（最早 {earliest}），请及时提交审核并发布。",
        )
    job_heartbeat_record(
        name=WARN_DUE_SOON, result={"warned": warned, "today": today.isoformat(), "horizon": horizon.isoformat()}
    )
    return JobResult(warned, {k: v["count"] for k, v in per_department.items()})
