"""Projects services: who may register and change a project, and records of several departments
about one project (谁批准谁公开: each record's deadline and rights are its own department's)."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from catalogue.models import CatalogueEntry
from core.exceptions import ActionForbidden
from core.models import AuditEntry
from disclosures import deadlines
from disclosures import services as disclosure_services
from disclosures.choices import Status
from disclosures.models import Disclosure
from organizations.choices import JurisdictionLevel, Role
from organizations.tests.factories import DepartmentFactory, JurisdictionFactory, member
from projects import services
from projects.choices import Phase
from projects.models import Project, ProjectRecord

from .factories import make_project, make_record, project_fields, record_fields

pytestmark = pytest.mark.django_db


# --- project_create ---------------------------------------------------------------------------
def test_a_clerk_of_the_lead_department_registers_a_project(org):
    project = make_project(org, actor=org.clerk, name="测试县城至测试镇公路改扩建工程")
    assert Project.objects.get().name == "测试县城至测试镇公路改扩建工程"
    audit = AuditEntry.objects.get(action="project.create")
    assert audit.actor == org.clerk and audit.subject is None
    assert audit.data["project"] == project.pk
    assert audit.data["changes"]["total_investment"] == [None, "126800000.00"]


def test_the_office_registers_a_project_of_any_department_of_its_jurisdiction_and_below(org):
    make_project(org, actor=org.office, lead_department=org.other_department)
    make_project(org, actor=org.office, jurisdiction=org.town, lead_department=org.town_department)
    assert Project.objects.count() == 2


@pytest.mark.parametrize("who", ["other_clerk", "reviewer", "signer", "town_clerk"])
def test_others_may_not_register_a_project_for_the_lead_department(org, who):
    with pytest.raises(ActionForbidden, match="不能维护该项目"):
        make_project(org, actor=getattr(org, who))
    assert not Project.objects.exists()
    assert not AuditEntry.objects.filter(action__startswith="project.").exists()


def test_an_office_of_another_county_may_not_register_a_project_here(org):
    elsewhere = JurisdictionFactory(name="邻县", code="LX", level=JurisdictionLevel.COUNTY)
    office = member(DepartmentFactory(jurisdiction=elsewhere, is_office=True), Role.OFFICE, "office_lx")
    with pytest.raises(ActionForbidden):
        make_project(org, actor=office)


def test_a_missing_lead_department_is_a_field_error_not_a_refusal(org):
    with pytest.raises(ValidationError) as caught:
        services.project_create(actor=org.clerk, **project_fields(org, lead_department=None))
    assert "lead_department" in caught.value.message_dict


def test_unknown_fields_are_refused(org):
    with pytest.raises(ValidationError) as caught:
        services.project_create(actor=org.clerk, **project_fields(org), created_at="2020-01-01")
    assert caught.value.message_dict == {"created_at": ["该字段不可填写。"]}


def test_lead_department_must_be_of_the_project_jurisdiction_or_above(org):
    with pytest.raises(ValidationError) as caught:
        make_project(org, actor=org.office, lead_department=org.town_department, jurisdiction=org.county)
    assert caught.value.message_dict["lead_department"] == ["牵头部门应属于项目所在区划或其上级。"]


# --- project_update ---------------------------------------------------------------------------
def test_the_lead_clerk_moves_the_project_into_construction(org):
    project = make_project(org)
    services.project_update(
        actor=org.clerk, project=project, phase=Phase.CONSTRUCTION, started_on=datetime.date(2025, 4, 1)
    )
    project.refresh_from_db()
    assert project.phase == Phase.CONSTRUCTION
    audit = AuditEntry.objects.get(action="project.update")
    assert audit.data["changes"] == {"phase": ["preparation", "construction"], "started_on": [None, "2025-04-01"]}


def test_the_office_may_update_any_project_of_its_jurisdiction(org):
    project = make_project(org)
    services.project_update(actor=org.office, project=project, total_investment=Decimal("130000000.00"))
    assert Project.objects.get().total_investment == Decimal("130000000.00")


def test_another_department_may_not_update_the_project(org):
    project = make_project(org)
    with pytest.raises(ActionForbidden):
        services.project_update(actor=org.other_clerk, project=project, name="改名")
    assert Project.objects.get().name == project.name


def test_a_clerk_may_not_hand_the_project_to_a_department_they_do_not_work_in(org):
    project = make_project(org)
    with pytest.raises(ActionForbidden):
        services.project_update(actor=org.clerk, project=project, lead_department=org.other_department)
    assert Project.objects.get().lead_department == org.department


def test_rights_are_checked_on_the_stored_project_not_the_callers_copy(org):
    project = make_project(org, lead_department=org.other_department, actor=org.other_clerk)
    project.lead_department = org.department  # what a tampered form would hand over
    with pytest.raises(ActionForbidden):
        services.project_update(actor=org.clerk, project=project, name="改名")


def test_an_invalid_update_saves_nothing(org):
    project = make_project(org, phase=Phase.CONSTRUCTION, started_on=datetime.date(2025, 4, 1))
    with pytest.raises(ValidationError) as caught:
        services.project_update(
            actor=org.clerk, project=project, phase=Phase.COMPLETED, completed_on=datetime.date(2025, 3, 1)
        )
    assert caught.value.message_dict["completed_on"] == ["竣工日期不能早于开工日期。"]
    assert Project.objects.get().phase == Phase.CONSTRUCTION
    assert not AuditEntry.objects.filter(action="project.update").exists()


# --- project_record_create ------------------------------------------------------------------
def test_a_record_is_drafted_through_the_kernel_and_linked(org):
    project = make_project(org)
    record = make_record(org, project, category="approval_result", title="关于测试项目可行性研究报告的批复")
    assert record.status == Status.DRAFT
    assert record.domain == "projects" and record.category == "approval_result"
    assert record.catalogue_entry is not None and record.due_on is not None
    assert ProjectRecord.objects.get().project == project
    assert AuditEntry.objects.filter(disclosure=record, action="disclosure.create").exists()


def test_another_department_owns_the_land_records_of_a_project_it_does_not_lead(org):
    """自然资源局 publishes the 征收土地 records of a project led by another department."""
    project = make_project(org, lead_department=org.department)
    record = make_record(
        org, project, actor=org.other_clerk, department=org.other_department, category="land_expropriation",
        title="测试项目征地告知书",
    )
    assert record.department == org.other_department
    assert list(Disclosure.objects.filter(project_link__project=project)) == [record]

    # The lead department's people have no hand in it ...
    with pytest.raises(ActionForbidden):
        disclosure_services.disclosure_submit(disclosure=record, actor=org.clerk)
    with pytest.raises(ActionForbidden):
        disclosure_services.disclosure_update(
            disclosure=record, actor=org.clerk, expected_version=record.lock_version, title="改"
        )
    # ... its own department's do.
    disclosure_services.disclosure_submit(disclosure=record, actor=org.other_clerk)
    with pytest.raises(ActionForbidden):
        disclosure_services.disclosure_review(disclosure=record, actor=org.reviewer)
    disclosure_services.disclosure_review(disclosure=record, actor=org.other_reviewer)
    assert Disclosure.objects.get().status == Status.REVIEWED


def test_the_deadline_follows_the_records_own_department(org):
    """A town department's record about a county project is due under the town's 5-day rule."""
    org.county.deadline_days = 20
    org.county.save()
    org.town.deadline_days = 5
    org.town.save()
    project = make_project(org)
    formed_on = datetime.date.today() - datetime.timedelta(days=1)
    town_record = make_record(
        org, project, actor=org.town_clerk, department=org.town_department, category="supervision", formed_on=formed_on
    )
    county_record = make_record(org, project, category="supervision", formed_on=formed_on)
    entry = town_record.catalogue_entry
    assert town_record.deadline_days == 5
    assert town_record.due_on == deadlines.compute_due(jurisdiction=org.town, entry=entry, formed_on=formed_on).due_on
    assert county_record.deadline_days == 20
    assert town_record.due_on < county_record.due_on


def test_a_clerk_may_not_draft_for_a_department_they_do_not_work_in(org):
    project = make_project(org)
    with pytest.raises(ActionForbidden):
        make_record(org, project, actor=org.clerk, department=org.other_department)
    assert not Disclosure.objects.exists() and not ProjectRecord.objects.exists()


def test_a_department_of_an_unrelated_jurisdiction_may_not_publish_about_the_project(org):
    elsewhere = JurisdictionFactory(name="邻县", code="LX", level=JurisdictionLevel.COUNTY)
    department = DepartmentFactory(jurisdiction=elsewhere, name="邻县自然资源局", code="LXZR")
    clerk = member(department, Role.CLERK, "clerk_lx")
    project = make_project(org)
    with pytest.raises(ValidationError) as caught:
        make_record(org, project, actor=clerk, department=department, category="land_expropriation")
    assert "不属于项目所在区划" in caught.value.message_dict["department"][0]
    assert not Disclosure.objects.exists()


def test_a_prefecture_department_may_publish_about_a_county_project(org):
    prefecture = JurisdictionFactory(name="测试州", code="TZ", level=JurisdictionLevel.PREFECTURE)
    org.county.parent = prefecture
    org.county.save()
    department = DepartmentFactory(jurisdiction=prefecture, name="测试州生态环境局", code="TZSTHJ")
    clerk = member(department, Role.CLERK, "clerk_tz")
    project = make_project(org)
    record = make_record(org, project, actor=clerk, department=department, category="approval_result")
    assert record.project_link.project == project


def test_a_record_of_another_domain_is_refused(org):
    project = make_project(org)
    with pytest.raises(ValidationError) as caught:
        services.project_record_create(
            actor=org.clerk, project=project, department=org.department,
            **record_fields("procurement", domain="resources", details={}),
        )
    assert "重大建设项目" in caught.value.message_dict["domain"][0]
    entry = CatalogueEntry.objects.filter(domain="welfare").first()
    with pytest.raises(ValidationError) as caught:
        services.project_record_create(
            actor=org.clerk, project=project, department=org.department,
            **record_fields("approval_result", catalogue_entry=entry),
        )
    assert "catalogue_entry" in caught.value.message_dict
    assert not Disclosure.objects.exists()


def test_invalid_structured_fields_save_nothing(org):
    project = make_project(org)
    with pytest.raises(ValidationError) as caught:
        make_record(org, project, category="bidding", details={"stage": "award", "method": "open", "amount": "-3"})
    errors = caught.value.message_dict
    assert errors["details.winner"] == ["中标结果和合同订立必须填写中标单位。"]
    assert not Disclosure.objects.exists()
    assert not ProjectRecord.objects.exists()
    assert not AuditEntry.objects.filter(action="disclosure.create").exists()
