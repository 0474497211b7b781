"""
Writes of the projects domain. The admin, the API and the demo call these; nothing else saves a
`Project` or a `ProjectRecord`.

A project's records are rows of the kernel's publication table: `project_record_create` drafts one
through `disclosures.services.disclosure_create` (so its deadline, workflow and permissions follow
its own department, 谁批准谁公开), checks it against the project, and links it — in one transaction.
"""

import datetime
import decimal

from django.core.exceptions import ValidationError
from django.db import models, transaction

from disclosures import services as disclosure_services
from disclosures.caching import public_pages_changed
from disclosures.exceptions import ActionForbidden
from disclosures.models import AuditEntry, Disclosure
from disclosures.subject_policies import with_descendants
from organizations.models import Department, Jurisdiction

from . import policies
from .forms import validate_record_against_project
from .models import Project, ProjectRecord

DOMAIN = "projects"

# What a clerk or the office fills in; the rest is the model's own bookkeeping.
PROJECT_FIELDS = tuple(
    field.name
    for field in Project._meta.concrete_fields
    if field.editable and not field.primary_key and field.name not in {"created_at", "updated_at"}
)


def _json(value):
    if isinstance(value, models.Model):
        return value.pk
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, decimal.Decimal):
        return str(value)
    return value


def _audit(*, actor, action: str, project: Project, changes: dict) -> AuditEntry:
    return AuditEntry.objects.create(
        disclosure=None,
        action=f"project.{action}",
        actor=actor,
        actor_name=(actor.get_full_name() or actor.get_username()) if actor else "系统",
        data={"project": project.pk, "code": project.code, "changes": changes},
    )


def _check_fields(fields: dict) -> None:
    unknown = set(fields) - set(PROJECT_FIELDS)
    if unknown:
        raise ValidationError({name: ["该字段不可填写。"] for name in sorted(unknown)})


def _check_manage(actor, lead_department: Department | None, jurisdiction: Jurisdiction | None) -> None:
    if actor is None:
        return  # system jobs and data migrations
    if not policies.can_manage(
        actor,
        lead_department_id=getattr(lead_department, "pk", None),
        jurisdiction_id=getattr(jurisdiction, "pk", None),
    ):
        name = lead_department.name if lead_department is not None else "该单位"
        raise ActionForbidden(f"您不是“{name}”的经办人，也不是项目所在区划的政务公开办，不能维护该项目。")


@transaction.atomic
def project_create(*, actor, **fields) -> Project:
    """Register a project. The actor must be a clerk of its lead department or the office of its jurisdiction."""
    _check_fields(fields)
    project = Project(**fields)
    if fields.get("lead_department") is None:
        project.full_clean()  # names the missing lead department before any right is checked
    _check_manage(actor, fields.get("lead_department"), fields.get("jurisdiction"))
    project.full_clean()
    project.save()
    _audit(actor=actor, action="create", project=project, changes={n: [None, _json(getattr(project, n))] for n in fields})
    return project


@transaction.atomic
def project_update(*, actor, project: Project, **fields) -> Project:
    """Change a project's facts (phase, dates, investment…). Rights are checked on the stored project,
    and again on the new lead department / jurisdiction when they change."""
    _check_fields(fields)
    current = Project.objects.select_for_update().select_related("lead_department", "jurisdiction").get(pk=project.pk)
    _check_manage(actor, current.lead_department, current.jurisdiction)
    before = {name: getattr(current, name) for name in fields}
    owner = (current.lead_department_id, current.jurisdiction_id)
    for name, value in fields.items():
        setattr(current, name, value)
    if (current.lead_department_id, current.jurisdiction_id) != owner:
        _check_manage(
            actor,
            current.lead_department if current.lead_department_id else None,
            current.jurisdiction if current.jurisdiction_id else None,
        )
    current.full_clean()
    current.save()
    public_pages_changed()
    changes = {
        name: [_json(before[name]), _json(getattr(current, name))]
        for name in fields
        if _json(before[name]) != _json(getattr(current, name))
    }
    if changes:
        _audit(actor=actor, action="update", project=current, changes=changes)
    for field in Project._meta.concrete_fields:
        setattr(project, field.attname, getattr(current, field.attname))
    return project


def _related_jurisdictions(jurisdiction: Jurisdiction) -> set[int]:
    """The jurisdiction, its ancestors and its descendants: where a department may publish about a project there."""
    ids = set(with_descendants([jurisdiction.pk]))
    ancestor = jurisdiction.parent
    while ancestor is not None:
        ids.add(ancestor.pk)
        ancestor = ancestor.parent
    return ids


@transaction.atomic
def project_record_create(*, actor, project: Project, department: Department, **disclosure_fields) -> Disclosure:
    """Draft a record of one of the nine categories about `project`, owned by `department`.

    The department need not be the project's lead department (自然资源局 publishes the 征收土地 records
    of a 交通运输局 project): the record's deadline, workflow and permissions are its own department's.
    Raises the kernel's field errors (`details.<field>` for the category's structured fields) and
    saves nothing when anything is wrong.
    """
    if department.jurisdiction_id not in _related_jurisdictions(project.jurisdiction):
        raise ValidationError(
            {"department": [f"“{department.name}”不属于项目所在区划（{project.jurisdiction.name}）或其上下级，不能公开该项目的信息。"]}
        )

    def link(record: Disclosure) -> None:
        validate_record_against_project(project, record.category, record.details)
        ProjectRecord.objects.create(project=project, disclosure=record)

    return disclosure_services.disclosure_create_about(
        actor=actor, department=department, subject_domain=DOMAIN, link=link, **disclosure_fields
    )
