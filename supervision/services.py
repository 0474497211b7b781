"""督办 services: the only code that writes a notice. The steps are the declared table's (workflow.py); the
answer period is the kernel's clock (clock.py); every change leaves one audit row (core.audit)."""

import datetime

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from core import audit, pii, uploads
from core.exceptions import ActionForbidden, EditConflict
from core.numbering import next_number
from core.signals import case_notice
from disclosures.choices import Status as RecordStatus
from disclosures.models import Disclosure
from disclosures.services import allocate_index_no
from disclosures.workflow import sync_case
from inforequests.choices import CLOSED_STATUSES as REQUEST_CLOSED
from inforequests.models import InfoRequest
from organizations.choices import Role
from organizations.models import Department
from organizations.selectors import user_scope
from workdays.services import working_days_between

from .assessment import scored_rows
from .choices import NEXT_LEVEL, OPEN_STATUSES, ItemKind, ItemOutcome, Level
from .clock import refresh as refresh_clock
from .clock import refresh_complaint as refresh_complaint_clock
from .figures import department_figures
from .models import Assessment, Circular, Complaint, Evidence, Item, Notice, ProgressReport, progress_due_on
from .workflow import CIRCULAR_WORKFLOW, COMPLAINT_WORKFLOW
from .workflow import NOTICE_WORKFLOW as WORKFLOW


def notice_number(year: int, sequence: int) -> str:
    return f"督办〔{year}〕{sequence}号"


def _members(department_id: int, *roles: str):
    return list(get_user_model().objects.filter(
        memberships__department_id=department_id, memberships__role__in=roles, is_active=True
    ).distinct())


def _office_of(actor, department: Department) -> Department:
    """The 政务公开办 that issues about `department`: the actor's office department overseeing it."""
    scope = user_scope(actor)
    if not scope.oversees(department.pk):
        raise ActionForbidden(f"您不能向“{department.name}”下发督办单：只有管辖该单位的政务公开办可以下发。")
    offices = [pk for pk, roles in scope.roles.items() if Role.OFFICE in roles]
    office = Department.objects.filter(pk__in=offices, is_office=True).select_related("jurisdiction").first()
    if office is None:  # a superuser without an office role: the department's own government's office
        office = Department.objects.filter(jurisdiction=department.jurisdiction, is_office=True).first()
    if office is None:
        raise ValidationError({"department": ["该单位所在区划没有政务公开办（政府办公室），无法下发督办单。"]})
    return office


def _lock(notice: Notice, expected_version: int | None = None) -> Notice:
    row = Notice.objects.select_for_update().select_related("department", "jurisdiction").get(pk=notice.pk)
    if expected_version is not None and expected_version != row.lock_version:
        raise EditConflict("该督办单在您打开后已被其他人办理，请刷新页面后重试。")
    return row


def _tell(notice: Notice, users, kind: str, title: str, body: str = "") -> None:
    users = [user for user in users if user is not None]
    if users:
        case_notice.send(sender=WORKFLOW.name, users=users, kind=f"supervision.{kind}", title=title, body=body,
                         url=WORKFLOW.url(notice), dedupe_key=f"supervision:{notice.pk}:{kind}:{notice.lock_version}")


# ---------------------------------------------------------------------------------------------
# Issuing
# ---------------------------------------------------------------------------------------------
def _item_rows(department: Department, records, requests, others: list[tuple[str, str]]) -> list[Item]:
    items, errors = [], []
    for record in records:
        if record.department_id != department.pk:
            errors.append(f"信息“{record.title}”不属于{department.name}。")
        items.append(Item(kind=ItemKind.RECORD, disclosure=record))
    for request in requests:
        if department.pk not in (request.department_id, request.addressed_to_id):
            errors.append(f"申请 {request.number} 不由{department.name}办理。")
        items.append(Item(kind=ItemKind.REQUEST, request=request))
    for kind, text in others:
        if text.strip():
            items.append(Item(kind=kind, description=text.strip()))
    if errors:
        raise ValidationError({"items": errors})
    return items


