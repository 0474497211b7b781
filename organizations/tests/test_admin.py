"""The office's role form (岗位角色, issue 25 point 9c): users only from its jurisdictions, and no 部门负责人
or 分管领导 role for the office itself, its colleagues or its own department (the permission matrix
keeps the office out of reviewing and signing)."""

import pytest
from django.test import Client

from organizations.choices import JurisdictionLevel, Role
from organizations.models import Membership
from organizations.tests.factories import DepartmentFactory, JurisdictionFactory, UserFactory, member

ADD_URL = "/admin/organizations/membership/add/"


@pytest.fixture
def other_county_clerk(org):
    county = JurisdictionFactory(name="邻县", code="LX", level=JurisdictionLevel.COUNTY)
    return member(
        DepartmentFactory(jurisdiction=county, name="邻县发改委", code="LXFGW"), Role.CLERK, "lx_clerk"
    )


def signed_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def grant(client: Client, user, department, role: str):
    return client.post(ADD_URL, {"user": user.pk, "department": department.pk, "role": role})


def role_errors(response) -> list[str]:
    assert response.status_code == 200, "the form again, with an error"
    return response.context["adminform"].form.errors.get("role", [])


@pytest.mark.parametrize("role", [Role.REVIEWER, Role.SIGNER])
def test_the_office_cannot_give_itself_a_review_or_sign_role(org, role):
    errors = role_errors(grant(signed_in(org.office), org.office, org.department, role))
    assert errors and errors[0].startswith(f"政务公开办不能给自己设置“{role.label}”角色")
    assert not Membership.objects.filter(user=org.office, role=role).exists()


def test_nor_a_colleague_in_the_office_nor_anyone_in_its_own_department(org):
    colleague = member(org.office_department, Role.OFFICE, "office_b")
    office = signed_in(org.office)
    before = Membership.objects.count()
    errors = role_errors(grant(office, colleague, org.department, Role.REVIEWER))
    assert errors and "在政务公开办任职" in errors[0]
    errors = role_errors(grant(office, org.clerk, org.office_department, Role.SIGNER))
    assert errors and "不能在本办（县政府办公室）设置“分管领导”角色" in errors[0]
    errors = role_errors(grant(office, org.reviewer, org.department, Role.OFFICE))
    assert errors and "担任部门负责人或分管领导" in errors[0], "nor make a reviewer one of the office"
    assert Membership.objects.count() == before


def test_the_office_still_gives_its_departments_their_reviewers_and_signers(org):
    office = signed_in(org.office)
    assert grant(office, org.clerk_b, org.department, Role.REVIEWER).status_code == 302
    assert grant(office, org.other_clerk, org.other_department, Role.SIGNER).status_code == 302
    assert grant(office, org.office, org.department, Role.CLERK).status_code == 302, (
        "drafting is the office's"
    )
    assert Membership.objects.filter(user=org.clerk_b, department=org.department, role=Role.REVIEWER).exists()


def test_a_superuser_may_grant_what_the_office_may_not(org):
    root = signed_in(UserFactory(username="root", is_superuser=True))
    assert grant(root, org.office, org.department, Role.REVIEWER).status_code == 302


def test_the_role_form_offers_only_people_of_the_offices_jurisdictions(org, other_county_clerk):
    response = signed_in(org.office).get(ADD_URL)
    choices = set(response.context["adminform"].form.fields["user"].queryset)
    assert {org.clerk, org.town_clerk, org.office, org.other_reviewer} <= choices
    assert other_county_clerk not in choices
    refused = grant(signed_in(org.office), other_county_clerk, org.department, Role.CLERK)
    assert refused.status_code == 200 and refused.context["adminform"].form.errors["user"]
    assert not Membership.objects.filter(user=other_county_clerk, department=org.department).exists()


def test_the_department_pages_inline_obeys_the_same_rules(org, other_county_clerk):
    office = signed_in(org.office)
    url = f"/admin/organizations/department/{org.department.pk}/change/"
    page = office.get(url)
    formset = next(
        inline.formset
        for inline in page.context["inline_admin_formsets"]
        if inline.formset.model is Membership
    )
    assert other_county_clerk not in set(formset.forms[0].fields["user"].queryset)

    data = _changeform_data(page)
    extra = f"{formset.prefix}-{formset.initial_form_count()}"
    data.update({f"{extra}-user": org.office.pk, f"{extra}-role": Role.SIGNER})
    response = office.post(url, data)
    assert response.status_code == 200
    errors = [form.errors.get("role") for form in response.context["inline_admin_formsets"][0].formset.forms]
    assert any(e and e[0].startswith("政务公开办不能给自己设置“分管领导”角色") for e in errors)
    assert not Membership.objects.filter(user=org.office, role=Role.SIGNER).exists()


def _changeform_data(response) -> dict:
    """What the admin change page would post back unchanged: the form's and every inline's values."""
    data: dict = {}

    def add(form):
        for name in form.fields:
            value = form[name].value()
            if value is not None:
                data[form.add_prefix(name)] = value

    add(response.context["adminform"].form)
    for inline in response.context["inline_admin_formsets"]:
        add(inline.formset.management_form)
        for form in inline.formset.forms:
            add(form)
    return data
