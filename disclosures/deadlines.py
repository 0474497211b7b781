"""
Which publication limit applies to a record, in which unit, from which day; the statutory clock
(`workdays.clock`) counts it.

Only 主动公开 information has a publication limit: 《政府信息公开条例》第二十六条 ("属于主动公开范围的政府
信息，应当自该政府信息形成或者变更之日起20个工作日内及时公开"). A record marked 依申请公开 (第二十七条起:
provided on request, on the request's own clock) or 不予公开 (第十四条至第十六条) has none: no due date, no
按时/逾期 stamp, no overdue flag, not counted in on-time rates.

Rules come in two ranks, and a rule of the first rank **replaces** the general limit for its class of
information; the strictest is taken only among rules of the same rank (the earliest due moment):

1. Rules for the class of information:
   - 行政许可 and 行政处罚 decisions: 7 working days from the day the decision was made (国办发〔2018〕118号
     《关于全面推行行政执法公示制度执法全过程记录制度重大执法决定法制审核制度的指导意见》: "行政执法
     决定信息要在执法决定作出之日起7个工作日内公开"; the jurisdiction may set fewer);
   - a law's own limit on the catalogue entry, in 工作日 or 日 (e.g. 《政府采购法实施条例》第四十三条 2 个工作日,
     《招标投标法实施条例》第五十四条 3 日): a period in 日 ends on the Nth calendar day after the start, moved to
     the next working day when that day is a 法定休假日 (《民法典》第二百零三条);
   - 实时 entries and information marked 紧急: hours on calendar time from the instant it was formed (the
     entry's hours, else the jurisdiction's setting; 国办发〔2016〕61号, 国办发〔2016〕80号).
2. The general limit: 条例第二十六条's 20 working days, or the jurisdiction's shorter local rule with its own
   basis (e.g. 克政办发〔2018〕65号); a local rule may shorten the 20 days, never lengthen them.

The start day is not counted (《民法典》第二百零一条). The explanation names the rule that won and why the
others did not apply.
"""

import datetime
from dataclasses import dataclass
from enum import IntEnum

from django.utils import timezone

from catalogue.choices import DAY_LIMIT_KINDS, DecisionType, LimitKind
from workdays.choices import ClockUnit
from workdays.clock import UNIT_TEXT, ClockResult, StatutoryClock
from workdays.services import DueComputation, WorkCalendar, current_calendar

from .choices import DisclosureMode

ARTICLE_26_DAYS = 20
ARTICLE_26 = "《政府信息公开条例》第二十六条"
DECISION_BASIS = "国办发〔2018〕118号"
DECISIONS = {DecisionType.LICENSE, DecisionType.PENALTY}


class Rank(IntEnum):
    CLASS = 1  # a rule for a class of information: replaces the general limit
    GENERAL = 2  # the general limit


@dataclass(frozen=True)
class DeadlineRule:
    limit: int
    unit: str  # workdays.choices.ClockUnit
    source: str  # what staff and the API read: the rule and its legal basis
    rank: Rank = Rank.GENERAL
    starts: str = "formed"  # "formed": the day (or instant) the information was formed or changed

    @property
    def days(self) -> int:
        """Kept for callers that read a number of days (hour rules count as 0 days)."""
        return self.limit if self.unit != ClockUnit.HOURS else 0

    @property
    def limit_text(self) -> str:
        return limit_text(self.limit, self.unit)


def limit_text(limit: int, unit: str) -> str:
    """20 个工作日, 3日, 24小时."""
    return f"{limit} 个工作日" if unit == ClockUnit.WORKING_DAYS else f"{limit}{UNIT_TEXT[unit]}"


def has_deadline(disclosure_mode: str) -> bool:
    """条例第二十六条 governs 主动公开 only."""
    return disclosure_mode == DisclosureMode.ACTIVE


def general_rules(jurisdiction) -> list[DeadlineRule]:
    """条例第二十六条, and the jurisdiction's shorter local rule when it has one (same rank: the strictest wins)."""
    rules = [DeadlineRule(ARTICLE_26_DAYS, ClockUnit.WORKING_DAYS, f"主动公开信息自形成或变更之日起 20 个工作日内公开（{ARTICLE_26}）")]
    days = jurisdiction.deadline_days
    if days and days < ARTICLE_26_DAYS:
        basis = (jurisdiction.deadline_basis or "").strip() or "本地规定"
        rules.append(DeadlineRule(days, ClockUnit.WORKING_DAYS, f"{jurisdiction.name}一般公开时限 {days} 个工作日（{basis}）"))
    return rules


def class_rules(*, jurisdiction, entry=None, urgent: bool = False) -> list[DeadlineRule]:
    """Rules for the record's class of information (they replace the general limit)."""
    rules = []
    if urgent:
        rules.append(
            DeadlineRule(
                jurisdiction.hour_limit, ClockUnit.HOURS,
                f"紧急信息（灾害事故救援、突发公共卫生事件等）自形成时起 {jurisdiction.hour_limit} 小时内公开"
                f"（{jurisdiction.name}设置；参照国办发〔2016〕61号）",
                Rank.CLASS,
            )
        )
    if entry is None:
        return rules
    if entry.decision_type in DECISIONS:
        days = jurisdiction.decision_deadline_days
        rules.append(
            DeadlineRule(
                days, ClockUnit.WORKING_DAYS,
                f"{entry.get_decision_type_display()}自作出之日起 {days} 个工作日内公开（{DECISION_BASIS}）",
                Rank.CLASS, starts="decision",
            )
        )
    if entry.limit_kind in DAY_LIMIT_KINDS and entry.limit_days:
        unit = ClockUnit.WORKING_DAYS if entry.limit_kind == LimitKind.WORKING_DAYS else ClockUnit.CALENDAR_DAYS
        basis = entry.limit_basis or f"标准目录“{entry}”"
        rules.append(
            DeadlineRule(entry.limit_days, unit, f"“{entry.level2}”{limit_text(entry.limit_days, unit)}内公开（{basis}）", Rank.CLASS)
        )
    elif entry.limit_kind == LimitKind.REALTIME:
        hours = entry.limit_hours or jurisdiction.hour_limit
        whose = "标准目录规定" if entry.limit_hours else f"{jurisdiction.name}设置"
        rules.append(
            DeadlineRule(hours, ClockUnit.HOURS, f"“{entry.level2}”实时公开，{hours} 小时内（{whose}）", Rank.CLASS)
        )
    return rules


