"""Every change to an information request. Each step takes the date it legally happened (`on`), which may
be earlier than the day it is entered, but never later than today; the declared table (workflow.py) says
from which state and by whom, writes the audit row (with `on`) and the notice, and the clock
(clock.py) is recomputed from the dates before the row is saved. Bad input raises ValidationError with
the field it is about; a step the state or the role does not allow raises the engine's 409/403."""

import datetime
import secrets
import uuid
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import transaction
from django.utils import timezone

from core import audit, crypto, pii, uploads
from core.attachment_scan import read_file
from core.caching import public_pages_changed
from core.exceptions import ActionForbidden, EditConflict, WorkflowError
from core.numbering import next_number
from core.signals import case_notice
from disclosures.workflow import sync_case
from organizations.models import Department
from workdays import clock as kernel
from workdays.services import working_days_between

from . import rules
from .choices import (
    CONFIRMED_CHANNELS,
    RECEIPT_RULE,
    ApplicantType,
    Channel,
    ConsultationKind,
    ConsultationOutcome,
    FeeMode,
    ReplyType,
    Status,
)
from .clock import refresh as refresh_clock
from .clock import statutory_clock, working_days_after
from .models import Consultation, DisclosureGuide, InfoRequest, RequestDocument
from .selectors import intake_departments, may_edit_guide
from .workflow import REQUEST_WORKFLOW as WORKFLOW

# 查询码: 10 characters a citizen can read out and type on a phone (no 0/O, 1/I/L).
QUERY_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"
QUERY_LENGTH = 10


def new_query_code() -> str:
    return "".join(secrets.choice(QUERY_ALPHABET) for _ in range(QUERY_LENGTH))


def _today() -> datetime.date:
    return timezone.localdate()


def _legal_date(on, field: str, *, not_before: datetime.date | None = None, before_label: str = "") -> datetime.date:
    """A step's legal date: given, not in the future, not before the step it follows."""
    if on is None:
        raise ValidationError({field: ["请填写日期。"]})
    if isinstance(on, str):
        try:
            on = datetime.date.fromisoformat(on)
        except ValueError:
            raise ValidationError({field: ["日期格式应为 YYYY-MM-DD。"]}) from None
    if on > _today():
        raise ValidationError({field: ["日期不能晚于今天。"]})
    if not_before is not None and on < not_before:
        raise ValidationError({field: [f"日期不能早于{before_label}（{not_before:%Y-%m-%d}）。"]})
    return on


def _lock(request: InfoRequest, expected_version: int | None) -> InfoRequest:
    row = InfoRequest.objects.select_for_update().select_related("jurisdiction").get(pk=request.pk)
    if expected_version is not None and expected_version != row.lock_version:
        raise EditConflict("该申请在您打开后已被其他人办理，请刷新页面后重试。")
    return row


def _step(request, actor, action: str, *, change=None, on=None, comment: str = "", data=None, expected_version=None):
    row = _lock(request, expected_version)
    payload = {"on": on.isoformat()} if on else {}
    payload.update(data or {})
    WORKFLOW.perform(row, actor, action, comment=comment, change=change, data=payload)
    sync_case(request, row)  # the caller's object is the request as it now is
    return request


# ---------------------------------------------------------------------------------------------
# The application
# ---------------------------------------------------------------------------------------------
APPLICANT_FIELDS = (
    "applicant_type", "applicant_name", "contact_person", "id_type", "id_number", "phone", "email", "address",
    "postcode", "description", "info_form", "delivery",
)  # fmt: skip


