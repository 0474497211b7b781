"""
Deadline enforcement. Each job is one set-based UPDATE of the rows it newly concerns, then one
aggregate per department for the notifications — never a Python loop over records — and is
idempotent: a second run (or a retry) finds nothing new and notifies nobody again.
"""

import datetime
import logging
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
from django.utils.module_loading import import_string

from core.domains import all_domains
from core.models import JobHeartbeat
from disclosures.models import Disclosure
from disclosures.services import job_heartbeat_record, job_lock
from notifications.services import Message, notify
from organizations.choices import Role
from organizations.models import Department, Membership
from workdays import clock
from workdays.services import current_calendar

from .models import LinkCheck

logger = logging.getLogger(__name__)

FLAG_OVERDUE = "flag_overdue"
WARN_DUE_SOON = "warn_due_soon"
HEARTBEAT = "heartbeat"
JOB_LABELS = {FLAG_OVERDUE: "逾期标记", WARN_DUE_SOON: "临期提醒", HEARTBEAT: "任务心跳", "check_links": "外部链接检查"}


@dataclass
class JobResult:
    count: int
    departments: dict[int, int] = field(default_factory=dict)
    skipped: bool = False  # another run of the job held its lock: this one did nothing

    def summary(self, noun: str) -> dict:
        """What the task returns: {"flagged": 3}, or {"flagged": 0, "skipped": "…"}."""
        if self.skipped:
            return {noun: 0, "skipped": "another run of the job was under way"}
        return {noun: self.count}


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


def flag_overdue(*, today=None) -> JobResult:
    """Mark each unpublished record past its due date exactly once, and tell its department.

    One transaction under the job's lock: a second run at the same time does nothing (`skipped`), and
    a run killed mid-way leaves nothing behind — no flag, no notice, no heartbeat — so the catch-up
    (jobs_catch_up) runs it again."""
    started = timezone.now()
    with transaction.atomic():
        if not job_lock(FLAG_OVERDUE, started=started):
            return JobResult(0, skipped=True)
        return _flag_overdue(today=today)


def _flag_overdue(*, today) -> JobResult:
    now = timezone.now()
    today = today or timezone.localdate(now)
    # The statutory clock flags every registered case type, set-based (records: the partial index
    # disclosure_unflagged_due); the notices below are the records'.
    by_model = clock.flag_all_overdue(today=today, now=now)
    flagged = sum(by_model.values())
    per_department = {}
    if by_model.get(Disclosure._meta.label):
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


def warn_due_soon(*, today=None, working_days: int | None = None) -> JobResult:
    """Warn departments once about records due within the next N working days (default 3). One
    transaction under the job's lock, like flag_overdue."""
    started = timezone.now()
    with transaction.atomic():
        if not job_lock(WARN_DUE_SOON, started=started):
            return JobResult(0, skipped=True)
        return _warn_due_soon(today=today, working_days=working_days)


def _warn_due_soon(*, today, working_days: int | None) -> JobResult:
    now = timezone.now()
    today = today or timezone.localdate(now)
    working_days = working_days or settings.PORTAL_DUE_SOON_WORKING_DAYS
    horizon = current_calendar().add_working_days(today, working_days).due_on
    by_model = clock.mark_all_due_soon(today=today, horizon=horizon, now=now)
    warned = sum(by_model.values())
    per_department = {}
    if by_model.get(Disclosure._meta.label):
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
# Runs that beat skipped (issue 25)
# ---------------------------------------------------------------------------------------------
CATCH_UP = "catch_up"
# Scheduled tasks not caught up: the heartbeat runs every 10 minutes anyway, and the catch-up itself.
NOT_CAUGHT_UP = {"compliance.tasks.heartbeat", "compliance.tasks.catch_up"}
# A run is missed once its time is this far past with no heartbeat since: the run beat sent on time
# has had the time to finish.
CATCH_UP_GRACE = datetime.timedelta(minutes=15)


def _next_run_after(schedule, last_run_at: datetime.datetime) -> datetime.datetime:
    """The first time `schedule` (a crontab of the beat schedule) falls due after `last_run_at`."""
    start, delta, _now = schedule.remaining_delta(last_run_at, tz=settings.CELERY_TIMEZONE)
    return start + delta


def next_scheduled_run(task: str, *, after: datetime.datetime) -> datetime.datetime | None:
    """When beat next sends `task` (a dotted task name) after `after`, by the schedule declared in
    CELERY_BEAT_SCHEDULE; None when no entry runs it."""
    runs = [
        _next_run_after(entry["schedule"], after)
        for entry in settings.CELERY_BEAT_SCHEDULE.values()
        if entry["task"] == task and hasattr(entry["schedule"], "remaining_delta")
    ]
    return min(runs, default=None)


def missed_jobs(*, now: datetime.datetime | None = None) -> list[str]:
    """The scheduled tasks (CELERY_BEAT_SCHEDULE) whose time has passed since their last successful run,
    by more than CATCH_UP_GRACE: beat skipped them (it sends nothing while the broker is down, and does
    not send a skipped run later), or the run failed or was killed. A job records its run in the
    heartbeat named after its task (`compliance.tasks.flag_overdue` → `flag_overdue`); a job with no
    heartbeat yet is left to beat."""
    now = now or timezone.now()
    last_runs = dict(JobHeartbeat.objects.values_list("name", "last_run_at"))
    missed = []
    for entry in settings.CELERY_BEAT_SCHEDULE.values():
        task = entry["task"]
        last = last_runs.get(task.rsplit(".", 1)[-1])
        if task in NOT_CAUGHT_UP or last is None:
            continue
        if _next_run_after(entry["schedule"], last) + CATCH_UP_GRACE <= now:
            missed.append(task)
    return missed


def jobs_catch_up(*, now: datetime.datetime | None = None) -> dict:
    """Run, late, in this process, each scheduled job that missed its time (`missed_jobs`). A job that
    fails is logged and stays missed, so the next catch-up tries it again."""
    ran, failed = [], []
    for task in missed_jobs(now=now):
        try:
            import_string(task)()  # the task's function, run here and now
        except Exception:  # one job failing must not keep the others from running
            logger.exception("catch-up: %s failed; it is tried again at the next catch-up", task)
            failed.append(task)
        else:
            ran.append(task)
    result = {"ran": ran, "failed": failed}
    if ran or failed:
        job_heartbeat_record(name=CATCH_UP, result=result)
    return result


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