@transaction.atomic
def notice_issue(
    *, actor, department: Department, required_action: str, level: str = Level.SUPERVISE, records=(), requests=(),
    others: list[tuple[str, str]] = (), on: datetime.date | None = None, escalated_from: Notice | None = None,
    complaints=(),
) -> Notice:
    """下发督办单 to one department: numbered 督办〔year〕N号 per jurisdiction (restarting each year), due in the
    jurisdiction's 督办答复时限 working days. `others`: (ItemKind, description) for 僵尸栏目, 死链, anything else."""
    office = _office_of(actor, department)
    if not (required_action or "").strip():
        raise ValidationError({"required_action": ["请填写督办要求。"]})
    if level not in Level.values:
        raise ValidationError({"level": ["督办等级无效。"]})
    items = _item_rows(department, records, requests, list(others))
    items += [Item(kind=ItemKind.COMPLAINT, complaint=complaint) for complaint in complaints]
    if not items:
        raise ValidationError({"items": ["督办单至少要有一个督办事项。"]})
    issued_on = on or timezone.localdate()
    jurisdiction = office.jurisdiction
    sequence = next_number(f"supervision:{jurisdiction.pk}", issued_on.year)
    notice = Notice(
        jurisdiction=jurisdiction, department=department, office_department=office, year=issued_on.year,
        sequence=sequence, number=notice_number(issued_on.year, sequence), level=level,
        required_action=required_action.strip(), answer_days=jurisdiction.supervision_answer_days,
        issued_on=issued_on, period_started_on=issued_on, issued_by=actor, escalated_from=escalated_from,
    )
    refresh_clock(notice)
    notice.save()
    for item in items:
        item.notice = notice
    Item.objects.bulk_create(items)
    audit.record(notice, action="supervision.issue", actor=actor, to_status=notice.status, comment=notice.required_action,
                 data={"number": notice.number, "level": level, "items": len(items), "due_on": notice.due_on.isoformat()})
    _tell(notice, _members(department.pk, Role.CLERK, Role.REVIEWER), "issue",
          f"【{notice.get_level_display()}】{notice.number}：请于 {notice.due_on:%Y-%m-%d} 前答复整改情况")
    return notice


# ---------------------------------------------------------------------------------------------
# The department's answer
# ---------------------------------------------------------------------------------------------
def _check_answering(notice: Notice, actor) -> None:
    scope = user_scope(actor)
    if not (scope.is_superuser or scope.has_role(notice.department_id, Role.CLERK, Role.REVIEWER)):
        raise ActionForbidden(f"只有{notice.department.name}的经办人、部门负责人可以起草答复。")
    if notice.status not in OPEN_STATUSES:
        raise WORKFLOW.refusal(notice, actor, "submit_answer") or ValidationError("该督办单当前不能修改答复。")


@transaction.atomic
def notice_answer_edit(
    *, notice: Notice, actor, cause: str, measures: str, evidence_links: str = "", items: dict | None = None,
    expected_version: int | None = None,
) -> Notice:
    """Draft (or correct) the answer: 原因分析, 整改措施, links, and per item (id → outcome, reason, planned date).
    A link must be a web address; an item's outcome must be one of the three."""
    row = _lock(notice, expected_version)
    _check_answering(row, actor)
    links = [line.strip() for line in (evidence_links or "").splitlines() if line.strip()]
    bad = [link for link in links if not link.startswith(("http://", "https://"))]
    if bad:
        raise ValidationError({"evidence_links": [f"“{bad[0]}”不是网址（应以 http:// 或 https:// 开头）。"]})
    by_id = {item.pk: item for item in row.items.all()}
    errors = []
    for item_id, (outcome, reason, planned_on) in (items or {}).items():
        item = by_id.get(int(item_id))
        if item is None:
            raise ValidationError({"items": [f"督办单没有编号为 {item_id} 的事项。"]})
        if outcome and outcome not in ItemOutcome.values:
            errors.append(f"“{item.label}”的整改情况无效。")
        item.outcome, item.outcome_reason, item.planned_on = outcome or "", (reason or "").strip(), planned_on
        if item.outcome == ItemOutcome.NOT_YET and item.planned_on is None:
            errors.append(f"“{item.label}”暂无法整改，请填写计划完成日期。")
        if item.outcome in (ItemOutcome.NOT_NEEDED, ItemOutcome.NOT_YET) and not item.outcome_reason:
            errors.append(f"“{item.label}”{item.get_outcome_display()}，请说明理由。")
    if errors:
        raise ValidationError({"items": errors})
    for item in by_id.values():
        item.save(update_fields=["outcome", "outcome_reason", "planned_on"])
    row.cause, row.measures, row.evidence_links = (cause or "").strip(), (measures or "").strip(), "\n".join(links)
    row.lock_version += 1
    row.save()
    audit.record(row, action="supervision.answer_edit", actor=actor, data={"items": len(items or {})})
    sync_case(notice, row)
    return notice