@transaction.atomic
def request_create(
    *, addressed_to: Department, channel: str, actor=None, submitted_at: datetime.datetime | None = None,
    received_on: datetime.date | None = None, **applicant,
) -> tuple[InfoRequest, str]:
    """Register an application (第二十九条): online by the applicant (`actor` None), or at the office's intake
    desk (in person, orally, by post or fax). Returns the request and its 查询码, shown once.

    Channels whose receipt is a fact at intake (in person, oral, registered post: 第三十一条第一、二项) take
    `received_on` and are 待分办 at once; the others wait for the office to confirm with the applicant."""
    unknown = set(applicant) - set(APPLICANT_FIELDS)
    if unknown:
        raise TypeError(f"unknown applicant fields: {sorted(unknown)}")
    if channel not in Channel.values:
        raise ValidationError({"channel": ["请选择申请方式。"]})
    if actor is None and channel != Channel.ONLINE:
        raise ValidationError({"channel": ["在线提交的申请，申请方式为互联网渠道。"]})
    if actor is not None and not intake_departments(actor).filter(pk=addressed_to.pk).exists():
        raise ActionForbidden(f"您不能登记向“{addressed_to.name}”提出的申请。")
    submitted_at = submitted_at or timezone.now()
    request = InfoRequest(
        jurisdiction_id=addressed_to.jurisdiction_id, addressed_to=addressed_to, department=addressed_to,
        channel=channel, submitted_at=submitted_at, created_by=actor, **applicant,
    )
    if channel in CONFIRMED_CHANNELS:
        if received_on is not None:
            raise ValidationError({"received_on": [rules_receipt(channel) + "请登记后再“确认收到申请”。"]})
        request.status = Status.UNCONFIRMED
    else:
        request.received_on = _legal_date(received_on, "received_on")
        request.status = Status.RECEIVED
    if request.applicant_type != ApplicantType.PERSON and not request.contact_person:
        raise ValidationError({"contact_person": ["法人或者其他组织申请的，请填写联系人。"]})
    code = new_query_code()
    request.query_code_hash = make_password(code)
    request.number = "-"  # replaced below, once the row is valid
    request.full_clean(exclude=["number", "query_code_hash"])
    year = timezone.localdate(submitted_at).year
    sequence = next_number(f"inforequest:{request.jurisdiction_id}", year)
    request.number = f"{addressed_to.jurisdiction.code}-YSQ-{year}-{sequence:05d}"
    request.save()
    refresh_clock(request)
    request.save()
    audit.record(
        request, action="inforequest.submit_online" if actor is None else "inforequest.create", actor=actor,
        to_status=request.status,
        data={"channel": channel, **({"on": request.received_on.isoformat()} if request.received_on else {})},
    )
    return request, code


def rules_receipt(channel: str) -> str:
    return RECEIPT_RULE[Channel(channel)]


@transaction.atomic
def request_confirm(*, request: InfoRequest, actor, on, expected_version=None) -> InfoRequest:
    """确认收到申请: the receipt date of a post, online or fax application (第三十一条第二、三项)."""
    on = _legal_date(on, "on", not_before=timezone.localdate(request.submitted_at), before_label="提交日期")

    def change(row):
        row.received_on = on

    return _step(request, actor, "confirm", change=change, on=on, expected_version=expected_version)


@transaction.atomic
def request_assign(*, request: InfoRequest, actor, department: Department, on, expected_version=None) -> InfoRequest:
    """分办 (or 转办): the department that answers; the period keeps running."""
    on = _legal_date(on, "on", not_before=request.received_on, before_label="收到申请日期")
    if department.jurisdiction_id != request.jurisdiction_id:
        raise ValidationError({"department": ["只能分办给本区划的单位。"]})

    def change(row):
        row.department, row.assigned_on = department, row.assigned_on or on

    return _step(
        request, actor, "assign", change=change, on=on, data={"department": department.name},
        expected_version=expected_version,
    )


@transaction.atomic
def request_correction(
    *, request: InfoRequest, actor, on, content: str, deadline, expected_version=None
) -> InfoRequest:
    """告知补正 (第三十条): once, with what to add and by when. Late (after the 7 working days) it is still
    sent — the applicant is better told late than never — and the audit row and the board say so."""
    on = _legal_date(on, "on", not_before=request.received_on, before_label="收到申请日期")
    if isinstance(deadline, str):
        deadline = datetime.date.fromisoformat(deadline)
    if deadline is None or deadline <= on:
        raise ValidationError({"deadline": ["补正期限应晚于告知日期。"]})
    late = request.correction_notice_due is not None and on > request.correction_notice_due

    def change(row):
        row.correction_requested_on, row.correction_deadline = on, deadline
        row.correction_content = content.strip()

    return _step(
        request, actor, "request_correction", change=change, on=on, comment=content,
        data={"deadline": deadline.isoformat(), "late": late}, expected_version=expected_version,
    )


