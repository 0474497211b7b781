"""`/api/v1/info-requests/`: staff only and scoped (404 outside), intake with the channel and its dates,
each step a POST taking its legal date as `on`; a bad field is a 400 naming it, an illegal step a 409 with
a Chinese reason, a step the user may not take a 403."""

import pytest
from rest_framework.test import APIClient

from inforequests.choices import Status
from inforequests.models import InfoRequest

from .test_rules import APPLICANT, assigned

pytestmark = [pytest.mark.django_db, pytest.mark.clock("2026-10-12T10:00")]
URL = "/api/v1/info-requests/"


def api(user=None) -> APIClient:
    client = APIClient()
    if user is not None:
        client.force_authenticate(user)
    return client


def test_the_public_cannot_read_requests(org, anonymous):
    assigned(org)
    assert anonymous.get(URL).status_code in (401, 403)
    assert anonymous.post(URL, {}, format="json").status_code in (401, 403)


def test_staff_read_their_scope_with_the_clock(org):
    request = assigned(org)
    body = api(org.clerk).get(f"{URL}{request.pk}/").json()
    assert {key: body[key] for key in ("number", "status", "received_on", "correction_notice_due", "due_on",
                                       "paused", "paused_days", "extended", "final_type")} == {
        "number": request.number, "status": "handling", "received_on": "2026-09-28",
        "correction_notice_due": "2026-10-13", "due_on": "2026-10-30", "paused": False, "paused_days": 0,
        "extended": False, "final_type": "",
    }  # fmt: skip
    assert body["id_number_masked"] == "110***********1234" and "id_number" not in body
    assert {a["action"] for a in body["available_actions"]} >= {"request_correction", "submit_reply", "fee_notice"}
    assert api(org.other_clerk).get(f"{URL}{request.pk}/").status_code == 404
    assert api(org.other_clerk).get(URL).json()["count"] == 0


def test_the_office_registers_an_application_and_gets_its_query_code(org):
    data = APPLICANT | {"addressed_to": org.office_department.pk, "channel": "in_person", "received_on": "2026-10-09",
                        "info_form": "paper", "delivery": "pickup"}
    response = api(org.office).post(URL, data, format="json")
    assert response.status_code == 201, response.json()
    body = response.json()
    request = InfoRequest.objects.get(pk=body["id"])
    assert request.check_query_code(body["query_code"])
    assert (body["status"], body["due_on"]) == ("received", "2026-11-05")  # 2026-10-10 (周六) 上班


def test_a_bad_application_is_a_400_naming_the_field(org):
    data = APPLICANT | {"addressed_to": org.office_department.pk, "channel": "registered_post"}
    response = api(org.office).post(URL, data, format="json")
    assert response.status_code == 400 and "received_on" in response.json()
    assert not InfoRequest.objects.exists()


def test_a_step_takes_its_legal_date(org):
    request = assigned(org)
    response = api(org.clerk).post(f"{URL}{request.pk}/send-consultation/",
                                   {"kind": "third_party", "party": "某公司", "on": "2026-10-09"}, format="json")
    assert response.status_code == 200, response.json()
    # Fri 10-09, Sat 10-10 (调休上班) and Mon 10-12 so far.
    assert (response.json()["paused"], response.json()["paused_days"], response.json()["due_on"]) == (True, 3, None)


def test_a_missing_legal_basis_is_a_400_naming_the_field(org):
    request = assigned(org)
    response = api(org.clerk).post(f"{URL}{request.pk}/submit-reply/",
                                   {"reply_type": "refused", "reply_subtype": "process", "reply_text": "不予公开。"},
                                   format="json")
    assert response.status_code == 400
    assert "第十六条第二款" in response.json()["reply_basis"][0]
    request.refresh_from_db()
    assert request.status == Status.HANDLING


def test_an_illegal_step_is_a_409_with_a_chinese_reason(org):
    request = assigned(org)
    response = api(org.office).post(f"{URL}{request.pk}/confirm/", {"on": "2026-10-09"}, format="json")
    assert response.status_code == 409
    assert response.json()["detail"] == "申请当前状态为“办理中”，不能确认收到申请。"


def test_a_step_the_user_may_not_take_is_a_403(org):
    request = assigned(org)
    response = api(org.clerk).post(f"{URL}{request.pk}/extend/", {"on": "2026-10-09", "days": 10, "reason": "多"},
                                   format="json")
    assert response.status_code == 403
    request.refresh_from_db()
    assert not request.extended


def test_the_worked_example_through_the_api(org):
    from django.contrib.auth.models import Permission

    org.office.user_permissions.add(Permission.objects.get(codename="approve_extension"))
    request = assigned(org)
    client = api(type(org.office).objects.get(pk=org.office.pk))
    response = client.post(f"{URL}{request.pk}/extend/", {"on": "2026-10-12", "days": 20, "reason": "档案较多"},
                           format="json")
    assert response.status_code == 200, response.json()
    assert (response.json()["extended"], response.json()["due_on"]) == (True, "2026-11-27")
