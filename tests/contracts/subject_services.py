"""The contract of a domain's subject services (`<subject>_create`, `<subject>_update`, `<subject>_record_create`):
who may register and change a subject, and records of several departments about one subject (谁批准谁公开:
each record's deadline and rights are its own department's).

A domain's test class inherits `SubjectServicesContract` and declares:
- its `domain` code (tests/contracts/domain.py): the subject's `SubjectSpec` gives its name, department field,
  audit prefix and noun; its `services` have `<name>_create(*, actor, **fields)` and `<name>_update(*, actor,
  <name>, **fields)`, its `factories` build through them (`<name>_fields(org, **overrides)`, `make_<name>(org,
  actor=None, **overrides)`, `make_record(org, subject, *, actor=None, department=None, **fields)`);
- `created_audit` (facts of the create row besides the id) and `created_change` (field, [None, value]);
- `department_above`: the message when the subject's department is below its jurisdiction;
- `update_fields` with `update_changes` (field: [old, new] of the audit row), `office_update` (field: value),
  `invalid_update` on a subject made with `invalid_update_subject`, refused with `invalid_update_error`
  ((field, messages), or (field, None) when only the field is named);
- the records it drafts: `drafted` (fields) of category `drafted_category`, checked further by `check_draft`;
  `other_department_record` (fields of a record another department publishes about the subject);
  `town_record` (a town department's record about a county subject made with `town_subject`);
  `invalid_details` refused with `invalid_details_error` ((`details.<field>`, messages)).
"""

import datetime

import pytest
from django.core.exceptions import ValidationError

from catalogue.models import CatalogueEntry
from core.domains import all_domains
from core.exceptions import ActionForbidden
from core.models import AuditEntry
from disclosures import deadlines
from disclosures import services as disclosure_services
from disclosures.choices import Status
from disclosures.models import Disclosure
from organizations.choices import JurisdictionLevel, Role
from organizations.tests.factories import DepartmentFactory, JurisdictionFactory, member

from .domain import DomainTestCase
from .records import another_county_department, domain_of, link_model


