"""
Writes to the publication table. Every door (admin, API, commands, tasks) calls these functions;
nothing else sets `status`, `index_no` or `published_at`.

Transitions are guarded verbs: lock the row, check the state and the actor's right, change the
state and the `*_by`/`*_at` fields, append one audit row — all in one transaction. Which states,
which right, which guards, the labels and the audit names come from the transition table
(`workflow.DISCLOSURE_WORKFLOW`); these functions add what each step does to the record.
"""

import datetime
import hashlib
import secrets
from collections.abc import Callable

from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction
from django.utils import timezone

from catalogue.models import CatalogueEntry
from core import attachment_scan, audit, pii
from core.caching import public_pages_changed
from core.domains import get_domain, is_valid_category
from core.exceptions import ActionForbidden, EditConflict, TransitionNotAllowed
from core.models import AuditEntry, JobHeartbeat
from core.sanitize import sanitize_html
from core.uploads import inspect_upload
from organizations.choices import JurisdictionLevel
from organizations.models import Department
from workdays import clock
from workdays.services import current_calendar

from . import deadlines, policies, retractions, search
from .choices import UNPUBLISHED_STATUSES, DisclosureMode, DocumentKind, Status, Validity
from .details import clean_details, historic_choice_errors
from .models import Attachment, Disclosure, DisclosureVersion, IndexSequence
from .workflow import DISCLOSURE_WORKFLOW as WORKFLOW
from .workflow import sync_case, write_audit

# Fields a clerk edits; everything else belongs to the workflow.
EDITABLE_FIELDS = (
    "department",
    "catalogue_entry",
    "domain",
    "category",
    "title",
    "doc_no",
    "issuer",
    "written_on",
    "document_kind",
    "validity",
    "validity_ended_on",
    "formed_on",
    "formed_at",
    "keywords",
    "disclosure_mode",
    "withholding_reason",
    "mode_reason",
    "urgent",
    "body",
    "details",
    "interpretation",
    "interpretation_url",
    "change_note",
)
# Content a correction replaces on the original record when it is published.
CONTENT_FIELDS = tuple(f for f in EDITABLE_FIELDS if f not in {"department", "change_note"})

# Labels of the verbs in messages and in the audit trail; the workflow's come from its table (workflow.py).
ACTION_LABELS = {
    "create": "起草",
    "update": "修改",
    "edit": "修改",
    **{action.name: action.label for action in WORKFLOW.actions},
}


# ---------------------------------------------------------------------------------------------
# Helpers
# ---------------------------------------------------------------------------------------------
def default_catalogue_entry(domain: str, category: str, details: dict | None = None) -> CatalogueEntry | None:
    """The catalogue entry a record without a chosen one belongs to, chosen by its structured item type
    (审批事项, 招标阶段, 信息类型…): the one entry of the category whose `item_types` name it. When the item
    type does not decide, the category's first entry — but only if every entry it could be gives the same
    deadline rule; otherwise None, and the clerk must choose (the entry decides the deadline: taking the
    category's first entry would give a 行政许可 decision 20 working days instead of 7)."""
    entries = list(CatalogueEntry.objects.filter(domain=domain, category=category, is_active=True).order_by("ordering", "pk"))
    item = item_type_of(domain, category, details or {})
    matching = [entry for entry in entries if item and item in (entry.item_types or [])]
    if len(matching) == 1:
        return matching[0]
    candidates = matching or entries
    if candidates and len({deadline_signature(entry) for entry in candidates}) == 1:
        return candidates[0]
    return None


def deadline_signature(entry: CatalogueEntry) -> tuple:
    """What of an entry decides a record's deadline (disclosures/deadlines.py)."""
    return (entry.limit_kind, entry.limit_days, entry.limit_hours, entry.decision_type)


def item_type_of(domain: str, category: str, details: dict) -> str:
    """The record's structured item type: the value of the field its category's details form names in
    `ITEM_FIELD` ('' when the form has none or the field is empty)."""
    form = get_domain(domain).details_form(category) if get_domain(domain) else None
    field = getattr(form, "ITEM_FIELD", "") if form else ""
    return str((details or {}).get(field) or "") if field else ""


def decision_date_of(record: Disclosure) -> datetime.date | None:
    """The decision date a 行政许可/行政处罚 record's structured fields carry (the field its category's
    details form names in `DECISION_DATE_FIELD`, e.g. 批复日期), or None."""
    domain = get_domain(record.domain)
    form = domain.details_form(record.category) if domain else None
    field = getattr(form, "DECISION_DATE_FIELD", "") if form else ""
    value = (record.details or {}).get(field) if field else None
    if isinstance(value, datetime.date):
        return value
    try:
        return datetime.date.fromisoformat(str(value)) if value else None
    except ValueError:
        return None


