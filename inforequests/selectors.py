"""Who sees which requests: the handling department's staff, the body applied to, and the office overseeing
them. Anyone else gets 404 (the admin's and the API's querysets start here)."""

from django.db.models import Q

from organizations.choices import JurisdictionLevel, Role
from organizations.models import Department, Jurisdiction
from organizations.selectors import user_scope

from .models import DisclosureGuide, InfoRequest


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


# ---------------------------------------------------------------------------------------------
# 政府信息公开指南 (条例第十二条)
# ---------------------------------------------------------------------------------------------
def guide_jurisdictions(user):
    """The jurisdictions whose 指南 the user may write: where they are the 政务公开办, and every one below it
    (as for 区划、单位和岗位, docs/permissions.md); all of them for a superuser; none for anyone else."""
    scope = user_scope(user)
    if scope.is_superuser:
        return Jurisdiction.objects.all()
    overseen = Department.objects.filter(pk__in=scope.office_department_ids).values("jurisdiction_id")
    return Jurisdiction.objects.filter(pk__in=overseen)


def guides_for_user(user):
    return DisclosureGuide.objects.filter(jurisdiction__in=guide_jurisdictions(user)).select_related("jurisdiction")


def may_edit_guide(user, jurisdiction: Jurisdiction) -> bool:
    return guide_jurisdictions(user).filter(pk=jurisdiction.pk).exists()


def _by_rank(jurisdictions):
    rank = {level: position for position, level in enumerate(JurisdictionLevel.values)}
    return min(jurisdictions, key=lambda jurisdiction: rank.get(jurisdiction.level, len(rank)), default=None)


def default_guide_jurisdiction() -> Jurisdiction | None:
    """The jurisdiction whose 指南 /xxgkzn/ shows: the highest one that has written its 指南 (a county's portal
    under a prefecture that keeps its own site), else the platform's top one (no parent); ties by code."""
    written = Jurisdiction.objects.filter(disclosure_guide__isnull=False).order_by("code")
    return _by_rank(written) or _by_rank(Jurisdiction.objects.filter(parent__isnull=True).order_by("code"))
