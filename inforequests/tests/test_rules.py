"""Every rule of the contract (issue 19) with dates computed by hand on the 2026 calendar: the receipt by
channel (条例第三十一条), the 补正 notice and its restart (第三十条), consultations (第三十二条、第三十三条
第三款), the extension (第三十三条第二款), the fee (国办函〔2020〕109号) and abandonment.

The 2026 calendar (chinese-calendar): 中秋节 9月25日、国庆节 10月1日至7日放假, 9月20日（周日）、10月10日（周六）上班; 春节 2月15日至23日放假,
2月14日（周六）、2月28日（周六）上班."""

import datetime
from decimal import Decimal

import pytest
from django.contrib.auth.models import Permission
from django.core.exceptions import ValidationError

from core.exceptions import ActionForbidden, TransitionNotAllowed
from core.models import AuditEntry
from inforequests import rules, services
from inforequests.choices import Channel, ConsultationKind, ConsultationOutcome, FeeMode, ReplyType, Status
from inforequests.clock import explain
from inforequests.models import InfoRequest

pytestmark = [pytest.mark.django_db, pytest.mark.clock("2026-12-04T10:00")]

D = datetime.date
APPLICANT = {
    "applicant_type": "person", "applicant_name": "张三", "id_type": "id_card", "id_number": "110101199001011234",
    "phone": "13800000000", "email": "zhang@example.com", "description": "2026年城西片区棚户区改造项目的征收补偿方案",
}  # fmt: skip


def apply(org, channel=Channel.IN_PERSON, received_on=None, **changes) -> InfoRequest:
    request, _code = services.request_create(
        addressed_to=org.office_department, channel=channel, actor=org.office, received_on=received_on,
        submitted_at=_instant(received_on or D(2026, 9, 28)), **(APPLICANT | changes),
    )
    return request


def _instant(day):
    from django.utils import timezone

    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(9, 30)))


SEPT_28 = D(2026, 9, 28)  # the worked example's receipt (a Monday)


def assigned(org, received_on=SEPT_28) -> InfoRequest:
    request = apply(org, received_on=received_on)
    return services.request_assign(request=request, actor=org.office, department=org.department, on=received_on)


def approver(org):
    org.office.user_permissions.add(Permission.objects.get(codename="approve_extension"))
    from django.contrib.auth import get_user_model

    return get_user_model().objects.get(pk=org.office.pk)  # permissions and scope read afresh


# --- 第三十一条: the receipt date by channel ------------------------------------------------------------
@pytest.mark.parametrize("channel", [Channel.IN_PERSON, Channel.ORAL, Channel.REGISTERED_POST])
def test_a_receipt_known_at_intake_starts_the_clock_at_once(org, channel):
    request = apply(org, channel, received_on=D(2026, 9, 28))
    assert request.status == Status.RECEIVED
    assert (request.received_on, request.correction_notice_due, request.due_on) == (
        D(2026, 9, 28), D(2026, 10, 13), D(2026, 10, 30)
    )


@pytest.mark.parametrize("channel", [Channel.ONLINE, Channel.FAX, Channel.ORDINARY_POST])
def test_a_receipt_confirmed_with_the_applicant_starts_on_the_confirmation(org, channel):
    request, code = services.request_create(
        addressed_to=org.office_department, channel=channel, actor=None if channel == Channel.ONLINE else org.office,
        submitted_at=_instant(D(2026, 9, 26)), **APPLICANT,
    )
    assert request.status == Status.UNCONFIRMED and request.due_on is None and request.received_on is None
    assert request.check_query_code(code) and not request.check_query_code("WRONGCODE2")
    assert explain(request) == ["申请尚待确认收到，确认后起算答复期限（《政府信息公开条例》第三十一条）。"]
    # Online application confirmed Mon 2026-09-28 (the worked example).
    request = services.request_confirm(request=request, actor=org.office, on=D(2026, 9, 28))
    assert (request.status, request.received_on, request.correction_notice_due, request.due_on) == (
        Status.RECEIVED, D(2026, 9, 28), D(2026, 10, 13), D(2026, 10, 30)
    )
    row = AuditEntry.objects.filter(info_request=request, action="inforequest.confirm").get()
    assert row.data["on"] == "2026-09-28" and row.to_status == Status.RECEIVED


