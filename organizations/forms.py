"""The role form (岗位角色) of the office: the Membership admin and the department page's inline."""

from django import forms
from django.db.models import Q

from .choices import Role
from .models import Membership
from .selectors import people_overseen_by

# The permission matrix (docs/permissions.md, record.review / reject / sign): the 政务公开办 may not
# review, return or sign. These roles would let it.
REVIEW_SIGN_ROLES = frozenset({Role.REVIEWER, Role.SIGNER})
ASK_A_SUPERUSER = "确需兼任的，请联系系统管理员设置。"


def membership_user_choices(actor):
    """The accounts an office may give a role to: the people holding a role in a department it oversees
    (its jurisdictions and those below), never another county's; every account for a superuser."""
    return people_overseen_by(actor).order_by("username")


def role_grant_error(*, actor, membership: Membership) -> str | None:
    """Why the office `actor` may not save `membership`, or None. The office may not give itself, anyone
    in a 政务公开办 or anyone in its own department a 部门负责人 / 分管领导 role, nor give the 政务公开办
    role to someone who holds one: the permission matrix keeps the office out of reviewing and signing.
    Superusers may (docs/permissions.md, note 10)."""
    if actor is None or actor.is_superuser:
        return None
    user, department, role = membership.user, membership.department, membership.role
    others = Membership.objects.filter(user=user).exclude(pk=membership.pk)
    if role in REVIEW_SIGN_ROLES:
        label = Role(role).label
        if user.pk == actor.pk:
            return f"政务公开办不能给自己设置“{label}”角色：按权限矩阵，政务公开办不能审核、退回或签发。{ASK_A_SUPERUSER}"
        if department.is_office:
            return f"政务公开办不能在本办（{department}）设置“{label}”角色：政务公开办不能审核、退回或签发。{ASK_A_SUPERUSER}"
        if others.filter(Q(role=Role.OFFICE) | Q(department__is_office=True)).exists():
            return (
                f"“{user}”在政务公开办任职，政务公开办不能为其设置“{label}”角色："
                f"政务公开办不能审核、退回或签发。{ASK_A_SUPERUSER}"
            )
    if role == Role.OFFICE and others.filter(role__in=REVIEW_SIGN_ROLES).exists():
        return (
            f"“{user}”担任部门负责人或分管领导，政务公开办不能再为其设置“政务公开办”角色："
            f"政务公开办不能审核、退回或签发。{ASK_A_SUPERUSER}"
        )
    return None


class MembershipForm(forms.ModelForm):
    """A role in a department. The admin sets `actor` (the signed-in user) on the form class it builds."""

    actor = None

    class Meta:
        model = Membership
        fields = ["user", "department", "role"]

    def clean(self):
        cleaned = super().clean()
        user, department, role = cleaned.get("user"), cleaned.get("department"), cleaned.get("role")
        if user is None or department is None or not role:
            return cleaned  # a field error already says what is missing
        candidate = Membership(pk=self.instance.pk, user=user, department=department, role=role)
        error = role_grant_error(actor=self.actor, membership=candidate)
        if error:
            self.add_error("role", error)
        return cleaned
