"""
Which publication limit applies to a record, and its due date.

The strictest applicable rule wins: the jurisdiction's general limit (《政府信息公开条例》第二十六条:
20 working days; some localities set 5), 7 working days for 行政许可/行政处罚 decisions, and the
catalogue entry's own limit (实时 counts as 1 working day), counted in working days from `formed_on`.
This module chooses the rule; the statutory clock (`workdays.clock`) counts it.
"""

import datetime
from dataclasses import dataclass

from catalogue.choices import DecisionType, LimitKind
from workdays.choices import ClockUnit
from workdays.clock import ClockResult, StatutoryClock
from workdays.services import DueComputation, WorkCalendar, current_calendar


@dataclass(frozen=True)
class DeadlineRule:
    days: int
    source: str


URGENT_DAYS = 1


def applicable_rules(*, jurisdiction, entry=None, urgent: bool = False) -> list[DeadlineRule]:
    rules = [DeadlineRule(jurisdiction.deadline_days, f"{jurisdiction.name}一般公开时限（《政府信息公开条例》第二十六条）")]
    if urgent:
        rules.append(DeadlineRule(URGENT_DAYS, "紧急信息（灾害事故救援、突发公共卫生事件）须在 1 个工作日内公开"))
    if entry is not None:
        if entry.decision_type in {DecisionType.LICENSE, DecisionType.PENALTY}:
            rules.append(
                DeadlineRule(
                    jurisdiction.decision_deadline_days,
                    f"{entry.get_decision_type_display()}自作出之日起公开（发改电〔2015〕557号）",
                )
            )
        if entry.limit_kind == LimitKind.WORKING_DAYS and entry.limit_days:
            rules.append(DeadlineRule(entry.limit_days, f"标准目录“{entry}”规定的公开时限"))
        elif entry.limit_kind == LimitKind.REALTIME:
            rules.append(DeadlineRule(1, f"标准目录“{entry}”要求实时公开（按 1 个工作日计）"))
    return rules


def strictest(rules: list[DeadlineRule]) -> DeadlineRule:
    return min(rules, key=lambda rule: rule.days)


@dataclass(frozen=True)
class DueDate:
    rule: DeadlineRule
    result: ClockResult

    @property
    def due_on(self) -> datetime.date:
        return self.result.due_on

    @property
    def estimated(self) -> bool:
        return self.result.estimated

    @property
    def computation(self) -> DueComputation:
        return self.result.computation


def publication_clock(*, jurisdiction, rule: DeadlineRule, formed_on: datetime.date) -> StatutoryClock:
    """A record's clock: the rule's working days from the day the information was formed or changed."""
    return StatutoryClock(
        start=formed_on, unit=ClockUnit.WORKING_DAYS, limit=rule.days, jurisdiction=jurisdiction, label="应公开日期"
    )


def compute_due(
    *, jurisdiction, entry, formed_on: datetime.date, urgent: bool = False, calendar: WorkCalendar | None = None
) -> DueDate:
    rule = strictest(applicable_rules(jurisdiction=jurisdiction, entry=entry, urgent=urgent))
    clock = publication_clock(jurisdiction=jurisdiction, rule=rule, formed_on=formed_on)
    return DueDate(rule=rule, result=clock.compute(calendar or current_calendar()))


def explain(record) -> list[str]:
    """How the stored due date was computed, for staff."""
    rules = applicable_rules(
        jurisdiction=record.department.jurisdiction, entry=record.catalogue_entry, urgent=record.urgent
    )
    chosen = strictest(rules)
    lines = [f"适用规则：{chosen.source}，{chosen.days} 个工作日（取最严格者）。"]
    others = [rule for rule in rules if rule is not chosen]
    if others:
        lines.append("其他规则：" + "；".join(f"{rule.source} {rule.days} 个工作日" for rule in others) + "。")
    clock = publication_clock(jurisdiction=record.department.jurisdiction, rule=chosen, formed_on=record.formed_on)
    lines += clock.compute().explain()
    return lines


def working_days_between(start: datetime.date, end: datetime.date, jurisdiction=None) -> int:
    """Working days after `start` up to `end`, on the calendar of `jurisdiction` (its local holidays)."""
    return current_calendar().working_days_between(start, end, jurisdiction)


def add_working_days(start: datetime.date, days: int, jurisdiction=None) -> DueComputation:
    return current_calendar().add_working_days(start, days, jurisdiction)
