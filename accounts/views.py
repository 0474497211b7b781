"""The second factor's pages in the admin area (双因素认证) and the lockout page of django-axes."""

from base64 import b32encode

import segno
from django.conf import settings
from django.contrib import admin, messages
from django.contrib.admin.views.decorators import staff_member_required
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import ValidationError
from django.http import JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from . import services
from .forms import OtpTokenForm
from .selectors import otp_offered, otp_required, totp_device


def _admin_context(title: str, *, signed_in: bool = True) -> dict:
    """What admin/base_site.html needs, without the app list (not for a half-signed-in session)."""
    return {
        "title": title,
        "site_title": admin.site.site_title,
        "site_header": admin.site.site_header,
        "site_url": admin.site.site_url,
        "has_permission": signed_in,
        "is_nav_sidebar_enabled": False,
    }


def _next_url(request, default: str) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return default


def _qr_svg(device) -> str:
    """The otpauth:// link as an inline SVG QR code (no image request, no inline style: CSP-clean)."""
    return segno.make(device.config_url, error="m").svg_inline(
        scale=5, dark="#000", light="#fff", title="二维码"
    )


@never_cache
@staff_member_required
@require_http_methods(["GET", "POST"])
def two_factor(request):
    """双因素认证: set up an authenticator (scan, confirm a code), see it, or turn it off."""
    user = request.user
    next_url = _next_url(request, reverse("admin:index"))
    required = otp_required(user)
    device = totp_device(user)
    # Someone whose role requires the second factor sees no other admin link until it is set up.
    context = _admin_context("双因素认证", signed_in=user.is_verified() or not required)
    context.update(next=next_url, offered=otp_offered(user), required=required)
    if not context["offered"]:
        return render(request, "accounts/two_factor.html", context)
    form = OtpTokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            if device is None:
                services.otp_device_confirm(request=request, user=user, token=form.cleaned_data["token"])
                messages.success(request, "双因素认证已启用：今后登录时须输入身份验证器上的验证码。")
                return redirect(next_url)
            services.otp_device_remove(request=request, user=user, token=form.cleaned_data["token"])
            messages.success(request, "双因素认证已停用。")
            return redirect("accounts:two-factor")
        except ValidationError as error:
            form.add_error("token", error)
    if device is None:
        pending = services.otp_device_start(user=user)
        secret = b32encode(pending.bin_key).decode()
        context.update(
            qr_svg=_qr_svg(pending), secret=" ".join(secret[i : i + 4] for i in range(0, len(secret), 4))
        )
    context.update(device=device, form=form)
    return render(request, "accounts/two_factor.html", context)


@never_cache
@require_http_methods(["GET", "POST"])
def otp_verify(request):
    """Second step of signing in: the 6-digit code."""
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path(), reverse("admin:login"))
    next_url = _next_url(request, reverse("admin:index"))
    if request.user.is_verified() or totp_device(request.user) is None:
        request.session[services.SESSION_OTP_STATE] = services.otp_state(request.user).value
        return redirect(next_url)
    form = OtpTokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.otp_verify(request=request, token=form.cleaned_data["token"])
        except ValidationError as error:
            form.add_error("token", error)
        else:
            return redirect(next_url)
    context = _admin_context("双因素认证", signed_in=False)
    context.update(form=form, next=next_url)
    return render(request, "accounts/otp_verify.html", context)


def lockout(request, original_response=None, credentials=None):
    """django-axes' AXES_LOCKOUT_CALLABLE: 429 with the reason in Chinese (JSON for the API)."""
    minutes = int(settings.AXES_COOLOFF_TIME.total_seconds() // 60)
    message = f"登录失败次数过多，该账号已被临时锁定，请 {minutes} 分钟后再试。忘记密码请联系本单位管理员或政务公开办。"
    if request.path.startswith("/api/") or request.headers.get("x-requested-with") == "XMLHttpRequest":
        return JsonResponse({"detail": message}, status=429)
    context = _admin_context("账号已临时锁定", signed_in=False)
    context.update(message=message, minutes=minutes, limit=settings.AXES_FAILURE_LIMIT)
    return render(request, "accounts/lockout.html", context, status=429)
