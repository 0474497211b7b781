"""Writes to name lists. Entries can only change while the record is a draft (what was published is kept)."""

import csv
import io

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from core.caching import public_pages_changed
from core.exceptions import ActionForbidden, TransitionNotAllowed
from core.spreadsheets import cell_text, column_letter, read_table
from disclosures import policies
from disclosures.choices import Status
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


def parse_entries_xlsx(file) -> tuple[list[dict], dict[str, str]]:
    """An Excel sheet with the same Chinese header row. Returns the entries and each field's column letter."""
    table = read_table(file)
    header = table.header
    unknown = [h for h in header if h and h not in CSV_HEADERS]
    if unknown or not any(header):
        raise ValidationError({"file": [f"无法识别的列：{'、'.join(unknown) or '（空表）'}。可用列：{'、'.join(CSV_HEADERS)}。"]})
    columns = {CSV_HEADERS[h]: column_letter(i) for i, h in enumerate(header, start=1) if h}
    entries = []
    for _number, row in table.rows:
        values = {CSV_HEADERS[h]: cell_text(v) for h, v in zip(header, row, strict=False) if h}
        if not any(values.values()):
            continue
        for key in ("household_size", "amount"):
            values[key] = values.get(key) or None
        entries.append(values)
    return entries, columns


def name_list_import(*, actor, disclosure: Disclosure, upload, **settings) -> NameList:
    """Replace a draft record's list from an uploaded .xlsx or .csv; a malformed row is reported with
    its row and column (第 3 行 C 列（联系电话）) and nothing is saved."""
    name = (getattr(upload, "name", "") or "").lower()
    if name.endswith(".xlsx"):
        entries, columns = parse_entries_xlsx(upload)
    else:
        entries, columns = parse_entries_csv(upload.read().decode("utf-8-sig")), {}
        columns = {field: chr(ord("A") + i) for i, field in enumerate(CSV_COLUMNS)}
    labels = {field: label for label, field in CSV_HEADERS.items()}
    try:
        return name_list_save(actor=actor, disclosure=disclosure, entries=entries, **settings)
    except ValidationError as exc:
        if not hasattr(exc, "message_dict"):
            raise
        located = {}
        for key, messages in exc.message_dict.items():
            parts = key.split(".")
            if len(parts) == 3 and parts[0] == "entries":
                row, field = int(parts[1]) + 1, parts[2]  # +1: the header is row 1
                where = f"第 {row} 行 {columns.get(field, '?')} 列（{labels.get(field, field)}）"
                located[key] = [f"{where}：{m.split('：', 1)[-1]}" for m in messages]
            else:
                located[key] = messages
        raise ValidationError(located) from exc


def end_notice_periods(*, today=None) -> int:
    """Take lists whose 公示期 has ended off the public pages (set ended_at once; idempotent): on the day
    after its last day, never on it. A 长期公示 list has no last day and is never ended."""
    today = today or timezone.localdate()
    candidates = NameList.objects.filter(
        ended_at__isnull=True, long_term=False, disclosure__published_at__isnull=False
    ).select_related("disclosure")
    due = [name_list.pk for name_list in candidates if name_list.notice_ends_on < today]
    if not due:
        return 0
    with transaction.atomic():
        ended = NameList.objects.filter(pk__in=due, ended_at__isnull=True).update(ended_at=timezone.now())
        if ended:
            public_pages_changed()  # the lists come off the cached public pages as this commits
    return ended