@transaction.atomic
def evidence_add(*, notice: Notice, actor, uploaded_file) -> Evidence:
    """网页截图 as proof (seed 004 §三): checked by content like every upload (core.uploads); internal only."""
    row = _lock(notice)
    _check_answering(row, actor)
    try:
        uploads.inspect_upload(uploaded_file)
    except ValidationError as exc:
        raise ValidationError({"image": exc.messages}) from exc
    evidence = Evidence.objects.create(notice=row, image=uploaded_file, original_name=uploaded_file.name[:200],
                                       uploaded_by=actor)
    audit.record(row, action="supervision.evidence", actor=actor, data={"file": evidence.original_name})
    return evidence


# ---------------------------------------------------------------------------------------------
# The steps of the table
# ---------------------------------------------------------------------------------------------
def _step(notice, actor, action: str, *, change=None, comment: str = "", expected_version=None) -> Notice:
    row = _lock(notice, expected_version)
    WORKFLOW.perform(row, actor, action, comment=comment, change=change)
    sync_case(notice, row)
    return notice


@transaction.atomic
def notice_submit_answer(*, notice: Notice, actor, expected_version: int | None = None) -> Notice:
    resolve_items(notices=Notice.objects.filter(pk=notice.pk))

    def change(row):
        now = timezone.now()
        row.answered_at, row.answered_by = now, actor
        row.answered_late = row.due_on is not None and timezone.localdate(now) > row.due_on

    return _step(notice, actor, "submit_answer", change=change, expected_version=expected_version)


@transaction.atomic
def notice_accept(*, notice: Notice, actor, expected_version: int | None = None) -> Notice:
    def change(row):
        row.closed_at = timezone.now()

    return _step(notice, actor, "accept", change=change, expected_version=expected_version)


@transaction.atomic
def notice_return(*, notice: Notice, actor, comment: str, expected_version: int | None = None) -> Notice:
    """退回重新整改: a new answer period of the same length starts today."""
    def change(row):
        row.office_comment = comment.strip()
        row.period_started_on = timezone.localdate()
        row.answered_at, row.answered_by, row.answered_late = None, None, False
        row.overdue_flagged_at = None

    return _step(notice, actor, "return", change=change, comment=comment, expected_version=expected_version)


@transaction.atomic
def notice_escalate(*, notice: Notice, actor, required_action: str = "", expected_version: int | None = None) -> Notice:
    """升级督办: this notice ends as 已升级 and a notice of the next level (提醒 → 督办 → 通报) goes to the same
    department with the items not yet resolved, linked to this one, copied to the department's 分管领导."""
    _step(notice, actor, "escalate", expected_version=expected_version)
    open_items = [item for item in notice.items.select_related("disclosure", "request") if item.resolved_at is None]
    level = NEXT_LEVEL[notice.level]
    escalated = notice_issue(
        actor=actor, department=notice.department, level=level, escalated_from=notice,
        required_action=required_action.strip() or f"{notice.number}逾期未整改到位，升级为{Level(level).label}。{notice.required_action}",
        records=[item.disclosure for item in open_items if item.disclosure_id],
        requests=[item.request for item in open_items if item.request_id],
        others=[(item.kind, item.description) for item in open_items
                if not (item.disclosure_id or item.request_id or item.complaint_id)],
        complaints=[item.complaint for item in open_items if item.complaint_id],
    )
    signers = _members(notice.department_id, Role.SIGNER)
    escalated.copied_to.set(signers)
    _tell(escalated, signers, "copied", f"抄送：{notice.department.name}的督办单已升级为{escalated.get_level_display()}"
          f"（{escalated.number}）")
    return escalated