@transaction.atomic
def request_receive_correction(*, request: InfoRequest, actor, on, expected_version=None) -> InfoRequest:
    """收到补正: the answer period starts again from this day (第三十条)."""
    on = _legal_date(on, "on", not_before=request.correction_requested_on, before_label="补正告知日期")

    def change(row):
        row.correction_received_on = on

    return _step(request, actor, "receive_correction", change=change, on=on, expected_version=expected_version)


# ---------------------------------------------------------------------------------------------
# Consultations (第三十二条, 第三十四条): a pause of the clock from sending to the answer
# ---------------------------------------------------------------------------------------------
@transaction.atomic
def consultation_send(
    *, request: InfoRequest, actor, kind: str, party: str, on, party_received_on=None, expected_version=None
) -> Consultation:
    on = _legal_date(on, "on", not_before=request.clock_start, before_label="答复期限起算日")
    if kind not in ConsultationKind.values:
        raise ValidationError({"kind": ["请选择征求对象。"]})
    if not (party or "").strip():
        raise ValidationError({"party": ["请填写被征求意见方。"]})
    holder = {}

    def change(row):
        pause = kernel.clock_pause_start(
            actor=actor, case=row, first_day=on,
            reason=rules.PAUSE_CONSULTATION if kind == ConsultationKind.THIRD_PARTY else rules.PAUSE_OTHER_BODY,
            basis=rules.CONSULTATION_BASIS[kind],
        )
        consultation = Consultation(request=row, kind=kind, party=party.strip(), sent_on=on, pause=pause)
        _set_party_received(consultation, party_received_on, row)
        consultation.full_clean()
        consultation.save()
        holder["consultation"] = consultation

    _step(
        request, actor, "send_consultation", change=change, on=on, data={"kind": kind, "party": party},
        expected_version=expected_version,
    )
    return holder["consultation"]


def _set_party_received(consultation: Consultation, party_received_on, request) -> None:
    if party_received_on in (None, ""):
        return
    consultation.party_received_on = _legal_date(
        party_received_on, "party_received_on", not_before=consultation.sent_on, before_label="发出日期"
    )
    consultation.reply_deadline = working_days_after(
        consultation.party_received_on, rules.CONSULTATION_DAYS, request.jurisdiction_id
    )


@transaction.atomic
def consultation_record(
    *, consultation: Consultation, actor, party_received_on=None, replied_on=None, outcome: str = "",
    note: str = "", expected_version=None,
) -> Consultation:
    """登记意见: when the party received the letter, and its answer (or that its 15 working days passed
    without one). The pause ends on the answer's day, or on the last day the party had."""
    consultation = Consultation.objects.select_for_update().get(pk=consultation.pk)
    request = consultation.request

    def change(row):
        _set_party_received(consultation, party_received_on, row)
        if outcome:
            if outcome not in ConsultationOutcome.values:
                raise ValidationError({"outcome": ["请选择意见。"]})
            consultation.outcome = outcome
        if outcome == ConsultationOutcome.SILENT:
            if consultation.reply_deadline is None:
                raise ValidationError({"party_received_on": ["请先登记对方收到征求意见书的日期。"]})
            if consultation.reply_deadline >= _today():
                raise ValidationError({"outcome": [f"对方提出意见的期限 {consultation.reply_deadline:%Y-%m-%d} 尚未届满。"]})
            last_day = consultation.reply_deadline
        elif outcome in (ConsultationOutcome.AGREES, ConsultationOutcome.OBJECTS):
            consultation.replied_on = _legal_date(
                replied_on, "replied_on", not_before=consultation.sent_on, before_label="发出日期"
            )
            last_day = consultation.replied_on
        else:
            last_day = None
        consultation.note = note.strip() or consultation.note
        consultation.full_clean()
        consultation.save()
        if last_day is not None and consultation.pause is not None:
            kernel.clock_pause_end(pause=consultation.pause, last_day=last_day)

    _step(
        request, actor, "record_consultation_reply", change=change, on=consultation.replied_on,
        data={"party": consultation.party, "outcome": outcome}, expected_version=expected_version,
    )
    return consultation


