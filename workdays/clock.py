"""
The statutory clock: when a case's time limit runs out, for every kind of case (a record to publish, an
information request, a supervision notice). The case type chooses the rule (its N, unit and start); the clock
counts, and stores, recomputes and flags the result.

A clock has a start (the legal date the period runs from, which may be earlier than the day it is entered),
a unit (`ClockUnit`), a limit N, pauses and extensions. It gives a due date, or a due time for hours, whether
it is an estimate, and a Chinese explanation.

- 工作日: the Nth working day after the start, the start day not counted (民法典 第二百零一条), on the office's
  calendar (`WorkCalendar.add_working_days`: holidays, 调休, local festivals). 《政府信息公开条例》第二十六条
  (20 个工作日 to publish), 第三十三条 (20 个工作日 to answer a request).
- 日: the Nth calendar day after the start; when that day is a 法定休假日 (a holiday or rest day), the period
  ends on the next working day (民法典 第二百零三条).
- 小时: N hours after the start instant, on calendar time (real-time and urgent information).

Pauses stop the clock: the working days (or days) of a pause are not counted, so the due date moves on by
as many. For an information request:
- 第三十条: an unclear request gets a 补正 notice, and the answer period runs from the day the 补正 arrives;
- 第三十二条 and 第三十三条第三款: 征求第三方和其他机关意见所需时间不计算在答复期限内.

Extensions lengthen the limit: 第三十三条第二款 — 需要延长答复期限的，应当经政府信息公开工作机构负责人同意并
告知申请人，延长的期限最长不得超过20个工作日, and only before the period has run out. The clock keeps who
approved, by how much and why, and refuses an extension approved after the due date; how many and how long
are the case type's rules.

Storage: a case inherits `workdays.models.ClockFields`; its pauses and extensions are `ClockPause` and
`ClockExtension` rows attached by content type. A case type registers here (`register`), so that a change of
the calendar recomputes every registered case type and one set-based job flags them all overdue.
"""

import datetime
from collections.abc import Callable
from dataclasses import dataclass, field

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.db.models import Q
from django.utils import timezone

from .choices import ClockUnit
from .models import ClockExtension, ClockPause
from .services import WEEKDAY_NAMES, DueComputation, WorkCalendar, current_calendar

ONE_DAY = datetime.timedelta(days=1)
UNIT_TEXT = {ClockUnit.WORKING_DAYS: "个工作日", ClockUnit.CALENDAR_DAYS: "日", ClockUnit.HOURS: "小时"}


@dataclass(frozen=True)
class Pause:
    """Days the clock stopped, first and last included; `last_day` None: still stopped."""

    first_day: datetime.date
    last_day: datetime.date | None
    reason: str
    basis: str = ""


@dataclass(frozen=True)
class Extension:
    """`amount` more units, approved by `approver` on `approved_on` (条例第三十三条第二款)."""

    amount: int
    approver: str
    approved_on: datetime.date
    reason: str = ""
    basis: str = ""


@dataclass(frozen=True)
class ClockResult:
    due_on: datetime.date | None  # None while an open pause stops the clock
    due_at: datetime.datetime | None  # hour clocks only
    estimated: bool
    computation: DueComputation | None  # the working-day count of the limit alone (working-day clocks)
    lines: tuple[str, ...] = ()

    @property
    def running(self) -> bool:
        return self.due_on is not None

    def explain(self) -> list[str]:
        return list(self.lines)


