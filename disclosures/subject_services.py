"""
Writes of a domain subject (a project, a matter, a programme), once for every domain: create and update
with the field whitelist, the manage check and the audit diff. A domain's services call the service of
its `SubjectSpec` (`disclosures.subjects.subject_service`); a domain with rules of its own (where a
matter's 主管部门 may be) subclasses `SubjectService` and names the subclass in its spec.

A subject is not a record: its records are drafted by the domain's own `*_record_create`, which checks the
record's department with `check_record_department` and hands the record to the kernel.
"""

import datetime
import decimal
from functools import cached_property

from django.core.exceptions import ValidationError
from django.db import models, transaction

from core import audit
from core.caching import public_pages_changed
from core.exceptions import ActionForbidden
from core.models import AuditEntry
from organizations.models import Department, Jurisdiction

from .subject_policies import related_jurisdiction_ids
from .subjects import subject_policy


def audit_value(value):
    """A field's value as the audit row's JSON keeps it."""
    if isinstance(value, models.Model):
        return value.pk
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, decimal.Decimal):
        return str(value)
    return value


def audit_write(*, actor, action: str, data: dict) -> AuditEntry:
    """An audit row about no record (a subject, a 黑名单 entry, a job)."""
    return audit.record(None, action=action, actor=actor, data=data)


def editable_fields(model, *, bookkeeping=frozenset({"created_at", "updated_at"})) -> tuple[str, ...]:
    """What a clerk or the office fills in; the rest is the model's own bookkeeping."""
    return tuple(
        field.name
        for field in model._meta.concrete_fields
        if field.editable and not field.primary_key and field.name not in bookkeeping
    )


def check_fields(fields: dict, allowed: tuple[str, ...]) -> None:
    unknown = set(fields) - set(allowed)
    if unknown:
        raise ValidationError({name: ["该字段不可填写。"] for name in sorted(unknown)})


def changes_between(before: dict, instance) -> dict:
    """{field: [old, new]} of the fields whose value changed, as the audit row keeps them."""
    return {
        name: [audit_value(before[name]), audit_value(getattr(instance, name))]
        for name in before
        if audit_value(before[name]) != audit_value(getattr(instance, name))
    }


def copy_fields(source, target) -> None:
    for field in type(source)._meta.concrete_fields:
        setattr(target, field.attname, getattr(source, field.attname))


class SubjectService:
    """Create and update one domain's subject, as its `SubjectSpec` says."""

    def __init__(self, spec):
        self.spec = spec

    @cached_property
    def model(self):
        return self.spec.get_model()

    @cached_property
    def fields(self) -> tuple[str, ...]:
        return editable_fields(self.model)

    # --- hooks -------------------------------------------------------------------------------
    def clean(self, subject) -> None:
        """The model's rules; a domain adds where the subject's department may be."""
        subject.full_clean()

    def check_update(self, current, before: dict) -> None:
        """Rules about a change itself (a matter with records keeps its 领域)."""

    # --- the kernel's part -------------------------------------------------------------------
    def audit(self, *, actor, action: str, subject, changes: dict) -> AuditEntry:
        spec = self.spec
        data = {spec.name: subject.pk, **{fact: getattr(subject, fact) for fact in spec.audit_facts}, "changes": changes}
        return audit_write(actor=actor, action=f"{spec.audit_prefix}.{action}", data=data)

    def check_manage(self, actor, department: Department | None, jurisdiction: Jurisdiction | None) -> None:
        if actor is None:
            return  # system jobs and data migrations
        if not subject_policy(self.spec).can_manage_owner(
            actor, department_id=getattr(department, "pk", None), jurisdiction_id=getattr(jurisdiction, "pk", None)
        ):
            name = department.name if department is not None else "该单位"
            noun = self.spec.noun
            raise ActionForbidden(f"您不是“{name}”的经办人，也不是{noun}所在区划的政务公开办，不能维护该{noun}。")

    def create(self, *, actor, **fields):
        """Register a subject. The actor must be a clerk of its department or the office of its jurisdiction."""
        check_fields(fields, self.fields)
        department_field = self.spec.department_field
        with transaction.atomic():
            subject = self.model(**fields)
            if fields.get(department_field) is None:
                self.clean(subject)  # names the missing department before any right is checked
            self.check_manage(actor, fields.get(department_field), fields.get("jurisdiction"))
            self.clean(subject)
            subject.save()
            changes = {name: [None, audit_value(getattr(subject, name))] for name in fields}
            self.audit(actor=actor, action="create", subject=subject, changes=changes)
        return subject

    def update(self, *, actor, subject, **fields):
        """Change a subject's facts. Rights are checked on the stored subject, and again on the new
        department / jurisdiction when they change."""
        check_fields(fields, self.fields)
        department_field = self.spec.department_field
        with transaction.atomic():
            current = (
                self.model.objects.select_for_update()
                .select_related(department_field, "jurisdiction")
                .get(pk=subject.pk)
            )
            self.check_manage(actor, getattr(current, department_field), current.jurisdiction)
            before = {name: getattr(current, name) for name in fields}
            owner = (getattr(current, f"{department_field}_id"), current.jurisdiction_id)
            for name, value in fields.items():
                setattr(current, name, value)
            if (getattr(current, f"{department_field}_id"), current.jurisdiction_id) != owner:
                self.check_manage(
                    actor,
                    getattr(current, department_field) if getattr(current, f"{department_field}_id") else None,
                    current.jurisdiction if current.jurisdiction_id else None,
                )
            self.check_update(current, before)
            self.clean(current)
            current.save()
            public_pages_changed()
            changes = changes_between(before, current)
            if changes:
                self.audit(actor=actor, action="update", subject=current, changes=changes)
        copy_fields(current, subject)
        return subject

    def check_record_department(self, subject, department: Department) -> None:
        """A record about the subject is published by a department of its jurisdiction, above or below it
        (自然资源局 publishes the 征收土地 records of a 交通运输局 project)."""
        if department.jurisdiction_id not in related_jurisdiction_ids(subject.jurisdiction):
            noun = self.spec.noun
            raise ValidationError(
                {
                    "department": [
                        f"“{department.name}”不属于{noun}所在区划（{subject.jurisdiction.name}）或其上下级，"
                        f"不能公开该{noun}的信息。"
                    ]
                }
            )
