"""Which notices a user sees: the office those of the departments it oversees; a department's people their own
department's; a 分管领导 also those copied to them (escalations). Everyone else none (the admin answers 404)."""

from django.db.models import Q, QuerySet

from organizations.selectors import user_scope

from .models import Notice


def visible_notices(user) -> QuerySet[Notice]:
    scope = user_scope(user)
    if scope.is_superuser:
        return Notice.objects.all()
    if not scope.is_staff_member:
        return Notice.objects.none()
    return Notice.objects.filter(Q(department_id__in=scope.visible_department_ids) | Q(copied_to=user)).distinct()
