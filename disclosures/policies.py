"""Who may do what to a disclosure. One place, used by services, admin, API and views."""

from organizations.choices import Role
from organizations.selectors import user_scope

from .choices import Status


def can_view(user, disclosure) -> bool:
    scope = user_scope(user)
    return (
        scope.is_superuser
        or disclosure.department_id in scope.roles
        or scope.oversees(disclosure.department_id)
    )


def can_create_in(user, department_id: int) -> bool:
    scope = user_scope(user)
    return scope.has_role(department_id, Role.CLERK) or scope.oversees(department_id)


def _is_clerk_or_office(user, disclosure) -> bool:
    return can_create_in(user, disclosure.department_id)


def can_edit(user, disclosure) -> bool:
    return disclosure.status == Status.DRAFT and _is_clerk_or_office(user, disclosure)


def is_author(user, disclosure) -> bool:
    return user.pk in {disclosure.created_by_id, disclosure.submitted_by_id}


def may_act(user, disclosure, action: str) -> bool:
    """Role check only (state and self-review are checked by the transition itself)."""
    scope = user_scope(user)
    department = disclosure.department_id
    if action in {"submit", "publish", "correct", "edit"}:
        return _is_clerk_or_office(user, disclosure)
    if action == "review":
        return scope.is_superuser or scope.has_role(department, Role.REVIEWER)
    if action == "sign":
        return scope.is_superuser or scope.has_role(department, Role.SIGNER)
    if action == "reject":
        if disclosure.status == Status.REVIEWED:
            return scope.is_superuser or scope.has_role(department, Role.SIGNER)
        return scope.is_superuser or scope.has_role(department, Role.REVIEWER)
    if action == "withdraw":
        return scope.has_role(department, Role.REVIEWER, Role.SIGNER) or scope.oversees(department)
    return False