def test_a_receipt_cannot_be_before_the_application_nor_in_the_future(org):
    request, _ = services.request_create(
        addressed_to=org.office_department, channel=Channel.ONLINE, submitted_at=_instant(D(2026, 9, 26)), **APPLICANT
    )
    with pytest.raises(ValidationError) as before:
        services.request_confirm(request=request, actor=org.office, on=D(2026, 9, 25))
    with pytest.raises(ValidationError) as future:
        services.request_confirm(request=request, actor=org.office, on=D(2026, 12, 5))
    assert "早于提交日期" in str(before.value.message_dict["on"]) and "晚于今天" in str(future.value.message_dict["on"])
    request.refresh_from_db()
    assert request.status == Status.UNCONFIRMED  # nothing half-saved


def test_the_numbers_run_per_jurisdiction_and_year_and_the_identity_number_is_encrypted(org):
    first, second = apply(org, received_on=D(2026, 9, 28)), apply(org, received_on=D(2026, 9, 29))
    assert (first.number, second.number) == ("TC-YSQ-2026-00001", "TC-YSQ-2026-00002")
    assert first.id_number_masked == "110***********1234"
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SELECT id_number FROM inforequests_inforequest WHERE id = %s", [first.pk])
        stored = cursor.fetchone()[0]
    assert stored.startswith("enc1:") and "110101199001011234" not in stored
    assert InfoRequest.objects.get(pk=first.pk).id_number == "110101199001011234"


def test_an_organisation_names_its_contact_person(org):
    with pytest.raises(ValidationError) as error:
        apply(org, received_on=D(2026, 9, 28), applicant_type="business", applicant_name="某某建设有限公司")
    assert "contact_person" in error.value.message_dict
    assert not InfoRequest.objects.exists()


# --- 第三十条: one 补正 notice within 7 working days; the period runs from the 补正 ----------------------
def test_the_correction_restarts_the_answer_period_from_its_arrival(org):
    request = assigned(org)
    request = services.request_correction(
        request=request, actor=org.clerk, on=D(2026, 9, 30), content="请写明所需信息的文号或者具体名称。",
        deadline=D(2026, 10, 20),
    )
    assert request.status == Status.CORRECTING and request.due_on is None
    request = services.request_receive_correction(request=request, actor=org.clerk, on=D(2026, 10, 15))
    # 20 working days after Thu 2026-10-15: 2026-11-12.
    assert (request.status, request.due_on) == (Status.HANDLING, D(2026, 11, 12))
    assert explain(request)[0] == "2026-10-15 收到补正，答复期限自此起算（《政府信息公开条例》第三十条）。"
    with pytest.raises(TransitionNotAllowed):  # only from 待分办 / 办理中, and…
        services.request_receive_correction(request=request, actor=org.clerk, on=D(2026, 10, 16))
    with pytest.raises(ActionForbidden, match="一次性告知"):  # …only once
        services.request_correction(request=request, actor=org.clerk, on=D(2026, 10, 16), content="再补", deadline=D(2026, 10, 30))


def test_a_correction_before_assignment_returns_to_the_intake_desk(org):
    request = apply(org, received_on=D(2026, 9, 28))
    request = services.request_correction(
        request=request, actor=org.office, on=D(2026, 9, 29), content="请补充身份证明。", deadline=D(2026, 10, 16)
    )
    request = services.request_receive_correction(request=request, actor=org.office, on=D(2026, 10, 9))
    assert (request.status, request.due_on) == (Status.RECEIVED, D(2026, 11, 5))  # 2026-10-10 (周六) 上班


def test_a_correction_notice_after_seven_working_days_is_sent_and_marked_late(org):
    request = assigned(org)  # notice due 2026-10-13
    services.request_correction(
        request=request, actor=org.clerk, on=D(2026, 10, 14), content="请写明文号。", deadline=D(2026, 10, 30)
    )
    row = AuditEntry.objects.get(info_request=request, action="inforequest.request_correction")
    assert row.data == {"on": "2026-10-14", "deadline": "2026-10-30", "late": True}


