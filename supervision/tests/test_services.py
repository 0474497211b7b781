"""督办单 through the services: numbering per jurisdiction and year, the answer period on the official calendar
(国庆 and 春节 2026), the department's answer, acceptance, a return that starts a new period, escalation copied
to the 分管领导, the overdue job (once), and items that resolve themselves."""

import datetime

import pytest
import time_machine
from django.core.exceptions import ValidationError

from compliance import services as compliance
from core.exceptions import ActionForbidden, TransitionNotAllowed
from core.models import AuditEntry
from disclosures.tests.factories import draft, published
from notifications.models import Notification as Message
from organizations.choices import JurisdictionLevel, Role
from organizations.tests.factories import DepartmentFactory, JurisdictionFactory, member
from supervision import services
from supervision.choices import Level, Status
from supervision.models import Notice

pytestmark = [pytest.mark.django_db, pytest.mark.clock("2026-09-29T09:00")]
D = datetime.date


def issue(org, *, records=None, on=None, **fields) -> Notice:
    records = records if records is not None else [draft(org.clerk, org.department, title="逾期未发布的批复")]
    return services.notice_issue(actor=org.office, department=org.department, records=records, on=on,
                                 required_action=fields.pop("required_action", "立即审核发布，并说明逾期原因。"), **fields)


def answer(org, notice: Notice) -> Notice:
    items = {item.pk: ("fixed", "", None) for item in notice.items.all()}
    services.notice_answer_edit(notice=notice, actor=org.clerk, cause="经办人调岗，交接不及时。",
                                measures="已明确专人负责，每周核对待发布信息。", items=items,
                                evidence_links="https://example.gov.cn/zdly/1.html")
    return services.notice_submit_answer(notice=notice, actor=org.reviewer)


def test_notices_are_numbered_per_jurisdiction_and_year(org):
    first, second = issue(org), issue(org)
    assert (first.number, second.number) == ("督办〔2026〕1号", "督办〔2026〕2号")
    with time_machine.travel(datetime.datetime(2027, 1, 4, 9, tzinfo=datetime.UTC), tick=False):
        assert issue(org).number == "督办〔2027〕1号"  # the numbering restarts each year
    other = JurisdictionFactory(name="外县", code="WX", level=JurisdictionLevel.COUNTY)
    office = member(DepartmentFactory(jurisdiction=other, name="外县政府办公室", code="WXZFB", is_office=True),
                    Role.OFFICE, "wx_office")
    department = DepartmentFactory(jurisdiction=other, name="外县民政局", code="WXMZJ")
    notice = services.notice_issue(actor=office, department=department, others=[("other", "专栏首页无更新")],
                                   required_action="更新专栏。")
    assert notice.number == "督办〔2026〕1号"  # its own county's sequence


@pytest.mark.parametrize(
    ("issued", "due"),
    [
        (D(2026, 9, 29), D(2026, 10, 12)),  # 9-30, (国庆 10-1…10-7), 10-8, 10-9, 10-10 (调休上班), 10-12
        (D(2026, 2, 12), D(2026, 2, 26)),  # 2-13, 2-14 (调休上班), (春节 2-15…2-23), 2-24, 2-25, 2-26
        (D(2026, 11, 2), D(2026, 11, 9)),  # an ordinary week: Monday → the next Monday
    ],
    ids=["national-day", "spring-festival", "ordinary"],
)
def test_the_answer_is_due_five_working_days_after_issue_on_the_official_calendar(org, issued, due):
    notice = issue(org, on=issued)
    assert (notice.answer_days, notice.due_on) == (5, due)


def test_the_jurisdiction_sets_the_answer_days(org):
    org.county.supervision_answer_days = 3
    org.county.save()
    assert issue(org, on=D(2026, 11, 2)).due_on == D(2026, 11, 5)


