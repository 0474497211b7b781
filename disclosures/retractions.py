"""
Withdrawing a published 行政处罚 decision within 3 days of its change or annulment (《行政处罚法》第四十八条
第二款; the model: retraction_models.py).

- `penalty_retraction_register`: the decision was 变更 / 撤销 / 确认违法 / 确认无效 — the duty opens on the
  statutory clock (3 日 from the day after that decision, `workdays.clock`), with the reason to give the public;
- `fulfil_open`: the record was withdrawn (`services.disclosure_withdraw`) — the open duty is fulfilled, on time
  or N days late;
- `penalty_retraction_recompute_due_dates`: a calendar change moved a due date (registered with the clock in
  apps.py, which also lets the overdue job flag open duties).

Who may register is who may withdraw the record (the workflow table's `withdraw`).
"""

import datetime

from django.db import transaction

from catalogue.choices import DecisionType
from core import audit, pii
from core.exceptions import ActionForbidden, TransitionNotAllowed
from organizations.selectors import user_scope
from workdays import clock
from workdays.choices import ClockUnit
from workdays.clock import StatutoryClock
from workdays.services import WorkCalendar, current_calendar

from .choices import Status
from .models import Disclosure
from .retraction_models import PenaltyRetraction
from .workflow import DISCLOSURE_WORKFLOW, Roles, write_audit

LIMIT_DAYS = 3
BASIS = "《行政处罚法》第四十八条第二款"
DUE_LABEL = "应撤回日期"
REASON_LABEL = PenaltyRetraction._meta.get_field("reason").verbose_name


# ---------------------------------------------------------------------------------------------
# The rule and the right
# ---------------------------------------------------------------------------------------------
def retraction_clock(duty: PenaltyRetraction) -> StatutoryClock:
    """3 日 from the day the decision was changed or annulled, on the record's jurisdiction's calendar."""
    return StatutoryClock(
        start=duty.triggered_on, unit=ClockUnit.CALENDAR_DAYS, limit=LIMIT_DAYS,
        jurisdiction=duty.disclosure.jurisdiction_id, label=DUE_LABEL,
    )


def _withdraw_right() -> Roles | None:
    """Who may take the workflow's 撤回 of a published record; None when the table has no such step."""
    if "withdraw" not in DISCLOSURE_WORKFLOW:
        return None
    return DISCLOSURE_WORKFLOW.action("withdraw").who_for(Status.PUBLISHED)


def may_register(actor, record: Disclosure) -> bool:
    """Whoever may withdraw the record (部门负责人、分管领导、政务公开办)."""
    who = _withdraw_right()
    return who is not None and who(actor, record)


def may_register_any(actor) -> bool:
    """Whether the actor may withdraw the records of some department (the admin's 增加 button)."""
    who, scope = _withdraw_right(), user_scope(actor)
    if who is None:
        return False
    return (
        scope.is_superuser
        or bool(scope.departments_with(*getattr(who, "roles", ())))
        or (getattr(who, "office", False) and bool(scope.office_department_ids))
    )


def is_penalty_decision(record: Disclosure) -> bool:
    entry = record.catalogue_entry
    return entry is not None and entry.decision_type == DecisionType.PENALTY


def penalty_retraction_check(
    *, disclosure: Disclosure, actor, trigger: str, trigger_document: str, triggered_on: datetime.date, reason: str
) -> PenaltyRetraction:
    """The duty as it would be registered, unsaved, or the refusal: TransitionNotAllowed (409) for a record that
    is not a published penalty decision or already has an open duty, ActionForbidden (403) for someone who may
    not withdraw it, ValidationError for the fields. The admin's form asks this before saving."""
    if not is_penalty_decision(disclosure):
        raise TransitionNotAllowed(
            f"该记录不是行政处罚决定信息（标准目录事项：{disclosure.catalogue_entry or '无'}），"
            f"不适用{BASIS}的撤回登记。"
        )
    if disclosure.status != Status.PUBLISHED:
        raise TransitionNotAllowed(
            f"该记录当前状态为“{disclosure.get_status_display()}”：只有已发布的行政处罚决定信息才能登记变更或撤销。"
        )
    if not may_register(actor, disclosure):
        raise ActionForbidden(
            f"您没有对“{disclosure.department.name}”的记录执行“撤回”的权限，不能登记处罚决定的变更或撤销"
            f"（由可以撤回该记录的{_withdraw_right() or '人员'}登记）。"
        )
    if disclosure.retractions.filter(fulfilled_at__isnull=True).exists():
        raise TransitionNotAllowed("该信息已登记处罚决定变更或撤销，尚未撤回：请先撤回，不要重复登记。")
    duty = PenaltyRetraction(
        disclosure=disclosure, trigger=trigger, trigger_document=(trigger_document or "").strip(),
        triggered_on=triggered_on, reason=(reason or "").strip(), registered_by=actor,
    )
    duty.full_clean(validate_constraints=False)  # the open-duty rule is checked above, as a 409
    # The reason becomes the withdrawn record's public notice (撤回理由).
    pii.check_text(duty.reason, field="reason", label=REASON_LABEL)
    return duty


