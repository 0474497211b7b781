"""Who may see and manage an allocation matter and a 黑名单 entry. One place, used by services, admin and
API; the matter rules are the kernel's (`disclosures.subject_policies`), named here for matters.

A matter is a subject, not a record: its records follow the kernel's rules (each record's own
department). The matter itself is managed by a clerk of its department (主管部门) or by the 政务公开办
of its jurisdiction (or above). Staff see the matters of their departments' jurisdictions and below,
and every matter with a record of one of their departments (the 公共资源交易中心 publishes the 出让结果
of a 自然资源局 matter).

A 黑名单 entry is entered and changed by a clerk of its 录入单位 or by the office over it; staff see the
entries of the departments they see.
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
from organizations.choices import Role
from organizations.selectors import user_scope

from .models import BlacklistEntry, ResourceMatter

__all__ = [
    "can_create_any",
    "can_manage",
    "can_manage_blacklist",
    "can_manage_entry",
    "can_manage_matter",
    "manageable_departments",
    "manageable_jurisdictions",
    "office_jurisdiction_ids",
    "staff_jurisdiction_ids",
    "visible_blacklist",
    "visible_matters",
]


def can_manage(user, *, department_id: int | None, jurisdiction_id: int | None) -> bool:
    """Create or change a matter of that department in that jurisdiction."""
    return can_manage_subject(user, department_id=department_id, jurisdiction_id=jurisdiction_id)


def can_manage_matter(user, matter: ResourceMatter) -> bool:
    return can_manage(user, department_id=matter.department_id, jurisdiction_id=matter.jurisdiction_id)


def visible_matters(user) -> QuerySet[ResourceMatter]:
    """Matters a staff user may open in the admin (and the staff API): see the module docstring."""
    queryset = ResourceMatter.objects.select_related("jurisdiction", "department")
    return visible_subjects(user, queryset, department_field="department", record_lookup="matter_link__matter")


# ---------------------------------------------------------------------------------------------
# 黑名单
# ---------------------------------------------------------------------------------------------
def can_manage_blacklist(user, *, department_id: int | None) -> bool:
    """Enter or change an entry of that 录入单位: its clerk, or the office over it."""
    scope = user_scope(user)
    if scope.is_superuser:
        return True
    return department_id is not None and (scope.has_role(department_id, Role.CLERK) or scope.oversees(department_id))


def can_manage_entry(user, entry: BlacklistEntry) -> bool:
    return can_manage_blacklist(user, department_id=entry.department_id)


def visible_blacklist(user) -> QuerySet[BlacklistEntry]:
    """Entries a staff user may open (in force or not): those of the departments they see."""
    queryset = BlacklistEntry.objects.select_related("department")
    scope = user_scope(user)
    if scope.is_superuser:
        return queryset
    if not scope.is_staff_member:
        return queryset.none()
    return queryset.filter(department_id__in=scope.visible_department_ids)