# ---------------------------------------------------------------------------------------------
# Extension (第三十三条第二款): asked by the department, approved by the office's head, once, ≤ 20 days
# ---------------------------------------------------------------------------------------------
@transaction.atomic
def extension_request(*, request: InfoRequest, actor, on, reason: str, expected_version=None) -> InfoRequest:
    on = _legal_date(on, "on", not_before=request.clock_start, before_label="答复期限起算日")

    def change(row):
        row.extension_requested_on, row.extension_request_reason = on, reason.strip()

    return _step(request, actor, "request_extension", change=change, on=on, comment=reason,
                 expected_version=expected_version)


@transaction.atomic
def extension_grant(
    *, request: InfoRequest, actor, on, days: int, reason: str, expected_version=None
) -> InfoRequest:
    """Lengthen the answer period by `days` working days (at most 20), approved on `on`, before the period
    has run out ("答复期限已届满" otherwise)."""
    on = _legal_date(on, "on", not_before=request.clock_start, before_label="答复期限起算日")
    if not isinstance(days, int) or not 1 <= days <= rules.EXTENSION_MAX_DAYS:
        raise ValidationError({"days": [f"延长的期限为 1 至 {rules.EXTENSION_MAX_DAYS} 个工作日（《政府信息公开条例》第三十三条第二款）。"]})

    def change(row):
        clock = statutory_clock(row)
        if clock is None:
            raise ValidationError({"on": ["答复期限尚未起算或正在暂停，不能延长。"]})
        kernel.clock_extension_grant(
            actor=actor, case=row, clock=clock, amount=days, approver=audit.actor_name(actor), approved_on=on,
            reason=reason, basis=rules.EXTENSION_BASIS,
        )
        row.extended, row.extension_days = True, days

    return _step(request, actor, "extend", change=change, on=on, comment=reason, data={"days": days},
                 expected_version=expected_version)


# ---------------------------------------------------------------------------------------------
# Requests manifestly beyond a reasonable number or frequency (第三十五条)
# ---------------------------------------------------------------------------------------------
@transaction.atomic
def reasons_request(*, request: InfoRequest, actor, on, reason: str, expected_version=None) -> InfoRequest:
    """要求说明理由: recorded with its date; the period keeps running (the article stops no clock)."""
    on = _legal_date(on, "on", not_before=request.clock_start, before_label="答复期限起算日")

    def change(row):
        row.reasons_requested_on = on

    return _step(request, actor, "ask_reasons", change=change, on=on, comment=reason, expected_version=expected_version)


@transaction.atomic
def deferral_set(*, request: InfoRequest, actor, on, until, reason: str, expected_version=None) -> InfoRequest:
    """确定延迟答复的合理期限 (第三十五条): the answer is due on `until`, a working day after the present due
    date, set before that date has passed; the clock keeps it as an extension whose basis is 第三十五条."""
    on = _legal_date(on, "on", not_before=request.clock_start, before_label="答复期限起算日")
    if isinstance(until, str):
        until = datetime.date.fromisoformat(until)

    def change(row):
        clock = statutory_clock(row)
        due = clock.compute().due_on if clock is not None else None
        if due is None:
            raise ValidationError({"on": ["答复期限尚未起算或正在暂停，不能确定延迟答复期限。"]})
        if until is None or until <= due:
            raise ValidationError({"until": [f"延迟答复期限应晚于现在的答复期限（{due:%Y-%m-%d}）。"]})
        days = working_days_between(due, until, row.jurisdiction_id)
        if not days or working_days_after(due, days, row.jurisdiction_id) != until:
            raise ValidationError({"until": ["延迟答复期限应为工作日。"]})
        kernel.clock_extension_grant(
            actor=actor, case=row, clock=clock, amount=days, approver=audit.actor_name(actor), approved_on=on,
            reason=reason, basis=rules.DEFERRAL_BASIS,
        )
        row.deferred_to = until

    return _step(request, actor, "defer", change=change, on=on, comment=reason, data={"until": until.isoformat() if until else None},
                 expected_version=expected_version)