# ---------------------------------------------------------------------------------------------
# Services
# ---------------------------------------------------------------------------------------------
@transaction.atomic
def penalty_retraction_register(
    *, disclosure: Disclosure, actor, trigger: str, trigger_document: str, triggered_on: datetime.date, reason: str
) -> PenaltyRetraction:
    """The published penalty decision was changed or annulled on `triggered_on`: open the duty to withdraw it
    within 3 日 and publish the reason, and say so in the record's trail."""
    record = (
        Disclosure.objects.select_for_update(of=("self",))
        .select_related("department", "catalogue_entry")
        .get(pk=disclosure.pk)
    )
    duty = penalty_retraction_check(
        disclosure=record, actor=actor, trigger=trigger, trigger_document=trigger_document,
        triggered_on=triggered_on, reason=reason,
    )
    result = retraction_clock(duty).compute()
    clock.store(duty, result)
    duty.save()
    write_audit(
        record,
        actor=actor,
        action="disclosure.retraction_registered",
        from_status=record.status,
        to_status=record.status,
        comment=f"行政处罚决定被依法{duty.get_trigger_display()}：{duty.trigger_document}，"
        f"{duty.triggered_on:%Y-%m-%d}作出；应于 {_due_text(duty)} 前撤回行政处罚决定信息并公开说明理由"
        f"（{BASIS}）。",
        data={
            "retraction_id": duty.pk, "trigger": duty.trigger, "trigger_document": duty.trigger_document,
            "triggered_on": duty.triggered_on.isoformat(), "due_on": duty.due_on.isoformat(),
            "explanation": result.explain(),
        },
    )
    return duty


def open_duty(record: Disclosure) -> PenaltyRetraction | None:
    return record.retractions.filter(fulfilled_at__isnull=True).first()


def withdrawal_reason(record: Disclosure, reason: str) -> str:
    """The reason the withdrawal gives the public: the one given, else the open duty's (registered for it)."""
    if (reason or "").strip():
        return reason
    duty = open_duty(record)
    return duty.reason if duty is not None else reason


def fulfil_open(record: Disclosure, actor, now: datetime.datetime) -> PenaltyRetraction | None:
    """The record was withdrawn at `now` (inside the withdrawal's transaction): its open duty is fulfilled, and
    the trail says whether on time (按时撤回) or how many days late (逾期N日撤回)."""
    duty = record.retractions.select_for_update().filter(fulfilled_at__isnull=True).first()
    if duty is None:
        return None
    duty.fulfilled_at = now
    duty.save(update_fields=["fulfilled_at"])
    late = duty.days_late()
    verdict = f"逾期{late}日撤回" if late else "按时撤回"
    write_audit(
        record,
        actor=actor,
        action="disclosure.retraction_fulfilled",
        from_status=Status.PUBLISHED,
        to_status=record.status,
        comment=f"已撤回行政处罚决定信息（处罚决定被依法{duty.get_trigger_display()}，应撤回日期 {_due_text(duty)}）："
        f"{verdict}。",
        data={"retraction_id": duty.pk, "due_on": _iso(duty.due_on), "days_late": late},
    )
    return duty


def penalty_retraction_recompute_due_dates(*, actor=None, reason: str = "", calendar: WorkCalendar | None = None) -> int:
    """After a calendar change: recompute the open duties' due dates; each one that moves gets an audit row on
    its record (放假安排变更). Returns how many moved."""
    calendar = calendar or current_calendar()
    moved, rows = [], []
    for duty in PenaltyRetraction.objects.filter(fulfilled_at__isnull=True).select_related("disclosure").order_by("pk"):
        before = (duty.due_on, duty.due_on_estimated)
        if not clock.store(duty, retraction_clock(duty).compute(calendar)):
            continue
        moved.append(duty)
        if before[0] == duty.due_on:
            continue
        rows.append(
            audit.entry(
                duty.disclosure,
                action="disclosure.due_date_recomputed",
                actor=actor,
                from_status=duty.disclosure.status,
                to_status=duty.disclosure.status,
                comment=f"放假安排变更，应撤回日期（{BASIS}）由 {_due_text(duty, *before)} 改为 {_due_text(duty)}。",
                data={"retraction_id": duty.pk, "from": _iso(before[0]), "to": _iso(duty.due_on), "reason": reason},
            )
        )
    PenaltyRetraction.objects.bulk_update(
        moved, ["due_on", "due_at", "due_on_estimated", "overdue_flagged_at", "due_soon_notified_at"]
    )
    audit.record_many(rows)
    return len(rows)


def _due_text(duty: PenaltyRetraction, due_on: datetime.date | None = None, estimated: bool | None = None) -> str:
    due_on = duty.due_on if due_on is None else due_on
    estimated = duty.due_on_estimated if estimated is None else estimated
    return f"{due_on:%Y-%m-%d}{'（预计）' if estimated else ''}" if due_on else "无"


def _iso(value) -> str | None:
    return value.isoformat() if value else None