# ---------------------------------------------------------------------------------------------
# Jobs and the clock
# ---------------------------------------------------------------------------------------------
def resolve_items(*, notices=None, now: datetime.datetime | None = None) -> int:
    """销号: an item whose record is now published, or whose request is answered (or otherwise closed), resolves
    by itself; the notice still waits for the office to accept the answer. Set-based; returns how many."""
    now = now or timezone.now()
    pending = Item.objects.filter(resolved_at__isnull=True).filter(
        Q(kind=ItemKind.RECORD, disclosure__status__in=[RecordStatus.PUBLISHED, RecordStatus.WITHDRAWN])
        | Q(kind=ItemKind.REQUEST, request__status__in=REQUEST_CLOSED)
    )
    if notices is not None:
        pending = pending.filter(notice__in=notices)
    by_notice: dict[int, list[int]] = {}
    for item_id, notice_id in pending.values_list("pk", "notice_id"):
        by_notice.setdefault(notice_id, []).append(item_id)
    resolved = Item.objects.filter(pk__in=[pk for ids in by_notice.values() for pk in ids]).update(resolved_at=now)
    for notice in Notice.objects.filter(pk__in=by_notice):
        audit.record(notice, action="supervision.item_resolved", actor=None, data={"items": by_notice[notice.pk]})
    return resolved


def notify_overdue(notices) -> None:
    """The kernel's overdue job flagged these notices (once each): the department's head, its 分管领导 and the
    office hear of it, and the trail says so."""
    for notice in notices.select_related("department"):
        audit.record(notice, action="supervision.overdue", actor=None, data={"due_on": notice.due_on.isoformat()})
        users = _members(notice.department_id, Role.REVIEWER, Role.SIGNER) + _members(notice.office_department_id, Role.OFFICE)
        _tell(notice, users, "overdue", f"【督办逾期】{notice.number}（{notice.department.name}）已超过答复期限"
              f" {notice.due_on:%Y-%m-%d}，尚未答复")


def recompute_due_dates(*, actor=None, reason: str = "") -> int:
    """After a calendar change (workdays.clock.register): every open notice's answer period again."""
    moved = 0
    for notice in Notice.objects.filter(status__in=OPEN_STATUSES):
        before = notice.due_on
        refresh_clock(notice)
        if notice.due_on != before:
            notice.save(update_fields=["due_on", "due_at", "due_on_estimated", "overdue_flagged_at", "due_soon_notified_at"])
            audit.record(notice, action="supervision.due_date_recomputed", actor=actor, comment=reason,
                         data={"due_on": notice.due_on.isoformat()})
            moved += 1
    return moved


def items_with_state(notice: Notice) -> list[dict]:
    """Each item with the live state of what it points at: a record's 发布日期 and 逾期N个工作日, a request's
    state and answer period."""
    rows = []
    for item in notice.items.select_related("disclosure", "request"):
        state = ""
        if item.disclosure_id:
            record = item.disclosure
            if record.status == RecordStatus.PUBLISHED and record.published_at:
                late = f"，逾期{record.late_working_days}个工作日" if record.late_working_days else "，按时"
                state = f"已发布 {timezone.localdate(record.published_at):%Y-%m-%d}{late}"
            else:
                state = record.get_status_display()
                if record.due_on:
                    state += f"，应公开日期 {record.due_on:%Y-%m-%d}"
                    late = working_days_between(record.due_on, timezone.localdate())
                    state += f"，已逾期{late}个工作日" if late else ""
        elif item.request_id:
            request = item.request
            state = request.get_status_display() + (f"，答复期限 {request.due_on:%Y-%m-%d}" if request.due_on else "")
        rows.append({"item": item, "state": state})
    return rows


