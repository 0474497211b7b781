"""Who sees what: the departments a user works in and the jurisdictions an office oversees."""

from collections.abc import Iterable
from dataclasses import dataclass, field

from django.contrib.auth import get_user_model

from .choices import Role
from .models import Department, Jurisdiction, Membership


@dataclass(frozen=True)
class UserScope:
    """The departments a user holds each role in, and every department their office role oversees."""

    is_superuser: bool = False
    roles: dict[int, frozenset[str]] = field(default_factory=dict)  # department id -> roles
    office_department_ids: frozenset[int] = frozenset()

    def has_role(self, department_id: int, *roles: str) -> bool:
        return bool(self.roles.get(department_id, frozenset()) & set(roles))

    def oversees(self, department_id: int) -> bool:
        return self.is_superuser or department_id in self.office_department_ids

    @property
    def visible_department_ids(self) -> frozenset[int]:
        return frozenset(self.roles) | self.office_department_ids

    @property
    def is_staff_member(self) -> bool:
        return self.is_superuser or bool(self.roles)

    def departments_with(self, *roles: str) -> set[int]:
        return {dept for dept, held in self.roles.items() if held & set(roles)}


def user_scope(user) -> UserScope:
    """Compute (once per user object) the scope used by every permission check."""
    if user is None or not getattr(user, "is_authenticated", False) or not user.is_active:
        return UserScope()
    cached = getattr(user, "_portal_scope", None)
    if cached is not None:
        return cached
    roles: dict[int, set[str]] = {}
    office_jurisdictions: list[Jurisdiction] = []
    for membership in Membership.objects.filter(user=user).select_related("department__jurisdiction"):
        roles.setdefault(membership.department_id, set()).add(membership.role)
        if membership.role == Role.OFFICE:
            office_jurisdictions.append(membership.department.jurisdiction)
    office_departments: set[int] = set()
    if office_jurisdictions:
        jurisdiction_ids: set[int] = set()
        for jurisdiction in office_jurisdictions:
            jurisdiction_ids |= jurisdiction.descendant_ids()
        office_departments = set(
            Department.objects.filter(jurisdiction_id__in=jurisdiction_ids).values_list("pk", flat=True)
        )
    scope = UserScope(
        is_superuser=user.is_superuser,
        roles={dept: frozenset(held) for dept, held in roles.items()},
        office_department_ids=frozenset(office_departments),
    )
    user._portal_scope = scope
    return scope


def departments_for_user(user) -> Iterable[Department]:
    scope = user_scope(user)
    queryset = Department.objects.select_related("jurisdiction")
    if scope.is_superuser:
        return queryset
    return queryset.filter(pk__in=scope.visible_department_ids)


def people_overseen_by(user):
    """The accounts an office manages: everyone holding a role in a department it oversees (its
    jurisdictions and those below); every account for a superuser, none for anybody else."""
    User = get_user_model()
    scope = user_scope(user)
    if scope.is_superuser:
        return User.objects.all()
    if not scope.office_department_ids:
        return User.objects.none()
    return User.objects.filter(
        pk__in=Membership.objects.filter(department_id__in=scope.office_department_ids).values("user_id")
    )