def test_only_the_office_overseeing_the_department_issues(org):
    with pytest.raises(ActionForbidden):
        services.notice_issue(actor=org.reviewer, department=org.department, others=[("other", "x")],
                              required_action="整改。")
    with pytest.raises(ValidationError) as exc:
        services.notice_issue(actor=org.office, department=org.department, required_action="整改。")
    assert exc.value.message_dict == {"items": ["督办单至少要有一个督办事项。"]}
    foreign = draft(org.other_clerk, org.other_department)
    with pytest.raises(ValidationError) as exc:
        issue(org, records=[foreign])
    assert exc.value.message_dict["items"] == [f"信息“{foreign.title}”不属于县发展和改革委员会。"]
    assert not Notice.objects.exists()


def test_the_department_answers_and_the_office_accepts(org):
    notice = issue(org)
    with pytest.raises(ActionForbidden) as exc:  # the guard: nothing answered yet
        services.notice_submit_answer(notice=notice, actor=org.reviewer)
    assert "答复还不完整" in str(exc.value)
    item = notice.items.get()
    with pytest.raises(ValidationError) as exc:
        services.notice_answer_edit(notice=notice, actor=org.clerk, cause="原因", measures="措施",
                                    items={item.pk: ("not_yet", "", None)})
    assert exc.value.message_dict["items"] == [f"“{item.label}”暂无法整改，请填写计划完成日期。",
                                               f"“{item.label}”暂无法整改，请说明理由。"]
    with pytest.raises(ActionForbidden):  # the clerk drafts, the 部门负责人 submits
        services.notice_answer_edit(notice=notice, actor=org.other_clerk, cause="x", measures="y")
    with pytest.raises(ValidationError) as exc:
        services.notice_answer_edit(notice=notice, actor=org.clerk, cause="x", measures="y", evidence_links="截图见附件")
    assert exc.value.message_dict == {"evidence_links": ["“截图见附件”不是网址（应以 http:// 或 https:// 开头）。"]}
    with pytest.raises(ActionForbidden):
        services.notice_submit_answer(notice=notice, actor=org.clerk)
    answer(org, notice)
    notice.refresh_from_db()
    assert (notice.status, notice.answered_late, notice.due_on) == (Status.ANSWERED, False, None)
    assert Message.objects.filter(user=org.office, title="督办单已答复：督办〔2026〕1号").exists()
    with pytest.raises(ActionForbidden):
        services.notice_accept(notice=notice, actor=org.reviewer)
    services.notice_accept(notice=notice, actor=org.office)
    assert notice.status == Status.CLOSED and notice.closed_at
    with pytest.raises(TransitionNotAllowed):
        services.notice_return(notice=notice, actor=org.office, comment="再看看")
    actions = list(AuditEntry.objects.filter(supervision_notice=notice).order_by("pk").values_list("action", flat=True))
    assert actions == ["supervision.issue", "supervision.answer_edit", "supervision.submit_answer", "supervision.accept"]


def test_a_return_starts_a_new_answer_period(org):
    notice = issue(org)  # 2026-09-29: due 2026-10-12
    with time_machine.travel(datetime.datetime(2026, 10, 9, 2, tzinfo=datetime.UTC), tick=False):
        answer(org, notice)
    with time_machine.travel(datetime.datetime(2026, 10, 13, 2, tzinfo=datetime.UTC), tick=False):
        with pytest.raises(ValidationError):
            services.notice_return(notice=notice, actor=org.office, comment=" ")
        services.notice_return(notice=notice, actor=org.office, comment="截图不能说明已整改，请补充网页地址。")
    notice.refresh_from_db()
    # 10-13 (Tue) + 5 working days: 10-14, 15, 16, 19, 20.
    assert (notice.status, notice.period_started_on, notice.due_on) == (Status.RETURNED, D(2026, 10, 13), D(2026, 10, 20))
    assert notice.office_comment == "截图不能说明已整改，请补充网页地址。"
    message = Message.objects.get(user=org.reviewer, title="督办单被退回：督办〔2026〕1号")
    assert "截图不能说明已整改" in message.body
    with time_machine.travel(datetime.datetime(2026, 10, 22, 2, tzinfo=datetime.UTC), tick=False):
        services.notice_submit_answer(notice=notice, actor=org.reviewer)
    notice.refresh_from_db()
    assert (notice.status, notice.answered_late) == (Status.ANSWERED, True)  # after 10-20