def overdue_records_of(department: Department, ids) -> list[Disclosure]:
    return list(Disclosure.objects.filter(pk__in=ids, department=department))


def requests_of(department: Department, ids) -> list[InfoRequest]:
    return list(InfoRequest.objects.filter(pk__in=ids).filter(Q(department=department) | Q(addressed_to=department)))


# ---------------------------------------------------------------------------------------------
# 通报
# ---------------------------------------------------------------------------------------------
def _circular_office(actor) -> Department:
    scope = user_scope(actor)
    offices = [pk for pk, roles in scope.roles.items() if Role.OFFICE in roles]
    office = Department.objects.filter(pk__in=offices, is_office=True).select_related("jurisdiction").first()
    if office is None:
        raise ActionForbidden("只有政务公开办可以生成通报。")
    return office


def supervised_departments(office: Department):
    """The departments the office's circulars speak of: those it oversees, its own government's office aside."""
    scope_ids = Department.objects.filter(
        Q(jurisdiction=office.jurisdiction) | Q(jurisdiction__parent=office.jurisdiction), is_office=False
    )
    return scope_ids.select_related("jurisdiction").order_by("jurisdiction__level", "ordering", "name")


def _names(rows, verdict: str) -> str:
    return "、".join(row.department for row in rows if row.verdict == verdict)


def circular_text(office: Department, rows, start: datetime.date, end: datetime.date) -> str:
    """The circular's text, pre-filled from the figures (the office edits it before issuing)."""
    published = sum(row.published for row in rows)
    on_time = sum(row.on_time for row in rows)
    rate = f"{on_time * 100 / published:.1f}%" if published else "—"
    lines = [
        f"{start:%Y年%m月%d日}至{end:%Y年%m月%d日}，{office.jurisdiction.name}{len(rows)}个单位在重点领域信息公开专栏发布信息"
        f"{published}条，其中按时公开{on_time}条，按时公开率{rate}；期末逾期未公开{sum(r.overdue_at_end for r in rows)}条。"
        f"下发督办单{sum(r.notices for r in rows)}张，按时答复{sum(r.answered_on_time for r in rows)}张，"
        f"逾期答复{sum(r.answered_late for r in rows)}张，未答复{sum(r.unanswered for r in rows)}张。"
    ]
    escalated = Notice.objects.filter(
        escalated_from__isnull=False, issued_on__range=(start, end), department__in=[row.department_id for row in rows]
    ).select_related("department").order_by("issued_on", "sequence")
    if escalated:
        lines.append("期间升级督办：" + "；".join(
            f"{notice.department.name}（{notice.number}，{notice.get_level_display()}）" for notice in escalated) + "。")
    praised, criticised = _names(rows, "praise"), _names(rows, "criticise")
    if praised:
        lines.append(f"对{praised}予以通报表扬。")
    if criticised:
        lines.append(f"对{criticised}予以通报批评，请于收到通报后5个工作日内整改到位并书面报告整改情况"
                     "（《政府信息公开条例》第四十七条）。")
    return "\n".join(lines)