def _resolve_catalogue_entry(record: Disclosure, *, category_changed: bool = False, entry_chosen: bool = False) -> None:
    """Every record points to its catalogue entry; the entry decides domain and category.

    `entry_chosen`: the caller chose the entry now (a record keeps an entry deactivated since).
    """
    entry = record.catalogue_entry if record.catalogue_entry_id else None
    if entry is not None and entry_chosen and not entry.is_active:
        raise ValidationError({"catalogue_entry": [f"标准目录事项“{entry}”已停用，请选择启用的事项。"]})
    if entry is not None and category_changed and entry.category != record.category:
        entry = None  # the clerk moved the record to another category: take that category's entry
    if entry is None:
        if not is_valid_category(record.domain, record.category):
            return  # disclosure_validate names the bad domain or category
        entry = default_catalogue_entry(record.domain, record.category, record.details)
        if entry is None:
            count = CatalogueEntry.objects.filter(domain=record.domain, category=record.category, is_active=True).count()
            if not count:
                raise ValidationError({"category": [f"标准目录中没有“{record.category}”分类的事项，请先由政务公开办维护目录。"]})
            raise ValidationError(
                {"catalogue_entry": [
                    f"本分类在标准目录中有 {count} 个事项，信息类型不能确定适用哪一项，请选择“标准目录事项”"
                    "（目录事项决定公开时限）。"
                ]}
            )
    elif record.category and entry.category != record.category:
        raise ValidationError({"catalogue_entry": [f"标准目录事项“{entry}”不属于所选主题分类。"]})
    record.catalogue_entry = entry
    record.domain, record.category = entry.domain, entry.category


def _entry_errors(record: Disclosure, **options) -> dict[str, list[str]]:
    """`_resolve_catalogue_entry`'s refusal as field errors, to be reported with the record's other errors."""
    try:
        _resolve_catalogue_entry(record, **options)
    except ValidationError as exc:
        return exc.message_dict
    return {}


def _apply_due_date(record: Disclosure, calendar=None) -> bool:
    """Store the due date (or time) and the rule that gave it (deadlines.py). A record that is not 主动公开
    has none (条例第二十六条): no due date, no stamps. Returns whether anything changed."""
    before = (record.deadline_days, record.deadline_unit, record.deadline_rule)
    due = deadlines.due_for(record, calendar)
    if due is None:
        moved = (record.due_on, record.due_at, record.due_on_estimated) != (None, None, False) or bool(
            record.overdue_flagged_at or record.due_soon_notified_at
        )
        record.due_on = record.due_at = record.overdue_flagged_at = record.due_soon_notified_at = None
        record.due_on_estimated = False
        record.deadline_days, record.deadline_unit, record.deadline_rule = None, "", ""
        return moved or before != (None, "", "")
    record.deadline_days, record.deadline_unit = due.rule.limit, due.rule.unit
    record.deadline_rule = due.rule.source[:200]
    # A 变更 restarts the clock, or the calendar moved the day: a due date not passed clears the stamps.
    moved = clock.store(record, due.result)
    return moved or before != (record.deadline_days, record.deadline_unit, record.deadline_rule)


def _start_at_decision(record: Disclosure) -> None:
    """A 行政许可/行政处罚 decision's clock runs from the day the decision was made (国办发〔2018〕118号): its
    信息形成日期 is the decision date its structured fields carry. A correction keeps its own date (the 变更
    restarts the clock)."""
    entry = record.catalogue_entry
    if record.corrects_id or entry is None or entry.decision_type not in deadlines.DECISIONS:
        return
    decided = decision_date_of(record)
    if decided is not None and decided <= timezone.localdate():
        record.formed_on = decided


def _audit(*, disclosure, actor, action, from_status="", to_status="", comment="", data=None) -> AuditEntry:
    return write_audit(
        disclosure,
        actor=actor,
        action=f"disclosure.{action}",
        from_status=from_status,
        to_status=to_status,
        comment=comment,
        data=data,
    )


def _require_text(value: str, field: str, message: str) -> str:
    value = (value or "").strip()
    if not value:
        raise ValidationError({field: message})
    return value


def _lock(disclosure: Disclosure) -> Disclosure:
    # of=("self",): lock the record only, not the joined department and jurisdiction rows (which
    # would serialise every step of every record in a jurisdiction, and can deadlock a correction
    # against a concurrent step on its original).
    return (
        Disclosure.objects.select_for_update(of=("self",))
        .select_related("department__jurisdiction")
        .get(pk=disclosure.pk)
    )


def _sync(target: Disclosure, source: Disclosure) -> None:
    """Give the caller's instance the saved state."""
    sync_case(target, source)


def _check_edit_right(actor, record: Disclosure) -> None:
    if not policies.is_clerk_or_office(actor, record):
        raise ActionForbidden(f"您没有对“{record.department.name}”的记录执行“{ACTION_LABELS['edit']}”的权限。")


def _check_version(record: Disclosure, expected_version: int | None) -> None:
    if expected_version is not None and int(expected_version) != record.lock_version:
        raise EditConflict("该记录已被其他人修改，请刷新页面后重新操作，以免覆盖对方的修改。")