# ---------------------------------------------------------------------------------------------
# 信息处理费 (国办函〔2020〕109号)
# ---------------------------------------------------------------------------------------------
@transaction.atomic
def fee_notice(
    *, request: InfoRequest, actor, on, mode: str, ordinal: int | None = None, pages: int | None = None,
    expected_version=None,
) -> InfoRequest:
    """收费通知: the amount from the 办法's bands, sent within the answer period; the clock stops until the
    payment, and 20 working days later an unpaid request is abandoned."""
    on = _legal_date(on, "on", not_before=request.clock_start, before_label="答复期限起算日")
    if mode == FeeMode.PER_PIECE:
        if not ordinal or ordinal < 1:
            raise ValidationError({"ordinal": ["请填写该申请人本自然月内的第几件申请。"]})
        amount = rules.piece_fee(ordinal)
    elif mode == FeeMode.PER_VOLUME:
        if pages is None or pages < 0:
            raise ValidationError({"pages": ["请填写页数。"]})
        amount = rules.volume_fee(pages)
    else:
        raise ValidationError({"mode": ["请选择按件或按量计收。"]})
    if amount <= Decimal(0):
        raise ValidationError({"mode": ["按所选标准不需收费（按件：本月前10件免费；按量：30页以下免费）。"]})
    if request.due_on is not None and on > request.due_on:
        raise ValidationError({"on": [f"收费通知应在答复期限（{request.due_on:%Y-%m-%d}）内发出。"]})

    def change(row):
        row.fee_mode, row.fee_amount, row.fee_notice_on = mode, amount, on
        row.fee_ordinal, row.fee_pages = ordinal, pages
        row.fee_deadline = working_days_after(on, rules.FEE_PAYMENT_DAYS, row.jurisdiction_id)
        kernel.clock_pause_start(actor=actor, case=row, first_day=on, reason=rules.PAUSE_FEE, basis=rules.FEE_BASIS)

    return _step(
        request, actor, "fee_notice", change=change, on=on,
        data={"mode": mode, "amount": str(amount), "explanation": rules.fee_explanation(mode, ordinal=ordinal or 0, pages=pages or 0)},
        expected_version=expected_version,
    )


@transaction.atomic
def fee_paid(*, request: InfoRequest, actor, on, expected_version=None) -> InfoRequest:
    on = _legal_date(on, "on", not_before=request.fee_notice_on, before_label="收费通知日期")

    def change(row):
        row.fee_paid_on = on
        pause = kernel.open_pause(row, reason=rules.PAUSE_FEE)
        if pause is not None:
            kernel.clock_pause_end(pause=pause, last_day=on)

    return _step(request, actor, "fee_paid", change=change, on=on, expected_version=expected_version)


# ---------------------------------------------------------------------------------------------
# The answer
# ---------------------------------------------------------------------------------------------
def clean_reply(reply_type: str, subtype: str, text: str, basis: str) -> dict:
    """The answer's fields, or a ValidationError naming the one that is wrong."""
    errors = {}
    if reply_type not in ReplyType.values:
        errors["reply_type"] = ["请选择答复类型。"]
    elif rules.SUBTYPES[reply_type] and rules.subtype(reply_type, subtype) is None:
        errors["reply_subtype"] = ["请选择具体情形（与年度报告表三一致）。"]
    elif not rules.SUBTYPES[reply_type] and subtype:
        errors["reply_subtype"] = ["该答复类型没有具体情形。"]
    if not (text or "").strip():
        errors["reply_text"] = ["请填写答复内容。"]
    if reply_type in rules.BASIS_REQUIRED and not (basis or "").strip():
        suggestion = rules.default_basis(reply_type, subtype)
        hint = f"如：{suggestion}" if suggestion else ""
        errors["reply_basis"] = [f"该答复类型必须写明法律依据和理由（《政府信息公开条例》第三十六条第（三）项、第三十七条）。{hint}"]
    if errors:
        raise ValidationError(errors)
    return {"reply_type": reply_type, "reply_subtype": subtype or "", "reply_text": text.strip(), "reply_basis": (basis or "").strip()}


class AnswerFilesBlocked(WorkflowError):
    """An answer cannot go out with a file holding personal data or not fully read (条例第十五条)."""

    code = "pii_found"

    def __init__(self, findings: list[dict]):
        self.findings = findings
        shown = "；".join(f"{item['field']}{item['excerpt']}" for item in findings[:5])
        super().__init__(
            f"答复附件中发现疑似个人信息或无法完整读取的内容（{shown}）。请删去该附件，处理后重新上传，"
            "或对涉及第三方个人隐私的部分作区分处理（《政府信息公开条例》第十五条、第三十七条）。",
            field="answer_files",
        )


