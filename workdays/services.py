"""
Working days on the official Chinese calendar.

Precedence for a day, first match wins:
1. the office's local rows for the record's jurisdiction, then for each jurisdiction above it
   (《全国年节及纪念日放假办法》第四条: ethnic festivals set by the local government);
2. the office's national table (the State Council notice, 国务院办公厅关于X年部分节假日安排的通知);
3. the `chinese-calendar` package, for the years it knows;
4. a year the office has marked complete: Monday to Friday beyond its table;
5. any other year: the statutory days off of 《全国年节及纪念日放假办法》（2024年修订）第二条 with
   第六条's 补假 (`workdays.statute`), flagged as an *estimate* (预计): 调休 is unknowable before the notice.

`due_on` is the Nth working day after the start day; the start day itself is not counted
(民法典 第二百零一条), so a start on a holiday counts from the next working day. We do not use
`chinese_calendar.find_workday`, which is off by one from a non-working start day.
"""

import csv
import datetime
import io
import time
from dataclasses import dataclass, field

import chinese_calendar
from chinese_calendar import constants as package_days
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.db import transaction

from organizations.models import Jurisdiction

from . import statute
from .choices import DayKind
from .models import CalendarDay, CalendarYear
from .signals import calendar_changed

PACKAGE_YEARS = range(min(package_days.holidays).year, max(package_days.holidays).year + 1)
HOLIDAY_NAMES = {holiday.value: holiday.chinese for holiday in chinese_calendar.Holiday}
WEEKDAY_NAMES = "一二三四五六日"
CACHE_KEY = "workdays:version"
ESTIMATE_BASIS = f"按{statute.ACT}第二条法定节假日及第六条补假推算（不含调休）"


@dataclass(frozen=True)
class DayInfo:
    date: datetime.date
    is_workday: bool
    label: str  # 国庆节 / 周末 / 国庆节调休上班 / 元旦补假 / ''
    source: str  # local / table / package / statute / weekend
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

    def explain(self, label: str = "应公开日期") -> list[str]:
        """The count in Chinese, for staff; `label` names the date (应公开日期, 答复期限, …)."""
        lines = [f"起算日 {self.start:%Y-%m-%d}（当日不计入），向后数 {self.days} 个工作日，{label} {self.due_on:%Y-%m-%d}。"]
        holidays = [d for d in self.skipped if d.label and d.label != "周末"]
        weekends = [d for d in self.skipped if d.label == "周末"]
        if weekends:
            lines.append(f"跳过周末 {len(weekends)} 天。")
        for day in holidays:
            estimate = "（预计）" if day.source == "statute" else ""
            lines.append(f"跳过 {day.date:%Y-%m-%d}（周{WEEKDAY_NAMES[day.date.weekday()]}）{day.label}{estimate}。")
        for day in self.makeup_days:
            lines.append(f"计入 {day.date:%Y-%m-%d}（周{WEEKDAY_NAMES[day.date.weekday()]}）{day.label}。")
        if self.estimated:
            years = "、".join(f"{y}年" for y in self.estimated_years)
            lines.append(f"{years}放假安排尚未录入，{ESTIMATE_BASIS}，日期为预计。")
        return lines


Override = tuple[str, str]  # (kind, note)


