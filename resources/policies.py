"""Who may see and manage an allocation matter and a 黑名单 entry. One place, used by services, admin and API.

A matter is a subject, not a record: its records follow the kernel's rules (each record's own
department). The matter itself is managed by a clerk of its department (主管部门) or by the 政务公开办
of its jurisdiction (or above). Staff see the matters of their departments' jurisdictions and below,
and every matter with a record of one of their departments (the 公共资源交易中心 publishes the 出让结果
of a 自然资源局 matter).

A 黑名单 entry is entered and changed by a clerk of its 录入单位 or by the office over it; staff see the
entries of the departments they see.
"""

from django.db.models import Exists, OuterRef, Q, QuerySet

from disclosures.models import Disclosure
from organizations.choices import Role
from organizations.models import Department, Jurisdiction
from organizations.selectors import user_scope
from projects.policies import office_jurisdiction_ids, staff_jurisdiction_ids

from .models import BlacklistEntry, ResourceMatter


def _with_descendants(jurisdiction_ids) -> frozenset[int]:
    ids = set(jurisdiction_ids)
    frontier = set(ids)
    while frontier:
        frontier = set(Jurisdiction.objects.filter(parent_id__in=frontier).values_list("pk", flat=True)) - ids
        ids |= frontier
    return frozenset(ids)


def can_manage(user, *, department_id: int | None, jurisdiction_id: int | None) -> bool:
    """Create or change a matter of that department in that jurisdiction."""
    scope = user_scope(user)
    if scope.is_superuser:
        return True
    if department_id is not None and (scope.has_role(department_id, Role.CLERK) or scope.oversees(department_id)):
        return True
    return jurisdiction_id is not None and jurisdiction_id in office_jurisdiction_ids(user)


def can_manage_matter(user, matter: ResourceMatter) -> bool:
    return can_manage(user, department_id=matter.department_id, jurisdiction_id=matter.jurisdiction_id)


def can_create_any(user) -> bool:
    scope = user_scope(user)
    return scope.is_superuser or bool(scope.departments_with(Role.CLERK)) or bool(scope.office_department_ids)


def visible_matters(user) -> QuerySet[ResourceMatter]:
    """Matters a staff user may open in the admin (and the staff API): see the module docstring."""
    queryset = ResourceMatter.objects.select_related("jurisdiction", "department")
    scope = user_scope(user)
    if scope.is_superuser:
        return queryset
    if not scope.is_staff_member:
        return queryset.none()
    departments = scope.visible_department_ids
    with_record = Disclosure.objects.filter(matter_link__matter=OuterRef("pk"), department_id__in=departments)
    return queryset.filter(
        Q(department_id__in=departments) | Q(jurisdiction_id__in=staff_jurisdiction_ids(user)) | Exists(with_record)
    )


def manageable_departments(user) -> QuerySet[Department]:
    """Departments the user may name as a matter's 主管部门 (or a 黑名单 entry's 录入单位)."""
    queryset = Department.objects.select_related("jurisdiction")
    scope = user_scope(user)
    if scope.is_superuser:
        return queryset
    return queryset.filter(
        Q(pk__in=scope.departments_with(Role.CLERK) | set(scope.office_department_ids))
        | Q(jurisdiction_id__in=office_jurisdiction_ids(user))
    )


def manageable_jurisdictions(user) -> QuerySet[Jurisdiction]:
    """Jurisdictions a matter the user manages may be located in (its department's, or below)."""
    scope = user_scope(user)
    if scope.is_superuser:
        return Jurisdiction.objects.all()
    own = manageable_departments(user).values_list("jurisdiction_id", flat=True)
    return Jurisdiction.objects.filter(pk__in=_with_descendants(own))


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
