"""Dates a clerk types are plausible in every door: not before 1949-10-01 (0001-01-01 was accepted and the
page said 逾期528262个工作日公开), and a record's formed and written dates not after today."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from rest_framework.test import APIClient

from core import validators
from disclosures import services
from disclosures.models import Disclosure
from disclosures.tests.factories import YESTERDAY
from disclosures.tests.test_admin import form_data, logged_in
from disclosures.tests.test_api import valid_payload
from disclosures.tests.test_import import approval_row, filled, preview
from projects.tests.factories import make_project
from resources.tests.factories import make_entry
from welfare.tests.factories import make_programme

pytestmark = pytest.mark.django_db

TOO_EARLY = "1949年10月1日"


@pytest.mark.parametrize(
    ("value", "fine"),
    [
        (datetime.date(1, 1, 1), False),
        (datetime.date(1949, 9, 30), False),
        (datetime.date(1949, 10, 1), True),
        (datetime.date(2008, 5, 1), True),
        (None, True),
    ],
)
def test_the_lower_bound(value, fine):
    if fine:
        validators.validate_not_before_1949(value)
    else:
        with pytest.raises(ValidationError, match=TOO_EARLY):
            validators.validate_not_before_1949(value)


def test_the_upper_bound_is_today():
    today = datetime.date.today()
    validators.validate_not_in_future(today)
    with pytest.raises(ValidationError, match="不能晚于今天"):
        validators.validate_not_in_future(today + datetime.timedelta(days=1))


# --- the record's doors -----------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("overrides", "fragment"),
    [
        ({"formed_on": "0001-01-01"}, TOO_EARLY),
        ({"written_on": "1900-01-01"}, TOO_EARLY),
        ({"written_on": "2999-01-01"}, "不能晚于今天"),
    ],
)
def test_admin_form_refuses_an_implausible_date(client, org, overrides, fragment):
    logged_in(client, org.clerk)
    data = form_data(**{"department": org.department.pk, "title": "日期不合理", **overrides})
    response = client.post(reverse("admin:disclosures_disclosure_add"), data)
    assert response.status_code == 200
    field = next(iter(overrides))
    assert any(fragment in message for message in response.context["adminform"].form.errors[field])
    assert not Disclosure.objects.exists()


@pytest.mark.parametrize(
    ("overrides", "field", "fragment"),
    [
        ({"formed_on": "0001-01-01"}, "formed_on", TOO_EARLY),
        ({"written_on": "1800-01-01"}, "written_on", TOO_EARLY),
        ({"written_on": "2999-01-01"}, "written_on", "不能晚于今天"),
    ],
)
def test_api_refuses_an_implausible_date(org, overrides, field, fragment):
    api = APIClient()
    api.force_authenticate(org.clerk)
    response = api.post("/api/v1/disclosures/", valid_payload(org, **overrides), format="json")
    assert response.status_code == 400, response.content
    assert any(fragment in message for message in response.json()[field])
    assert not Disclosure.objects.exists()


def test_excel_import_refuses_an_implausible_date(org):
    project = make_project(org)
    upload = filled(
        "projects",
        "approval_result",
        [approval_row(project), approval_row(project, **{"信息形成（变更）日期": "0001-01-01"})],
    )
    checked = preview(org, "projects", "approval_result", upload)
    found = {(error.row, error.column): error.message for error in checked.errors}
    assert list(found) == [(3, "信息形成（变更）日期")]
    assert TOO_EARLY in found[(3, "信息形成（变更）日期")]


def test_the_service_refuses_it_too(org):
    with pytest.raises(ValidationError) as refused:
        services.disclosure_create(
            actor=org.clerk,
            department=org.department,
            **_service_fields(org),
            formed_on=datetime.date(1, 1, 1),
        )
    assert TOO_EARLY in refused.value.message_dict["formed_on"][0]


def _service_fields(org) -> dict:
    payload = valid_payload(org)
    return {
        "title": payload["title"],
        "domain": "projects",
        "category": payload["category"],
        "disclosure_mode": "active",
        "details": payload["details"],
        "written_on": YESTERDAY,
    }


# --- the subjects' dates (lower bound only: a listing or a programme may end in the future) -----------
def test_subject_dates_are_not_before_1949(org):
    with pytest.raises(ValidationError) as project:
        make_project(org, phase="construction", started_on=datetime.date(1, 1, 1))
    assert "started_on" in project.value.message_dict
    with pytest.raises(ValidationError) as entry:
        make_entry(org, starts_on=datetime.date(1900, 1, 1))
    assert "starts_on" in entry.value.message_dict
    with pytest.raises(ValidationError) as programme:
        make_programme(org, starts_on=datetime.date(1900, 1, 1))
    assert "starts_on" in programme.value.message_dict
