"""
Writes of the projects domain. The admin, the API and the demo call these; nothing else saves a
`Project` or a `ProjectRecord`.

A project is saved by the kernel's subject service (`disclosures.subject_services`, as `PROJECT` in
`apps.py` declares it: the field whitelist, the manage check, the audit rows `project.create/update`).
A project's records are rows of the kernel's publication table: `project_record_create` drafts one
through `disclosures.services.disclosure_create_about` (so its deadline, workflow and permissions follow
its own department, 谁批准谁公开), checks it against the project, and links it — in one transaction.
"""

from django.db import transaction

from disclosures import services as disclosure_services
from disclosures.models import Disclosure
from disclosures.subjects import subject_service
from organizations.models import Department

from .apps import PROJECT
from .forms import validate_record_against_project
from .models import Project, ProjectRecord

DOMAIN = "projects"
SERVICE = subject_service(PROJECT)
PROJECT_FIELDS = SERVICE.fields


def project_create(*, actor, **fields) -> Project:
    """Register a project. The actor must be a clerk of its lead department or the office of its jurisdiction."""
    return SERVICE.create(actor=actor, **fields)


def project_update(*, actor, project: Project, **fields) -> Project:
    """Change a project's facts (phase, dates, investment…), rights checked as `SubjectService.update` says."""
    return SERVICE.update(actor=actor, subject=project, **fields)


@transaction.atomic
def project_record_create(*, actor, project: Project, department: Department, **disclosure_fields) -> Disclosure:
    """Draft a record of one of the nine categories about `project`, owned by `department`.

    The department need not be the project's lead department (自然资源局 publishes the 征收土地 records
    of a 交通运输局 project): the record's deadline, workflow and permissions are its own department's.
    Raises the kernel's field errors (`details.<field>` for the category's structured fields) and
    saves nothing when anything is wrong.
    """
    SERVICE.check_record_department(project, department)

    def link(record: Disclosure) -> None:
        validate_record_against_project(project, record.category, record.details)
        ProjectRecord.objects.create(project=project, disclosure=record)

    return disclosure_services.disclosure_create_about(
        actor=actor, department=department, subject_domain=DOMAIN, link=link, **disclosure_fields
    )