def disclosure_rule_errors(record: Disclosure) -> dict[str, list[str]]:
    """Business rules on a record's fields, as Chinese messages per field (shared with the admin form)."""
    errors: dict[str, list[str]] = {}
    domain = get_domain(record.domain)
    if domain is None:
        errors["domain"] = [f"未知的领域代码“{record.domain}”。"]
    elif record.category not in domain.categories.values:
        errors["category"] = [f"“{record.category}”不是“{domain.label}”领域的分类。"]
    if record.disclosure_mode != DisclosureMode.ACTIVE and not (record.mode_reason or "").strip():
        errors["mode_reason"] = ["依申请公开或不予公开必须填写理由。"]
    if record.disclosure_mode == DisclosureMode.NOT_DISCLOSED and not record.withholding_reason:
        errors["withholding_reason"] = ["公开属性为“不予公开”时必须选择不予公开理由（《政府信息公开条例》第十四条至第十六条）。"]
    if record.disclosure_mode != DisclosureMode.NOT_DISCLOSED and record.withholding_reason:
        errors["withholding_reason"] = ["只有不予公开的记录选择不予公开理由。"]
    if record.formed_at and record.formed_on and timezone.localdate(record.formed_at) != record.formed_on:
        errors["formed_at"] = ["信息形成时间应在信息形成（变更）日期当天。"]
    if record.formed_on and record.formed_on > timezone.localdate():
        errors["formed_on"] = ["信息形成（变更）日期不能晚于今天。"]
    if record.corrects_id and not (record.change_note or "").strip():
        errors["change_note"] = ["更正必须填写向公众说明的更正说明。"]
    if record.urgent and domain is not None and record.category not in domain.urgent_categories:
        allowed = "、".join(domain.category_name(c) for c in domain.urgent_categories) or "无"
        errors["urgent"] = [f"只有以下分类可以标记为紧急信息：{allowed}。"]
    if record.interpretation_id and record.interpretation_id == record.pk:
        errors["interpretation"] = ["政策解读不能链接到自身。"]
    errors.update(document_validity_errors(record))
    return errors


def document_validity_errors(record: Disclosure) -> dict[str, list[str]]:
    """文件类型 and 有效性: the annual report counts 规章 and 行政规范性文件 issued, abolished and in force
    (条例第二十条第（一）项; 国办公开办函〔2021〕30号), so those must say whether they are in force; an ended
    document says since when. 规章 are made by provincial and 设区的市 governments only (《立法法》第九十三条)."""
    errors: dict[str, list[str]] = {}
    documents = (DocumentKind.RULE, DocumentKind.NORMATIVE)
    if record.document_kind in documents and not record.validity:
        errors["validity"] = [f"{record.get_document_kind_display()}必须注明有效性（有效、失效或废止）。"]
    if record.document_kind == DocumentKind.RULE and record.department_id:
        level = record.department.jurisdiction.level
        if level != JurisdictionLevel.PREFECTURE:
            errors["document_kind"] = ["县、乡两级不制定规章（《立法法》第九十三条）：请选择“行政规范性文件”或“其他”。"]
    ended = record.validity in (Validity.EXPIRED, Validity.ABOLISHED)
    if ended and not record.validity_ended_on:
        errors["validity_ended_on"] = [f"有效性为“{record.get_validity_display()}”时必须填写失效/废止日期。"]
    elif not ended and record.validity_ended_on:
        errors["validity_ended_on"] = ["只有失效或废止的文件填写失效/废止日期。"]
    elif ended and record.written_on and record.validity_ended_on < record.written_on:
        errors["validity_ended_on"] = ["失效/废止日期不能早于成文日期。"]
    return errors


@transaction.atomic
def disclosure_create_about(
    *, actor, department: Department, subject_domain: str, link: Callable[[Disclosure], object], **fields
) -> Disclosure:
    """Draft a record of `subject_domain` about one of the domain's subjects (a project, a matter, a programme)
    and link it — all or nothing. `link(record)` creates the domain's link row; it may raise
    ValidationError for rules that need the subject (e.g. 竣工 before 开工)."""
    domain = get_domain(subject_domain)
    if fields.setdefault("domain", subject_domain) != subject_domain:
        raise ValidationError({"domain": [f"该事项的信息必须属于“{domain.label}”领域，不能是“{fields['domain']}”。"]})
    entry = fields.get("catalogue_entry")
    if entry is not None and entry.domain != subject_domain:
        raise ValidationError({"catalogue_entry": [f"标准目录事项“{entry}”不属于“{domain.label}”领域。"]})
    record = disclosure_create(actor=actor, department=department, **fields)
    link(record)
    return record


def disclosure_validate(record: Disclosure, errors: dict[str, list[str]] | None = None) -> None:
    """Every rule on the record's fields at once, with `errors` found before (the catalogue entry), so that a
    clerk (or an import row) sees all of them, not the first."""
    errors = {**(errors or {}), **disclosure_rule_errors(record)}
    if "domain" not in errors and "category" not in errors:
        try:
            record.details = clean_details(record.domain, record.category, record.details)
        except ValidationError as exc:
            errors.update(exc.message_dict)
    try:
        record.full_clean(validate_constraints=False)
    except ValidationError as exc:
        for field, messages in exc.message_dict.items():
            errors.setdefault(field, []).extend(messages)
    if errors:
        raise ValidationError(errors)


# ---------------------------------------------------------------------------------------------
# Editing
# ---------------------------------------------------------------------------------------------
@transaction.atomic
def disclosure_create(*, actor, department: Department, **fields) -> Disclosure:
    if not policies.can_create_in(actor, department.pk):
        raise ActionForbidden(f"您不是“{department.name}”的经办人，不能为该单位起草记录。")
    unknown = set(fields) - set(EDITABLE_FIELDS)
    if unknown:
        raise ValidationError({name: ["该字段不可填写。"] for name in unknown})
    record = Disclosure(department=department, jurisdiction_id=department.jurisdiction_id, created_by=actor)
    for name, value in fields.items():
        setattr(record, name, value)
    if not record.formed_on:
        record.formed_on = timezone.localdate()
    record.body = sanitize_html(record.body)
    disclosure_validate(
        record, {**_entry_errors(record, entry_chosen=True), **historic_choice_errors(record.domain, record.category, record.details)}
    )
    _start_at_decision(record)
    _apply_due_date(record)
    record.save()
    _audit(disclosure=record, actor=actor, action="create", to_status=record.status)
    return record


