"""Reads about accounts: who may or must use the second factor, whose login events and API tokens
one may see, and what an API token may do."""

import hashlib

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import is_password_usable
from django.db.models import Q, QuerySet
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice

from organizations.models import Membership
from organizations.selectors import people_overseen_by, user_scope

from .choices import ApiTokenRevokeReason, OtpState
from .models import ApiToken, LoginEvent, LoginLockout


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


# ---------------------------------------------------------------------------------------------
# API tokens
# ---------------------------------------------------------------------------------------------
WORKFLOW_TOKEN_REFUSED = (
    "该角色办理提交、审核、签发、发布、退回、撤回等流程须使用经双因素验证签发且未过期的令牌："
    "请重新获取令牌，并同时提交身份验证器上当前的 6 位验证码（otp_token）。"
)
WORKFLOW_TOKEN_SETUP_REQUIRED = (
    "该角色办理提交、审核、签发、发布、退回、撤回等流程须使用经双因素验证签发且未过期的令牌："
    "请先登录管理后台启用身份验证器，再凭验证码（otp_token）获取令牌。"
)


def api_token_digest(key: str) -> str:
    """What is stored of a token's key: its SHA-256. The key is 160 random bits, so neither a salt nor
    a slow hash is needed (unlike a password), and a lookup stays one indexed query."""
    return hashlib.sha256(key.encode()).hexdigest()


def api_token_for_key(key: str) -> ApiToken | None:
    """The token with this key, expired or not (the caller says which refusal applies)."""
    if not key or len(key) > 128:
        return None
    return ApiToken.objects.select_related("user").filter(key_hash=api_token_digest(key)).first()


def api_tokens_visible_to(user) -> QuerySet[ApiToken]:
    """Unexpired tokens: one's own; the office also those of the people holding a role in the departments
    it oversees (not another county's); superusers all."""
    tokens = ApiToken.objects.select_related("user").filter(expires_at__gt=timezone.now())
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return tokens.none()
    scope = user_scope(user)
    if scope.is_superuser:
        return tokens
    if scope.office_department_ids:
        return tokens.filter(Q(user=user) | Q(user__in=people_overseen_by(user)))
    return tokens.filter(user=user)


def api_token_workflow_refusal(user, token: ApiToken) -> str | None:
    """Why `token` may not take a workflow step (submit, review, sign, publish, return, withdraw, let
    personal data through) for `user`, or None. Whoever has an authenticator, or whose role requires
    one, needs a token issued after a second-factor code that has not expired; reading and drafting
    need no more than a valid token."""
    if token.otp_verified and not token.is_expired:
        return None
    state = otp_state(user)
    if state == OtpState.NOT_NEEDED:
        return None
    return WORKFLOW_TOKEN_SETUP_REQUIRED if state == OtpState.SETUP_REQUIRED else WORKFLOW_TOKEN_REFUSED


def api_token_revocation_reason(user, *, update_fields=None) -> ApiTokenRevokeReason | None:
    """Whether saving `user` as it now is must delete their API tokens: the account is being deactivated,
    or its password changed (any door: the admin's password form, a reset, set_password + save). Compares
    with the stored row. Django's re-hashing of the same password at a login is not a change."""
    if user.pk is None:
        return None
    stored = type(user)._default_manager.filter(pk=user.pk).values("password", "is_active").first()
    if stored is None:
        return None
    if stored["is_active"] and not user.is_active:
        return ApiTokenRevokeReason.DEACTIVATED
    if stored["password"] != user.password:
        rehash = (
            getattr(user, "_password", None) is None
            and set(update_fields or ()) == {"password"}
            and is_password_usable(user.password)
        )
        if not rehash:
            return ApiTokenRevokeReason.PASSWORD_CHANGED
    return None
