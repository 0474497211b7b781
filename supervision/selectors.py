"""Which notices a user sees: the office those of the departments it oversees; a department's people their own
department's; a 分管领导 also those copied to them (escalations). Everyone else none (the admin answers 404)."""

from django.db.models import Q, QuerySet

from organizations.models import Department
from organizations.selectors import user_scope

from .choices import OPEN_STATUSES, CircularStatus, Status
from .models import Circular, Notice


def visible_notices(user) -> QuerySet[Notice]:
    scope = user_scope(user)
    if scope.is_superuser:
        return Notice.objects.all()
    if not scope.is_staff_member:
        return Notice.objects.none()
    return Notice.objects.filter(Q(department_id__in=scope.visible_department_ids) | Q(copied_to=user)).distinct()


def visible_circulars(user) -> QuerySet:
    """The office: every circular of the jurisdictions it works in, drafts included; a department: the issued
    and published ones of its own government and the one above (a town hears the county's)."""
    scope = user_scope(user)
    if scope.is_superuser:
        return Circular.objects.all()
    if not scope.is_staff_member:
        return Circular.objects.none()
    mine = Department.objects.filter(pk__in=list(scope.roles)).select_related("jurisdiction")
    offices = [d.jurisdiction_id for d in mine if d.is_office and "office" in scope.roles.get(d.pk, ())]
    jurisdictions = {d.jurisdiction_id for d in mine} | {d.jurisdiction.parent_id for d in mine if d.jurisdiction.parent_id}
    return Circular.objects.filter(
        Q(jurisdiction_id__in=offices) | Q(jurisdiction_id__in=jurisdictions, status__in=[CircularStatus.INTERNAL,
                                                                                        CircularStatus.PUBLISHED])
    )


def notices_awaiting(user) -> int:
    """How many notices wait for the user: a department's 经办人 and 部门负责人 — its notices still to answer
    (待答复, 退回重新整改); the 政务公开办 — the answers it has to decide on. 0 for anybody else."""
    if user is None or not user.is_authenticated:
        return 0
    scope = user_scope(user)
    answering = scope.departments_with("clerk", "reviewer")
    offices = scope.departments_with("office")
    if not (answering or offices):
        return 0
    waiting = Q(department_id__in=answering, status__in=OPEN_STATUSES)
    if offices:
        waiting |= Q(department_id__in=scope.office_department_ids, status=Status.ANSWERED)
    return Notice.objects.filter(waiting).count()
