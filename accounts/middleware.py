"""Session expiry, the second-factor gate, private responses to signed-in users, and the site's
Content-Security-Policy."""

from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth import SESSION_KEY, logout
from django.http import JsonResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.cache import patch_cache_control

from . import services
from .choices import OtpState
from .selectors import otp_state

EXPIRED_MESSAGES = {
    "idle": "长时间未操作，已自动退出登录，请重新登录。",
    "absolute": "登录已超过有效时长，已自动退出登录，请重新登录。",
}


class SessionExpiryMiddleware:
    """Signs a user out 30 minutes after their last request (PORTAL_SESSION_IDLE_SECONDS) and 8 hours
    after they signed in (SESSION_COOKIE_AGE), whatever they do in between. The session cookie itself
    ends with the browser (SESSION_EXPIRE_AT_BROWSER_CLOSE)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        session = request.session
        if SESSION_KEY in session:
            reason = services.session_expiry_reason(session)
            if reason:
                request.portal_session_expired = reason  # the logout audit row says why
                logout(request)
                messages.warning(request, EXPIRED_MESSAGES[reason])
            else:
                services.session_touch(session)
        return self.get_response(request)


class SecondFactorMiddleware:
    """A signed-in session that still owes its second factor reaches only the code page, the set-up
    page (when the user's role requires an authenticator they have not set up) and the logout."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        session = request.session
        if SESSION_KEY not in session:
            return self.get_response(request)
        state = session.get(services.SESSION_OTP_STATE)
        if state is None:  # a session from before the second factor existed
            state = session[services.SESSION_OTP_STATE] = otp_state(request.user).value
        if state == OtpState.NOT_NEEDED or request.user.is_verified():
            return self.get_response(request)
        target = reverse("accounts:otp-verify" if state == OtpState.DEVICE else "accounts:two-factor")
        if request.path in {target, reverse("admin:logout")}:
            return self.get_response(request)
        if request.path.startswith("/api/"):
            return JsonResponse({"detail": "请先在管理后台完成双因素认证。"}, status=403)
        return redirect(f"{target}?{urlencode({'next': request.get_full_path()})}")


class PrivateResponseMiddleware:
    """Every response to a signed-in user — a session (admin, dashboard, previews, staff attachments and
    exports, public pages seen while signed in) or an API token, which DRF sets on the request — carries
    `Cache-Control: private, no-store`: neither a shared cache nor the browser keeps it. Anonymous public
    pages keep their own caching. Placed after AuthenticationMiddleware."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            patch_cache_control(response, private=True, no_store=True)
        return response
