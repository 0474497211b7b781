"""The desk in the admin: intake of a paper application, the queue, the 办理 panel's forms (one per step
the table offers the user now), errors shown next to the field with nothing saved, and 404 outside the
user's scope."""

import datetime
import re

import pytest
from django.test import Client
from django.urls import reverse

from core.models import AuditEntry
from inforequests.choices import Status
from inforequests.models import InfoRequest

from .test_rules import APPLICANT, D, assigned

pytestmark = [pytest.mark.django_db, pytest.mark.clock("2026-10-12T10:00")]


def client_of(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def change_url(request) -> str:
    return reverse("admin:inforequests_inforequest_change", args=[request.pk])


def step_url(request, action: str) -> str:
    return reverse("admin:inforequests_inforequest_step", args=[request.pk, action])


def test_the_office_registers_a_paper_application_and_gets_its_query_code_once(org):
    data = APPLICANT | {
        "addressed_to": org.office_department.pk, "channel": "registered_post", "received_on": "2026-09-28",
        "info_form": "paper", "delivery": "post", "address": "青山县城关镇人民路1号", "postcode": "123456",
    }  # fmt: skip
    response = client_of(org.office).post(reverse("admin:inforequests_inforequest_add"), data, follow=True)
    request = InfoRequest.objects.get()
    assert response.redirect_chain[-1][0] == change_url(request)
    html = response.content.decode()
    code = re.search(r'id="query-code">([A-Z0-9]+)<', html).group(1)
    assert request.check_query_code(code)
    assert (request.status, request.received_on, request.due_on) == (Status.RECEIVED, D(2026, 9, 28), D(2026, 10, 30))
    assert "110101199001011234" not in html and "110***********1234" in html  # staff see the masked number
    assert AuditEntry.objects.filter(info_request=request, action="inforequest.create").exists()


def test_a_registered_post_application_without_its_signed_date_is_refused_naming_the_field(org):
    data = APPLICANT | {"addressed_to": org.office_department.pk, "channel": "registered_post", "received_on": "",
                        "info_form": "paper", "delivery": "email"}
    response = client_of(org.office).post(reverse("admin:inforequests_inforequest_add"), data)
    assert response.status_code == 200
    assert "received_on" in response.context["adminform"].form.errors
    assert not InfoRequest.objects.exists()


def test_the_desk_offers_each_role_its_steps(org):
    request = assigned(org)
    office = client_of(org.office).get(change_url(request)).content.decode()
    clerk = client_of(org.clerk).get(change_url(request)).content.decode()
    reviewer = client_of(org.reviewer).get(change_url(request)).content.decode()
    assert 'id="step-assign"' in office and 'id="step-assign"' not in clerk  # transfer is the intake's
    assert 'id="step-submit_reply"' in clerk and 'id="step-fee_notice"' in clerk
    assert 'id="step-extend"' not in clerk  # the office's head approves extensions
    assert 'id="request-desk"' in reviewer and 'id="step-' not in reviewer  # nothing to review yet
    assert "2026-10-30" in clerk and "答复期限" in clerk


def test_a_step_with_a_bad_field_is_shown_again_with_the_error_and_nothing_saved(org):
    request = assigned(org)
    response = client_of(org.clerk).post(step_url(request, "request_correction"), {
        "request_correction-on": "2026-09-30", "request_correction-content": "请写明文号。",
        "request_correction-deadline": "2026-09-29", "request_correction-lock_version": request.lock_version,
    })  # fmt: skip
    assert response.status_code == 200
    html = response.content.decode()
    assert "补正期限应晚于告知日期。" in html and 'id="step-request_correction" open' in html
    request.refresh_from_db()
    assert request.status == Status.HANDLING and request.correction_requested_on is None


def test_a_step_is_taken_and_the_page_says_so(org):
    request = assigned(org)
    response = client_of(org.clerk).post(step_url(request, "request_correction"), {
        "request_correction-on": "2026-09-30", "request_correction-content": "请写明文号。",
        "request_correction-deadline": "2026-10-20", "request_correction-lock_version": request.lock_version,
    }, follow=True)  # fmt: skip
    assert "已告知补正" in response.content.decode()
    request.refresh_from_db()
    assert (request.status, request.correction_requested_on) == (Status.CORRECTING, D(2026, 9, 30))


def test_a_step_the_role_may_not_take_is_refused(org):
    request = assigned(org)
    response = client_of(org.reviewer).post(step_url(request, "fee_paid"), {"fee_paid-on": "2026-10-01"}, follow=True)
    assert "不能登记缴费" in response.content.decode()  # 办理中: not a state it can be taken from
    request.refresh_from_db()
    assert request.status == Status.HANDLING


def test_another_department_and_the_public_see_nothing(org, client):
    request = assigned(org)
    assert client_of(org.other_clerk).get(change_url(request)).status_code == 404
    assert client_of(org.other_clerk).post(step_url(request, "withdraw"), {}).status_code == 404
    listing = client_of(org.other_clerk).get(reverse("admin:inforequests_inforequest_changelist")).content.decode()
    assert request.number not in listing
    assert client.get(change_url(request)).status_code == 302  # to the login page


def test_the_queue_shows_days_left_and_pauses(org):
    running = assigned(org)
    paused = assigned(org, received_on=D(2026, 9, 29))
    from inforequests import services

    services.consultation_send(request=paused, actor=org.clerk, kind="third_party", party="某公司",
                               on=D(2026, 10, 9))
    html = client_of(org.clerk).get(reverse("admin:inforequests_inforequest_changelist")).content.decode()
    assert running.number in html and paused.number in html
    assert "暂停计时" in html
    # Mon 2026-10-12 → Fri 2026-10-30: 14 working days.
    assert "14 个工作日" in html
    assert datetime.date(2026, 10, 30).isoformat() in html


def test_staff_open_the_requests_files_and_others_cannot(org):
    from disclosures.tests.files import pdf_upload
    from inforequests import services

    request = assigned(org)
    document = services.document_add(request=request, kind="identity", uploaded_file=pdf_upload("身份证.pdf"))
    url = reverse("admin:inforequests_inforequest_document", args=[request.pk, document.pk])
    response = client_of(org.clerk).get(url)
    assert response.status_code == 200 and response.content.startswith(b"%PDF")
    assert "no-store" in response["Cache-Control"] and "attachment;" in response["Content-Disposition"]
    assert client_of(org.other_clerk).get(url).status_code == 404
    page = client_of(org.clerk).get(change_url(request)).content.decode()
    assert "身份证.pdf" in page and "申请人本人材料" in page


def test_the_desk_warns_when_the_correction_notice_is_late(org):
    request = assigned(org)  # received 2026-09-28: the 补正 notice was due by 2026-10-13; today is 2026-10-12
    assert 'id="correction-late"' not in client_of(org.clerk).get(change_url(request)).content.decode()
    from inforequests import services

    late = assigned(org, received_on=D(2026, 9, 18))  # due by 2026-09-29 (中秋节 9-25 off, Sun 9-20 a 调休 working day)
    html = client_of(org.clerk).get(change_url(late)).content.decode()
    assert 'id="correction-late"' in html and "第三十条" in html
    services.request_correction(request=late, actor=org.clerk, on=D(2026, 10, 12), content="请写明文号。",
                                deadline=D(2026, 10, 30))
    assert 'id="correction-late"' not in client_of(org.clerk).get(change_url(late)).content.decode()
