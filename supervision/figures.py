"""The figures a 通报 (and, next, the 考核) gives per department for a period, each from the table that holds it:

- 发布信息: records published in the period (withdrawn later still count; 不予公开 never), 按时 and the rate;
- 期末逾期未公开: 主动公开 records due before the period's last day and not published by its end;
- 督办单: notices issued in the period, answered on time, answered late, not answered (still open, or escalated
  without an answer);
- 逾期未答复申请: requests due in the period answered after their due date, or still open past it;
- 死链: links of its records found broken by the weekly check.

Praise and criticism follow the thresholds in settings (PORTAL_CIRCULAR_*), with a minimum volume so that a
department with one record is not praised."""

import datetime
from dataclasses import asdict, dataclass

from django.conf import settings
from django.db.models import Count, F, Q
from django.utils import timezone

from compliance.models import LinkCheck
from disclosures.choices import UNPUBLISHED_STATUSES, DisclosureMode
from disclosures.choices import Status as RecordStatus
from disclosures.models import Disclosure
from inforequests.choices import OPEN_STATUSES as REQUEST_OPEN
from inforequests.models import InfoRequest

from .choices import OPEN_STATUSES, Status, Verdict
from .models import Notice


@dataclass
class Figures:
    department_id: int
    department: str
    published: int = 0
    on_time: int = 0
    overdue_at_end: int = 0
    notices: int = 0
    answered_on_time: int = 0
    answered_late: int = 0
    unanswered: int = 0
    overdue_requests: int = 0
    dead_links: int = 0
    verdict: str = Verdict.NONE

    @property
    def rate(self) -> float | None:
        return round(self.on_time * 100 / self.published, 1) if self.published else None

    def as_dict(self) -> dict:
        return asdict(self) | {"rate": self.rate}


def _bounds(start: datetime.date, end: datetime.date):
    first = timezone.make_aware(datetime.datetime.combine(start, datetime.time.min))
    after = timezone.make_aware(datetime.datetime.combine(end + datetime.timedelta(days=1), datetime.time.min))
    return first, after


def _by_department(queryset, **counts) -> dict[int, dict]:
    return {row.pop("department_id"): row for row in queryset.values("department_id").annotate(**counts).order_by()}


def verdict(row: Figures) -> str:
    """批评: a notice left unanswered, the on-time rate under PORTAL_CIRCULAR_CRITICISE_RATE (with the minimum
    volume), or PORTAL_CIRCULAR_CRITICISE_OVERDUE or more records overdue at the period's end. 表扬: at least
    PORTAL_CIRCULAR_MIN_RECORDS published, a rate of PORTAL_CIRCULAR_PRAISE_RATE or more, nothing overdue, every
    notice answered on time."""
    enough = row.published >= settings.PORTAL_CIRCULAR_MIN_RECORDS
    if row.unanswered or row.overdue_at_end >= settings.PORTAL_CIRCULAR_CRITICISE_OVERDUE or (
        enough and row.rate < settings.PORTAL_CIRCULAR_CRITICISE_RATE
    ):
        return Verdict.CRITICISE
    if enough and row.rate >= settings.PORTAL_CIRCULAR_PRAISE_RATE and not (
        row.overdue_at_end or row.answered_late or row.overdue_requests
    ):
        return Verdict.PRAISE
    return Verdict.NONE


def department_figures(departments, start: datetime.date, end: datetime.date) -> list[Figures]:
    """One `Figures` per department (in the order given), a few grouped queries whatever their number."""
    departments = list(departments)
    ids = [department.pk for department in departments]
    first, after = _bounds(start, end)
    published = _by_department(
        Disclosure.objects.filter(department__in=ids, status__in=[RecordStatus.PUBLISHED, RecordStatus.WITHDRAWN],
                                  published_at__gte=first, published_at__lt=after)
        .exclude(disclosure_mode=DisclosureMode.NOT_DISCLOSED),
        published=Count("pk"), on_time=Count("pk", filter=Q(late_working_days=0)),
    )
    overdue = _by_department(
        Disclosure.objects.filter(department__in=ids, disclosure_mode=DisclosureMode.ACTIVE, due_on__lt=end)
        .filter(Q(status__in=UNPUBLISHED_STATUSES) | Q(status=RecordStatus.PUBLISHED, published_at__gte=after)),
        overdue_at_end=Count("pk"),
    )
    notices = _by_department(
        Notice.objects.filter(department__in=ids, issued_on__range=(start, end)),
        notices=Count("pk"),
        answered_on_time=Count("pk", filter=Q(answered_at__isnull=False, answered_late=False)),
        answered_late=Count("pk", filter=Q(answered_late=True)),
        unanswered=Count("pk", filter=Q(status__in=OPEN_STATUSES) | Q(status=Status.ESCALATED, answered_at__isnull=True)),
    )
    requests = _by_department(
        InfoRequest.objects.filter(department__in=ids, due_on__range=(start, end)).filter(
            Q(replied_on__gt=F("due_on")) | Q(status__in=REQUEST_OPEN, due_on__lt=end)
        ),
        overdue_requests=Count("pk"),
    )
    links = _by_department(
        LinkCheck.objects.filter(disclosure__department__in=ids, ok=False).annotate(department_id=F("disclosure__department_id")),
        dead_links=Count("pk"),
    )
    rows = []
    for department in departments:
        row = Figures(department.pk, department.name)
        for source in (published, overdue, notices, requests, links):
            for name, value in source.get(department.pk, {}).items():
                setattr(row, name, value)
        row.verdict = verdict(row)
        rows.append(row)
    return rows