@dataclass(frozen=True)
class StatutoryClock:
    """One case's clock. `start` is a date, or a datetime for hours; `jurisdiction` (an id or a Jurisdiction)
    selects its local holidays; `label` names the due date in the explanation (应公开日期, 答复期限, …)."""

    start: datetime.date | datetime.datetime
    unit: str
    limit: int
    jurisdiction: object = None
    pauses: tuple[Pause, ...] = ()
    extensions: tuple[Extension, ...] = ()
    label: str = "到期日期"

    def __post_init__(self):
        if self.limit < 1:
            raise ValueError("a limit is at least 1")
        if self.unit == ClockUnit.HOURS:
            if not isinstance(self.start, datetime.datetime):
                raise ValueError("an hour clock starts at an instant (a datetime)")
            if self.pauses:
                raise ValueError("no rule pauses an hour clock")
        elif isinstance(self.start, datetime.datetime):
            raise ValueError("a day clock starts on a date")

    def compute(self, calendar: WorkCalendar | None = None) -> ClockResult:
        if self.unit == ClockUnit.HOURS:
            return self._hours()
        return _DayCount(self, calendar or current_calendar()).run()

    def extension_refusal(self, approved_on: datetime.date, calendar: WorkCalendar | None = None) -> str:
        """Why an extension approved on that day cannot be granted ('' when it can): the period has run out
        (条例第三十三条第二款: 延长 is decided before the answer period ends). A stopped clock has not run out."""
        result = self.compute(calendar)
        if result.due_at is not None:
            if timezone.make_aware(datetime.datetime.combine(approved_on, datetime.time.min)) > result.due_at:
                return f"{self.label}已届满，不能延长。"
            return ""
        if result.due_on is not None and approved_on > result.due_on:
            return f"{self.label}已届满，不能延长。"
        return ""

    def _hours(self) -> ClockResult:
        due_at = self.start + datetime.timedelta(hours=self.limit)
        local = timezone.localtime
        lines = [f"起算时间 {local(self.start):%Y-%m-%d %H:%M}，向后 {self.limit} 小时，{self.label} {local(due_at):%Y-%m-%d %H:%M}。"]
        for extension in self.extensions:
            due_at += datetime.timedelta(hours=extension.amount)
            lines.append(_extension_line(extension, self.unit, f"{local(due_at):%Y-%m-%d %H:%M}"))
        if self.extensions:
            lines.append(f"{self.label} {local(due_at):%Y-%m-%d %H:%M}。")
        return ClockResult(timezone.localdate(due_at), due_at, False, None, tuple(lines))


def _extension_line(extension: Extension, unit: str, until: str) -> str:
    basis = f"，依据{extension.basis}" if extension.basis else ""
    reason = f"，理由：{extension.reason.rstrip('。；')}" if extension.reason else ""
    return (
        f"{extension.approved_on:%Y-%m-%d} 经{extension.approver}同意延长 {extension.amount} {UNIT_TEXT[unit]}"
        f"{basis}{reason}，延至 {until}。"
    )


def _day(date: datetime.date) -> str:
    return f"{date:%Y-%m-%d}（周{WEEKDAY_NAMES[date.weekday()]}）"