def _answer_findings(request) -> list[dict]:
    findings = []
    for document in request.documents.filter(kind=RequestDocument.Kind.ANSWER):
        findings += document.scan_findings
    return findings


@transaction.atomic
def answer_file_add(*, request: InfoRequest, actor, uploaded_file, expected_version=None) -> RequestDocument:
    """A file given with the answer, stored encrypted and read part by part by the personal-data guard."""
    holder = {}

    def change(row):
        document = document_add(request=row, kind=RequestDocument.Kind.ANSWER, uploaded_file=uploaded_file, field="file")
        data = document_bytes(document)
        shown = f"附件“{pii.mask_text(document.original_name)}”"
        result = read_file(data)
        findings = pii.scan_text(document.original_name, field=f"{shown}文件名")
        for where, text in result.segments:
            findings += pii.scan_text(text, field=f"{shown}{where}")
        stored = [finding.as_dict() for finding in findings]
        if not result.complete:
            stored.append({"field": shown, "kind": pii.UNREADABLE, "position": 0,
                           "excerpt": f"{result.reason}，无法确认不含个人信息"})
        document.scan_findings, document.scan_complete = stored, result.complete
        document.save(update_fields=["scan_findings", "scan_complete"])
        holder["document"] = document

    _step(request, actor, "add_answer_file", change=change, data={"file": getattr(uploaded_file, "name", "")},
          expected_version=expected_version)
    return holder["document"]


@transaction.atomic
def answer_file_remove(*, document: RequestDocument, actor, expected_version=None) -> None:
    def change(row):
        default_storage.delete(document.stored)
        document.delete()

    _step(document.request, actor, "remove_answer_file", change=change, data={"file": document.original_name},
          expected_version=expected_version)


@transaction.atomic
def reply_submit(
    *, request: InfoRequest, actor, reply_type: str, subtype: str = "", text: str, basis: str = "",
    expected_version=None,
) -> InfoRequest:
    fields = clean_reply(reply_type, subtype, text, basis)

    def change(row):
        if blocked := _answer_findings(row):
            raise AnswerFilesBlocked(blocked)
        for name, value in fields.items():
            setattr(row, name, value)
        row.reply_drafted_by, row.reply_comment = actor, ""

    return _step(request, actor, "submit_reply", change=change, data={"reply_type": reply_type, "subtype": subtype},
                 expected_version=expected_version)


@transaction.atomic
def reply_return(*, request: InfoRequest, actor, comment: str, expected_version=None) -> InfoRequest:
    def change(row):
        row.reply_comment = comment.strip()

    return _step(request, actor, "return_reply", change=change, comment=comment, expected_version=expected_version)


@transaction.atomic
def reply_issue(*, request: InfoRequest, actor, on, expected_version=None) -> InfoRequest:
    """审核并答复: the 部门负责人 approves the answer, dated `on` (the 答复书's date)."""
    on = _legal_date(on, "on", not_before=request.clock_start, before_label="答复期限起算日")

    def change(row):
        if blocked := _answer_findings(row):
            raise AnswerFilesBlocked(blocked)
        row.replied_on, row.replied_by = on, actor

    return _step(request, actor, "reply", change=change, on=on, expected_version=expected_version)


@transaction.atomic
def request_deliver(*, request: InfoRequest, actor, on, note: str = "", expected_version=None) -> InfoRequest:
    on = _legal_date(on, "on", not_before=request.replied_on, before_label="答复日期")

    def change(row):
        row.delivered_on, row.delivery_note = on, note.strip()

    return _step(request, actor, "deliver", change=change, on=on, expected_version=expected_version)


@transaction.atomic
def request_withdraw(*, request: InfoRequest, actor, on, reason: str, expected_version=None) -> InfoRequest:
    first = request.received_on or timezone.localdate(request.submitted_at)
    on = _legal_date(on, "on", not_before=first, before_label="收到申请日期" if request.received_on else "提交日期")

    def change(row):
        row.closed_on, row.close_reason = on, reason.strip()
        row.reply_type, row.reply_subtype = ReplyType.OTHER, "other"
        _end_open_pauses(row, on)

    return _step(request, actor, "withdraw", change=change, on=on, comment=reason, expected_version=expected_version)


def _end_open_pauses(request, last_day) -> None:
    for pause in kernel.open_pauses(request):
        kernel.clock_pause_end(pause=pause, last_day=max(last_day, pause.first_day))


