"""Who may see and manage a welfare programme. One place, used by services, admin and API; the rules
are the kernel's (`disclosures.subject_policies`), named here for programmes.

A programme is a subject, not a record: its records follow the kernel's rules (each record's own
department). The programme itself is managed by a clerk of its 主管部门 or by the 政务公开办 of its
jurisdiction (or above). Staff see the programmes of their departments' jurisdictions and below, and
every programme with a record of one of their departments (财政局 finds the 民政局 programme whose
资金分配 it publishes).
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

from .models import Programme

__all__ = [
    "can_create_any",
    "can_manage",
    "can_manage_programme",
    "manageable_departments",
    "manageable_jurisdictions",
    "office_jurisdiction_ids",
    "staff_jurisdiction_ids",
    "visible_programmes",
]


def can_manage(user, *, department_id: int | None, jurisdiction_id: int | None) -> bool:
    """Create or change a programme of that department in that jurisdiction."""
    return can_manage_subject(user, department_id=department_id, jurisdiction_id=jurisdiction_id)


def can_manage_programme(user, programme: Programme) -> bool:
    return can_manage(user, department_id=programme.department_id, jurisdiction_id=programme.jurisdiction_id)


def visible_programmes(user) -> QuerySet[Programme]:
    """Programmes a staff user may open in the admin (and the staff API): see the module docstring."""
    queryset = Programme.objects.select_related("jurisdiction", "department")
    return visible_subjects(user, queryset, department_field="department", record_lookup="programme_link__programme")
