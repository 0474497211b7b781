"""Who sees which requests: the handling department's staff, the body applied to, and the office overseeing
them. Anyone else gets 404 (the admin's and the API's querysets start here)."""

from django.db.models import Q

from organizations.choices import Role
from organizations.models import Department
from organizations.selectors import user_scope

from .models import InfoRequest


def requests_for_user(user):
    scope = user_scope(user)
    queryset = InfoRequest.objects.select_related("department", "addressed_to", "jurisdiction")
    if scope.is_superuser:
        return queryset
    visible = scope.visible_department_ids
    if not visible:
        return queryset.none()
    return queryset.filter(Q(department_id__in=visible) | Q(addressed_to_id__in=visible))


def intake_departments(user):
    """The bodies whose applications the user may register: the office's own (本级人民政府) and the
    departments it oversees, and a department's own when its clerk runs its intake (第二十七条)."""
    scope = user_scope(user)
    if scope.is_superuser:
        return Department.objects.all()
    ids = set(scope.office_department_ids) | scope.departments_with(Role.CLERK, Role.OFFICE)
    return Department.objects.filter(pk__in=ids).order_by("-is_office", "ordering", "name")
