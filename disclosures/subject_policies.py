"""Who may see and manage a domain subject (a project, a matter, a programme). One place: the rules
below, and `SubjectPolicy`, the policy object a domain's `SubjectSpec` names (the kernel's, unless the
domain has rules of its own), used by the subject services, the admin mixin and the API viewset base.

A subject is not a record: its records follow the kernel's rules (each record's own department).
The subject itself is managed by a clerk of its department (牵头/主管部门) or by the 政务公开办 of its
jurisdiction (or above). Staff see the subjects of their departments' jurisdictions and below, and
every subject with a record of one of their departments.
"""

from django.db.models import Exists, OuterRef, Q, QuerySet
from django.utils.module_loading import import_string

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


def related_jurisdiction_ids(jurisdiction: Jurisdiction) -> set[int]:
    """The jurisdiction, its ancestors and its descendants: where a department may publish about a subject
    there, and where a subject linked to it (a matter's project) may be."""
    ids = set(with_descendants([jurisdiction.pk]))
    ancestor = jurisdiction.parent
    while ancestor is not None:
        ids.add(ancestor.pk)
        ancestor = ancestor.parent
    return ids


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


class SubjectPolicy:
    """The rules above for one domain's subject (its `SubjectSpec`)."""

    def __init__(self, spec):
        self.spec = spec

    def can_manage_owner(self, user, *, department_id: int | None, jurisdiction_id: int | None) -> bool:
        """Create or change a subject of that department in that jurisdiction."""
        return can_manage_subject(user, department_id=department_id, jurisdiction_id=jurisdiction_id)

    def can_manage(self, user, subject) -> bool:
        return self.can_manage_owner(
            user,
            department_id=getattr(subject, f"{self.spec.department_field}_id"),
            jurisdiction_id=subject.jurisdiction_id,
        )

    def visible(self, user) -> QuerySet:
        """The subjects a staff user may open in the admin (and the staff API): see the module docstring."""
        queryset = self.spec.get_model().objects.select_related("jurisdiction", self.spec.department_field)
        return visible_subjects(
            user, queryset, department_field=self.spec.department_field, record_lookup=self.spec.record_lookup
        )

    def api_visible(self, user) -> QuerySet:
        """Anonymous readers see the public subjects (with at least one public record); staff also their scope."""
        if not user_scope(user).is_staff_member:
            return import_string(self.spec.public_subjects)()
        has_public_record = Disclosure.objects.public().filter(**{self.spec.record_lookup: OuterRef("pk")})
        scoped = self.visible(user).values("pk")
        return (
            self.spec.get_model()
            .objects.filter(Q(pk__in=scoped) | Exists(has_public_record))
            .select_related("jurisdiction", self.spec.department_field)
        )
