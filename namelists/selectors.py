"""The only way name lists leave the building: masked, and only during their 公示期 (or for good: 长期公示)."""

import datetime
from dataclasses import dataclass, field

from django.utils import timezone

from .masking import mask_id_number, mask_name, mask_phone
from .models import NameList, NoticeUnit, Scope


@dataclass(frozen=True)
class PublicNameList:
    scope: str
    scope_label: str
    scope_description: str
    notice_days: int
    notice_ends_on: datetime.date | None  # None for 长期公示
    ended: bool
    rows: list[dict] = field(default_factory=list)
    show_amount: bool = True
    notice_unit: str = NoticeUnit.CALENDAR_DAYS
    long_term: bool = False
    notice_starts_on: datetime.date | None = None  # the day after publication (民法典第二百零一条)
    notice_period: str = ""  # 2026年9月29日至2026年10月8日 / 2026年9月29日起长期公示

    @property
    def on_public_site(self) -> bool:
        return self.scope == Scope.PUBLIC and not self.ended


def _chinese_date(date: datetime.date) -> str:
    return f"{date.year}年{date.month}月{date.day}日"


def notice_period_text(name_list: NameList, *, starts_on=None, ends_on=None) -> str:
    """The 公示期 in words, with its dates once the record is published: "2026年9月29日至2026年10月8日",
    "2026年9月29日起长期公示"; before publication "自发布次日起 7 日" / "自发布次日起 5 个工作日" / "自发布次日起长期公示"."""
    starts_on = starts_on or name_list.notice_starts_on
    if starts_on is None:
        if name_list.long_term:
            return "自发布次日起长期公示"
        unit = "个工作日" if name_list.notice_unit == NoticeUnit.WORKING_DAYS else "日"
        return f"自发布次日起 {name_list.notice_days} {unit}"
    if name_list.long_term:
        return f"{_chinese_date(starts_on)}起长期公示"
    ends_on = ends_on or name_list.notice_ends_on
    return f"{_chinese_date(starts_on)}至{_chinese_date(ends_on)}"


def masked_rows(name_list: NameList) -> list[dict]:
    return [
        {
            "position": index,
            "name": mask_name(entry.name),
            "id_number": mask_id_number(entry.id_number),
            "phone": mask_phone(entry.phone),
            "locality": entry.locality,
            "household_size": entry.household_size,
            "amount": str(entry.amount) if (entry.amount is not None and name_list.show_amount) else "",
            "note": entry.note,
        }
        for index, entry in enumerate(name_list.entries.all(), start=1)
    ]


def public_name_list(disclosure) -> PublicNameList | None:
    """What a citizen may see of a record's list: nothing for unpublished records, no rows after the
    公示期 or for a list meant for a specific area (that one is printed for the village 公示栏). A 长期公示
    list has no last day and is never ended."""
    try:
        name_list = disclosure.name_list  # selected with the record by the kernel's detail selector
    except NameList.DoesNotExist:
        return None
    if not disclosure.shows_content:
        return None
    starts_on, ends_on = name_list.notice_starts_on, name_list.notice_ends_on
    ended = not name_list.long_term and (
        name_list.ended_at is not None or (ends_on is not None and ends_on < timezone.localdate())
    )
    rows = [] if ended or name_list.scope != Scope.PUBLIC else masked_rows(name_list)
    return PublicNameList(
        scope=name_list.scope,
        scope_label=name_list.get_scope_display(),
        scope_description=name_list.scope_description,
        notice_days=name_list.notice_days,
        notice_ends_on=ends_on,
        ended=ended,
        rows=rows,
        show_amount=name_list.show_amount,
        notice_unit=name_list.notice_unit,
        long_term=name_list.long_term,
        notice_starts_on=starts_on,
        notice_period=notice_period_text(name_list, starts_on=starts_on, ends_on=ends_on),
    )


def printable_name_list(name_list: NameList) -> dict:
    """The notice for the village 公示栏 (staff only): masked as well, with its scope printed on it."""
    return {
        "name_list": name_list,
        "record": name_list.disclosure,
        "rows": masked_rows(name_list),
        "scope": name_list.scope_description or name_list.get_scope_display(),
        "notice_ends_on": name_list.notice_ends_on,
        "notice_period": notice_period_text(name_list),
    }