@transaction.atomic
def disclosure_update(*, disclosure: Disclosure, actor, expected_version: int | None, **fields) -> Disclosure:
    record = _lock(disclosure)
    _check_version(record, expected_version)
    if record.status != Status.DRAFT:
        raise TransitionNotAllowed(f"记录当前状态为“{record.get_status_display()}”，只有草稿可以修改。")
    _check_edit_right(actor, record)
    unknown = set(fields) - set(EDITABLE_FIELDS)
    if unknown:
        raise ValidationError({name: ["该字段不可修改。"] for name in unknown})
    department = fields.get("department", record.department)
    if department.pk != record.department_id and not policies.can_create_in(actor, department.pk):
        raise ValidationError({"department": [f"您不能把记录转到“{department.name}”。"]})
    changed = [name for name, value in fields.items() if getattr(record, name) != value]
    for name, value in fields.items():
        setattr(record, name, value)
    record.jurisdiction_id = department.jurisdiction_id
    record.body = sanitize_html(record.body)
    entry_errors = _entry_errors(
        record,
        category_changed="category" in changed and "catalogue_entry" not in changed,
        entry_chosen="catalogue_entry" in changed,
    )
    disclosure_validate(record, entry_errors)
    _start_at_decision(record)
    _apply_due_date(record)
    record.lock_version += 1
    record.save()
    _audit(
        disclosure=record,
        actor=actor,
        action="update",
        from_status=record.status,
        to_status=record.status,
        data={"fields": sorted(changed)},
    )
    _sync(disclosure, record)
    return record


def validate_upload(uploaded_file) -> str:
    """The lower-case extension if the file may be attached, else a field error (see `uploads`)."""
    return inspect_upload(uploaded_file).extension


@transaction.atomic
def attachment_add(*, disclosure: Disclosure, actor, uploaded_file) -> Attachment:
    record = _lock(disclosure)
    if record.status != Status.DRAFT:
        raise TransitionNotAllowed("只有草稿可以添加附件。")
    _check_edit_right(actor, record)
    upload = inspect_upload(uploaded_file)  # type from the content, name cleaned, bombs refused
    attachment = Attachment(
        disclosure=record,
        token=secrets.token_hex(16),
        original_name=upload.safe_name,
        size=uploaded_file.size,
        content_type=upload.content_type,
        uploaded_by=actor,
    )
    attachment.full_clean(exclude=["file"])
    attachment.file.save(upload.safe_name, uploaded_file, save=False)
    attachment.save()
    # Every part of the file is read once, now, for personal data (seed 001 §五); submit and publish use the
    # stored, masked result instead of reading the file again.
    attachment_scan.scan_attachment(attachment)
    _audit(
        disclosure=record,
        actor=actor,
        action="attachment_add",
        from_status=record.status,
        to_status=record.status,
        data={
            "name": attachment.original_name,
            "size": attachment.size,
            "type": upload.kind,
            "scan": attachment.scan_status,
        },
    )
    return attachment


@transaction.atomic
def attachment_remove(*, attachment: Attachment, actor) -> None:
    record = _lock(attachment.disclosure)
    if record.status != Status.DRAFT:
        raise TransitionNotAllowed("只有草稿可以删除附件。")
    _check_edit_right(actor, record)
    name = attachment.original_name
    attachment.file.delete(save=False)
    attachment.delete()
    _audit(
        disclosure=record,
        actor=actor,
        action="attachment_remove",
        from_status=record.status,
        to_status=record.status,
        data={"name": name},
    )


def late_working_days(due_on: datetime.date | None, published_on: datetime.date, jurisdiction=None) -> int:
    """0 when published on or before the due date, else the working days past it (local holidays included)."""
    if due_on is None or published_on <= due_on:
        return 0
    return deadlines.working_days_between(due_on, published_on, jurisdiction)


def timeliness(record: Disclosure, published_at: datetime.datetime) -> int | None:
    """The record's 按时/逾期 stamp at publication: None without a publication limit (not 主动公开), 0 on
    time, else the working days late. An hour clock is late once its due time has passed: at least one
    working day late then, more when the publication day is later than the due day."""
    if not deadlines.has_deadline(record.disclosure_mode) or record.due_on is None:
        return None
    published_on = timezone.localdate(published_at)
    if record.due_at is not None and published_at > record.due_at:
        return max(1, late_working_days(record.due_on, published_on, record.jurisdiction_id))
    return late_working_days(record.due_on, published_on, record.jurisdiction_id)


def job_heartbeat_record(*, name: str, result: dict) -> None:
    """Remember when a scheduled job last ran (the dashboard turns red after 26 hours)."""
    JobHeartbeat.objects.update_or_create(name=name, defaults={"last_run_at": timezone.now(), "last_result": result})