class WorkCalendar:
    """The calendar in memory: the office's tables plus the package and the statute. Load once, ask many times.

    `jurisdiction` (an id or a Jurisdiction) selects the local rows that apply; None means national only.
    """

    def __init__(
        self,
        overrides: dict[datetime.date, Override],
        complete_years: set[int],
        local: dict[int, dict[datetime.date, Override]] | None = None,
        parents: dict[int, int | None] | None = None,
    ):
        self.overrides = overrides
        self.complete_years = complete_years
        self.local = local or {}
        self.parents = parents or {}
        self._chains: dict[int | None, list[dict[datetime.date, Override]]] = {}

    @classmethod
    def load(cls) -> "WorkCalendar":
        overrides: dict[datetime.date, Override] = {}
        local: dict[int, dict[datetime.date, Override]] = {}
        for date, kind, note, jurisdiction_id in CalendarDay.objects.values_list("date", "kind", "note", "jurisdiction_id"):
            target = overrides if jurisdiction_id is None else local.setdefault(jurisdiction_id, {})
            target[date] = (kind, note)
        # The tree is only needed to find which local rows a jurisdiction below them inherits.
        parents = dict(Jurisdiction.objects.values_list("pk", "parent_id")) if local else {}
        complete = set(CalendarYear.objects.filter(complete=True).values_list("year", flat=True))
        return cls(overrides, complete, local, parents)

    def is_covered(self, year: int) -> bool:
        return year in PACKAGE_YEARS or year in self.complete_years

    def _local_tables(self, jurisdiction) -> list[dict[datetime.date, Override]]:
        """The local tables that apply to a jurisdiction, its own first, then its ancestors'."""
        key = getattr(jurisdiction, "pk", jurisdiction)
        if key not in self._chains:
            tables, seen, current = [], set(), key
            while current is not None and current not in seen and self.local:
                seen.add(current)
                if current in self.local:
                    tables.append(self.local[current])
                current = self.parents.get(current)
            self._chains[key] = tables
        return self._chains[key]

    @staticmethod
    def _from_table(date: datetime.date, kind: str, note: str, source: str) -> DayInfo:
        workday, weekend = kind == DayKind.WORKDAY, date.weekday() >= 5
        if note:
            label = note
        elif workday:
            label = "调休上班" if weekend else ""
        else:
            label = "周末" if weekend else "休息"
        return DayInfo(date, workday, label, source, False)

    def day(self, date: datetime.date, jurisdiction=None) -> DayInfo:
        for table in self._local_tables(jurisdiction):
            if date in table:
                return self._from_table(date, *table[date], "local")
        if date in self.overrides:
            return self._from_table(date, *self.overrides[date], "table")
        weekend = date.weekday() >= 5
        if date.year in PACKAGE_YEARS:
            if date in package_days.workdays:
                name = HOLIDAY_NAMES.get(package_days.workdays[date], package_days.workdays[date])
                return DayInfo(date, True, f"{name}调休上班", "package", False)
            if date in package_days.holidays:
                name = HOLIDAY_NAMES.get(package_days.holidays[date], package_days.holidays[date])
                return DayInfo(date, False, name, "package", False)
            return DayInfo(date, not weekend, "周末" if weekend else "", "package", False)
        if date.year in self.complete_years:
            return DayInfo(date, not weekend, "周末" if weekend else "", "weekend", False)
        name = statute.statutory_days_off(date.year).get(date)  # a festival on a weekend is named: it owes 补假
        if name:
            return DayInfo(date, False, name, "statute", True)
        return DayInfo(date, not weekend, "周末" if weekend else "", "statute", True)

    def is_workday(self, date: datetime.date, jurisdiction=None) -> bool:
        return self.day(date, jurisdiction).is_workday

    def add_working_days(self, start: datetime.date, days: int, jurisdiction=None) -> DueComputation:
        if days < 1:
            raise ValueError("days must be at least 1")
        current, counted, estimated = start, 0, False
        skipped: list[DayInfo] = []
        makeup: list[DayInfo] = []
        while counted < days:
            current += datetime.timedelta(days=1)
            info = self.day(current, jurisdiction)
            estimated = estimated or info.estimated
            if info.is_workday:
                counted += 1
                if info.is_makeup_workday:
                    makeup.append(info)
            else:
                skipped.append(info)
        return DueComputation(start, days, current, estimated, skipped, makeup)

    def working_day_before(self, day: datetime.date, days: int, jurisdiction=None) -> datetime.date:
        """The working day `days` working days before `day` (0: `day` itself if it is one, else the last
        working day before it): "received 2 working days ago or earlier" is a comparison with this date."""
        current = day
        while not self.is_workday(current, jurisdiction):
            current -= datetime.timedelta(days=1)
        for _ in range(days):
            current -= datetime.timedelta(days=1)
            while not self.is_workday(current, jurisdiction):
                current -= datetime.timedelta(days=1)
        return current

    def working_days_between(self, start: datetime.date, end: datetime.date, jurisdiction=None) -> int:
        """Working days after `start` up to and including `end` (0 when end <= start)."""
        count, current = 0, start
        while current < end:
            current += datetime.timedelta(days=1)
            if self.is_workday(current, jurisdiction):
                count += 1
        return count


