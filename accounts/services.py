"""Writes about accounts: the login audit, the session clock, the second factor (TOTP) and API tokens."""

import secrets
import time
from dataclasses import dataclass
from datetime import timedelta

import django_otp
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone
from django_otp.models import VerifyNotAllowed
from django_otp.plugins.otp_totp.models import TOTPDevice

from core.http import client_ip

from .choices import ApiTokenRevokeReason, LoginEventAction, OtpState
from .models import ApiToken, LoginEvent
from .selectors import api_token_digest, otp_required, otp_state, totp_device

# Session keys (the session is server-side; these are only timestamps and a state code).
SESSION_LOGIN_AT = "portal_login_at"
SESSION_SEEN_AT = "portal_seen_at"
SESSION_OTP_STATE = "portal_otp_state"
# The idle clock is written to the session at most this often, not on every request.
SEEN_WRITE_INTERVAL_SECONDS = 60

DEVICE_NAME = "身份验证器"


# ---------------------------------------------------------------------------------------------
# Login audit
# ---------------------------------------------------------------------------------------------
def login_event_record(
    *, action: LoginEventAction, request=None, user=None, username: str = "", data: dict | None = None
) -> LoginEvent:
    """Append one row to the login audit. Never pass a password in `data`."""
    if user is not None and not username:
        username = user.get_username()
    meta = getattr(request, "META", {}) if request is not None else {}
    event = LoginEvent(
        action=action,
        at=timezone.now(),
        user=user if user is not None and user.pk else None,
        username=(username or "")[:150],
        ip_address=client_ip(request),
        user_agent=meta.get("HTTP_USER_AGENT", "")[:255],
        path=(getattr(request, "path", "") or "")[:255],
        data=data or {},
    )
    event.full_clean()
    event.save()
    return event


def lockout_release(*, actor, attempts, request=None) -> int:
    """Lift the lockouts (django-axes' failed attempts) of the given rows before their 15 minutes are up."""
    released = 0
    with transaction.atomic():
        for attempt in attempts:
            login_event_record(
                action=LoginEventAction.UNLOCKED,
                request=request,
                username=attempt.username or "",
                data={
                    "by": actor.get_username(),
                    "ip_address": attempt.ip_address,
                    "failures": attempt.failures_since_start,
                },
            )
            attempt.delete()
            released += 1
    return released


# ---------------------------------------------------------------------------------------------
# Sessions: 8 hours at most from the sign-in, 30 minutes at most without a request
# ---------------------------------------------------------------------------------------------
def session_start(*, request, user) -> None:
    """Start the session's clocks and note whether it still owes the second factor."""
    now = time.time()
    request.session[SESSION_LOGIN_AT] = now
    request.session[SESSION_SEEN_AT] = now
    request.session[SESSION_OTP_STATE] = otp_state(user).value


def session_expiry_reason(session, *, now: float | None = None) -> str | None:
    """ "absolute" past SESSION_COOKIE_AGE since the sign-in, "idle" past PORTAL_SESSION_IDLE_SECONDS
    since the last request, otherwise None."""
    now = time.time() if now is None else now
    login_at = session.get(SESSION_LOGIN_AT)
    seen_at = session.get(SESSION_SEEN_AT)
    if login_at is not None and now - login_at > settings.SESSION_COOKIE_AGE:
        return "absolute"
    idle = settings.PORTAL_SESSION_IDLE_SECONDS
    if idle and seen_at is not None and now - seen_at > idle:
        return "idle"
    return None


def session_touch(session, *, now: float | None = None) -> None:
    """Move the idle clock (a session write at most once a minute)."""
    now = time.time() if now is None else now
    if SESSION_LOGIN_AT not in session:
        session[SESSION_LOGIN_AT] = now  # a session from before this clock existed
    if now - session.get(SESSION_SEEN_AT, 0) >= SEEN_WRITE_INTERVAL_SECONDS:
        session[SESSION_SEEN_AT] = now


