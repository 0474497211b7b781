"""Changelists answer a filter value they cannot use with Django's redirect to ?e=1, never a 500."""

import pytest
from django.contrib import admin
from django.test import Client
from django.urls import reverse

from core.admin_base import PortalChangeList
from disclosures.tests.factories import published

# Admins still on admin.ModelAdmin (their owners are changing them at the moment); listed here so that a
# new admin cannot forget the base class unnoticed.
NOT_YET_PORTAL = {"organizations.membership", "accounts.apitoken"}
DJANGOS_OWN = {"auth"}  # django.contrib.auth's User and Group admins, for superusers only


@pytest.fixture
def office_client(org):
    published(org, title="筛选参数测试")
    client = Client(raise_request_exception=False)
    client.force_login(org.office)
    return client


def changelist(label: str) -> str:
    app_label, model_name = label.split(".")
    return reverse(f"admin:{app_label}_{model_name}_changelist")


@pytest.mark.parametrize(
    ("label", "query"),
    [
        ("disclosures.disclosure", {"department": "abc"}),
        ("disclosures.disclosure", {"department": "0"}),
        ("disclosures.disclosure", {"department": "99999999999999999999999"}),
        ("disclosures.disclosure", {"formed_on__year": "99999999999"}),
        ("disclosures.disclosure", {"formed_on__year": "9999"}),
        ("disclosures.disclosure", {"formed_on__year": "2026", "formed_on__month": "99999999999"}),
        ("disclosures.disclosure", {"published_at__year": "99999999999"}),
        ("core.auditentry", {"at__year": "99999999999"}),
        ("accounts.loginevent", {"at__year": "99999999999"}),
        ("workdays.calendarday", {"date__year": "99999999999"}),
        ("workdays.calendarday", {"scope": "99999999999999999999999"}),
        ("projects.project", {"created_at__year": "99999999999"}),
        ("resources.blacklistentry", {"starts_on__year": "99999999999"}),
        ("welfare.programme", {"starts_on__year": "99999999999"}),
        ("organizations.department", {"jurisdiction": "abc"}),
    ],
)
def test_an_unusable_filter_value_redirects_to_the_error_flag(office_client, label, query):
    url = changelist(label)
    response = office_client.get(url, query)
    assert response.status_code == 302, response.status_code
    assert response["Location"] == f"{url}?e=1"
    assert office_client.get(response["Location"]).status_code == 200


@pytest.mark.parametrize(
    "query",
    [{"status": "no-such-status"}, {"domain": "no-such-domain"}, {"category": "x"}],
)
def test_an_unknown_choice_lists_nothing(office_client, query):
    response = office_client.get(changelist("disclosures.disclosure"), query)
    assert response.status_code == 200
    assert response.context["cl"].result_count == 0


def test_good_filters_still_filter(office_client, org):
    response = office_client.get(
        changelist("disclosures.disclosure"), {"department": org.department.pk, "formed_on__year": "2026"}
    )
    assert response.status_code == 200


def test_every_admin_uses_the_portal_changelist():
    request = type("Request", (), {"GET": {}})()
    missing = [
        model._meta.label_lower
        for model, model_admin in admin.site._registry.items()
        if not issubclass(model_admin.get_changelist(request), PortalChangeList)
        and model._meta.label_lower not in NOT_YET_PORTAL
        and model._meta.app_label not in DJANGOS_OWN
    ]
    assert not missing, f"derive these from core.admin_base.PortalModelAdmin: {missing}"