def applicable_rules(*, jurisdiction, entry=None, urgent: bool = False) -> list[DeadlineRule]:
    return class_rules(jurisdiction=jurisdiction, entry=entry, urgent=urgent) + general_rules(jurisdiction)


@dataclass(frozen=True)
class Start:
    """Where a record's clock starts: the day it was formed (变更: changed), and the instant for hour clocks."""

    formed_on: datetime.date
    formed_at: datetime.datetime | None = None

    def instant(self) -> datetime.datetime:
        """An hour clock's start: the instant given, else the start of the day it was formed (the earliest
        the information can have existed: never later than the truth)."""
        if self.formed_at is not None:
            return self.formed_at
        return timezone.make_aware(datetime.datetime.combine(self.formed_on, datetime.time.min))


def clock_for(*, jurisdiction, rule: DeadlineRule, start: Start) -> StatutoryClock:
    if rule.unit == ClockUnit.HOURS:
        begin = start.instant()
    else:
        begin = start.formed_on
    label = "应公开时间" if rule.unit == ClockUnit.HOURS else "应公开日期"
    return StatutoryClock(start=begin, unit=rule.unit, limit=rule.limit, jurisdiction=jurisdiction, label=label)


def _moment(result: ClockResult) -> datetime.datetime:
    """When a result runs out, to compare rules of different units: an hour clock's due time, a day
    clock's due day at its end."""
    if result.due_at is not None:
        return result.due_at
    return timezone.make_aware(datetime.datetime.combine(result.due_on, datetime.time.max))


@dataclass(frozen=True)
class DueDate:
    rule: DeadlineRule
    result: ClockResult
    others: tuple[tuple[DeadlineRule, str], ...] = ()  # the rules that did not win, and why

    @property
    def due_on(self) -> datetime.date:
        return self.result.due_on

    @property
    def due_at(self) -> datetime.datetime | None:
        return self.result.due_at

    @property
    def estimated(self) -> bool:
        return self.result.estimated

    @property
    def computation(self) -> DueComputation | None:
        return self.result.computation


def choose(
    *, jurisdiction, entry, start: Start, urgent: bool = False, calendar: WorkCalendar | None = None
) -> DueDate:
    """The winning rule and its due date: the class rules if any (strictest among them), else the general
    rules (strictest among them)."""
    calendar = calendar or current_calendar()
    specific = class_rules(jurisdiction=jurisdiction, entry=entry, urgent=urgent)
    general = general_rules(jurisdiction)
    candidates = specific or general
    computed = [
        (rule, clock_for(jurisdiction=jurisdiction, rule=rule, start=start).compute(calendar)) for rule in candidates
    ]
    winner, result = min(computed, key=lambda pair: _moment(pair[1]))
    others = []
    for rule, _result in computed:
        if rule is not winner:
            others.append((rule, "同为本类信息的规则，取到期最早的一条"))
    if specific:
        why = "本类信息另有规定，取代一般时限"
        others += [(rule, why) for rule in general]
    return DueDate(rule=winner, result=result, others=tuple(others))


def compute_due(
    *,
    jurisdiction,
    entry,
    formed_on: datetime.date,
    formed_at: datetime.datetime | None = None,
    urgent: bool = False,
    calendar: WorkCalendar | None = None,
) -> DueDate:
    return choose(
        jurisdiction=jurisdiction, entry=entry, start=Start(formed_on, formed_at), urgent=urgent, calendar=calendar
    )


def due_for(record, calendar: WorkCalendar | None = None) -> DueDate | None:
    """A record's due date under the rules, or None when it has no publication limit (not 主动公开)."""
    if not has_deadline(record.disclosure_mode):
        return None
    return compute_due(
        jurisdiction=record.department.jurisdiction,
        entry=record.catalogue_entry,
        formed_on=record.formed_on,
        formed_at=record.formed_at,
        urgent=record.urgent,
        calendar=calendar,
    )


def explain(record) -> list[str]:
    """How the stored due date was computed, for staff: the rule that won, why the others did not apply,
    and the clock's count."""
    if not has_deadline(record.disclosure_mode):
        return [
            f"公开属性为“{record.get_disclosure_mode_display()}”：{ARTICLE_26}的公开时限只适用于主动公开的信息，"
            "本记录没有应公开日期，不计入逾期和按时公开率。"
        ]
    due = due_for(record)
    lines = [f"适用规则：{due.rule.source}。"]
    if due.others:
        lines.append("未适用：" + "；".join(f"{rule.source}（{why}）" for rule, why in due.others) + "。")
    lines += due.result.explain()
    return lines


def working_days_between(start: datetime.date, end: datetime.date, jurisdiction=None) -> int:
    """Working days after `start` up to `end`, on the calendar of `jurisdiction` (its local holidays)."""
    return current_calendar().working_days_between(start, end, jurisdiction)


def add_working_days(start: datetime.date, days: int, jurisdiction=None) -> DueComputation:
    return current_calendar().add_working_days(start, days, jurisdiction)