# ---------------------------------------------------------------------------------------------
# Second factor (TOTP, django-otp)
# ---------------------------------------------------------------------------------------------
def _token_error(device: TOTPDevice, token: str) -> str | None:
    """None when `token` is right for `device`; otherwise why not, in Chinese. A wrong code is counted
    (django-otp waits 1, 2, 4, 8… seconds after each) and a code is accepted once only."""
    with transaction.atomic():
        device = TOTPDevice.objects.select_for_update().get(pk=device.pk)  # one verification at a time
        allowed, extra = device.verify_is_allowed()
        if not allowed:
            if extra.get("reason") == VerifyNotAllowed.N_FAILED_ATTEMPTS and extra.get("locked_until"):
                until = timezone.localtime(extra["locked_until"])
                return f"验证码连续错误 {extra['failure_count']} 次，请于 {until:%H:%M:%S} 后再试。"
            return "暂时不能验证，请稍后再试。"
        if not device.verify_token(token):
            return "验证码不正确或已使用过，请输入身份验证器上当前显示的 6 位数字。"
    return None


def otp_device_start(*, user) -> TOTPDevice:
    """The authenticator being set up: the user's unconfirmed device, created with a new key if needed."""
    device = totp_device(user, confirmed=False)
    if device is None:
        device = TOTPDevice(user=user, name=DEVICE_NAME, confirmed=False)
        device.full_clean()
        device.save()
    return device


def _session_verified(request, device: TOTPDevice) -> None:
    request.session.cycle_key()  # a new session key for the more trusted session
    django_otp.login(request, device)
    request.session[SESSION_OTP_STATE] = OtpState.DEVICE.value


def otp_device_confirm(*, request, user, token: str) -> TOTPDevice:
    """Confirm the authenticator being set up with a code it shows; from now on each sign-in asks for a code."""
    device = totp_device(user, confirmed=False)
    if device is None:
        raise ValidationError("没有正在设置的身份验证器，请刷新页面重新扫描二维码。")
    error = _token_error(device, token)
    if error:
        login_event_record(
            action=LoginEventAction.OTP_FAILED, request=request, user=user, data={"step": "confirm"}
        )
        raise ValidationError(error, code="invalid_token")
    with transaction.atomic():
        device.confirmed = True
        device.save(update_fields=["confirmed"])
        TOTPDevice.objects.filter(user=user).exclude(pk=device.pk).delete()  # one authenticator per person
        login_event_record(action=LoginEventAction.OTP_CONFIRMED, request=request, user=user)
    _session_verified(request, device)
    return device


def otp_verify(*, request, token: str) -> TOTPDevice:
    """The second step of a sign-in: the code from the user's authenticator."""
    user = request.user
    device = totp_device(user)
    if device is None:
        raise ValidationError("您没有已启用的身份验证器。")
    error = _token_error(device, token)
    if error:
        login_event_record(
            action=LoginEventAction.OTP_FAILED, request=request, user=user, data={"step": "login"}
        )
        raise ValidationError(error, code="invalid_token")
    login_event_record(action=LoginEventAction.OTP_VERIFIED, request=request, user=user)
    _session_verified(request, device)
    return device


def otp_device_remove(*, request, user, token: str) -> None:
    """Turn the second factor off, with a current code; refused where the user's role requires it."""
    if otp_required(user):
        raise ValidationError("您的岗位必须使用双因素认证，不能停用。更换手机请联系系统管理员重置。")
    device = totp_device(user)
    if device is None:
        raise ValidationError("您没有已启用的身份验证器。")
    error = _token_error(device, token)
    if error:
        login_event_record(
            action=LoginEventAction.OTP_FAILED, request=request, user=user, data={"step": "remove"}
        )
        raise ValidationError(error, code="invalid_token")
    with transaction.atomic():
        TOTPDevice.objects.filter(user=user).delete()
        login_event_record(action=LoginEventAction.OTP_REMOVED, request=request, user=user)
    request.session.pop(django_otp.DEVICE_ID_SESSION_KEY, None)
    request.session[SESSION_OTP_STATE] = otp_state(user).value


@transaction.atomic
def otp_device_reset(*, actor, user, request=None) -> None:
    """A superuser removes someone's authenticator (a lost phone); they set a new one up at their next sign-in."""
    if not actor.is_superuser:
        raise ValidationError("只有系统管理员可以重置双因素认证。")
    TOTPDevice.objects.filter(user=user).delete()
    login_event_record(
        action=LoginEventAction.OTP_REMOVED, request=request, user=user, data={"by": actor.get_username()}
    )