_memo: dict = {}
# A process reloads the calendar at least this often whatever the cache says: a change whose version
# bump was lost (Redis down as it was saved, a flushed cache) reaches every process within this time.
MEMO_MAX_AGE = 300.0


def current_calendar() -> WorkCalendar:
    """The calendar, reloaded when the office has changed it (one cache read per call) and at least every
    MEMO_MAX_AGE seconds. No version in the cache (never changed, flushed, or the cache failing) keeps the
    copy in hand until then, rather than reloading on every call."""
    version = cache.get(CACHE_KEY)
    fresh = "calendar" in _memo and time.monotonic() - _memo["loaded_at"] < MEMO_MAX_AGE
    if not fresh or (version is not None and version != _memo["version"]):
        _memo["calendar"] = WorkCalendar.load()
        _memo["version"] = version
        _memo["loaded_at"] = time.monotonic()
    return _memo["calendar"]


def add_working_days(start: datetime.date, days: int, jurisdiction=None) -> DueComputation:
    return current_calendar().add_working_days(start, days, jurisdiction)


def working_days_between(start: datetime.date, end: datetime.date, jurisdiction=None) -> int:
    return current_calendar().working_days_between(start, end, jurisdiction)


def working_day_before(day: datetime.date, days: int, jurisdiction=None) -> datetime.date:
    return current_calendar().working_day_before(day, days, jurisdiction)


# ---------------------------------------------------------------------------------------------
# Changes by the office
# ---------------------------------------------------------------------------------------------
def _invalidate() -> None:
    try:
        cache.incr(CACHE_KEY)
    except ValueError:
        cache.set(CACHE_KEY, 1, timeout=None)
    _memo.clear()


def _calendar_changed(*, actor, reason: str) -> int:
    """Invalidate every process's calendar and recompute, inline, what depends on it.

    The receiver of `calendar_changed` (the statutory clock, `workdays.clock`) has every registered case
    type recompute its open cases' due dates in this transaction, so the change works from any shell with
    no worker or broker, and returns how many moved. Returns the total.
    """
    _invalidate()
    transaction.on_commit(_invalidate)  # processes that read the old version mid-transaction reload
    responses = calendar_changed.send(sender=CalendarDay, actor=actor, reason=reason)
    return sum(result for _, result in responses if isinstance(result, int))


@dataclass(frozen=True)
class CalendarChange:
    """What a change to the calendar did: rows written and due dates moved."""

    rows: int
    moved: int


def _jurisdiction_label(jurisdiction) -> str:
    return f"（{jurisdiction.name}）" if jurisdiction is not None else ""


@transaction.atomic
def calendar_day_set(
    *, actor, date: datetime.date, kind: str, note: str = "", jurisdiction=None, day: CalendarDay | None = None
) -> CalendarChange:
    """Set one day (national, or local to `jurisdiction`). `day`: the row being edited, when the date moves."""
    if kind not in DayKind.values:
        raise ValidationError({"kind": [f"类型必须是 holiday 或 workday，而不是“{kind}”。"]})
    values = {"kind": kind, "note": note.strip(), "updated_by": actor}
    if day is not None and day.pk:
        row = CalendarDay(pk=day.pk, date=date, jurisdiction=jurisdiction, **values)
        row.validate_constraints()
        row.save()
    else:
        CalendarDay.objects.update_or_create(date=date, jurisdiction=jurisdiction, defaults=values)
    reason = f"{date:%Y-%m-%d}{_jurisdiction_label(jurisdiction)}设为{DayKind(kind).label}"
    return CalendarChange(rows=1, moved=_calendar_changed(actor=actor, reason=reason))


@transaction.atomic
def calendar_day_delete(*, actor, day: CalendarDay) -> CalendarChange:
    reason = f"删除 {day.date:%Y-%m-%d}{_jurisdiction_label(day.jurisdiction)}的安排"
    day.delete()
    return CalendarChange(rows=1, moved=_calendar_changed(actor=actor, reason=reason))


@transaction.atomic
def calendar_year_set(*, actor, year: int, complete: bool, notice: str = "") -> CalendarChange:
    CalendarYear.objects.update_or_create(
        year=year, defaults={"complete": complete, "notice": notice.strip(), "updated_by": actor}
    )
    reason = f"{year}年放假安排{'已录入完整' if complete else '标记为未完成'}"
    return CalendarChange(rows=1, moved=_calendar_changed(actor=actor, reason=reason))