def test_escalation_links_the_next_level_and_copies_the_signer(org):
    notice = issue(org, level=Level.REMIND)
    with pytest.raises(ActionForbidden):  # neither overdue nor returned yet
        services.notice_escalate(notice=notice, actor=org.office)
    with time_machine.travel(datetime.datetime(2026, 10, 13, 2, tzinfo=datetime.UTC), tick=False):
        compliance.flag_overdue()
        escalated = services.notice_escalate(notice=notice, actor=org.office)
    notice.refresh_from_db()
    assert notice.status == Status.ESCALATED
    assert (escalated.level, escalated.escalated_from, escalated.number) == (Level.SUPERVISE, notice, "督办〔2026〕2号")
    assert list(escalated.copied_to.all()) == [org.signer]
    assert Message.objects.filter(user=org.signer, title__startswith="抄送：县发展和改革委员会的督办单已升级为督办").exists()
    assert [item.disclosure_id for item in escalated.items.all()] == [item.disclosure_id for item in notice.items.all()]
    # The next 通报 lists it.
    with time_machine.travel(datetime.datetime(2026, 10, 31, 2, tzinfo=datetime.UTC), tick=False):
        circular = services.circular_generate(actor=org.office, start=D(2026, 10, 1), end=D(2026, 10, 31))
    assert "期间升级督办：县发展和改革委员会（督办〔2026〕2号，督办）。" in circular.intro


def test_the_overdue_job_flags_a_notice_once_and_tells_the_head_the_signer_and_the_office(org):
    notice = issue(org)
    with time_machine.travel(datetime.datetime(2026, 10, 12, 15, tzinfo=datetime.UTC), tick=False):
        compliance.flag_overdue()  # 10-12 is the last day: not overdue yet
    notice.refresh_from_db()
    assert notice.overdue_flagged_at is None
    for hour in (2, 3):
        with time_machine.travel(datetime.datetime(2026, 10, 13, hour, tzinfo=datetime.UTC), tick=False):
            compliance.flag_overdue()
    notice.refresh_from_db()
    assert notice.overdue_flagged_at is not None
    assert AuditEntry.objects.filter(supervision_notice=notice, action="supervision.overdue").count() == 1
    for user in (org.reviewer, org.signer, org.office):
        assert Message.objects.filter(user=user, title__startswith="【督办逾期】督办〔2026〕1号").count() == 1
    assert not Message.objects.filter(user=org.clerk, title__startswith="【督办逾期】").exists()


def test_items_resolve_when_the_record_is_published(org):
    late = draft(org.clerk, org.department, title="逾期的信息")
    notice = issue(org, records=[late], others=[("dead_link", "https://example.gov.cn/old.html 打不开")])
    assert services.resolve_items() == 0
    done = published(org, title="另一条")  # not on the notice
    assert done.status == "published"
    from disclosures import services as record_services

    record_services.disclosure_submit(disclosure=late, actor=org.clerk)
    record_services.disclosure_review(disclosure=late, actor=org.reviewer)
    record_services.disclosure_sign(disclosure=late, actor=org.signer)
    assert services.resolve_items() == 1
    assert services.resolve_items() == 0
    record_item, link_item = notice.items.order_by("pk")
    assert record_item.resolved_at is not None and link_item.resolved_at is None
    states = [row["state"] for row in services.items_with_state(notice)]
    assert states[0].startswith("已发布 2026-09-29")
    notice.refresh_from_db()
    assert notice.status == Status.ISSUED  # the office still decides
    assert not notice.answer_complete()  # the dead link still needs its answer


def test_the_hourly_job_resolves_items_and_records_its_run(org):
    from core.models import JobHeartbeat
    from supervision.tasks import resolve_items

    record = draft(org.clerk, org.department, title="逾期的信息")
    issue(org, records=[record])
    assert resolve_items.delay().get() == 0
    from disclosures import services as record_services

    record_services.disclosure_submit(disclosure=record, actor=org.clerk)
    record_services.disclosure_review(disclosure=record, actor=org.reviewer)
    record_services.disclosure_sign(disclosure=record, actor=org.signer)
    assert resolve_items.delay().get() == 1
    assert JobHeartbeat.objects.get(name="supervision_resolve_items").last_result == {"resolved": 1}
