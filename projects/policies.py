"""Who may see and manage a major project. One place, used by services, admin and API; the rules are
the kernel's (`disclosures.subject_policies`), named here for projects.

A project is a subject, not a record: its records follow the kernel's rules (each record's own
department). The project itself is managed by a clerk of its lead department or by the 政务公开办
of its jurisdiction (or above). Staff see the projects of their departments' jurisdictions and
below, and every project with a record of one of their departments (谁批准谁公开: 自然资源局 finds
the 交通运输局 project it publishes 征收土地 records for).
"""

from django.db.models import QuerySet

from disclosures.subject_policies import (
    can_create_any,
    can_manage_subject,
    manageable_departments,
    manageable_jurisdictions,
    office_jurisdiction_ids,
    staff_jurisdiction_ids,
    visible_subjects,
)

from .models import Project

__all__ = [
    "can_create_any",
    "can_manage",
    "can_manage_project",
    "manageable_departments",
    "manageable_jurisdictions",
    "office_jurisdiction_ids",
    "staff_jurisdiction_ids",
    "visible_projects",
]


def can_manage(user, *, lead_department_id: int | None, jurisdiction_id: int | None) -> bool:
    """Create or change a project led by that department in that jurisdiction."""
    return can_manage_subject(user, department_id=lead_department_id, jurisdiction_id=jurisdiction_id)


def can_manage_project(user, project: Project) -> bool:
    return can_manage(user, lead_department_id=project.lead_department_id, jurisdiction_id=project.jurisdiction_id)


def visible_projects(user) -> QuerySet[Project]:
    """Projects a staff user may open in the admin (and the staff API): see the module docstring."""
    queryset = Project.objects.select_related("jurisdiction", "lead_department")
    return visible_subjects(user, queryset, department_field="lead_department", record_lookup="project_link__project")
