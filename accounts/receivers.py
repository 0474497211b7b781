"""Login audit and session clocks from Django's and django-axes' signals, and API tokens deleted when a
password changes or an account is deactivated: each receiver is one service or selector call."""

from axes.signals import user_locked_out
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.db.models.signals import post_save, pre_save
from django.dispatch import receiver

from . import services
from .choices import LoginEventAction
from .models import ApiToken
from .selectors import api_token_revocation_reason


@receiver(user_logged_in, dispatch_uid="accounts.login")
def on_login(sender, request, user, **kwargs):
    if request is None:
        return
    if hasattr(request, "session"):
        services.session_start(request=request, user=user)
    services.login_event_record(action=LoginEventAction.LOGIN, request=request, user=user)


@receiver(user_login_failed, dispatch_uid="accounts.login_failed")
def on_login_failed(sender, credentials, request=None, **kwargs):
    User = get_user_model()
    username = str(credentials.get(User.USERNAME_FIELD) or credentials.get("username") or "")[:150]
    user = User._default_manager.filter(**{User.USERNAME_FIELD: username}).first() if username else None
    # axes marks the request when the attempt was refused because the account is locked.
    locked = bool(getattr(request, "axes_locked_out", False))
    services.login_event_record(
        action=LoginEventAction.LOGIN_FAILED,
        request=request,
        user=user,
        username=username,
        data={"locked": locked},
    )


@receiver(user_logged_out, dispatch_uid="accounts.logout")
def on_logout(sender, request, user, **kwargs):
    if user is None:
        return
    reason = getattr(request, "portal_session_expired", None)
    action = LoginEventAction.SESSION_EXPIRED if reason else LoginEventAction.LOGOUT
    services.login_event_record(
        action=action, request=request, user=user, data={"reason": reason} if reason else None
    )


@receiver(user_locked_out, dispatch_uid="accounts.locked_out")
def on_locked_out(sender, request, username, ip_address, **kwargs):
    # axes also sends this for every attempt while locked; the audit keeps the moment the lock started.
    failures = getattr(request, "axes_failures_since_start", None)
    if failures is None:
        return
    User = get_user_model()
    user = User._default_manager.filter(**{User.USERNAME_FIELD: username}).first() if username else None
    services.login_event_record(
        action=LoginEventAction.LOCKED_OUT,
        request=request,
        user=user,
        username=username or "",
        data={"failures": failures},
    )


# A password is changed through many doors (the admin's password form, a password reset, the
# changepassword command, set_password + save in code) and an account is deactivated through as many:
# only the model's save sees them all. The pre-save compares with the stored row; the post-save deletes
# the tokens once the save went through (a save that fails deletes nothing).
@receiver(pre_save, sender=settings.AUTH_USER_MODEL, dispatch_uid="accounts.user_credentials_check")
def on_user_saving(sender, instance, raw=False, update_fields=None, **kwargs):
    if raw:
        return
    if update_fields is not None and not {"password", "is_active"} & set(update_fields):
        return  # e.g. last_login at each sign-in: no query
    instance._portal_token_revocation = api_token_revocation_reason(instance, update_fields=update_fields)


@receiver(post_save, sender=settings.AUTH_USER_MODEL, dispatch_uid="accounts.user_credentials_changed")
def on_user_saved(sender, instance, raw=False, **kwargs):
    reason = instance.__dict__.pop("_portal_token_revocation", None)
    if reason is not None:
        services.api_tokens_revoke(tokens=ApiToken.objects.filter(user=instance), reason=reason)