def job_lock(name: str, *, started: datetime.datetime) -> bool:
    """Take the scheduled job `name`'s lock for the rest of the current transaction: False when another
    run of the job holds it, or finished while this one (begun at `started`) waited — then this run
    must do nothing — True otherwise.

    PostgreSQL: a transaction-level advisory lock (pg_try_advisory_xact_lock), let go by the commit or
    the rollback, so a run killed mid-way leaves no lock behind. SQLite takes no such lock but runs one
    write transaction at a time (BEGIN IMMEDIATE, settings): a second run waits at the start of its
    transaction, and gives way because the job's heartbeat shows a run that finished after it began."""
    if not connection.in_atomic_block:
        raise RuntimeError("job_lock() holds until the end of a transaction: call it inside transaction.atomic().")
    if connection.vendor == "postgresql":
        key = int.from_bytes(hashlib.sha256(f"job:{name}".encode()).digest()[:8], "big", signed=True)
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_try_advisory_xact_lock(%s)", [key])
            if not cursor.fetchone()[0]:
                return False
    return not JobHeartbeat.objects.filter(name=name, last_run_at__gt=started).exists()


def _due_label(due_on: datetime.date | None, estimated: bool) -> str:
    return f"{due_on:%Y-%m-%d}{'（预计）' if estimated else ''}" if due_on else "无"


CLOCK_FIELDS = [
    "due_on", "due_at", "due_on_estimated", "deadline_days", "deadline_unit", "deadline_rule",
    "overdue_flagged_at", "due_soon_notified_at",
]


def disclosure_recompute_due_dates(*, actor=None, reason: str = "", batch_size: int = 500) -> int:
    """Recompute the stored due dates of unpublished records after a calendar change.

    Each record whose due date moves gets an audit row "放假安排变更，应公开日期由 X 改为 Y".
    Returns how many due dates moved.
    """
    calendar = current_calendar()
    moved_total = 0
    queryset = Disclosure.objects.filter(status__in=UNPUBLISHED_STATUSES)
    for batch in _batches(queryset, batch_size):
        changed, audits = [], []
        for record in batch:
            before = (record.due_on, record.due_on_estimated)
            if not _apply_due_date(record, calendar):
                continue
            changed.append(record)
            if before[0] != record.due_on:
                audits.append(
                    audit.entry(
                        record,
                        action="disclosure.due_date_recomputed",
                        actor=actor,
                        from_status=record.status,
                        to_status=record.status,
                        comment=f"放假安排变更，应公开日期由 {_due_label(*before)} 改为 "
                        f"{_due_label(record.due_on, record.due_on_estimated)}。",
                        data={"from": _iso(before[0]), "to": _iso(record.due_on), "reason": reason},
                    )
                )
        with transaction.atomic():
            Disclosure.objects.bulk_update(changed, CLOCK_FIELDS)
            audit.record_many(audits)
        moved_total += len(audits)
    return moved_total


def _batches(queryset, size: int):
    queryset = queryset.select_related("department__jurisdiction", "catalogue_entry").order_by("pk")
    last_pk = 0
    while batch := list(queryset.filter(pk__gt=last_pk)[:size]):
        last_pk = batch[-1].pk
        yield batch


def _iso(value) -> str | None:
    return value.isoformat() if value else None


def _stamp_text(late: int | None) -> str:
    if late is None:
        return "无时效要求"
    return "按时公开" if late == 0 else f"逾期{late}个工作日公开"


def disclosure_apply_deadline_rules(*, actor=None, reason: str = "", batch_size: int = 500) -> dict[str, int]:
    """Recompute every record's due date, rule and, for published ones, its 按时/逾期 stamp under the
    deadline rules (deadlines.py), e.g. after the rules themselves change. Each record whose due date,
    rule or stamp changes gets an audit row saying from what to what. Returns counts per kind of change:
    `due_on`, `rule`, `stamp`, `records` (records changed), `no_deadline` (records left without a limit)."""
    calendar = current_calendar()
    counts = {"records": 0, "due_on": 0, "rule": 0, "stamp": 0, "no_deadline": 0}
    for batch in _batches(Disclosure.objects.all(), batch_size):
        changed, audits = [], []
        for record in batch:
            before = (record.due_on, record.due_at, record.deadline_rule, record.late_working_days)
            _apply_due_date(record, calendar)
            if record.published_at is not None and record.status != Status.DRAFT:
                record.late_working_days = timeliness(record, record.published_at)
            after = (record.due_on, record.due_at, record.deadline_rule, record.late_working_days)
            if after == before:
                continue
            changed.append(record)
            counts["records"] += 1
            counts["due_on"] += (before[0], before[1]) != (after[0], after[1])
            counts["rule"] += before[2] != after[2]
            counts["stamp"] += before[3] != after[3]
            counts["no_deadline"] += after[0] is None and before[0] is not None
            parts = []
            if (before[0], before[1]) != (after[0], after[1]):
                parts.append(f"应公开日期由 {_due_label(before[0], False)} 改为 {_due_label(after[0], record.due_on_estimated)}")
            if before[2] != after[2]:
                parts.append(f"适用规则由“{before[2] or '无'}”改为“{after[2] or '无（非主动公开）'}”")
            if before[3] != after[3]:
                parts.append(f"时效由“{_stamp_text(before[3])}”改为“{_stamp_text(after[3])}”")
            audits.append(
                audit.entry(
                    record,
                    action="disclosure.deadline_rules_applied",
                    actor=actor,
                    from_status=record.status,
                    to_status=record.status,
                    comment="公开时限规则更新：" + "；".join(parts) + "。",
                    data={"from": _iso(before[0]), "to": _iso(after[0]), "rule": after[2],
                          "late_working_days": [before[3], after[3]], "reason": reason},
                )
            )
        with transaction.atomic():
            Disclosure.objects.bulk_update(changed, [*CLOCK_FIELDS, "late_working_days"])
            audit.record_many(audits)
    return counts


