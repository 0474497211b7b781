"""
Working days on the official Chinese calendar.

Precedence for a day: the office's calendar table → the `chinese-calendar` package (years it knows)
→ Monday–Friday, flagged as an *estimate* unless the office has marked that year complete.
`due_on` is the Nth working day after the start day; the start day itself is not counted
(民法典 第二百零一条), so a start on a holiday counts from the next working day. We do not use
`chinese_calendar.find_workday`, which is off by one from a non-working start day.
"""

import csv
import datetime
import io
from dataclasses import dataclass, field

import chinese_calendar
from chinese_calendar import constants as package_days
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.db import transaction

from .choices import DayKind
from .models import CalendarDay, CalendarYear

PACKAGE_YEARS = range(min(package_days.holidays).year, max(package_days.holidays).year + 1)
HOLIDAY_NAMES = {holiday.value: holiday.chinese for holiday in chinese_calendar.Holiday}
WEEKDAY_NAMES = "一二三四五六日"
CACHE_KEY = "workdays:version"


@dataclass(frozen=True)
class DayInfo:
    date: datetime.date
    is_workday: bool
    label: str  # 国庆节 / 周末 / 国庆节调休上班 / ''
    source: str  # table / package / weekend
    estimated: bool

    @property
    def is_makeup_workday(self) -> bool:
        return self.is_workday and self.date.weekday() >= 5


@dataclass(frozen=True)
class DueComputation:
    start: datetime.date
    days: int
    due_on: datetime.date
    estimated: bool
    skipped: list[DayInfo] = field(default_factory=list)  # non-working days passed over
    makeup_days: list[DayInfo] = field(default_factory=list)  # weekend days counted as working days

    @property
    def estimated_years(self) -> list[int]:
        return sorted({d.date.year for d in self.skipped if d.estimated} | ({self.due_on.year} if self.estimated else set()))

    def explain(self) -> list[str]:
        lines = [f"起算日 {self.start:%Y-%m-%d}（当日不计入），向后数 {self.days} 个工作日，应公开日期 {self.due_on:%Y-%m-%d}。"]
        holidays = [d for d in self.skipped if d.label and d.label != "周末"]
        weekends = [d for d in self.skipped if d.label == "周末"]
        if weekends:
            lines.append(f"跳过周末 {len(weekends)} 天。")
        for day in holidays:
            lines.append(f"跳过 {day.date:%Y-%m-%d}（周{WEEKDAY_NAMES[day.date.weekday()]}）{day.label}。")
        for day in self.makeup_days:
            lines.append(f"计入 {day.date:%Y-%m-%d}（周{WEEKDAY_NAMES[day.date.weekday()]}）{day.label}。")
        if self.estimated:
            years = "、".join(f"{y}年" for y in self.estimated_years)
            lines.append(f"{years}放假安排尚未录入，按周一至周五推算，日期为预计。")
        return lines


class WorkCalendar:
    """The calendar in memory: the office's table plus the package. Load once, ask many times."""

    def __init__(self, overrides: dict[datetime.date, tuple[str, str]], complete_years: set[int]):
        self.overrides = overrides
        self.complete_years = complete_years

    @classmethod
    def load(cls) -> "WorkCalendar":
        overrides = {row.date: (row.kind, row.note) for row in CalendarDay.objects.all()}
        complete = set(CalendarYear.objects.filter(complete=True).values_list("year", flat=True))
        return cls(overrides, complete)

    def is_covered(self, year: int) -> bool:
        return year in PACKAGE_YEARS or year in self.complete_years

    def day(self, date: datetime.date) -> DayInfo:
        if date in self.overrides:
            kind, note = self.overrides[date]
            workday, weekend = kind == DayKind.WORKDAY, date.weekday() >= 5
            if note:
                label = note
            elif workday:
                label = "调休上班" if weekend else ""
            else:
                label = "周末" if weekend else "休息"
            return DayInfo(date, workday, label, "table", False)
        if date.year in PACKAGE_YEARS:
            if date in package_days.workdays:
                name = HOLIDAY_NAMES.get(package_days.workdays[date], package_days.workdays[date])
                return DayInfo(date, True, f"{name}调休上班", "package", False)
            if date in package_days.holidays:
                name = HOLIDAY_NAMES.get(package_days.holidays[date], package_days.holidays[date])
                return DayInfo(date, False, name, "package", False)
            weekend = date.weekday() >= 5
            return DayInfo(date, not weekend, "周末" if weekend else "", "package", False)
        weekend = date.weekday() >= 5
        return DayInfo(date, not weekend, "周末" if weekend else "", "weekend", date.year not in self.complete_years)

    def is_workday(self, date: datetime.date) -> bool:
        return self.day(date).is_workday

    def add_working_days(self, start: datetime.date, days: int) -> DueComputation:
        if days < 1:
            raise ValueError("days must be at least 1")
        current, counted, estimated = start, 0, False
        skipped: list[DayInfo] = []
        makeup: list[DayInfo] = []
        while counted < days:
            current += datetime.timedelta(days=1)
            info = self.day(current)
            estimated = estimated or info.estimated
            if info.is_workday:
                counted += 1
                if info.is_makeup_workday:
                    makeup.append(info)
            else:
                skipped.append(info)
        return DueComputation(start, days, current, estimated, skipped, makeup)

    def working_days_between(self, start: datetime.date, end: datetime.date) -> int:
        """Working days after `start` up to and including `end` (0 when end <= start)."""
        count, current = 0, start
        while current < end:
            current += datetime.timedelta(days=1)
            if self.is_workday(current):
                count += 1
        return count