@dataclass
class _DayCount:
    """A day clock's count: the limit, then extensions, then the pauses in date order."""

    clock: StatutoryClock
    calendar: WorkCalendar
    estimated: bool = False
    lines: list[str] = field(default_factory=list)

    @property
    def working(self) -> bool:
        return self.clock.unit == ClockUnit.WORKING_DAYS

    def add(self, after: datetime.date, amount: int) -> datetime.date:
        """The `amount`th counted day after `after`."""
        if not self.working:
            return after + datetime.timedelta(days=amount)
        computation = self.calendar.add_working_days(after, amount, self.clock.jurisdiction)
        self.estimated = self.estimated or computation.estimated
        return computation.due_on

    def count(self, after: datetime.date, until: datetime.date) -> int:
        """Counted days after `after` up to and including `until`."""
        if not self.working:
            return max((until - after).days, 0)
        return self.calendar.working_days_between(after, until, self.clock.jurisdiction)

    def run(self) -> ClockResult:
        clock, unit = self.clock, UNIT_TEXT[self.clock.unit]
        computation = None
        if self.working:
            computation = self.calendar.add_working_days(clock.start, clock.limit, clock.jurisdiction)
            self.estimated = computation.estimated
            due = computation.due_on
            self.lines += computation.explain(clock.label)
        else:
            due = self.add(clock.start, clock.limit)
            self.lines.append(f"起算日 {clock.start:%Y-%m-%d}（当日不计入），向后数 {clock.limit} 日，至 {due:%Y-%m-%d}。")
        for extension in clock.extensions:
            due = self.add(due, extension.amount)
            self.lines.append(_extension_line(extension, clock.unit, f"{due:%Y-%m-%d}"))
        for pause in sorted(clock.pauses, key=lambda p: p.first_day):
            what = f"{pause.reason}（{pause.basis}）" if pause.basis else pause.reason
            if pause.first_day > due:
                self.lines.append(f"{pause.first_day:%Y-%m-%d} 起{what}，在期限届满之后，不影响期限。")
                continue
            if pause.last_day is None:
                self.lines.append(f"自 {pause.first_day:%Y-%m-%d} 起{what}，暂停计时，恢复后重新计算{clock.label}。")
                return ClockResult(None, None, self.estimated, computation, tuple(self.lines))
            stopped = self.count(max(pause.first_day - ONE_DAY, clock.start), min(pause.last_day, due))
            if not stopped:
                continue
            due = self.add(max(due, pause.last_day), stopped)
            self.lines.append(
                f"{pause.first_day:%Y-%m-%d} 至 {pause.last_day:%Y-%m-%d} {what}，其间 {stopped} {unit}不计入，"
                f"顺延至 {due:%Y-%m-%d}。"
            )
        if not self.working:
            due = self._next_working_day(due)
        elif clock.pauses or clock.extensions:
            self.lines.append(f"{clock.label} {due:%Y-%m-%d}。")
        if self.estimated and not (computation and computation.estimated):
            self.lines.append(f"{due.year}年放假安排尚未录入，日期为预计。")
        return ClockResult(due, None, self.estimated, computation, tuple(self.lines))

    def _next_working_day(self, due: datetime.date) -> datetime.date:
        """民法典 第二百零三条: 期间的最后一日是法定休假日的，以法定休假日结束的次日为期间的最后一日."""
        first = due
        info = first_info = self.calendar.day(due, self.clock.jurisdiction)
        while not info.is_workday:
            self.estimated = self.estimated or info.estimated
            due += ONE_DAY
            info = self.calendar.day(due, self.clock.jurisdiction)
        self.estimated = self.estimated or info.estimated
        if due != first:
            self.lines.append(
                f"{_day(first)}{first_info.label or '休息日'}，为法定休假日，期间顺延至其后第一个工作日"
                f"（《民法典》第二百零三条）。"
            )
        self.lines.append(f"{self.clock.label} {due:%Y-%m-%d}。")
        return due


# ---------------------------------------------------------------------------------------------
# Storage: ClockFields on the case, pauses and extensions by content type
# ---------------------------------------------------------------------------------------------
def pauses_of(case: models.Model) -> tuple[Pause, ...]:
    rows = ClockPause.objects.filter(content_type=ContentType.objects.get_for_model(case), object_id=case.pk)
    return tuple(Pause(row.first_day, row.last_day, row.reason, row.basis) for row in rows)


def extensions_of(case: models.Model) -> tuple[Extension, ...]:
    rows = ClockExtension.objects.filter(content_type=ContentType.objects.get_for_model(case), object_id=case.pk)
    return tuple(Extension(row.amount, row.approver, row.approved_on, row.reason, row.basis) for row in rows)


def open_pauses(case: models.Model) -> list[ClockPause]:
    """The case's pauses still running (no last day yet)."""
    return list(
        ClockPause.objects.filter(
            content_type=ContentType.objects.get_for_model(case), object_id=case.pk, last_day__isnull=True
        ).order_by("first_day", "pk")
    )


def open_pause(case: models.Model, *, reason: str) -> ClockPause | None:
    """The running pause of the case with this reason, if any."""
    return next((pause for pause in open_pauses(case) if pause.reason == reason), None)


