"""Records about a domain's subject, built from its `SubjectSpec` alone, for the contracts and the domains' test
builders: drafted through the domain's record service (`draft_about`, the path clerks take, for the service
factories), or made by the kernel (`disclosures.tests.factories`) and linked to the subject with the spec's
link model directly (the page builders, so that page tests do not depend on the domain's record service)."""

import datetime

from django.utils import timezone

from core.domains import Domain, all_domains
from disclosures import services
from disclosures.choices import DisclosureMode
from disclosures.models import Disclosure
from disclosures.tests.factories import draft, in_state, published, record_defaults
from organizations.choices import JurisdictionLevel, Role
from organizations.tests.factories import DepartmentFactory, JurisdictionFactory, member

# The states a record is in before the public may see it (and after, for a withdrawn one).
NOT_PUBLIC = ("draft", "submitted", "reviewed", "approved", "withdrawn")


def another_county_department(name: str = "邻县某局", code: str = "LXMJ", **fields):
    """A department of 邻县, a county that is neither the conftest county nor above or below it."""
    elsewhere = JurisdictionFactory(name="邻县", code="LX", level=JurisdictionLevel.COUNTY)
    return DepartmentFactory(jurisdiction=elsewhere, name=name, code=code, **fields)


def domain_of(spec) -> Domain:
    return next(domain for domain in all_domains() if domain.subject == spec)


def link_model(spec):
    """The model that links a record to the subject (`ProjectRecord`): the first step of `record_lookup`."""
    return Disclosure._meta.get_field(spec.record_lookup.split("__")[0]).related_model


def link(spec, subject, record: Disclosure) -> Disclosure:
    link_model(spec).objects.create(**{spec.name: subject, "disclosure": record})
    return record


def about(spec, subject, fields: dict) -> dict:
    """`fields` of a record about `subject`: of its domain, and of its category if the subject fixes one."""
    fields.setdefault("domain", domain_of(spec).code)
    if spec.category_field:
        fields.setdefault("category", getattr(subject, spec.category_field))
    return fields


def draft_about(spec, org, subject, *, actor=None, department=None, **fields) -> Disclosure:
    """A draft about `subject` by the domain's record service (of the org's clerk and department unless told)."""
    return spec.create_record(
        actor=actor or org.clerk, subject=subject, department=department or org.department,
        **fields, **_required_by_the_services(spec, subject, fields),
    )


def _required_by_the_services(spec, subject, fields: dict) -> dict:
    """The withholding reason and catalogue entry `record_defaults` would add for a record about `subject`
    (only those: the domain's service derives the rest from the subject)."""
    completed = record_defaults(about(spec, subject, dict(fields)))
    return {key: completed[key] for key in ("withholding_reason", "catalogue_entry") if key in completed and key not in fields}


def publish(record: Disclosure, *, clerk, reviewer, signer) -> Disclosure:
    """`record` taken through the kernel's workflow: submitted, reviewed and signed."""
    services.disclosure_submit(disclosure=record, actor=clerk)
    services.disclosure_review(disclosure=record, actor=reviewer)
    services.disclosure_sign(disclosure=record, actor=signer)
    record.refresh_from_db()
    return record


def publish_in_town(org, record: Disclosure) -> Disclosure:
    """A record of the town department (`org.town_department`) published by its clerk, reviewer and signer."""
    reviewer = member(org.town_department, Role.REVIEWER, "town_reviewer")
    signer = member(org.town_department, Role.SIGNER, "town_signer")
    return publish(record, clerk=org.town_clerk, reviewer=reviewer, signer=signer)


def public_record(spec, org, subject, **fields) -> Disclosure:
    return link(spec, subject, published(org, **about(spec, subject, fields)))


def record_in_state(spec, org, subject, status: str, **fields) -> Disclosure:
    return link(spec, subject, in_state(org, status, **about(spec, subject, fields)))


def overdue(record: Disclosure) -> Disclosure:
    """`record` (unpublished) with its due date passed."""
    Disclosure.objects.filter(pk=record.pk).update(due_on=timezone.localdate() - datetime.timedelta(days=3))
    record.refresh_from_db()
    return record


def overdue_record(spec, org, subject, *, actor=None, department=None, **fields) -> Disclosure:
    """An unpublished draft (of the org's department unless told) whose due date has passed."""
    record = draft(actor or org.clerk, department or org.department, **about(spec, subject, fields))
    return overdue(link(spec, subject, record))


def private_records(spec, org, subject, **fields) -> list[str]:
    """Records about `subject` of every kind the public may not see — in each unpublished state, overdue,
    published but 不予公开 — with `fields`; returns their titles."""
    titles = []
    for status in NOT_PUBLIC:
        title = f"保密标题Qx{status}Z"
        record_in_state(spec, org, subject, status, **fields, title=title)
        titles.append(title)
    overdue_record(spec, org, subject, **fields, title="保密标题QxOverdueZ")
    public_record(spec, org, subject, **fields, title="保密标题QxWithheldZ",
                  disclosure_mode=DisclosureMode.NOT_DISCLOSED, mode_reason="涉及国家秘密")
    return titles + ["保密标题QxOverdueZ", "保密标题QxWithheldZ"]