class CalendarImportError(Exception):
    def __init__(self, errors: list[str]):
        super().__init__("\n".join(errors))
        self.errors = errors


CSV_COLUMNS = "date,kind,note,jurisdiction"


@dataclass(frozen=True)
class CalendarRow:
    date: datetime.date
    kind: str
    note: str
    jurisdiction: Jurisdiction | None


def parse_calendar_csv(text: str, *, allowed_jurisdiction_ids: set[int] | None = None) -> list[CalendarRow]:
    """Rows `date,kind[,note[,jurisdiction]]`; the 4th column is a 行政区划代码 for a local holiday.

    `allowed_jurisdiction_ids`: the jurisdictions the importer may set local days for (None: any).
    Every bad row is reported with its line number; nothing is returned then.
    """
    jurisdictions = {j.code: j for j in Jurisdiction.objects.all()}
    rows, errors, seen = [], [], {}
    reader = csv.reader(io.StringIO(text.lstrip("\ufeff")))
    for line_no, row in enumerate(reader, start=1):
        if not row or all(not cell.strip() for cell in row):
            continue
        if line_no == 1 and row[0].strip().lower() == "date":
            continue
        if len(row) < 2 or len(row) > 4:
            errors.append(f"第 {line_no} 行：应为 {CSV_COLUMNS} 四列（后两列可省略），实际 {len(row)} 列。")
            continue
        raw_date, kind = row[0].strip(), row[1].strip().lower()
        note = row[2].strip() if len(row) >= 3 else ""
        code = row[3].strip() if len(row) == 4 else ""
        try:
            date = datetime.date.fromisoformat(raw_date)
        except ValueError:
            errors.append(f"第 {line_no} 行：日期“{raw_date}”格式错误，应为 YYYY-MM-DD。")
            continue
        if kind not in DayKind.values:
            errors.append(f"第 {line_no} 行：类型“{row[1].strip()}”无效，应为 holiday 或 workday。")
            continue
        jurisdiction = None
        if code:
            jurisdiction = jurisdictions.get(code)
            if jurisdiction is None:
                errors.append(f"第 {line_no} 行：适用区划代码“{code}”不存在。")
                continue
            if allowed_jurisdiction_ids is not None and jurisdiction.pk not in allowed_jurisdiction_ids:
                errors.append(f"第 {line_no} 行：您不能设置“{jurisdiction.name}”的地方性放假安排。")
                continue
        key = (date, code)
        if key in seen:
            errors.append(f"第 {line_no} 行：日期 {date}{_jurisdiction_label(jurisdiction)}与第 {seen[key]} 行重复。")
            continue
        seen[key] = line_no
        rows.append(CalendarRow(date, kind, note, jurisdiction))
    if errors:
        raise CalendarImportError(errors)
    if not rows:
        raise CalendarImportError(["文件中没有数据行。"])
    return rows


@transaction.atomic
def calendar_load_csv(
    *, actor, text: str, mark_complete: bool = False, notice: str = "", allowed_jurisdiction_ids: set[int] | None = None
) -> CalendarChange:
    """Load a State Council notice (or local holidays) from CSV; `mark_complete` marks the national years."""
    rows = parse_calendar_csv(text, allowed_jurisdiction_ids=allowed_jurisdiction_ids)
    for row in rows:
        CalendarDay.objects.update_or_create(
            date=row.date,
            jurisdiction=row.jurisdiction,
            defaults={"kind": row.kind, "note": row.note, "updated_by": actor},
        )
    national_years = sorted({row.date.year for row in rows if row.jurisdiction is None})
    if mark_complete:
        for year in national_years:
            CalendarYear.objects.update_or_create(
                year=year, defaults={"complete": True, "notice": notice.strip(), "updated_by": actor}
            )
    years = "、".join(f"{year}年" for year in sorted({row.date.year for row in rows}))
    reason = f"导入{years}放假安排{('（' + notice.strip() + '）') if notice.strip() else ''}"
    return CalendarChange(rows=len(rows), moved=_calendar_changed(actor=actor, reason=reason))
