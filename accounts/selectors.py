"""Reads about accounts: who may or must use the second factor, and whose login events one may see."""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db.models import QuerySet
from django_otp.plugins.otp_totp.models import TOTPDevice

from organizations.models import Membership
from organizations.selectors import user_scope

from .choices import OtpState
from .models import LoginEvent, LoginLockout


def _held_roles(user) -> set[str]:
    return {role for roles in user_scope(user).roles.values() for role in roles}


def otp_required(user) -> bool:
    """Whether one of the user's roles is in PORTAL_OTP_REQUIRED_ROLES (empty by default: optional for all)."""
    required = set(settings.PORTAL_OTP_REQUIRED_ROLES)
    return bool(required) and bool(_held_roles(user) & required)


def otp_offered(user) -> bool:
    """Whether the user may turn the second factor on: superusers and the roles in PORTAL_OTP_ROLES."""
    if not getattr(user, "is_authenticated", False):
        return False
    return user.is_superuser or bool(_held_roles(user) & set(settings.PORTAL_OTP_ROLES)) or otp_required(user)


def totp_device(user, *, confirmed: bool | None = True) -> TOTPDevice | None:
    """The user's authenticator app (one per user): confirmed, unconfirmed (being set up) or either (None)."""
    devices = TOTPDevice.objects.filter(user=user)
    if confirmed is not None:
        devices = devices.filter(confirmed=confirmed)
    return devices.order_by("-confirmed", "pk").first()


def otp_state(user) -> OtpState:
    if TOTPDevice.objects.filter(user=user, confirmed=True).exists():
        return OtpState.DEVICE
    if otp_required(user):
        return OtpState.SETUP_REQUIRED
    return OtpState.NOT_NEEDED


def login_events_visible_to(user) -> QuerySet[LoginEvent]:
    """Superusers see every event; the office sees the events of the people in the departments it oversees."""
    scope = user_scope(user)
    events = LoginEvent.objects.select_related("user")
    if scope.is_superuser:
        return events
    if not scope.office_department_ids:
        return events.none()
    people = Membership.objects.filter(department_id__in=scope.office_department_ids).values("user_id")
    return events.filter(user_id__in=people)


def lockouts_visible_to(user) -> QuerySet[LoginLockout]:
    """django-axes' failed-attempt rows: all for superusers, the office's people for the office."""
    scope = user_scope(user)
    attempts = LoginLockout.objects.all()
    if scope.is_superuser:
        return attempts
    if not scope.office_department_ids:
        return attempts.none()
    people = Membership.objects.filter(department_id__in=scope.office_department_ids).values("user_id")
    usernames = get_user_model().objects.filter(pk__in=people).values(get_user_model().USERNAME_FIELD)
    return attempts.filter(username__in=usernames)