@pytest.mark.django_db
class SubjectServicesContract(DomainTestCase):
    created_audit: dict = {}
    created_change: tuple[str, list]
    department_above: str
    update_fields: dict
    update_changes: dict
    office_update: dict
    invalid_update_subject: dict = {}
    invalid_update: dict
    invalid_update_error: tuple[str, list[str] | None]
    drafted: dict = {}
    drafted_category: str
    other_department_record: dict = {}
    town_subject: dict = {}
    town_record: dict = {}
    invalid_details: dict
    invalid_details_error: tuple[str, list[str]]

    def create(self, *, actor, **fields):
        return getattr(self.services, f"{self.spec.name}_create")(actor=actor, **fields)

    def update_subject(self, actor, subject, **fields):
        return getattr(self.services, f"{self.spec.name}_update")(actor=actor, **{self.spec.name: subject}, **fields)

    def subject_fields(self, org, **overrides) -> dict:
        return getattr(self.factories, f"{self.spec.name}_fields")(org, **overrides)

    def make_subject(self, org, actor=None, **overrides):
        return getattr(self.factories, f"make_{self.spec.name}")(org, actor, **overrides)

    def make_record(self, org, subject, **fields):
        return self.factories.make_record(org, subject, **fields)

    def check_draft(self, record) -> None:
        """What else the domain knows of a record drafted with `drafted`."""

    # --- helpers ---------------------------------------------------------------------------------
    @property
    def model(self):
        return self.spec.get_model()

    @property
    def links(self):
        return link_model(self.spec).objects

    def owned_by(self, department) -> dict:
        return {self.spec.department_field: department}

    # --- create ----------------------------------------------------------------------------------
    def test_a_clerk_of_the_department_registers_one(self, org):
        subject = self.make_subject(org, actor=org.clerk, name="测试登记的主体")
        assert self.model.objects.get().name == "测试登记的主体"
        audit = AuditEntry.objects.get(action=f"{self.spec.audit_prefix}.create")
        assert audit.actor == org.clerk and audit.subject is None
        assert audit.data[self.spec.name] == subject.pk
        for fact, value in self.created_audit.items():
            assert audit.data[fact] == value, fact
        field, change = self.created_change
        assert audit.data["changes"][field] == change

    def test_the_office_registers_one_of_any_department_of_its_jurisdiction_and_below(self, org):
        self.make_subject(org, actor=org.office, **self.owned_by(org.other_department))
        self.make_subject(org, actor=org.office, jurisdiction=org.town, **self.owned_by(org.town_department))
        assert self.model.objects.count() == 2

    @pytest.mark.parametrize("who", ["other_clerk", "reviewer", "signer", "town_clerk"])
    def test_others_may_not_register_one_for_the_department(self, org, who):
        with pytest.raises(ActionForbidden, match=f"不能维护该{self.spec.noun}"):
            self.make_subject(org, actor=getattr(org, who))
        assert not self.model.objects.exists()
        assert not AuditEntry.objects.filter(action__startswith=f"{self.spec.audit_prefix}.").exists()

    def test_an_office_of_another_county_may_not_register_one_here(self, org):
        office = member(another_county_department(is_office=True), Role.OFFICE, "office_lx")
        with pytest.raises(ActionForbidden):
            self.make_subject(org, actor=office)
        assert not self.model.objects.exists()

    def test_a_missing_department_is_a_field_error_not_a_refusal(self, org):
        with pytest.raises(ValidationError) as caught:
            self.create(actor=org.clerk, **self.subject_fields(org, **self.owned_by(None)))
        assert self.spec.department_field in caught.value.message_dict

    def test_unknown_fields_are_refused(self, org):
        with pytest.raises(ValidationError) as caught:
            self.create(actor=org.clerk, **self.subject_fields(org), created_at="2020-01-01")
        assert caught.value.message_dict == {"created_at": ["该字段不可填写。"]}

    def test_the_department_must_be_of_the_jurisdiction_or_above(self, org):
        with pytest.raises(ValidationError) as caught:
            self.make_subject(org, actor=org.office, jurisdiction=org.county, **self.owned_by(org.town_department))
        assert caught.value.message_dict[self.spec.department_field] == [self.department_above]
        assert not self.model.objects.exists()
        # A county department for a town's subject (县民政局 for a town) is above it.
        self.make_subject(org, actor=org.office, jurisdiction=org.town, **self.owned_by(org.department))

    # --- update ----------------------------------------------------------------------------------
    def test_the_clerk_updates_it_and_it_is_audited(self, org):
        subject = self.make_subject(org)
        self.update_subject(org.clerk, subject, **self.update_fields)
        subject.refresh_from_db()
        for field, value in self.update_fields.items():
            assert getattr(subject, field) == value, field
        changes = AuditEntry.objects.get(action=f"{self.spec.audit_prefix}.update").data["changes"]
        assert set(changes) <= set(self.update_fields)
        for field, change in self.update_changes.items():
            assert changes[field] == change, field

    def test_the_office_may_update_any_of_its_jurisdiction(self, org):
        subject = self.make_subject(org)
        self.update_subject(org.office, subject, **self.office_update)
        stored = self.model.objects.get()
        for field, value in self.office_update.items():
            assert getattr(stored, field) == value, field

    def test_another_department_may_not_update_it(self, org):
        subject = self.make_subject(org)
        with pytest.raises(ActionForbidden):
            self.update_subject(org.other_clerk, subject, name="改名")
        assert self.model.objects.get().name == subject.name

    def test_a_clerk_may_not_hand_it_to_a_department_they_do_not_work_in(self, org):
        subject = self.make_subject(org)
        with pytest.raises(ActionForbidden):
            self.update_subject(org.clerk, subject, **self.owned_by(org.other_department))
        assert getattr(self.model.objects.get(), self.spec.department_field) == org.department

    def test_rights_are_checked_on_the_stored_subject_not_the_callers_copy(self, org):
        subject = self.make_subject(org, actor=org.other_clerk, **self.owned_by(org.other_department))
        setattr(subject, self.spec.department_field, org.department)  # what a tampered form would hand over
        with pytest.raises(ActionForbidden):
            self.update_subject(org.clerk, subject, name="改名")
        assert self.model.objects.get().name == subject.name

    def test_an_invalid_update_saves_nothing(self, org):
        subject = self.make_subject(org, **self.invalid_update_subject)
        before = {field: getattr(subject, field) for field in self.invalid_update}
        with pytest.raises(ValidationError) as caught:
            self.update_subject(org.clerk, subject, **self.invalid_update)
        field, messages = self.invalid_update_error
        assert field in caught.value.message_dict
        if messages is not None:
            assert caught.value.message_dict[field] == messages
        stored = self.model.objects.get()
        assert {field: getattr(stored, field) for field in self.invalid_update} == before
        assert not AuditEntry.objects.filter(action=f"{self.spec.audit_prefix}.update").exists()

    # --- records about it ------------------------------------------------------------------------
    def test_a_record_is_drafted_through_the_kernel_and_linked(self, org):
        subject = self.make_subject(org)
        record = self.make_record(org, subject, **self.drafted)
        assert record.status == Status.DRAFT
        assert record.domain == domain_of(self.spec).code and record.category == self.drafted_category
        assert record.catalogue_entry is not None and record.due_on is not None
        assert getattr(self.links.get(), self.spec.name) == subject
        assert AuditEntry.objects.filter(disclosure=record, action="disclosure.create").exists()
        self.check_draft(record)

    def test_another_department_publishes_about_it_in_its_own_workflow(self, org):
        """自然资源局 publishes the 征收土地 records of a project it does not lead: its own rights and workflow."""
        subject = self.make_subject(org)
        record = self.make_record(
            org, subject, actor=org.other_clerk, department=org.other_department, **self.other_department_record
        )
        assert record.department == org.other_department
        assert list(Disclosure.objects.filter(**{self.spec.record_lookup: subject})) == [record]
        # The subject's department has no hand in it ...
        with pytest.raises(ActionForbidden):
            disclosure_services.disclosure_submit(disclosure=record, actor=org.clerk)
        with pytest.raises(ActionForbidden):
            disclosure_services.disclosure_update(
                disclosure=record, actor=org.clerk, expected_version=record.lock_version, title="改"
            )
        # ... the record's own department does.
        disclosure_services.disclosure_submit(disclosure=record, actor=org.other_clerk)
        assert Disclosure.objects.get().status == Status.SUBMITTED
        with pytest.raises(ActionForbidden):
            disclosure_services.disclosure_review(disclosure=record, actor=org.reviewer)
        disclosure_services.disclosure_review(disclosure=record, actor=org.other_reviewer)
        assert Disclosure.objects.get().status == Status.REVIEWED

    def test_the_deadline_follows_the_records_own_department(self, org):
        """A town department's record about a county subject is due under the town's 5-day rule."""
        org.county.deadline_days = 20
        org.county.save()
        org.town.deadline_days = 5
        org.town.save()
        subject = self.make_subject(org, **self.town_subject)
        formed_on = datetime.date.today() - datetime.timedelta(days=1)
        town_record = self.make_record(
            org, subject, actor=org.town_clerk, department=org.town_department, formed_on=formed_on, **self.town_record
        )
        county_record = self.make_record(org, subject, formed_on=formed_on, **self.town_record)
        assert set(Disclosure.objects.filter(**{self.spec.record_lookup: subject})) == {town_record, county_record}
        entry = town_record.catalogue_entry
        assert town_record.deadline_days == 5
        assert town_record.due_on == deadlines.compute_due(jurisdiction=org.town, entry=entry, formed_on=formed_on).due_on
        assert county_record.deadline_days == 20
        assert town_record.due_on < county_record.due_on

    def test_a_clerk_may_not_draft_for_a_department_they_do_not_work_in(self, org):
        subject = self.make_subject(org)
        with pytest.raises(ActionForbidden):
            self.make_record(org, subject, actor=org.clerk, department=org.other_department)
        assert not Disclosure.objects.exists() and not self.links.exists()

    def test_a_department_of_an_unrelated_jurisdiction_may_not_publish_about_it(self, org):
        department = another_county_department()
        clerk = member(department, Role.CLERK, "clerk_lx")
        subject = self.make_subject(org)
        with pytest.raises(ValidationError) as caught:
            self.make_record(org, subject, actor=clerk, department=department)
        assert f"不属于{self.spec.noun}所在区划" in caught.value.message_dict["department"][0]
        assert not Disclosure.objects.exists()

    def test_a_prefecture_department_may_publish_about_a_county_subject(self, org):
        prefecture = JurisdictionFactory(name="测试州", code="TZ", level=JurisdictionLevel.PREFECTURE)
        org.county.parent = prefecture
        org.county.save()
        department = DepartmentFactory(jurisdiction=prefecture, name="测试州生态环境局", code="TZSTHJ")
        clerk = member(department, Role.CLERK, "clerk_tz")
        subject = self.make_subject(org)
        record = self.make_record(org, subject, actor=clerk, department=department)
        assert getattr(self.links.get(disclosure=record), self.spec.name) == subject

    def test_a_record_of_another_domain_is_refused(self, org):
        own = domain_of(self.spec)
        other = next(domain for domain in all_domains() if domain != own)
        subject = self.make_subject(org)
        with pytest.raises(ValidationError) as caught:
            self.make_record(org, subject, domain=other.code)
        assert own.label in caught.value.message_dict["domain"][0]
        entry = CatalogueEntry.objects.filter(domain=other.code).first()
        with pytest.raises(ValidationError) as caught:
            self.make_record(org, subject, catalogue_entry=entry)
        assert "catalogue_entry" in caught.value.message_dict
        assert not Disclosure.objects.exists() and not self.links.exists()

    def test_invalid_structured_fields_save_nothing(self, org):
        subject = self.make_subject(org)
        with pytest.raises(ValidationError) as caught:
            self.make_record(org, subject, **self.invalid_details)
        field, messages = self.invalid_details_error
        assert caught.value.message_dict[field] == messages
        assert not Disclosure.objects.exists()
        assert not self.links.exists()
        assert not AuditEntry.objects.filter(action="disclosure.create").exists()