# ---------------------------------------------------------------------------------------------
# 索引号
# ---------------------------------------------------------------------------------------------
def allocate_index_no(*, department: Department, year: int) -> str:
    """Next 索引号 for a publisher and year. The sequence row is locked until the transaction ends."""
    with transaction.atomic():
        try:
            with transaction.atomic():
                IndexSequence.objects.get_or_create(department=department, year=year)
        except IntegrityError:  # created concurrently by another publication
            pass
        sequence = IndexSequence.objects.select_for_update().get(department=department, year=year)
        sequence.last_value += 1
        sequence.save(update_fields=["last_value"])
    return department.jurisdiction.index_no_pattern.format(
        dept_code=department.code,
        jurisdiction_code=department.jurisdiction.code,
        year=year,
        seq=sequence.last_value,
    )


# ---------------------------------------------------------------------------------------------
# Workflow
# ---------------------------------------------------------------------------------------------
def _transition(
    *,
    disclosure: Disclosure,
    actor,
    action: str,
    change: Callable[[Disclosure], None],
    comment: str = "",
    expected_version: int | None = None,
) -> Disclosure:
    """Lock the record, check its version, and take `action` as the table says (workflow.py): its state,
    the actor's role and its guards, then `change`, the target state, the save and the audit row."""
    record = _lock(disclosure)
    _check_version(record, expected_version)
    return WORKFLOW.perform(record, actor, action, comment=comment, change=change)


@transaction.atomic
def disclosure_submit(*, disclosure: Disclosure, actor, expected_version: int | None = None) -> Disclosure:
    def change(record):
        _pii_guard(record, "submit", stage="draft")
        record.submitted_by, record.submitted_at = actor, timezone.now()
        record.rejection_comment = ""

    record = _transition(
        disclosure=disclosure, actor=actor, action="submit", change=change, expected_version=expected_version
    )
    _sync(disclosure, record)
    return disclosure


@transaction.atomic
def disclosure_recall(*, disclosure: Disclosure, actor, expected_version: int | None = None) -> Disclosure:
    """撤回提交: a submitted record nobody has reviewed yet goes back to its clerk's drafts (the table says
    who may and from which state; the audit row keeps the step)."""

    def change(record):
        record.submitted_by = record.submitted_at = None

    record = _transition(
        disclosure=disclosure, actor=actor, action="recall", change=change, expected_version=expected_version
    )
    _sync(disclosure, record)
    return disclosure


@transaction.atomic
def disclosure_review(
    *, disclosure: Disclosure, actor, comment: str = "", expected_version: int | None = None
) -> Disclosure:
    """部门负责人审核. In a one-step jurisdiction this is the final approval (the table's branch)."""

    def change(record):
        record.reviewed_by, record.reviewed_at = actor, timezone.now()

    record = _transition(
        disclosure=disclosure, actor=actor, action="review", change=change, comment=comment,
        expected_version=expected_version,
    )
    if record.status == Status.APPROVED and record.department.jurisdiction.auto_publish:
        record = _publish(record, actor, automatic=True)
    _sync(disclosure, record)
    return disclosure


@transaction.atomic
def disclosure_sign(
    *, disclosure: Disclosure, actor, comment: str = "", expected_version: int | None = None
) -> Disclosure:
    """分管领导签发."""

    def change(record):
        record.signed_by, record.signed_at = actor, timezone.now()

    record = _transition(
        disclosure=disclosure, actor=actor, action="sign", change=change, comment=comment,
        expected_version=expected_version,
    )
    if record.department.jurisdiction.auto_publish:
        record = _publish(record, actor, automatic=True)
    _sync(disclosure, record)
    return disclosure


@transaction.atomic
def disclosure_reject(*, disclosure: Disclosure, actor, comment: str, expected_version: int | None = None) -> Disclosure:
    comment = WORKFLOW.clean_text("reject", comment)

    def change(record):
        record.rejection_comment = comment
        record.reviewed_by = record.reviewed_at = None
        record.signed_by = record.signed_at = None

    record = _transition(
        disclosure=disclosure, actor=actor, action="reject", change=change, comment=comment,
        expected_version=expected_version,
    )
    _sync(disclosure, record)
    return disclosure


@transaction.atomic
def disclosure_publish(*, disclosure: Disclosure, actor, expected_version: int | None = None) -> Disclosure:
    record = _lock(disclosure)
    _check_version(record, expected_version)
    WORKFLOW.check(record, actor, "publish")
    record = _publish(record, actor, automatic=False)
    _sync(disclosure, record)
    return disclosure


def _version_snapshot(record: Disclosure) -> dict:
    return {
        "index_no": record.index_no,
        "doc_no": record.doc_no,
        "issuer": record.issuer_name,
        "category": record.category,
        "written_on": record.written_on.isoformat() if record.written_on else None,
        "formed_on": record.formed_on.isoformat() if record.formed_on else None,
        "keywords": record.keywords,
        "details": record.details,
        "attachments": list(
            record.attachments.filter(superseded=False).values_list("original_name", flat=True)
        ),
    }