@transaction.atomic
def circular_generate(*, actor, start: datetime.date, end: datetime.date, kind: str = "", title: str = ""):
    """A draft 通报 for the period with every supervised department's figures, frozen now."""
    if end < start:
        raise ValidationError({"period_end": ["通报期间的结束日期不能早于开始日期。"]})
    if end > timezone.localdate():
        raise ValidationError({"period_end": ["通报期间不能晚于今天。"]})
    office = _circular_office(actor)
    rows = department_figures(supervised_departments(office), start, end)
    if not kind:
        kind = ("criticism" if any(row.verdict == "criticise" for row in rows)
                else "praise" if any(row.verdict == "praise" for row in rows) else "situation")
    year = timezone.localdate().year
    sequence = next_number(f"circular:{office.jurisdiction_id}", year)
    circular = Circular.objects.create(
        jurisdiction=office.jurisdiction, office_department=office, kind=kind, year=year, sequence=sequence,
        number=f"政务公开通报〔{year}〕{sequence}号",
        title=title.strip() or f"关于{start:%Y年%m月%d日}至{end:%Y年%m月%d日}重点领域信息公开工作情况的通报",
        period_start=start, period_end=end, intro=circular_text(office, rows, start, end),
        figures=[row.as_dict() for row in rows], created_by=actor,
    )
    audit.record(circular, action="circular.generate", actor=actor, to_status=circular.status,
                 data={"period": [start.isoformat(), end.isoformat()], "departments": len(rows)})
    return circular


def _circular_lock(circular, expected_version=None):
    row = Circular.objects.select_for_update().get(pk=circular.pk)
    if expected_version is not None and expected_version != row.lock_version:
        raise EditConflict("该通报在您打开后已被其他人修改，请刷新页面后重试。")
    return row


@transaction.atomic
def circular_edit(*, circular, actor, title: str, intro: str, requirements: str = "", expected_version=None):
    row = _circular_lock(circular, expected_version)
    if row.status != "draft":
        raise CIRCULAR_WORKFLOW.refusal(row, actor, "issue") or ValidationError("通报已印发，不能修改。")
    _circular_office(actor)
    if not title.strip():
        raise ValidationError({"title": ["请填写标题。"]})
    row.title, row.intro, row.requirements = title.strip(), intro.strip(), requirements.strip()
    row.lock_version += 1
    row.save()
    audit.record(row, action="circular.edit", actor=actor)
    sync_case(circular, row)
    return circular


@transaction.atomic
def circular_issue(*, circular, actor, expected_version=None):
    row = _circular_lock(circular, expected_version)

    def change(case):
        case.issued_at = timezone.now()

    CIRCULAR_WORKFLOW.perform(row, actor, "issue", change=change)
    sync_case(circular, row)
    return circular


@transaction.atomic
def circular_publish(*, circular, actor, expected_version=None):
    """公开发布 in the 通报 column, after the personal-data guard has read every text it shows."""
    row = _circular_lock(circular, expected_version)

    def change(case):
        pii.guard_public_text(case, "通报")
        now = timezone.now()
        case.issued_at = case.issued_at or now
        case.published_at = now
        # A published 通报 is government information like any record: it gets the office's next 索引号.
        case.index_no = allocate_index_no(department=case.office_department, year=timezone.localdate(now).year)

    CIRCULAR_WORKFLOW.perform(row, actor, "publish", change=change)
    sync_case(circular, row)
    return circular


# ---------------------------------------------------------------------------------------------
# 投诉举报 (条例第五十一条)
# ---------------------------------------------------------------------------------------------
@transaction.atomic
def complaint_register(
    *, actor, channel: str, received_on: datetime.date, complainant: str, content: str, contact: str = "",
    about_department: Department | None = None,
) -> Complaint:
    """登记 a complaint: numbered 投诉〔year〕N号 per jurisdiction, due in the jurisdiction's 投诉举报办理时限."""
    office = _circular_office(actor)
    errors = {}
    if not (complainant or "").strip():
        errors["complainant"] = ["请填写投诉人（匿名举报填“匿名”）。"]
    if not (content or "").strip():
        errors["content"] = ["请填写投诉举报内容。"]
    if received_on > timezone.localdate():
        errors["received_on"] = ["收到日期不能晚于今天。"]
    if about_department is not None and not user_scope(actor).oversees(about_department.pk):
        errors["about_department"] = [f"{about_department.name}不在本政务公开办的管辖范围内。"]
    if errors:
        raise ValidationError(errors)
    sequence = next_number(f"complaint:{office.jurisdiction_id}", received_on.year)
    complaint = Complaint(
        jurisdiction=office.jurisdiction, office_department=office, year=received_on.year, sequence=sequence,
        number=f"投诉〔{received_on.year}〕{sequence}号", channel=channel, received_on=received_on,
        complainant=complainant.strip(), contact=(contact or "").strip(), about_department=about_department,
        content=content.strip(), answer_days=office.jurisdiction.complaint_answer_days, registered_by=actor,
    )
    refresh_complaint_clock(complaint)
    complaint.save()
    audit.record(complaint, action="complaint.register", actor=actor, to_status=complaint.status,
                 data={"number": complaint.number, "due_on": complaint.due_on.isoformat()})
    return complaint