def test_no_correction_by_its_deadline_is_abandonment(org):
    request = assigned(org)
    services.request_correction(request=request, actor=org.clerk, on=D(2026, 9, 30), content="请写明文号。",
                                deadline=D(2026, 10, 20))
    assert services.daily_rules(as_of=D(2026, 10, 20))["abandoned"] == 0  # the deadline day itself is allowed
    assert services.daily_rules(as_of=D(2026, 10, 21))["abandoned"] == 1
    request.refresh_from_db()
    assert (request.status, request.reply_type, request.reply_subtype, request.closed_on) == (
        Status.ABANDONED, ReplyType.OTHER, "no_correction", D(2026, 10, 21)
    )
    assert services.daily_rules(as_of=D(2026, 10, 22))["abandoned"] == 0  # once


# --- 第三十二条、第三十三条第三款: consultations are not counted -----------------------------------------
def test_a_consultation_with_a_reply_pauses_the_clock_until_the_reply(org):
    request = assigned(org)  # due 2026-10-30
    consultation = services.consultation_send(
        request=request, actor=org.clerk, kind=ConsultationKind.THIRD_PARTY, party="青山县某某置业有限公司",
        on=D(2026, 10, 12), party_received_on=D(2026, 10, 13),
    )
    request.refresh_from_db()
    assert request.due_on is None  # stopped while waiting
    assert consultation.reply_deadline == D(2026, 11, 3)
    services.consultation_record(
        consultation=consultation, actor=org.clerk, replied_on=D(2026, 10, 23), outcome=ConsultationOutcome.OBJECTS,
        note="涉及商业秘密，不同意公开。",
    )
    request.refresh_from_db()
    # 2026-10-12 … 2026-10-23 are 10 working days not counted: 2026-10-30 + 10 → 2026-11-13.
    assert request.due_on == D(2026, 11, 13)
    assert any("征求第三方意见" in line and "10 个工作日不计入" in line for line in explain(request))


def test_a_consultation_without_a_reply_ends_on_the_partys_last_day(org):
    request = assigned(org)
    services.consultation_send(
        request=request, actor=org.clerk, kind=ConsultationKind.OTHER_BODY, party="县自然资源局",
        on=D(2026, 10, 12), party_received_on=D(2026, 10, 13),
    )
    assert services.daily_rules(as_of=D(2026, 11, 3))["consultations_closed"] == 0
    assert services.daily_rules(as_of=D(2026, 11, 4))["consultations_closed"] == 1
    request.refresh_from_db()
    # 2026-10-12 … 2026-11-03 (the party's 15th working day) are 17 working days: 2026-10-30 + 17 → 2026-11-24.
    assert request.due_on == D(2026, 11, 24)
    assert request.consultations.get().outcome == ConsultationOutcome.SILENT


# --- 第三十三条第二款: one extension of at most 20 working days, before the period ends, by the office's head
def test_the_extension_of_the_worked_example(org):
    request = assigned(org)
    request = services.extension_request(request=request, actor=org.clerk, on=D(2026, 10, 26), reason="涉及档案较多，需调阅。")
    with pytest.raises(ActionForbidden):  # the department cannot approve it itself
        services.extension_grant(request=request, actor=org.clerk, on=D(2026, 10, 27), days=20, reason="调阅档案")
    with pytest.raises(ActionForbidden):  # nor the office without the head's permission
        services.extension_grant(request=request, actor=org.office, on=D(2026, 10, 27), days=20, reason="调阅档案")
    request = services.extension_grant(request=request, actor=approver(org), on=D(2026, 10, 27), days=20, reason="调阅档案。")
    assert (request.extended, request.extension_days, request.due_on) == (True, 20, D(2026, 11, 27))
    assert "依据《政府信息公开条例》第三十三条第二款，理由：调阅档案，延至 2026-11-27。" in explain(request)[-2]
    with pytest.raises(ActionForbidden, match="只能延长一次"):
        services.extension_grant(request=request, actor=approver(org), on=D(2026, 10, 28), days=5, reason="再延")


@pytest.mark.parametrize("days", [0, 21])
def test_an_extension_is_one_to_twenty_working_days(org, days):
    request = assigned(org)
    with pytest.raises(ValidationError) as error:
        services.extension_grant(request=request, actor=approver(org), on=D(2026, 10, 27), days=days, reason="理由")
    assert "days" in error.value.message_dict
    request.refresh_from_db()
    assert not request.extended


