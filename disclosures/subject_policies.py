"""Who may see and manage a domain subject (a project, a matter, a programme). One place, used by
the three domain apps' `policies` modules, which name their own subject's functions on top of it.

A subject is not a record: its records follow the kernel's rules (each record's own department).
The subject itself is managed by a clerk of its department (牵头/主管部门) or by the 政务公开办 of its
jurisdiction (or above). Staff see the subjects of their departments' jurisdictions and below, and
every subject with a record of one of their departments.
"""

from django.db.models import Exists, OuterRef, Q, QuerySet

from organizations.choices import Role
from organizations.models import Department, Jurisdiction, Membership
from organizations.selectors import user_scope

from .models import Disclosure


def with_descendants(jurisdiction_ids) -> frozenset[int]:
    ids = set(jurisdiction_ids)
    frontier = set(ids)
    while frontier:
        frontier = set(Jurisdiction.objects.filter(parent_id__in=frontier).values_list("pk", flat=True)) - ids
        ids |= frontier
    return frozenset(ids)


def office_jurisdiction_ids(user) -> frozenset[int]:
    """Jurisdictions whose 政务公开办 the user belongs to, and every jurisdiction below them."""
    if not user_scope(user).office_department_ids:
        return frozenset()
    cached = getattr(user, "_portal_office_jurisdictions", None)
    if cached is None:
        cached = with_descendants(
            Membership.objects.filter(user=user, role=Role.OFFICE).values_list("department__jurisdiction_id", flat=True)
        )
        user._portal_office_jurisdictions = cached
    return cached


def staff_jurisdiction_ids(user) -> frozenset[int]:
    """Jurisdictions of the user's departments (any role) and below, plus the office's."""
    scope = user_scope(user)
    if not scope.roles:
        return frozenset()
    cached = getattr(user, "_portal_staff_jurisdictions", None)
    if cached is None:
        own = Department.objects.filter(pk__in=scope.roles).values_list("jurisdiction_id", flat=True)
        cached = with_descendants(own) | office_jurisdiction_ids(user)
        user._portal_staff_jurisdictions = cached
    return cached


def can_manage_subject(user, *, department_id: int | None, jurisdiction_id: int | None) -> bool:
    """Create or change a subject of that department in that jurisdiction."""
    scope = user_scope(user)
    if scope.is_superuser:
        return True
    if department_id is not None and (scope.has_role(department_id, Role.CLERK) or scope.oversees(department_id)):
        return True
    return jurisdiction_id is not None and jurisdiction_id in office_jurisdiction_ids(user)


def can_create_any(user) -> bool:
    scope = user_scope(user)
    return scope.is_superuser or bool(scope.departments_with(Role.CLERK)) or bool(scope.office_department_ids)


def visible_subjects(user, queryset: QuerySet, *, department_field: str, record_lookup: str) -> QuerySet:
    """The subjects a staff user may open in the admin (and the staff API): see the module docstring.
    `record_lookup` is the Disclosure lookup of the subject, e.g. "project_link__project"."""
    scope = user_scope(user)
    if scope.is_superuser:
        return queryset
    if not scope.is_staff_member:
        return queryset.none()
    departments = scope.visible_department_ids
    with_record = Disclosure.objects.filter(**{record_lookup: OuterRef("pk")}, department_id__in=departments)
    return queryset.filter(
        Q(**{f"{department_field}_id__in": departments})
        | Q(jurisdiction_id__in=staff_jurisdiction_ids(user))
        | Exists(with_record)
    )


def manageable_departments(user) -> QuerySet[Department]:
    """Departments the user may name as a subject's department (its clerk's, or under their office)."""
    queryset = Department.objects.select_related("jurisdiction")
    scope = user_scope(user)
    if scope.is_superuser:
        return queryset
    return queryset.filter(
        Q(pk__in=scope.departments_with(Role.CLERK) | set(scope.office_department_ids))
        | Q(jurisdiction_id__in=office_jurisdiction_ids(user))
    )


def manageable_jurisdictions(user) -> QuerySet[Jurisdiction]:
    """Jurisdictions a subject the user manages may be located in (its department's, or below)."""
    scope = user_scope(user)
    if scope.is_superuser:
        return Jurisdiction.objects.all()
    own = manageable_departments(user).values_list("jurisdiction_id", flat=True)
    return Jurisdiction.objects.filter(pk__in=with_descendants(own))