def _complaint_lock(complaint, expected_version=None) -> Complaint:
    row = Complaint.objects.select_for_update().get(pk=complaint.pk)
    if expected_version is not None and expected_version != row.lock_version:
        raise EditConflict("该投诉在您打开后已被其他人办理，请刷新页面后重试。")
    return row


@transaction.atomic
def complaint_answer(*, complaint: Complaint, actor, answer: str, expected_version=None) -> Complaint:
    row = _complaint_lock(complaint, expected_version)

    def change(case):
        case.answer, case.answered_on = answer.strip(), timezone.localdate()

    COMPLAINT_WORKFLOW.perform(row, actor, "answer", comment=answer, change=change)
    sync_case(complaint, row)
    return complaint


@transaction.atomic
def complaint_to_notice(*, complaint: Complaint, actor, required_action: str = "", level: str = Level.SUPERVISE) -> Notice:
    """转督办: a notice to the department complained about, the complaint as its item."""
    if complaint.about_department is None:
        raise ValidationError({"about_department": ["请先登记被投诉单位，才能转督办。"]})
    if complaint.status != "received":
        raise COMPLAINT_WORKFLOW.refusal(complaint, actor, "answer") or ValidationError("投诉已办结。")
    notice = notice_issue(
        actor=actor, department=complaint.about_department, level=level,
        required_action=required_action.strip() or f"群众投诉（{complaint.number}）：请核实并整改，书面答复整改情况。",
        others=[],
        complaints=[complaint],
    )
    audit.record(complaint, action="complaint.to_notice", actor=actor, data={"notice": notice.number})
    return notice


def recompute_complaint_due_dates(*, actor=None, reason: str = "") -> int:
    moved = 0
    for complaint in Complaint.objects.filter(status="received"):
        before = complaint.due_on
        refresh_complaint_clock(complaint)
        if complaint.due_on != before:
            complaint.save(update_fields=["due_on", "due_at", "due_on_estimated", "overdue_flagged_at",
                                          "due_soon_notified_at"])
            moved += 1
    return moved


def notify_overdue_complaints(complaints) -> None:
    for complaint in complaints.select_related("office_department"):
        audit.record(complaint, action="complaint.overdue", actor=None, data={"due_on": complaint.due_on.isoformat()})
        users = _members(complaint.office_department_id, Role.OFFICE)
        if users:
            case_notice.send(
                sender=COMPLAINT_WORKFLOW.name, users=users, kind="complaint.overdue",
                title=f"【投诉逾期】{complaint.number} 已超过办理期限 {complaint.due_on:%Y-%m-%d}",
                body="", url=COMPLAINT_WORKFLOW.url(complaint), dedupe_key=f"complaint:{complaint.pk}:overdue",
            )


# ---------------------------------------------------------------------------------------------
# 考核
# ---------------------------------------------------------------------------------------------
@transaction.atomic
def assessment_take(*, office: Department, start: datetime.date, end: datetime.date, actor=None) -> Assessment:
    """Score every department the office supervises for the period and freeze the result (weights included)."""
    if end < start:
        raise ValidationError({"period_end": ["考核期间的结束日期不能早于开始日期。"]})
    if end > timezone.localdate():
        raise ValidationError({"period_end": ["考核期间不能晚于今天。"]})
    weights = dict(settings.PORTAL_ASSESSMENT_WEIGHTS)
    rows = scored_rows(department_figures(supervised_departments(office), start, end), weights)
    assessment = Assessment.objects.create(
        jurisdiction=office.jurisdiction, office_department=office, period_start=start, period_end=end,
        weights=weights, rows=rows, taken_by=actor,
    )
    audit.record(assessment, action="assessment.take", actor=actor,
                 data={"period": [start.isoformat(), end.isoformat()], "departments": len(rows)})
    return assessment