def test_an_extension_after_the_period_has_run_out_is_refused(org):
    request = assigned(org, received_on=D(2026, 2, 13))
    assert request.due_on == D(2026, 3, 19)
    with pytest.raises(ValidationError) as error:
        services.extension_grant(request=request, actor=approver(org), on=D(2026, 3, 20), days=10, reason="来不及")
    assert error.value.message_dict["approved_on"] == ["答复期限已届满，不能延长。"]
    request.refresh_from_db()
    assert (request.extended, request.due_on) == (False, D(2026, 3, 19))


# --- 信息处理费 (国办函〔2020〕109号) -------------------------------------------------------------------
@pytest.mark.parametrize(
    ("pages", "fee"), [(0, 0), (30, 0), (31, 10), (100, 700), (101, 720), (150, 1700), (200, 2700), (201, 2740)]
)
def test_the_fee_by_volume(pages, fee):
    assert rules.volume_fee(pages) == Decimal(fee)


@pytest.mark.parametrize(("ordinal", "fee"), [(1, 0), (10, 0), (11, 100), (30, 100), (31, 200), (40, 200), (41, 300)])
def test_the_fee_by_piece(ordinal, fee):
    assert rules.piece_fee(ordinal) == Decimal(fee)


def test_a_fee_notice_stops_the_clock_until_payment(org):
    request = assigned(org)  # due 2026-10-30
    request = services.fee_notice(request=request, actor=org.clerk, on=D(2026, 10, 19), mode=FeeMode.PER_VOLUME, pages=150)
    assert (request.status, request.fee_amount, request.fee_deadline, request.due_on) == (
        Status.AWAITING_FEE, Decimal("1700.00"), D(2026, 11, 16), None
    )
    request = services.fee_paid(request=request, actor=org.clerk, on=D(2026, 10, 23))
    # 2026-10-19 … 2026-10-23: 5 working days not counted → 2026-11-06.
    assert (request.status, request.due_on) == (Status.HANDLING, D(2026, 11, 6))


def test_a_free_amount_is_not_a_fee_notice(org):
    request = assigned(org)
    with pytest.raises(ValidationError) as error:
        services.fee_notice(request=request, actor=org.clerk, on=D(2026, 10, 19), mode=FeeMode.PER_PIECE, ordinal=10)
    assert "mode" in error.value.message_dict


def test_an_unpaid_fee_is_abandonment_after_twenty_working_days(org):
    request = assigned(org)
    services.fee_notice(request=request, actor=org.clerk, on=D(2026, 10, 19), mode=FeeMode.PER_PIECE, ordinal=12)
    assert services.daily_rules(as_of=D(2026, 11, 16))["abandoned"] == 0
    assert services.daily_rules(as_of=D(2026, 11, 17))["abandoned"] == 1
    request.refresh_from_db()
    assert (request.status, request.reply_subtype) == (Status.ABANDONED, "fee_unpaid")


# --- the answer (第三十六条至第三十九条), reviewed by the 部门负责人 -------------------------------------
def test_a_refusal_must_cite_its_legal_basis(org):
    request = assigned(org)
    with pytest.raises(ValidationError) as error:
        services.reply_submit(request=request, actor=org.clerk, reply_type=ReplyType.REFUSED, subtype="process",
                              text="所申请信息属于过程性信息。")
    assert "第十六条第二款" in error.value.message_dict["reply_basis"][0]
    with pytest.raises(ValidationError) as error:
        services.reply_submit(request=request, actor=org.clerk, reply_type=ReplyType.REFUSED, text="不予公开。",
                              basis="《政府信息公开条例》第十四条")
    assert "reply_subtype" in error.value.message_dict
    request.refresh_from_db()
    assert request.status == Status.HANDLING and request.reply_type == ""


