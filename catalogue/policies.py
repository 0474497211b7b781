"""Who may change the catalogue: superusers and the 政务公开办 (office role). Everyone on staff may read it."""

from organizations.selectors import user_scope


def can_view_catalogue(user) -> bool:
    return user_scope(user).is_staff_member


def can_edit_catalogue(user) -> bool:
    scope = user_scope(user)
    return scope.is_superuser or bool(scope.office_department_ids)