def _publish(record: Disclosure, actor, *, automatic: bool) -> Disclosure:
    """Make an approved record public (or, for a correction, apply it to its original)."""
    # Scanned again, whichever way the record is published. After 审核/签发 the whole step rolls back, so the
    # record can still be returned to its clerk; an approved record waiting for 发布 cannot be changed any more.
    _pii_guard(record, "publish", stage="in_review" if automatic else "approved")
    now = timezone.now()
    if record.corrects_id:
        return _apply_correction(record, actor, now)
    if not record.index_no:
        record.index_no = allocate_index_no(department=record.department, year=timezone.localdate(now).year)
    record.status = Status.PUBLISHED
    record.published_by, record.published_at = actor, now
    record.late_working_days = timeliness(record, now)
    record.version += 1
    record.lock_version += 1
    record.save()
    DisclosureVersion.objects.create(
        disclosure=record,
        number=record.version,
        title=record.title,
        body=record.body,
        metadata=_version_snapshot(record),
        published_at=now,
        published_by=actor,
    )
    _audit(
        disclosure=record,
        actor=actor,
        action="publish",
        from_status=Status.APPROVED,
        to_status=Status.PUBLISHED,
        data={"index_no": record.index_no, "automatic": automatic},
    )
    search.index_record(record)
    public_pages_changed()
    WORKFLOW.announce(record, actor, "publish")
    return record


def _apply_correction(correction: Disclosure, actor, now) -> Disclosure:
    original = _lock(correction.corrects)
    if original.status != Status.PUBLISHED:
        raise TransitionNotAllowed(f"原记录当前状态为“{original.get_status_display()}”，不能发布更正。")
    for name in CONTENT_FIELDS:
        setattr(original, name, getattr(correction, name))
    original.change_note = correction.change_note
    original.version += 1
    original.lock_version += 1
    new_attachments = list(correction.attachments.all())
    if new_attachments:
        original.attachments.filter(superseded=False).update(superseded=True)
        correction.attachments.update(disclosure=original)
    original.save()
    DisclosureVersion.objects.create(
        disclosure=original,
        number=original.version,
        title=original.title,
        body=original.body,
        metadata=_version_snapshot(original),
        change_note=correction.change_note,
        published_at=now,
        published_by=actor,
    )
    correction.status = Status.MERGED
    correction.published_by, correction.published_at = actor, now
    correction.late_working_days = timeliness(correction, now)
    correction.lock_version += 1
    correction.save()
    _audit(
        disclosure=original,
        actor=actor,
        action="correct",
        from_status=Status.PUBLISHED,
        to_status=Status.PUBLISHED,
        comment=correction.change_note,
        data={"version": original.version, "correction_id": correction.pk},
    )
    _audit(
        disclosure=correction,
        actor=actor,
        action="publish",
        from_status=Status.APPROVED,
        to_status=Status.MERGED,
        data={"applied_to": original.pk},
    )
    search.index_record(original)
    public_pages_changed()
    WORKFLOW.announce(correction, actor, "publish")  # its clerk: the correction is out
    return correction


@transaction.atomic
def disclosure_withdraw(*, disclosure: Disclosure, actor, reason: str, expected_version: int | None = None) -> Disclosure:
    reason = retractions.withdrawal_reason(disclosure, reason)  # none given: the 第四十八条 duty's public reason
    reason = WORKFLOW.clean_text("withdraw", reason)
    # The reason is shown on the withdrawn record's public notice, with no review step after it.
    text = WORKFLOW.action("withdraw").text
    pii.check_text(reason, field=text.field, label=text.label)

    def change(record):
        record.withdrawal_reason = reason
        record.withdrawn_by, record.withdrawn_at = actor, timezone.now()

    record = _transition(
        disclosure=disclosure, actor=actor, action="withdraw", change=change, comment=reason,
        expected_version=expected_version,
    )
    retractions.fulfil_open(record, actor, record.withdrawn_at)  # 《行政处罚法》第四十八条: 按时 or 逾期
    search.index_record(record)  # a withdrawn record leaves the search index
    public_pages_changed()
    _sync(disclosure, record)
    return disclosure


@transaction.atomic
def disclosure_start_correction(*, disclosure: Disclosure, actor, change_note: str) -> Disclosure:
    """Open a correction of a published record: a new draft that, once published, becomes its next version."""
    change_note = WORKFLOW.clean_text("correct", change_note)
    original = _lock(disclosure)
    action = WORKFLOW.check(original, actor, "correct")
    if original.corrections.filter(status__in=[Status.DRAFT, Status.SUBMITTED, Status.REVIEWED, Status.APPROVED]).exists():
        raise TransitionNotAllowed("该记录已有一条正在办理的更正，请先完成或退回那一条。")
    fields = {name: getattr(original, name) for name in CONTENT_FIELDS}
    fields["formed_on"] = timezone.localdate()
    if original.catalogue_entry_id and not original.catalogue_entry.is_active:
        fields["catalogue_entry"] = None  # deactivated since: the correction takes its category's current entry
    correction = disclosure_create(actor=actor, department=original.department, change_note=change_note, **fields)
    correction.corrects = original
    correction.save(update_fields=["corrects"])
    write_audit(
        original,
        actor=actor,
        action=WORKFLOW.audit_name(action),
        from_status=original.status,
        to_status=original.status,
        comment=change_note,
        data={"correction_id": correction.pk},
    )
    return correction


