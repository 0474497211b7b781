"""The subject contract (issue 17 §3): every domain declares one `SubjectSpec`, and the kernel's bases
(service, policy, admin mixin, API viewset) do the rest the same way for each."""

from decimal import Decimal

import pytest
from django.contrib import admin
from django.core.exceptions import ValidationError

from core.domains import all_domains, get_domain
from core.exceptions import ActionForbidden
from core.models import AuditEntry
from disclosures.admin_subjects import SubjectRecordsAdminMixin
from disclosures.subject_policies import SubjectPolicy, related_jurisdiction_ids
from disclosures.subject_services import SubjectService, audit_value, changes_between
from disclosures.subjects import (
    SubjectSpec,
    subject_for_domain,
    subject_for_model,
    subject_policy,
    subject_service,
)
from organizations.tests.factories import JurisdictionFactory, UserFactory
from projects.models import Project
from projects.tests.factories import project_fields
from resources.models import ResourceMatter
from resources.tests.factories import matter_fields
from welfare.tests.factories import programme_fields

SPECS = [domain.subject for domain in all_domains()]
API_LISTS = {"project": "/api/v1/projects/", "matter": "/api/v1/resource-matters/", "programme": "/api/v1/welfare-programmes/"}
FIELDS = {"projects": project_fields, "resources": matter_fields, "welfare": programme_fields}


def spec_id(spec: SubjectSpec) -> str:
    return spec.name


# --- the declaration ---------------------------------------------------------------------------------
def test_every_domain_declares_a_subject_and_its_record_lookup_reaches_it():
    assert [spec.name for spec in SPECS] == ["project", "matter", "programme"]
    from disclosures.models import Disclosure

    for spec in SPECS:
        link_name, name = spec.record_lookup.split("__", 1)
        link_model = Disclosure._meta.get_field(link_name).related_model
        assert name == spec.name
        assert link_model._meta.get_field(name).related_model is spec.get_model()
        spec.get_model()._meta.get_field(spec.department_field)
        for field in (spec.code_field, spec.category_field, *spec.audit_facts):
            if field:
                spec.get_model()._meta.get_field(field)


@pytest.mark.parametrize("spec", SPECS, ids=spec_id)
def test_the_registry_finds_a_spec_by_domain_and_by_model(spec):
    domain = next(d for d in all_domains() if d.subject == spec)
    assert subject_for_domain(domain.code) is spec
    assert subject_for_model(spec.get_model()) is spec
    assert domain.subject_lookup == spec.record_lookup
    assert isinstance(subject_service(spec), SubjectService)
    assert isinstance(subject_policy(spec), SubjectPolicy)
    assert subject_service(spec) is subject_service(spec)  # one object per spec


def test_a_model_that_is_no_subject_has_no_spec():
    assert subject_for_model(AuditEntry) is None
    assert subject_for_domain("nonexistent") is None


# --- the service: whitelist, manage check, audit rows ---------------------------------------------------
@pytest.mark.django_db
@pytest.mark.parametrize("spec", SPECS, ids=spec_id)
def test_an_unknown_field_is_refused_before_anything_is_saved(org, spec):
    model = spec.get_model()
    with pytest.raises(ValidationError) as caught:
        subject_service(spec).create(actor=org.clerk, created_at=None, pk=5)
    assert caught.value.message_dict == {"created_at": ["该字段不可填写。"], "pk": ["该字段不可填写。"]}
    assert not model.objects.exists()


@pytest.mark.django_db
@pytest.mark.parametrize("spec", SPECS, ids=spec_id)
def test_create_and_update_write_one_audit_row_each_with_the_declared_facts(org, spec):
    domain = next(d for d in all_domains() if d.subject == spec)
    service = subject_service(spec)
    subject = service.create(actor=org.clerk, **FIELDS[domain.code](org))
    created = AuditEntry.objects.get(action=f"{spec.audit_prefix}.create")
    # The keys, not their order: PostgreSQL's jsonb keeps keys in its own order.
    assert sorted(created.data) == sorted([spec.name, *spec.audit_facts, "changes"])
    assert created.data[spec.name] == subject.pk
    assert created.actor_name == (org.clerk.get_full_name() or org.clerk.get_username())

    service.update(actor=org.clerk, subject=subject, name="改名后的名称")
    updated = AuditEntry.objects.get(action=f"{spec.audit_prefix}.update")
    assert updated.data["changes"] == {"name": [created.data["changes"]["name"][1], "改名后的名称"]}
    assert subject.name == "改名后的名称"  # the caller's instance is refreshed

    service.update(actor=org.clerk, subject=subject, name="改名后的名称")  # no change, no row
    assert AuditEntry.objects.filter(action=f"{spec.audit_prefix}.update").count() == 1


@pytest.mark.django_db
@pytest.mark.parametrize("spec", SPECS, ids=spec_id)
def test_a_clerk_of_another_department_may_not_register_one(org, spec):
    domain = next(d for d in all_domains() if d.subject == spec)
    with pytest.raises(ActionForbidden) as caught:
        subject_service(spec).create(actor=org.other_clerk, **FIELDS[domain.code](org))
    noun = spec.noun
    assert caught.value.message == (
        f"您不是“{org.department.name}”的经办人，也不是{noun}所在区划的政务公开办，不能维护该{noun}。"
    )
    assert not spec.get_model().objects.exists()


