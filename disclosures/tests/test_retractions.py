"""Withdrawing a published 行政处罚 decision within 3 日 of its change or annulment (《行政处罚法》第四十八条第二款):
the duty on the statutory clock, the refusals, the overdue job, the withdrawal that fulfils it, the admin and
the office's dashboard.

The dates are counted by hand: 3 日 are calendar days from the day after the decision (《民法典》第二百零一条);
when the last day is a 法定休假日 the period ends on the next working day (第二百零三条)."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from catalogue.models import CatalogueEntry
from compliance import services as compliance_services
from core.exceptions import ActionForbidden, TransitionNotAllowed
from core.models import AuditEntry
from disclosures import retractions, services
from disclosures.models import PenaltyRetraction
from disclosures.retraction_models import RetractionTrigger
from disclosures.tests.factories import draft, published
from disclosures.workflow import DISCLOSURE_WORKFLOW
from tests.clock import instant
from workdays import services as workday_services
from workdays.choices import DayKind
from workdays.services import WorkCalendar

pytestmark = pytest.mark.django_db

D = datetime.date
DOCUMENT = "县人民政府行政复议决定书（测政复决字〔2026〕12号）"
REASON = "该行政处罚决定已被县人民政府行政复议决定撤销，依法撤回该决定信息。"


def entry_fields(code: str) -> dict:
    entry = CatalogueEntry.objects.get(code=code)
    return {"catalogue_entry": entry, "domain": entry.domain, "category": entry.category}


def penalty_record(org, title="某建设公司招标投标违法行政处罚决定"):
    return published(org, title=title, **entry_fields("projects-bidding-penalty"))


def register(record, actor, **fields):
    values = {
        "trigger": RetractionTrigger.REVOKED,
        "trigger_document": DOCUMENT,
        "triggered_on": timezone.localdate(),
        "reason": REASON,
    }
    values.update(fields)
    return retractions.penalty_retraction_register(disclosure=record, actor=actor, **values)


# ---------------------------------------------------------------------------------------------
# The due date: 3 日 on the calendar, moved past a 法定休假日
# ---------------------------------------------------------------------------------------------
@pytest.mark.clock("2026-09-30T10:00")
def test_revoked_before_national_day_is_due_on_the_first_working_day_after_it(org):
    # Revoked Wed 2026-09-30: the 3 日 are 10-01, 10-02, 10-03; 10-03 (Sat) falls in 国庆节 (10-01 to 10-07,
    # 国务院办公厅 2026 arrangement), a 法定休假日, so the period ends on the next working day, Thu 10-08.
    calendar = WorkCalendar.load()
    assert not calendar.is_workday(D(2026, 10, 3), org.county)
    assert [calendar.is_workday(D(2026, 10, day), org.county) for day in range(4, 9)] == [False] * 4 + [True]
    record = penalty_record(org)
    duty = register(record, org.reviewer, triggered_on=D(2026, 9, 30))
    assert duty.due_on == D(2026, 10, 8)
    assert (duty.registered_by, duty.fulfilled_at, duty.state_label) == (org.reviewer, None, "待撤回")
    row = AuditEntry.objects.get(disclosure=record, action="disclosure.retraction_registered")
    assert row.action_label == "登记处罚决定变更/撤销"
    assert row.comment == (
        f"行政处罚决定被依法撤销：{DOCUMENT}，2026-09-30作出；应于 2026-10-08 前撤回行政处罚决定信息并公开说明理由"
        "（《行政处罚法》第四十八条第二款）。"
    )
    assert row.data["due_on"] == "2026-10-08" and any("第二百零三条" in line for line in row.data["explanation"])


@pytest.mark.clock("2026-11-03T10:00")
def test_revoked_on_a_tuesday_is_due_on_friday(org):
    # Tue 2026-11-03 + 3 日 = Fri 11-06, a working day: no move.
    duty = register(penalty_record(org), org.office, trigger=RetractionTrigger.DECLARED_VOID, triggered_on=D(2026, 11, 3))
    assert duty.due_on == D(2026, 11, 6)
    assert PenaltyRetraction.objects.get().due_on == D(2026, 11, 6)


# ---------------------------------------------------------------------------------------------
# Refusals: 409 for the record's state, 403 for the actor, field errors
# ---------------------------------------------------------------------------------------------
@pytest.mark.clock("2026-11-03T10:00")
def test_only_a_published_penalty_decision_once_by_whoever_may_withdraw_it(org):
    license_record = published(org, **entry_fields("projects-approval-result-verification"))
    with pytest.raises(TransitionNotAllowed, match="不是行政处罚决定信息") as refused:
        register(license_record, org.reviewer)
    assert refused.value.status_code == 409

    penalty_draft = draft(org.clerk, org.department, **entry_fields("projects-bidding-penalty"))
    with pytest.raises(TransitionNotAllowed, match="当前状态为“草稿”"):
        register(penalty_draft, org.reviewer)

    record = penalty_record(org)
    for outsider in (org.clerk, org.other_reviewer):  # a clerk may not withdraw; another department's reviewer neither
        with pytest.raises(ActionForbidden, match="撤回") as forbidden:
            register(record, outsider)
        assert forbidden.value.status_code == 403

    with pytest.raises(ValidationError) as invalid:
        register(record, org.reviewer, triggered_on=D(2026, 11, 4))
    assert invalid.value.message_dict == {"triggered_on": ["日期不能晚于今天。"]}
    with pytest.raises(ValidationError) as invalid:
        register(record, org.reviewer, reason="  ")
    assert "reason" in invalid.value.message_dict
    assert not PenaltyRetraction.objects.exists()
    assert not AuditEntry.objects.filter(action="disclosure.retraction_registered").exists()

    register(record, org.signer)
    with pytest.raises(TransitionNotAllowed, match="不要重复登记"):
        register(record, org.office, trigger=RetractionTrigger.CHANGED)
    assert PenaltyRetraction.objects.count() == 1


# ---------------------------------------------------------------------------------------------
# The overdue job flags it after the due date, not on it
# ---------------------------------------------------------------------------------------------
@pytest.mark.clock("2026-11-03T10:00")
def test_the_overdue_job_flags_an_open_duty_the_day_after_its_due_date(org):
    duty = register(penalty_record(org), org.reviewer)
    assert duty.due_on == D(2026, 11, 6)
    assert compliance_services.flag_overdue(today=D(2026, 11, 6)).count == 0
    duty.refresh_from_db()
    assert duty.overdue_flagged_at is None
    assert compliance_services.flag_overdue(today=D(2026, 11, 7)).count == 1
    duty.refresh_from_db()
    assert duty.overdue_flagged_at is not None
    assert duty.days_late(D(2026, 11, 7)) == 1


@pytest.mark.clock("2026-11-03T10:00")
def test_a_fulfilled_duty_is_not_flagged(org):
    record = penalty_record(org)
    register(record, org.reviewer)
    services.disclosure_withdraw(disclosure=record, actor=org.reviewer, reason="")
    assert compliance_services.flag_overdue(today=D(2026, 11, 9)).count == 0


@pytest.mark.clock("2026-11-03T10:00")
def test_a_calendar_change_moves_an_open_duty_and_says_so(org, django_capture_on_commit_callbacks):
    record = penalty_record(org)
    register(record, org.reviewer)
    with django_capture_on_commit_callbacks(execute=True):
        change = workday_services.calendar_day_set(actor=None, date=D(2026, 11, 6), kind=DayKind.HOLIDAY, note="地方假日")
    assert change.moved == 1
    assert PenaltyRetraction.objects.get().due_on == D(2026, 11, 9)  # Fri a holiday, then the weekend: Mon
    row = AuditEntry.objects.get(disclosure=record, action="disclosure.due_date_recomputed")
    assert row.comment == "放假安排变更，应撤回日期（《行政处罚法》第四十八条第二款）由 2026-11-06 改为 2026-11-09。"


# ---------------------------------------------------------------------------------------------
# Withdrawing the record fulfils the duty: 按时 or 逾期, with the public reason
# ---------------------------------------------------------------------------------------------
@pytest.mark.clock("2026-11-03T10:00")
def test_withdrawing_on_time_uses_the_registered_reason_and_shows_it_to_the_public(org, client, _pinned_clock):
    assert DISCLOSURE_WORKFLOW.action("withdraw").text.public  # 撤回理由 is shown on the public notice
    record = penalty_record(org)
    register(record, org.reviewer)
    _pinned_clock.move_to(instant("2026-11-05T09:00"))
    services.disclosure_withdraw(disclosure=record, actor=org.signer, reason="")
    record.refresh_from_db()
    duty = PenaltyRetraction.objects.get()
    assert (record.status, record.withdrawal_reason) == ("withdrawn", REASON)
    assert duty.fulfilled_at == record.withdrawn_at and duty.state_label == "已按时撤回"
    row = AuditEntry.objects.get(disclosure=record, action="disclosure.retraction_fulfilled")
    assert row.action_label == "处罚决定信息撤回"
    assert row.comment == "已撤回行政处罚决定信息（处罚决定被依法撤销，应撤回日期 2026-11-06）：按时撤回。"
    assert row.data["days_late"] == 0
    page = client.get(record.get_absolute_url())
    assert page.status_code == 200
    assert REASON in page.content.decode()


@pytest.mark.clock("2026-11-03T10:00")
def test_withdrawing_late_says_how_many_days_late(org, _pinned_clock):
    record = penalty_record(org)
    register(record, org.reviewer, trigger=RetractionTrigger.DECLARED_ILLEGAL)
    _pinned_clock.move_to(instant("2026-11-09T09:00"))  # due Fri 11-06: Mon 11-09 is 3 日 late
    services.disclosure_withdraw(disclosure=record, actor=org.office, reason="处罚决定经判决确认违法，撤回。")
    record.refresh_from_db()
    assert record.withdrawal_reason == "处罚决定经判决确认违法，撤回。"  # a reason given is kept
    assert PenaltyRetraction.objects.get().state_label == "逾期3日撤回"
    row = AuditEntry.objects.get(disclosure=record, action="disclosure.retraction_fulfilled")
    assert row.comment.endswith("：逾期3日撤回。") and row.data["days_late"] == 3
    # A later duty may be registered on another record; this one has none open any more.
    assert retractions.open_duty(record) is None


def test_withdrawing_without_a_duty_still_requires_a_reason(org):
    record = penalty_record(org)
    with pytest.raises(ValidationError) as invalid:
        services.disclosure_withdraw(disclosure=record, actor=org.reviewer, reason="")
    assert invalid.value.message_dict == {"reason": ["撤回时必须填写向公众说明的撤回理由。"]}


# ---------------------------------------------------------------------------------------------
# The admin: add through the service, Chinese errors, the list, the link on the record
# ---------------------------------------------------------------------------------------------
ADD_URL = reverse("admin:disclosures_penaltyretraction_add")


def _form(record, **fields):
    data = {
        "disclosure": str(record.pk),
        "trigger": RetractionTrigger.REVOKED,
        "trigger_document": DOCUMENT,
        "triggered_on": "2026-11-03",
        "reason": REASON,
    }
    data.update(fields)
    return data


@pytest.mark.clock("2026-11-03T10:00")
def test_admin_add_form_registers_through_the_service_and_shows_chinese_errors(org, client):
    record = penalty_record(org)
    client.force_login(org.reviewer)

    change_page = client.get(reverse("admin:disclosures_disclosure_change", args=[record.pk])).content.decode()
    assert f'{ADD_URL}?disclosure={record.pk}" id="penalty-retraction-link"' in change_page
    assert "登记处罚决定变更/撤销（行政处罚法第四十八条：三日内撤回）" in change_page

    form_page = client.get(f"{ADD_URL}?disclosure={record.pk}")
    assert form_page.status_code == 200
    assert f'<option value="{record.pk}" selected>' in form_page.content.decode()

    refused = client.post(ADD_URL, _form(record, triggered_on="2026-11-04"))
    assert refused.status_code == 200
    assert "日期不能晚于今天。" in refused.content.decode()
    assert not PenaltyRetraction.objects.exists()

    response = client.post(ADD_URL, _form(record))
    assert response.status_code == 302
    duty = PenaltyRetraction.objects.get()
    assert (duty.registered_by, duty.due_on) == (org.reviewer, D(2026, 11, 6))
    assert AuditEntry.objects.filter(disclosure=record, action="disclosure.retraction_registered").count() == 1

    again = client.post(ADD_URL, _form(record, trigger=RetractionTrigger.CHANGED))
    assert again.status_code == 200
    assert "该信息已登记处罚决定变更或撤销，尚未撤回：请先撤回，不要重复登记。" in again.content.decode()
    assert again.content.decode().count("该信息已登记处罚决定变更或撤销") == 1  # the service's message, once
    assert PenaltyRetraction.objects.count() == 1

    listing = client.get(reverse("admin:disclosures_penaltyretraction_changelist")).content.decode()
    assert "应撤回日期" in listing and "待撤回" in listing and record.title in listing
    detail = client.get(reverse("admin:disclosures_penaltyretraction_change", args=[duty.pk]))
    assert detail.status_code == 200 and not detail.context["has_change_permission"]
    assert "2026-11-06" in detail.content.decode() or "2026年11月6日" in detail.content.decode()


@pytest.mark.clock("2026-11-03T10:00")
def test_admin_is_scoped_and_refuses_who_may_not_withdraw(org, client):
    record = penalty_record(org)
    register(record, org.reviewer)
    client.force_login(org.clerk)  # sees the record, may not withdraw it
    change_page = client.get(reverse("admin:disclosures_disclosure_change", args=[record.pk])).content.decode()
    assert "penalty-retraction-link" not in change_page
    assert client.get(ADD_URL).status_code == 403
    assert record.title in client.get(reverse("admin:disclosures_penaltyretraction_changelist")).content.decode()
    client.force_login(org.other_reviewer)  # another department: sees none of it
    listing = client.get(reverse("admin:disclosures_penaltyretraction_changelist")).content.decode()
    assert record.title not in listing
    assert client.post(ADD_URL, _form(record)).status_code == 200  # not a choice: the form refuses it
    assert PenaltyRetraction.objects.count() == 1


# ---------------------------------------------------------------------------------------------
# The office's dashboard
# ---------------------------------------------------------------------------------------------
@pytest.mark.clock("2026-11-03T10:00")
def test_the_dashboard_lists_an_overdue_duty(org, client, _pinned_clock):
    record = penalty_record(org)
    register(record, org.reviewer)
    _pinned_clock.move_to(instant("2026-11-10T09:00"))
    client.force_login(org.office)
    page = client.get("/dashboard/")
    [row] = page.context["retractions"]
    assert (row.title, row.trigger_label, row.due_on, row.days_overdue) == (record.title, "撤销", D(2026, 11, 6), 4)
    html = page.content.decode()
    assert 'id="penalty-retractions"' in html and "逾期4日" in html and "其中 1 项已逾期" in html
    assert reverse("admin:disclosures_disclosure_change", args=[record.pk]) in html


@pytest.mark.clock("2026-11-03T10:00")
def test_the_dashboard_section_costs_the_same_queries_for_one_duty_or_many(org, client, django_assert_max_num_queries):
    register(penalty_record(org, title="处罚决定0"), org.reviewer)
    client.force_login(org.office)
    response = client.get("/dashboard/")
    assert len(response.context["retractions"]) == 1
    with CaptureQueriesContext(connection) as one:
        client.get("/dashboard/")
    for n in range(1, 5):
        register(penalty_record(org, title=f"处罚决定{n}"), org.reviewer)
    with django_assert_max_num_queries(len(one)):
        response = client.get("/dashboard/")
    assert len(response.context["retractions"]) == 5
