"""
Deadline enforcement. Each job is one set-based UPDATE of the rows it newly concerns, then one
aggregate per department for the notifications — never a Python loop over records — and is
idempotent: a second run (or a retry) finds nothing new and notifies nobody again.
"""

import datetime
import re
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from urllib.parse import urlsplit

from django.conf import settings
from django.db import transaction
from django.db.models import Count, Max, Min, Q
from django.urls import reverse
from django.utils import timezone

from disclosures.choices import UNPUBLISHED_STATUSES
from disclosures.domains import all_domains
from disclosures.models import Disclosure
from disclosures.services import job_heartbeat_record
from notifications.services import Message, notify
from organizations.choices import Role
from organizations.models import Department, Membership
from workdays.services import current_calendar

from .models import LinkCheck

FLAG_OVERDUE = "flag_overdue"
OVERDUE_BATCH = 5_000
WARN_DUE_SOON = "warn_due_soon"
HEARTBEAT = "heartbeat"
JOB_LABELS = {FLAG_OVERDUE: "逾期标记", WARN_DUE_SOON: "临期提醒", HEARTBEAT: "任务心跳", "check_links": "外部链接检查"}


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
    pending = Disclosure.objects.filter(
        status__in=UNPUBLISHED_STATUSES, overdue_flagged_at__isnull=True, due_on__lt=today
    )
    flagged = 0
    while True:
        # In batches taken in due-date order: the planner then reads the partial index of unflagged
        # records (disclosure_unflagged_due) instead of every unpublished one — the statistics cannot
        # tell that almost none is past due — so a day with nothing to flag costs one index probe.
        batch = list(pending.order_by("due_on").values_list("pk", flat=True)[:OVERDUE_BATCH])
        if not batch:
            break
        flagged += Disclosure.objects.filter(pk__in=batch).update(overdue_flagged_at=now)
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


# ---------------------------------------------------------------------------------------------
# 僵尸栏目 and dead links (seed 004 §二(四): no dead links, no stale columns)
# ---------------------------------------------------------------------------------------------
LINK_RE = re.compile(r"""href\s*=\s*["'](https?://[^"'\s<>]+)["']""", re.IGNORECASE)
CHECK_LINKS = "check_links"


def external_links(html: str, *, own_hosts: set[str]) -> list[str]:
    links = []
    for url in LINK_RE.findall(html or ""):
        host = urlsplit(url).hostname or ""
        if host and host not in own_hosts and url not in links:
            links.append(url)
    return links


def _probe(url: str, timeout: float) -> tuple[bool, str]:
    request = urllib.request.Request(url, method="HEAD", headers={"User-Agent": "disclosure-portal-linkcheck/1.0"})
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:  # noqa: S310 - http(s) only (LINK_RE)
            return response.status < 400, f"HTTP {response.status}"
    except urllib.error.HTTPError as exc:
        if exc.code == 405:  # HEAD not allowed: try GET
            try:
                with urllib.request.urlopen(url, timeout=timeout) as response:  # noqa: S310
                    return response.status < 400, f"HTTP {response.status}"
            except (urllib.error.URLError, OSError) as inner:
                return False, str(getattr(inner, "reason", inner))[:100]
        return False, f"HTTP {exc.code}"
    except (urllib.error.URLError, OSError, ValueError) as exc:
        return False, str(getattr(exc, "reason", exc))[:100]


def check_links(*, limit: int | None = None, timeout: float = 10.0, probe=_probe) -> dict:
    """Check the external links of published records (oldest checks first, at most `limit` links)."""
    limit = limit or settings.PORTAL_LINK_CHECK_LIMIT
    own_hosts = {host.lstrip(".") for host in settings.ALLOWED_HOSTS if host not in {"*"}}
    now = timezone.now()
    checked = dead = 0
    records = Disclosure.objects.public().filter(body__icontains="http").only("pk", "body").order_by("pk")
    for record in records.iterator(chunk_size=200):
        for url in external_links(record.body, own_hosts=own_hosts):
            if checked >= limit:
                break
            ok, status = probe(url, timeout)
            LinkCheck.objects.update_or_create(
                disclosure=record, url=url, defaults={"ok": ok, "status": status, "checked_at": now}
            )
            checked += 1
            dead += not ok
    job_heartbeat_record(name=CHECK_LINKS, result={"checked": checked, "dead": dead})
    return {"checked": checked, "dead": dead}


def stale_columns(*, today=None, days: int | None = None, jurisdiction_department_ids=None) -> list[dict]:
    """Columns (domain / category) with no public record in `days` days (default 90): 僵尸栏目 risk.

    Two queries that read only recent rows and the stale columns' own: the columns published in the
    window (from the newest-first public index), then the last publication of the others."""
    today = today or timezone.localdate()
    days = days or settings.PORTAL_STALE_COLUMN_DAYS
    queryset = Disclosure.objects.public().order_by()
    if jurisdiction_department_ids is not None:
        queryset = queryset.filter(department_id__in=jurisdiction_department_ids)
    since = timezone.make_aware(datetime.datetime.combine(today - datetime.timedelta(days=days), datetime.time()))
    recent = set(queryset.filter(published_at__gte=since).values_list("domain", "category").distinct())
    quiet = [(domain.code, code) for domain in all_domains() for code, _ in domain.category_choices]
    quiet = [pair for pair in quiet if pair not in recent]
    last = {}
    if quiet:
        columns = Q()
        for domain_code, code in quiet:
            columns |= Q(domain=domain_code, category=code)
        last = {
            (row["domain"], row["category"]): row["last"]
            for row in queryset.filter(columns).values("domain", "category").annotate(last=Max("published_at"))
        }
    rows = []
    for domain in all_domains():
        for code, label in domain.category_choices:
            if (domain.code, code) in recent:
                continue
            published = last.get((domain.code, code))
            idle = (today - timezone.localdate(published)).days if published else None
            if idle is None or idle > days:
                rows.append(
                    {"domain": domain.label, "category": label, "last_published": published, "idle_days": idle}
                )
    return rows