# ---------------------------------------------------------------------------------------------
# The daily rules (tasks.py): abandonment, silent consultations
# ---------------------------------------------------------------------------------------------
@transaction.atomic
def request_abandon(*, request: InfoRequest, on: datetime.date) -> InfoRequest:
    """视为放弃 by the daily job: the 补正 deadline (第三十条) or the fee's 20 working days passed."""
    fee = request.status == Status.AWAITING_FEE
    subtype = "fee_unpaid" if fee else "no_correction"
    reason = (
        f"收费通知后至 {request.fee_deadline:%Y-%m-%d} 未缴纳信息处理费，视为放弃申请（{rules.FEE_BASIS}第七条）。"
        if fee else
        f"补正期限 {request.correction_deadline:%Y-%m-%d} 届满未补正，视为放弃申请（《政府信息公开条例》第三十条）。"
    )

    def change(row):
        row.closed_on, row.close_reason = on, reason
        row.reply_type, row.reply_subtype = ReplyType.OTHER, subtype
        _end_open_pauses(row, on)

    return _step(request, None, "abandon", change=change, on=on, comment=reason)


def daily_rules(*, as_of: datetime.date) -> dict[str, int]:
    """The day's rules, as of `as_of` (a missed day can be run again after downtime): requests whose 补正
    or fee deadline passed before it are abandoned; consultations whose 15 working days passed without an
    answer end their pause on the last of those days (第三十二条: the body then decides)."""
    counts = {"abandoned": 0, "consultations_closed": 0}
    late = InfoRequest.objects.filter(status=Status.CORRECTING, correction_deadline__lt=as_of) | InfoRequest.objects.filter(
        status=Status.AWAITING_FEE, fee_deadline__lt=as_of
    )
    for request in late.order_by("pk"):
        request_abandon(request=request, on=as_of)
        counts["abandoned"] += 1
    silent = Consultation.objects.filter(
        outcome=ConsultationOutcome.PENDING, reply_deadline__lt=as_of, request__status=Status.HANDLING
    ).select_related("request", "pause")
    for consultation in silent.order_by("pk"):
        with transaction.atomic():
            consultation.outcome = ConsultationOutcome.SILENT
            consultation.save(update_fields=["outcome"])
            if consultation.pause is not None and consultation.pause.last_day is None:
                kernel.clock_pause_end(pause=consultation.pause, last_day=consultation.reply_deadline)
            row = _lock(consultation.request, None)
            refresh_clock(row)
            row.save()
            audit.record(row, action="inforequest.consultation_silent", actor=None,
                         comment=f"{consultation.party}逾期未提出意见", data={"on": consultation.reply_deadline.isoformat()})
        counts["consultations_closed"] += 1
    return counts


def recompute_due_dates(*, actor=None, reason: str = "") -> int:
    """After a calendar change (workdays.clock.register): every open request's dates again."""
    moved = 0
    for request in InfoRequest.objects.filter(status__in=[*WORKFLOW_OPEN]).select_related("jurisdiction"):
        before = (request.due_on, request.correction_notice_due)
        refresh_clock(request)
        if (request.due_on, request.correction_notice_due) != before:
            request.save(update_fields=["due_on", "due_at", "due_on_estimated", "overdue_flagged_at",
                                        "due_soon_notified_at", "correction_notice_due"])
            audit.record(request, action="inforequest.due_date_recomputed", actor=actor, comment=reason,
                         data={"due_on": request.due_on.isoformat() if request.due_on else None})
            moved += 1
    return moved


WORKFLOW_OPEN = (Status.RECEIVED, Status.HANDLING, Status.AWAITING_FEE, Status.REVIEWING, Status.CORRECTING)


# ---------------------------------------------------------------------------------------------
# Documents: encrypted at rest (core.crypto)
# ---------------------------------------------------------------------------------------------
def document_add(*, request: InfoRequest, kind: str, uploaded_file, field: str = "document") -> RequestDocument:
    """Store a file of the request encrypted. The same checks as a record's attachments (type by content,
    size: core.uploads); its name is kept for the staff, the bytes only as a Fernet token."""
    try:
        info = uploads.inspect_upload(uploaded_file)
    except ValidationError as exc:
        raise ValidationError({field: exc.messages}) from exc
    uploaded_file.seek(0)
    data = uploaded_file.read()
    stored = default_storage.save(f"inforequests/{uuid.uuid4().hex}.bin", ContentFile(crypto.encrypt_bytes(data)))
    return RequestDocument.objects.create(
        request=request, kind=kind, stored=stored, original_name=info.safe_name, content_type=info.content_type,
        size=len(data),
    )