_memo: dict = {}


def current_calendar() -> WorkCalendar:
    """The calendar, reloaded only when the office has changed it (one cache read per call)."""
    version = cache.get(CACHE_KEY, 0)
    if _memo.get("version") != version or "calendar" not in _memo:
        _memo["calendar"] = WorkCalendar.load()
        _memo["version"] = version
    return _memo["calendar"]


def add_working_days(start: datetime.date, days: int) -> DueComputation:
    return current_calendar().add_working_days(start, days)


def working_days_between(start: datetime.date, end: datetime.date) -> int:
    return current_calendar().working_days_between(start, end)


# ---------------------------------------------------------------------------------------------
# Changes by the office
# ---------------------------------------------------------------------------------------------
def _calendar_changed() -> None:
    """Invalidate every process's calendar and recompute the due dates of unpublished records."""
    try:
        cache.incr(CACHE_KEY)
    except ValueError:
        cache.set(CACHE_KEY, 1, timeout=None)
    _memo.clear()

    def recompute():
        from disclosures.tasks import recompute_due_dates

        recompute_due_dates.delay()

    transaction.on_commit(recompute)


@transaction.atomic
def calendar_day_set(*, actor, date: datetime.date, kind: str, note: str = "") -> CalendarDay:
    if kind not in DayKind.values:
        raise ValidationError({"kind": [f"类型必须是 holiday 或 workday，而不是“{kind}”。"]})
    day, _ = CalendarDay.objects.update_or_create(
        date=date, defaults={"kind": kind, "note": note.strip(), "updated_by": actor}
    )
    _calendar_changed()
    return day


@transaction.atomic
def calendar_day_delete(*, actor, day: CalendarDay) -> None:
    day.delete()
    _calendar_changed()


@transaction.atomic
def calendar_year_set(*, actor, year: int, complete: bool, notice: str = "") -> CalendarYear:
    row, _ = CalendarYear.objects.update_or_create(
        year=year, defaults={"complete": complete, "notice": notice.strip(), "updated_by": actor}
    )
    _calendar_changed()
    return row


class CalendarImportError(Exception):
    def __init__(self, errors: list[str]):
        super().__init__("\n".join(errors))
        self.errors = errors


def parse_calendar_csv(text: str) -> list[tuple[datetime.date, str, str]]:
    """Rows `date,kind,note`. Every bad row is reported with its line number; nothing is returned then."""
    rows, errors, seen = [], [], {}
    reader = csv.reader(io.StringIO(text.lstrip("\ufeff")))
    for line_no, row in enumerate(reader, start=1):
        if not row or all(not cell.strip() for cell in row):
            continue
        if line_no == 1 and row[0].strip().lower() == "date":
            continue
        if len(row) < 2 or len(row) > 3:
            errors.append(f"第 {line_no} 行：应为 date,kind,note 三列，实际 {len(row)} 列。")
            continue
        raw_date, kind = row[0].strip(), row[1].strip().lower()
        note = row[2].strip() if len(row) == 3 else ""
        try:
            date = datetime.date.fromisoformat(raw_date)
        except ValueError:
            errors.append(f"第 {line_no} 行：日期“{raw_date}”格式错误，应为 YYYY-MM-DD。")
            continue
        if kind not in DayKind.values:
            errors.append(f"第 {line_no} 行：类型“{row[1].strip()}”无效，应为 holiday 或 workday。")
            continue
        if date in seen:
            errors.append(f"第 {line_no} 行：日期 {date} 与第 {seen[date]} 行重复。")
            continue
        seen[date] = line_no
        rows.append((date, kind, note))
    if errors:
        raise CalendarImportError(errors)
    if not rows:
        raise CalendarImportError(["文件中没有数据行。"])
    return rows


@transaction.atomic
def calendar_load_csv(*, actor, text: str, mark_complete: bool = False, notice: str = "") -> int:
    rows = parse_calendar_csv(text)
    for date, kind, note in rows:
        CalendarDay.objects.update_or_create(date=date, defaults={"kind": kind, "note": note, "updated_by": actor})
    if mark_complete:
        for year in sorted({date.year for date, _, _ in rows}):
            CalendarYear.objects.update_or_create(
                year=year, defaults={"complete": True, "notice": notice, "updated_by": actor}
            )
    _calendar_changed()
    return len(rows)
