"""Who may see and manage a 黑名单 entry. (A matter's rules are the kernel's subject policy,
`disclosures.subject_policies.SubjectPolicy`, as `MATTER` in apps.py declares it.)

A 黑名单 entry is entered and changed by a clerk of its 录入单位 or by the office over it; staff see the
entries of the departments they see.
"""

from django.db.models import QuerySet

from disclosures.subject_policies import can_create_any, manageable_departments
from organizations.choices import Role
from organizations.selectors import user_scope

from .models import BlacklistEntry

__all__ = ["can_create_any", "can_manage_blacklist", "can_manage_entry", "manageable_departments", "visible_blacklist"]


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