def clock_pause_start(
    *, actor, case: models.Model, first_day: datetime.date, reason: str, basis: str = "",
    last_day: datetime.date | None = None,
) -> ClockPause:
    """Record that the case's clock stopped on `first_day` (and, when known, the last day it stayed stopped).
    The case's service recomputes and stores its due date, and audits the event."""
    pause = ClockPause(
        content_type=ContentType.objects.get_for_model(case), object_id=case.pk, first_day=first_day,
        last_day=last_day, reason=reason.strip(), basis=basis.strip(), created_by=actor,
    )
    pause.full_clean()
    pause.save()
    return pause


def clock_pause_end(*, pause: ClockPause, last_day: datetime.date) -> ClockPause:
    """The clock runs again from the day after `last_day`."""
    pause.last_day = last_day
    pause.full_clean()
    pause.save(update_fields=["last_day"])
    return pause


@transaction.atomic
def clock_extension_grant(
    *, actor, case: models.Model, clock: StatutoryClock, amount: int, approver: str, approved_on: datetime.date,
    reason: str, basis: str = "",
) -> ClockExtension:
    """Record an extension of `clock` (the case's clock before it). Refused once the period has run out
    (条例第三十三条第二款); the case type checks its own caps (one extension, at most 20 工作日)."""
    refusal = clock.extension_refusal(approved_on)
    if refusal:
        raise ValidationError({"approved_on": [refusal]})
    extension = ClockExtension(
        content_type=ContentType.objects.get_for_model(case), object_id=case.pk, amount=amount,
        approver=approver.strip(), approved_by=actor, approved_on=approved_on, reason=reason.strip(),
        basis=basis.strip(), created_by=actor,
    )
    extension.full_clean()
    extension.save()
    return extension


def store(case: models.Model, result: ClockResult, *, now: datetime.datetime | None = None) -> bool:
    """Write a result on a `ClockFields` case (not saved). A due date not yet passed clears the overdue stamp
    (a 变更 restarts the clock, or the calendar moved the day); a moved due date clears the due-soon stamp.
    Returns whether the due date, time or estimate changed."""
    now = now or timezone.now()
    before = (case.due_on, case.due_at, case.due_on_estimated)
    case.due_on, case.due_at, case.due_on_estimated = result.due_on, result.due_at, result.estimated
    not_passed = result.due_at >= now if result.due_at is not None else (
        result.due_on is None or result.due_on >= timezone.localdate(now)
    )
    if not_passed:
        case.overdue_flagged_at = None
        if (before[0], before[1]) != (case.due_on, case.due_at):
            case.due_soon_notified_at = None
    return before != (case.due_on, case.due_at, case.due_on_estimated)


# ---------------------------------------------------------------------------------------------
# The registry of clocked case types
# ---------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class Clocked:
    """A registered case type.

    - `open_q`: its cases whose clock runs (not yet published or answered);
    - `recompute(actor=, reason=)`: recomputes its open cases after a calendar change and returns how many
      due dates moved (the case type writes its own audit rows);
    - `hours`: some of its cases run on an hour clock, so flagging also compares `due_at` (index it).
    """

    model: type[models.Model]
    open_q: Q
    recompute: Callable[..., int]
    hours: bool = False
    due_soon: Callable[[models.QuerySet], None] | None = None  # told of the cases just stamped due soon
    overdue: Callable[[models.QuerySet], None] | None = None  # told of the cases just flagged overdue


_registry: dict[str, Clocked] = {}


def register(
    model: type[models.Model], *, open_q: Q, recompute: Callable[..., int], hours: bool = False,
    due_soon: Callable[[models.QuerySet], None] | None = None,
    overdue: Callable[[models.QuerySet], None] | None = None,
) -> None:
    """Called from the case type's `AppConfig.ready()`; registering again replaces the entry. `due_soon` and
    `overdue` receive the cases the daily warning has just stamped or the overdue job has just flagged (the
    case type tells whoever holds them), once per case."""
    _registry[model._meta.label] = Clocked(model, open_q, recompute, hours, due_soon, overdue)