def api_login_check(*, request, user, token: str) -> bool:
    """The API token door asks for the same second factor as the admin: a user with an authenticator
    sends `otp_token`; a user whose role requires one and has none is sent to the admin to set it up.
    Returns whether a code was checked (the token to issue is then a short-lived, second-factor one)."""
    state = otp_state(user)
    if state == OtpState.SETUP_REQUIRED:
        raise ValidationError("您的岗位须使用双因素认证：请先登录管理后台启用身份验证器，再获取令牌。")
    if state != OtpState.DEVICE:
        return False
    device = totp_device(user)
    if not token:
        raise ValidationError("您已启用双因素认证，请同时提交身份验证器上的 6 位验证码（otp_token）。")
    error = _token_error(device, token)
    if error:
        login_event_record(
            action=LoginEventAction.OTP_FAILED, request=request, user=user, data={"step": "api"}
        )
        raise ValidationError(error, code="invalid_token")
    return True


# ---------------------------------------------------------------------------------------------
# API tokens: issued at the token endpoint, shown once, expiring, revoked by the person or the office
# ---------------------------------------------------------------------------------------------
# Issuing one more token beyond this many live ones revokes the oldest (a script that asks for a new
# token on every run does not pile them up).
MAX_LIVE_API_TOKENS = 10
# The last-use time is written at most this often, not on every request.
TOKEN_TOUCH_INTERVAL = timedelta(minutes=1)


@dataclass(frozen=True)
class IssuedApiToken:
    """A token just issued, with its key: the only moment the key exists outside the client."""

    token: ApiToken
    key: str


def api_token_lifetime(*, otp_verified: bool) -> timedelta:
    """PORTAL_API_OTP_TOKEN_MINUTES for a token issued after a second-factor code, else PORTAL_API_TOKEN_HOURS."""
    if otp_verified:
        return timedelta(minutes=settings.PORTAL_API_OTP_TOKEN_MINUTES)
    return timedelta(hours=settings.PORTAL_API_TOKEN_HOURS)


@transaction.atomic
def api_token_issue(*, user, otp_verified: bool, request=None) -> IssuedApiToken:
    """A new token for `user` on every request (a stored key cannot be given out again): only its digest
    and first 8 characters are kept. Drops the user's expired tokens and, past MAX_LIVE_API_TOKENS, the
    oldest."""
    now = timezone.now()
    key = secrets.token_hex(20)
    token = ApiToken(
        user=user,
        key_hash=api_token_digest(key),
        prefix=key[:8],
        created=now,
        expires_at=now + api_token_lifetime(otp_verified=otp_verified),
        otp_verified=otp_verified,
        ip_address=client_ip(request),
    )
    token.full_clean()
    ApiToken.objects.filter(user=user, expires_at__lte=now).delete()
    surplus = ApiToken.objects.filter(user=user).order_by("-created", "-pk")[MAX_LIVE_API_TOKENS - 1 :]
    api_tokens_revoke(
        tokens=ApiToken.objects.filter(pk__in=list(surplus.values_list("pk", flat=True))),
        reason=ApiTokenRevokeReason.LIMIT,
        request=request,
    )
    token.save()
    login_event_record(
        action=LoginEventAction.API_TOKEN,
        request=request,
        user=user,
        data={
            "prefix": token.prefix,
            "otp_verified": otp_verified,
            "expires_at": token.expires_at.isoformat(),
        },
    )
    return IssuedApiToken(token=token, key=key)


def api_token_touch(*, token: ApiToken) -> None:
    """Note that the token was used (at most one write a minute per token)."""
    now = timezone.now()
    if token.last_used_at is None or now - token.last_used_at >= TOKEN_TOUCH_INTERVAL:
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
        token.last_used_at = now


@transaction.atomic
def api_tokens_revoke(
    *, tokens: QuerySet[ApiToken], reason: ApiTokenRevokeReason, actor=None, request=None
) -> int:
    """Delete the tokens, with one login-audit row per token holder naming the revoked prefixes,
    why, and who did it (none when it follows from a password change or deactivation)."""
    by_user: dict = {}
    for token in tokens.select_related("user").order_by("user_id", "created"):
        by_user.setdefault(token.user, []).append(token)
    for user, held in by_user.items():
        data = {"prefixes": [token.prefix for token in held], "reason": reason.value}
        if actor is not None:
            data["by"] = actor.get_username()
        login_event_record(action=LoginEventAction.API_TOKEN_REVOKED, request=request, user=user, data=data)
    revoked = [token.pk for held in by_user.values() for token in held]
    deleted, _ = ApiToken.objects.filter(pk__in=revoked).delete()
    return deleted
