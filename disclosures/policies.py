"""Who may see, draft and edit a disclosure. One place, used by services, admin, API and views.

Who may take each workflow step (submit, review, sign…) is declared with the step, in the transition
table of workflow.py."""

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


def is_clerk_or_office(user, disclosure) -> bool:
    """The right to edit a draft (and to submit, publish and correct: see workflow.py)."""
    return can_create_in(user, disclosure.department_id)


def can_edit(user, disclosure) -> bool:
    return disclosure.status == Status.DRAFT and is_clerk_or_office(user, disclosure)


def may_override_pii(user, disclosure) -> bool:
    """Only the office (政务公开办) overseeing the record's department may let personal data through
    (the personal-data guard, core.pii; 《政府信息公开条例》第十五条)."""
    return user_scope(user).oversees(disclosure.department_id)
