"""Writes to name lists. Entries can only change while the record is a draft (what was published is kept)."""

import csv
import io

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from disclosures import policies
from disclosures.choices import Status
from disclosures.exceptions import ActionForbidden, TransitionNotAllowed
from disclosures.models import Disclosure

from .models import NameList, NameListEntry

CSV_COLUMNS = ["name", "id_number", "phone", "locality", "household_size", "amount", "note"]
CSV_HEADERS = {"姓名": "name", "身份证号码": "id_number", "联系电话": "phone", "所在村（社区）": "locality",
               "家庭人口": "household_size", "金额": "amount", "备注": "note"}


def _check_editable(actor, disclosure: Disclosure) -> None:
    if disclosure.status != Status.DRAFT:
        raise TransitionNotAllowed("只有草稿状态的记录可以修改名单；已公开的名单请通过“更正”办理。")
    if not policies.can_edit(actor, disclosure):
        raise ActionForbidden(f"您不能修改“{disclosure.department.name}”的名单。")


@transaction.atomic
def name_list_save(*, actor, disclosure: Disclosure, entries: list[dict], **settings) -> NameList:
    """Replace a draft record's list with `entries` (all validated first; nothing saved on error)."""
    disclosure = Disclosure.objects.select_for_update(of=("self",)).select_related("department").get(pk=disclosure.pk)
    _check_editable(actor, disclosure)
    name_list = NameList.objects.filter(disclosure=disclosure).first() or NameList(disclosure=disclosure)
    for key, value in settings.items():
        setattr(name_list, key, value)
    name_list.full_clean(exclude=["disclosure"])
    rows, errors = [], {}
    for index, data in enumerate(entries, start=1):
        entry = NameListEntry(name_list=name_list, position=index, **data)
        try:
            entry.full_clean(exclude=["name_list"])
        except ValidationError as exc:
            for field, messages in exc.message_dict.items():
                errors[f"entries.{index}.{field}"] = [f"第 {index} 行：{m}" for m in messages]
        rows.append(entry)
    if errors:
        raise ValidationError(errors)
    name_list.save()
    name_list.entries.all().delete()
    NameListEntry.objects.bulk_create(rows)
    return name_list


def parse_entries_csv(text: str) -> list[dict]:
    """CSV with a header row in Chinese (姓名,身份证号码,联系电话,所在村（社区）,家庭人口,金额,备注)."""
    reader = csv.DictReader(io.StringIO(text.lstrip("\ufeff")))
    unknown = [h for h in (reader.fieldnames or []) if h.strip() not in CSV_HEADERS]
    if unknown or not reader.fieldnames:
        raise ValidationError({"file": [f"无法识别的列：{'、'.join(unknown) or '（空文件）'}。可用列：{'、'.join(CSV_HEADERS)}。"]})
    entries = []
    for row in reader:
        entry = {CSV_HEADERS[key.strip()]: (value or "").strip() for key, value in row.items() if key}
        if not any(entry.values()):
            continue
        entry["household_size"] = entry.get("household_size") or None
        entry["amount"] = entry.get("amount") or None
        entries.append(entry)
    return entries


def end_notice_periods(*, today=None) -> int:
    """Take lists whose 公示期 has ended off the public pages (set ended_at once; idempotent)."""
    today = today or timezone.localdate()
    candidates = NameList.objects.filter(ended_at__isnull=True, disclosure__published_at__isnull=False).select_related(
        "disclosure"
    )
    due = [name_list.pk for name_list in candidates if name_list.notice_ends_on < today]
    if not due:
        return 0
    return NameList.objects.filter(pk__in=due, ended_at__isnull=True).update(ended_at=timezone.now())