def assessment_take_as(*, actor, start: datetime.date, end: datetime.date) -> Assessment:
    return assessment_take(office=_circular_office(actor), start=start, end=end, actor=actor)


def take_last_months_assessments(*, today: datetime.date | None = None) -> int:
    """The monthly job (the 1st): last month's 考核 of every 政务公开办, frozen at the month's end, once."""
    today = today or timezone.localdate()
    end = today.replace(day=1) - datetime.timedelta(days=1)
    start = end.replace(day=1)
    taken = 0
    for office in Department.objects.filter(is_office=True).select_related("jurisdiction"):
        if Assessment.objects.filter(office_department=office, period_start=start, period_end=end,
                                     taken_by__isnull=True).exists():
            continue
        assessment_take(office=office, start=start, end=end)
        taken += 1
    return taken


# ---------------------------------------------------------------------------------------------
# 半年工作进展情况 (seed 002 §六(二))
# ---------------------------------------------------------------------------------------------
def _check_reporting(department: Department, actor, *roles: str) -> None:
    scope = user_scope(actor)
    if not (scope.is_superuser or scope.has_role(department.pk, *roles)):
        who = "、".join({"clerk": "经办人", "reviewer": "部门负责人"}[role] for role in roles)
        raise ActionForbidden(f"只有{department.name}的{who}可以办理本单位的工作进展情况。")


@transaction.atomic
def progress_save(*, department: Department, year: int, half: int, actor, text: str) -> ProgressReport:
    _check_reporting(department, actor, Role.CLERK, Role.REVIEWER)
    if half not in (1, 2):
        raise ValidationError({"half": ["请选择上半年或下半年。"]})
    report, _created = ProgressReport.objects.select_for_update().get_or_create(department=department, year=year, half=half)
    if report.submitted_at is not None:
        raise ValidationError({"text": ["已报送，不能再修改。"]})
    report.text = (text or "").strip()
    report.save()
    audit.record(report, action="progress.save", actor=actor)
    return report


@transaction.atomic
def progress_submit(*, report: ProgressReport, actor) -> ProgressReport:
    """报送 by the 部门负责人 to the 政务公开办; after the due day it shows as 逾期报送 on the office's board."""
    row = ProgressReport.objects.select_for_update().select_related("department").get(pk=report.pk)
    _check_reporting(row.department, actor, Role.REVIEWER)
    if row.submitted_at is not None:
        raise ValidationError({"text": ["已报送。"]})
    if not row.text.strip():
        raise ValidationError({"text": ["请填写工作进展情况后再报送。"]})
    row.submitted_at, row.submitted_by = timezone.now(), actor
    row.save()
    audit.record(row, action="progress.submit", actor=actor,
                 data={"late": timezone.localdate(row.submitted_at) > row.due_on})
    sync_case(report, row)
    return report


def progress_board(office: Department, year: int, half: int) -> list[dict]:
    """Each supervised department's report of that half: 未报送 / 草稿 / 已报送, 逾期 past the due day."""
    due = progress_due_on(year, half)
    today = timezone.localdate()
    reports = {report.department_id: report for report in ProgressReport.objects.filter(year=year, half=half)}
    rows = []
    for department in supervised_departments(office):
        report = reports.get(department.pk)
        submitted = report is not None and report.submitted_at is not None
        late = (timezone.localdate(report.submitted_at) > due) if submitted else today > due
        state = "已报送" if submitted else ("未报送" if report is None or not report.text else "草稿")
        rows.append({"department": department, "report": report, "state": state, "late": late, "due": due})
    return rows
