"""Who may see and manage a major project. One place, used by services, admin and API.

A project is a subject, not a record: its records follow the kernel's rules (each record's own
department). The project itself is managed by a clerk of its lead department or by the 政务公开办
of its jurisdiction (or above). Staff see the projects of their departments' jurisdictions and
below, and every project with a record of one of their departments (谁批准谁公开: 自然资源局 finds
the 交通运输局 project it publishes 征收土地 records for).
"""

from django.db.models import Exists, OuterRef, Q, QuerySet

from disclosures.models import Disclosure
from organizations.choices import Role
from organizations.models import Department, Jurisdiction, Membership
from organizations.selectors import user_scope

from .models import Project


def _with_descendants(jurisdiction_ids) -> frozenset[int]:
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
        cached = _with_descendants(
            Membership.objects.filter(user=user, role=Role.OFFICE).values_list("department__jurisdiction_id", flat=True)
        )
        user._portal_office_jurisdictions = cached
    return cached


def staff_jurisdiction_ids(user) -> frozenset[int]:
    """Jurisdictions of the user's departments (any role) and below, plus the office's."""
    scope = user_scope(user)
    if not scope.roles:
        return frozenset()
    cached = getattr(user, "_portal_project_jurisdictions", None)
    if cached is None:
        own = Department.objects.filter(pk__in=scope.roles).values_list("jurisdiction_id", flat=True)
        cached = _with_descendants(own) | office_jurisdiction_ids(user)
        user._portal_project_jurisdictions = cached
    return cached


def can_manage(user, *, lead_department_id: int | None, jurisdiction_id: int | None) -> bool:
    """Create or change a project led by that department in that jurisdiction."""
    scope = user_scope(user)
    if scope.is_superuser:
        return True
    if lead_department_id is not None and (
        scope.has_role(lead_department_id, Role.CLERK) or scope.oversees(lead_department_id)
    ):
        return True
    return jurisdiction_id is not None and jurisdiction_id in office_jurisdiction_ids(user)


def can_manage_project(user, project: Project) -> bool:
    return can_manage(user, lead_department_id=project.lead_department_id, jurisdiction_id=project.jurisdiction_id)


def can_create_any(user) -> bool:
    scope = user_scope(user)
    return scope.is_superuser or bool(scope.departments_with(Role.CLERK)) or bool(scope.office_department_ids)


def visible_projects(user) -> QuerySet[Project]:
    """Projects a staff user may open in the admin (and the staff API): see the module docstring."""
    queryset = Project.objects.select_related("jurisdiction", "lead_department")
    scope = user_scope(user)
    if scope.is_superuser:
        return queryset
    if not scope.is_staff_member:
        return queryset.none()
    departments = scope.visible_department_ids
    with_record = Disclosure.objects.filter(project_link__project=OuterRef("pk"), department_id__in=departments)
    return queryset.filter(
        Q(lead_department_id__in=departments)
        | Q(jurisdiction_id__in=staff_jurisdiction_ids(user))
        | Exists(with_record)
    )


def manageable_departments(user) -> QuerySet[Department]:
    """Departments the user may name as a project's lead department."""
    queryset = Department.objects.select_related("jurisdiction")
    scope = user_scope(user)
    if scope.is_superuser:
        return queryset
    return queryset.filter(
        Q(pk__in=scope.departments_with(Role.CLERK) | set(scope.office_department_ids))
        | Q(jurisdiction_id__in=office_jurisdiction_ids(user))
    )


def manageable_jurisdictions(user) -> QuerySet[Jurisdiction]:
    """Jurisdictions a project the user manages may be located in (its lead department's, or below)."""
    scope = user_scope(user)
    if scope.is_superuser:
        return Jurisdiction.objects.all()
    lead = manageable_departments(user).values_list("jurisdiction_id", flat=True)
    return Jurisdiction.objects.filter(pk__in=_with_descendants(lead))