def test_the_department_head_reviews_and_issues_the_answer(org):
    request = assigned(org)
    request = services.reply_submit(request=request, actor=org.clerk, reply_type=ReplyType.PARTLY,
                                    text="提供补偿方案，删去其中的个人信息。", basis=rules.PARTLY_BASIS)
    assert request.status == Status.REVIEWING
    request = services.reply_return(request=request, actor=org.reviewer, comment="请附上删除部分的理由。")
    assert (request.status, request.reply_comment) == (Status.HANDLING, "请附上删除部分的理由。")
    request = services.reply_submit(request=request, actor=org.clerk, reply_type=ReplyType.PARTLY,
                                    text="提供补偿方案；删去部分涉及个人隐私（第十五条）。", basis=rules.PARTLY_BASIS)
    request = services.reply_issue(request=request, actor=org.reviewer, on=D(2026, 10, 29))
    assert (request.status, request.replied_on, request.replied_by) == (Status.ANSWERED, D(2026, 10, 29), org.reviewer)
    request = services.request_deliver(request=request, actor=org.clerk, on=D(2026, 10, 30), note="电子邮件发送")
    assert request.delivered_on == D(2026, 10, 30)
    steps = list(AuditEntry.objects.filter(info_request=request).order_by("pk").values_list("action", flat=True))
    assert steps == [
        "inforequest.create", "inforequest.assign", "inforequest.submit_reply", "inforequest.return_reply",
        "inforequest.submit_reply", "inforequest.reply", "inforequest.deliver",
    ]


def test_whoever_drafted_the_answer_cannot_issue_it(org):
    from organizations.choices import Role
    from organizations.models import Membership
    from organizations.tests.factories import member

    both = member(org.department, Role.REVIEWER, "clerk_and_head")
    Membership.objects.create(user=both, department=org.department, role=Role.CLERK)
    request = assigned(org)
    services.reply_submit(request=request, actor=both, reply_type=ReplyType.DISCLOSED, text="予以公开。")
    request.refresh_from_db()
    with pytest.raises(ActionForbidden, match="自己拟写"):
        services.reply_issue(request=request, actor=both, on=D(2026, 10, 29))


def test_another_department_cannot_act_on_the_request(org):
    request = assigned(org)
    with pytest.raises(ActionForbidden):
        services.reply_submit(request=request, actor=org.other_clerk, reply_type=ReplyType.DISCLOSED, text="予以公开。")


# --- 第三十五条: requests beyond a reasonable number or frequency ------------------------------------
def test_reasons_asked_and_a_reasonable_later_date_set(org):
    request = assigned(org)  # due 2026-10-30
    request = services.reasons_request(request=request, actor=org.clerk, on=D(2026, 9, 30),
                                       reason="本月已申请 60 件，请说明申请理由。")
    assert (request.reasons_requested_on, request.due_on) == (D(2026, 9, 30), D(2026, 10, 30))  # the clock runs on
    with pytest.raises(ActionForbidden):  # the department cannot set it
        services.deferral_set(request=request, actor=org.clerk, on=D(2026, 10, 20), until=D(2026, 12, 31), reason="数量大")
    with pytest.raises(ValidationError) as error:
        services.deferral_set(request=request, actor=approver(org), on=D(2026, 10, 20), until=D(2026, 10, 30), reason="数量大")
    assert "应晚于现在的答复期限（2026-10-30）" in error.value.message_dict["until"][0]
    with pytest.raises(ValidationError) as error:
        services.deferral_set(request=request, actor=approver(org), on=D(2026, 10, 20), until=D(2026, 12, 26), reason="数量大")
    assert error.value.message_dict["until"] == ["延迟答复期限应为工作日。"]  # a Saturday
    request = services.deferral_set(request=request, actor=approver(org), on=D(2026, 10, 20), until=D(2026, 12, 31),
                                    reason="申请理由合理，但涉及档案 3,000 余页。")
    assert (request.due_on, request.deferred_to, request.extended) == (D(2026, 12, 31), D(2026, 12, 31), False)
    assert any("第三十五条" in line and "延至 2026-12-31" in line for line in explain(request))
    # The 第三十三条 extension is still there to be used once.
    request = services.extension_grant(request=request, actor=approver(org), on=D(2026, 12, 1), days=5, reason="再核对")
    assert request.extended


def test_only_the_bodys_intake_registers_an_application(org):
    with pytest.raises(ActionForbidden, match="不能登记"):
        services.request_create(addressed_to=org.office_department, channel="in_person", actor=org.other_clerk,
                                received_on=D(2026, 9, 28), **APPLICANT)
    assert not InfoRequest.objects.exists()
    # A department answering in its own name runs its own intake (第二十七条).
    request, _ = services.request_create(addressed_to=org.other_department, channel="in_person",
                                         actor=org.other_clerk, received_on=D(2026, 9, 28), **APPLICANT)
    assert request.addressed_to == org.other_department