def unregister(model: type[models.Model]) -> None:
    _registry.pop(model._meta.label, None)


def registered() -> list[Clocked]:
    return list(_registry.values())


def registration(model: type[models.Model]) -> Clocked:
    return _registry[model._meta.label]


def recompute_on_calendar_change(sender, *, actor=None, reason: str = "", **kwargs) -> int:
    """`calendar_changed` receiver: every registered case type recomputes its open cases, inline in the
    calendar's transaction (no worker or broker needed, and a failure leaves the calendar unchanged)."""
    return sum(clocked.recompute(actor=actor, reason=reason) for clocked in registered())


OVERDUE_BATCH = 5_000


def flag_overdue(
    clocked: Clocked, *, today: datetime.date, now: datetime.datetime, batch_size: int = OVERDUE_BATCH
) -> int:
    """Stamp `overdue_flagged_at=now` on each open case past its due date that is not stamped yet; returns how
    many. Set-based: a few UPDATEs whatever the number of cases."""
    flagged = _flag(clocked.model.objects.filter(clocked.open_q, overdue_flagged_at__isnull=True, due_on__lt=today),
                    "due_on", now, batch_size)
    if clocked.hours:
        flagged += _flag(clocked.model.objects.filter(clocked.open_q, overdue_flagged_at__isnull=True, due_at__lt=now),
                         "due_at", now, batch_size)
    if flagged and clocked.overdue is not None:
        clocked.overdue(clocked.model.objects.filter(overdue_flagged_at=now))
    return flagged


def _flag(pending: models.QuerySet, order: str, now: datetime.datetime, batch_size: int) -> int:
    flagged = 0
    while True:
        # In batches taken in due-date order: the planner then reads a partial index of unflagged cases
        # (e.g. disclosure_unflagged_due) instead of every open one, so a day with nothing to flag costs
        # one index probe.
        batch = list(pending.order_by(order).values_list("pk", flat=True)[:batch_size])
        if not batch:
            return flagged
        # The conditions again, not just the ids: a case flagged (or closed) since the batch was read is
        # left as it is — on PostgreSQL the UPDATE re-checks them on the row it waited for.
        flagged += pending.filter(pk__in=batch).update(overdue_flagged_at=now)


def flag_all_overdue(*, today: datetime.date, now: datetime.datetime) -> dict[str, int]:
    """The overdue job over every registered case type: {model label: cases flagged}."""
    return {label: flag_overdue(clocked, today=today, now=now) for label, clocked in _registry.items()}


def mark_due_soon(clocked: Clocked, *, today: datetime.date, horizon: datetime.date, now: datetime.datetime) -> int:
    """Stamp `due_soon_notified_at=now` on open cases due from today to `horizon` not stamped yet (one UPDATE),
    then hand those cases to the case type's `due_soon` hook, if it has one."""
    pending = clocked.model.objects.filter(
        clocked.open_q, due_soon_notified_at__isnull=True, due_on__gte=today, due_on__lte=horizon
    )
    if clocked.due_soon is None:
        return pending.update(due_soon_notified_at=now)
    ids = list(pending.values_list("pk", flat=True))
    stamped = clocked.model.objects.filter(pk__in=ids, due_soon_notified_at__isnull=True).update(due_soon_notified_at=now)
    if ids:
        clocked.due_soon(clocked.model.objects.filter(pk__in=ids, due_soon_notified_at=now))
    return stamped


def mark_all_due_soon(*, today: datetime.date, horizon: datetime.date, now: datetime.datetime) -> dict[str, int]:
    return {
        label: mark_due_soon(clocked, today=today, horizon=horizon, now=now) for label, clocked in _registry.items()
    }