# ---------------------------------------------------------------------------------------------
# Personal data (seed 001 §五: 去标识化) — see pii.py
# ---------------------------------------------------------------------------------------------
def _pii_guard(record: Disclosure, action: str, *, stage: str) -> None:
    """Refuse the step while the record holds personal data that no office override covers."""
    blocking = pii.uncovered(pii.scan_disclosure(record), record.pii_override_keys)
    if blocking:
        raise pii.PiiFound(blocking, action_label=ACTION_LABELS[action], stage=stage)


@transaction.atomic
def disclosure_pii_mask(*, disclosure: Disclosure, actor, expected_version: int | None = None) -> Disclosure:
    """一键脱敏: mask the personal numbers in a draft's title, body, structured fields and 更正说明.

    The masked values go through `disclosure_update` (same checks, version lock and audit row as any
    edit), then one `disclosure.pii_mask` row says what was masked. Attachments are not touched: a
    finding in an attachment needs a new file or an office override.
    """
    record = _lock(disclosure)
    _check_version(record, expected_version)
    if record.status != Status.DRAFT:
        raise TransitionNotAllowed(f"记录当前状态为“{record.get_status_display()}”，只有草稿可以一键脱敏。")
    _check_edit_right(actor, record)
    findings = pii.scan_disclosure(record, attachments=False)
    changed = pii.mask_disclosure(record) if findings else []
    if not changed:
        raise TransitionNotAllowed(
            "标题、正文、结构化信息和更正说明中没有可以自动脱敏的个人信息。"
            "附件中的个人信息不能自动脱敏，请替换附件或由政务公开办填写理由放行。"
        )
    disclosure_update(
        disclosure=disclosure,
        actor=actor,
        expected_version=record.lock_version,
        **{name: getattr(record, name) for name in changed},
    )
    kinds: dict[str, int] = {}
    for finding in findings:
        kinds[finding.kind] = kinds.get(finding.kind, 0) + 1
    _audit(
        disclosure=disclosure,
        actor=actor,
        action="pii_mask",
        from_status=Status.DRAFT,
        to_status=Status.DRAFT,
        comment=f"已脱敏{len(findings)}处：{pii.summary(findings)}",
        data={"fields": sorted(changed), "kinds": kinds, "findings": [f.as_dict() for f in findings]},
    )
    return disclosure


@transaction.atomic
def disclosure_pii_override(*, disclosure: Disclosure, actor, reason: str) -> Disclosure:
    """政务公开办放行: the personal data found now may be published (e.g. a published hotline).

    The override covers exactly the numbers present now (their keyed digests); a number added later
    blocks again. Only the office overseeing the record's department may give it, with a reason.
    """
    reason = _require_text(reason, "reason", "放行时必须填写理由（例如：公开的是单位服务热线）。")
    record = _lock(disclosure)
    if not record.is_unpublished:
        raise TransitionNotAllowed(f"记录当前状态为“{record.get_status_display()}”，不需要放行个人信息。")
    if not policies.may_override_pii(actor, record):
        raise ActionForbidden(
            f"只有{record.department.jurisdiction.name}的政务公开办可以放行记录中的个人信息。"
        )
    findings = pii.scan_disclosure(record)
    if not findings:
        raise TransitionNotAllowed("记录中没有发现疑似个人信息，无需放行。")
    record.pii_override_reason = reason
    record.pii_override_by, record.pii_override_at = actor, timezone.now()
    record.pii_override_keys = sorted({finding.key for finding in findings})
    record.save(update_fields=["pii_override_reason", "pii_override_by", "pii_override_at", "pii_override_keys"])
    _audit(
        disclosure=record,
        actor=actor,
        action="pii_override",
        from_status=record.status,
        to_status=record.status,
        comment=reason,
        data={"kinds": pii.summary(findings), "findings": [f.as_dict() for f in findings]},
    )
    _sync(disclosure, record)
    return disclosure


# The service of each step the admin's buttons and the API's actions take by name (更正 returns a new
# record: the doors call disclosure_start_correction themselves).
WORKFLOW_ACTIONS = {
    "submit": disclosure_submit,
    "recall": disclosure_recall,
    "review": disclosure_review,
    "sign": disclosure_sign,
    "publish": disclosure_publish,
    "reject": disclosure_reject,
    "withdraw": disclosure_withdraw,
}


def disclosure_apply_action(
    *, disclosure: Disclosure, actor, action: str, comment: str = "", expected_version: int | None = None
) -> Disclosure:
    """Dispatch a workflow action by name (admin buttons and API actions use this). The table says
    whether the action exists and which keyword takes its comment or reason."""
    if action not in WORKFLOW_ACTIONS or action not in WORKFLOW:
        raise TransitionNotAllowed(f"未知的操作“{action}”。")
    kwargs: dict = {"disclosure": disclosure, "actor": actor, "expected_version": expected_version}
    text = WORKFLOW.action(action).text
    if text is not None:
        kwargs[text.field] = comment
    return WORKFLOW_ACTIONS[action](**kwargs)