def document_bytes(document: RequestDocument) -> bytes:
    with default_storage.open(document.stored, "rb") as handle:
        return crypto.decrypt_bytes(handle.read())


def notify_due_soon(requests) -> None:
    """The kernel's daily warning (workdays.clock.mark_due_soon) stamped these requests due within the next
    working days: the handling department's clerks hear of each one (站内消息, e-mail where configured)."""
    User = get_user_model()
    for request in requests.select_related("department"):
        clerks = list(User.objects.filter(memberships__department=request.department_id,
                                          memberships__role="clerk", is_active=True).distinct())
        if not clerks:
            continue
        case_notice.send(
            sender=WORKFLOW.name, users=clerks, kind="inforequest.due_soon",
            title=f"依申请公开即将到期：{request.number}，答复期限 {request.due_on:%Y-%m-%d}",
            url=WORKFLOW.url(request), dedupe_key=f"inforequest:{request.pk}:due_soon:{request.due_on:%Y%m%d}",
        )


@transaction.atomic
def correction_upload(*, request: InfoRequest, uploaded_file, note: str = "") -> RequestDocument:
    """The applicant's 补正 sent from the status page: stored encrypted, recorded, and the handling clerks
    told. Receiving it — the day the clock restarts from (第三十条) — is the desk's 收到补正."""
    row = _lock(request, None)
    if row.status != Status.CORRECTING:
        raise ValidationError({"document": ["该申请当前不需要补正。"]})
    document = document_add(request=row, kind=RequestDocument.Kind.CORRECTION, uploaded_file=uploaded_file)
    audit.record(row, action="inforequest.correction_uploaded", actor=None, comment=note.strip(),
                 data={"file": document.original_name})
    clerks = list(get_user_model().objects.filter(memberships__department=row.department_id,
                                                  memberships__role="clerk", is_active=True).distinct())
    if clerks:
        case_notice.send(
            sender=WORKFLOW.name, users=clerks, kind="inforequest.correction",
            title=f"申请人已在线提交补正材料：{row.number}（请核对后登记“收到补正”）", url=WORKFLOW.url(row),
            dedupe_key=f"inforequest:{row.pk}:correction:{document.pk}",
        )
    return document


# ---------------------------------------------------------------------------------------------
# 政府信息公开指南 (条例第十二条: 行政机关编制、公布的政府信息公开指南……应当及时更新)
# ---------------------------------------------------------------------------------------------
GUIDE_FIELDS = ("preface", "office_name", "address", "postcode", "hours", "phone", "fax", "email", "active_channels",
                "reading_rooms")


@transaction.atomic
def disclosure_guide_save(*, actor, guide: DisclosureGuide) -> DisclosureGuide:
    """Validate and save a jurisdiction's 指南 (only the 政务公开办 of that jurisdiction or one above it), date it
    today (更新日期), write one audit row with each changed field's [old, new], and refresh the cached public
    pages in the same transaction (the 指南 and the 依申请公开 pages show it)."""
    if actor is not None and not may_edit_guide(actor, guide.jurisdiction):
        raise ActionForbidden("只有本区划（或上级区划）的政务公开办可以修改政府信息公开指南。")
    previous = DisclosureGuide.objects.select_for_update().filter(pk=guide.pk).first() if guide.pk else None
    guide.updated_on = _today()
    guide.updated_by = actor
    guide.full_clean()
    guide.save()
    changes = {
        name: [getattr(previous, name) if previous else None, getattr(guide, name)]
        for name in GUIDE_FIELDS if previous is None or getattr(previous, name) != getattr(guide, name)
    }
    audit.record(None, action="guide.update" if previous else "guide.create", actor=actor,
                 data={"guide": guide.jurisdiction.code, "changes": changes})
    public_pages_changed()  # last: the generation row stays locked until the commit (core.caching)
    return guide
