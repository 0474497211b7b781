"""/api/v1/supervision-notices/: the admin's scope (another department's notice is 404), `available_actions`
from the table, each step a POST — 403 for a user the table does not allow, 409 for a step the state does not
allow, 400 naming a bad field; anonymous 401/403."""

import pytest
from rest_framework.test import APIClient

from disclosures.tests.factories import draft
from supervision import services

pytestmark = [pytest.mark.django_db, pytest.mark.clock("2026-09-29T09:00")]


def api(user) -> APIClient:
    client = APIClient()
    if user is not None:
        client.force_authenticate(user)
    return client


@pytest.fixture
def notice(org):
    return services.notice_issue(actor=org.office, department=org.department, required_action="API督办要求",
                                 records=[draft(org.clerk, org.department, title="逾期信息")])


def test_scope_and_available_actions(org, notice):
    url = f"/api/v1/supervision-notices/{notice.pk}/"
    body = api(org.reviewer).get(url).json()
    assert (body["number"], body["status"], body["due_on"], body["items"][0]["kind"]) == (
        "督办〔2026〕1号", "issued", "2026-10-12", "record")
    assert body["available_actions"] == []  # nothing answered yet: the guard holds it back
    services.notice_answer_edit(notice=notice, actor=org.clerk, cause="原因", measures="措施",
                                items={item.pk: ("fixed", "", None) for item in notice.items.all()})
    body = api(org.reviewer).get(url).json()
    assert [a["action"] for a in body["available_actions"]] == ["submit_answer"]
    assert body["available_actions"][0]["url"] == f"/api/v1/supervision-notices/{notice.pk}/submit-answer/"
    assert api(org.other_clerk).get(url).status_code == 404
    assert api(org.other_clerk).get("/api/v1/supervision-notices/").json()["count"] == 0
    assert api(None).get(url).status_code in (401, 403)


def test_steps_through_the_api(org, notice):
    base = f"/api/v1/supervision-notices/{notice.pk}"
    response = api(org.reviewer).post(f"{base}/submit-answer/", {}, format="json")
    assert response.status_code == 403 and "答复还不完整" in response.json()["detail"]
    services.notice_answer_edit(notice=notice, actor=org.clerk, cause="原因", measures="措施",
                                items={item.pk: ("fixed", "", None) for item in notice.items.all()})
    assert api(org.reviewer).post(f"{base}/submit-answer/", {"lock_version": "x"}, format="json").status_code == 400
    assert api(org.reviewer).post(f"{base}/submit-answer/", {}, format="json").json()["status"] == "answered"
    assert api(org.clerk).post(f"{base}/accept/", {}, format="json").status_code == 403
    response = api(org.office).post(f"{base}/return/", {"comment": ""}, format="json")
    assert response.status_code == 400 and "comment" in response.json()
    assert api(org.office).post(f"{base}/accept/", {}, format="json").json()["status"] == "closed"
    assert api(org.office).post(f"{base}/accept/", {}, format="json").status_code == 409