@pytest.mark.django_db
def test_a_record_department_must_be_of_the_jurisdiction_or_above_or_below(org):
    spec = get_domain("projects").subject
    project = subject_service(spec).create(actor=org.clerk, **project_fields(org))
    elsewhere = JurisdictionFactory(name="邻县")
    department = org.department
    department.jurisdiction = elsewhere
    with pytest.raises(ValidationError) as caught:
        subject_service(spec).check_record_department(project, department)
    assert caught.value.message_dict["department"][0].startswith(f"“{department.name}”不属于项目所在区划")
    assert org.town.pk in related_jurisdiction_ids(org.county)
    assert org.county.pk in related_jurisdiction_ids(org.town)
    assert elsewhere.pk not in related_jurisdiction_ids(org.county)


def test_audit_values_and_changes_are_json():
    class Row:
        amount = Decimal("1.50")
        name = "新"

    assert audit_value(Decimal("1.50")) == "1.50"
    assert changes_between({"amount": Decimal("1.5"), "name": "旧"}, Row()) == {
        "amount": ["1.5", "1.50"],
        "name": ["旧", "新"],
    }


# --- the policy -----------------------------------------------------------------------------------
@pytest.mark.django_db
@pytest.mark.parametrize("spec", SPECS, ids=spec_id)
def test_a_citizen_sees_no_subject_in_the_staff_scope_and_only_public_ones_in_the_api(org, spec):
    domain = next(d for d in all_domains() if d.subject == spec)
    subject_service(spec).create(actor=org.clerk, **FIELDS[domain.code](org))
    citizen = UserFactory()
    policy = subject_policy(spec)
    assert not policy.visible(citizen).exists()
    assert not policy.api_visible(citizen).exists()  # no public record yet
    assert policy.visible(org.clerk).count() == 1
    assert policy.can_manage(org.clerk, spec.get_model().objects.get())
    assert not policy.can_manage(org.other_clerk, spec.get_model().objects.get())


# --- the admin mixin --------------------------------------------------------------------------------
@pytest.mark.django_db
def test_a_matter_offers_the_projects_its_user_sees_through_the_kernel(org, rf):
    matter_admin = admin.site._registry[ResourceMatter]
    assert isinstance(matter_admin, SubjectRecordsAdminMixin)
    assert matter_admin.record_domain == "resources"
    project = subject_service(get_domain("projects").subject).create(actor=org.clerk, **project_fields(org))
    request = rf.get("/")
    request.user = UserFactory()  # no department: sees no project
    field = matter_admin.formfield_for_foreignkey(ResourceMatter._meta.get_field("project"), request)
    assert project not in field.queryset
    request.user = org.clerk
    field = matter_admin.formfield_for_foreignkey(ResourceMatter._meta.get_field("project"), request)
    assert list(field.queryset) == [project]
    assert field.queryset.model is Project


def test_the_resources_domain_declares_its_blacklist_to_the_audit_scope():
    assert get_domain("resources").audit_scopes == (("blacklist.", "entry", "resources.policies.visible_blacklist"),)
    assert all(domain.name_list == "namelists.selectors.public_name_list" for domain in all_domains())
    assert [d.code for d in all_domains() if d.completeness_gaps] == ["projects"]


@pytest.mark.django_db
@pytest.mark.parametrize("spec", SPECS, ids=spec_id)
def test_the_admin_files_a_record_under_the_subjects_category_when_the_spec_has_one(org, spec):
    domain = next(d for d in all_domains() if d.subject == spec)
    subject = subject_service(spec).create(actor=org.clerk, **FIELDS[domain.code](org))
    subject_admin = admin.site._registry[spec.get_model()]
    kind, _label = subject_admin.record_kinds(subject)[0]
    entries = subject_admin.record_entries(subject)
    if spec.category_field:
        category = getattr(subject, spec.category_field)
        assert subject_admin.kind_to_category(subject, kind) == category
        assert set(entries.values_list("category", flat=True)) == {category}
    else:
        assert subject_admin.kind_to_category(subject, kind) == kind
        assert len(set(entries.values_list("category", flat=True))) > 1


# --- the API viewset base ------------------------------------------------------------------------------
@pytest.mark.django_db
@pytest.mark.parametrize("spec", SPECS, ids=spec_id)
def test_the_api_hides_a_subject_without_public_records_with_a_chinese_404(org, client, spec):
    domain = next(d for d in all_domains() if d.subject == spec)
    subject = subject_service(spec).create(actor=org.clerk, **FIELDS[domain.code](org))
    response = client.get(f"{API_LISTS[spec.name]}{subject.pk}/")
    assert response.status_code == 404
    assert response.json()["detail"] == f"没有找到该{spec.noun}，或该{spec.noun}尚无公开的信息。"
