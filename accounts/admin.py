"""Read-only login audit for the office and superusers; superusers reset a lost authenticator; everyone
sees and revokes their API tokens, the office also its people's."""

from django.conf import settings
from django.contrib import admin
from django_otp.plugins.otp_totp.models import TOTPDevice

from core.admin_base import PortalModelAdmin
from organizations.selectors import user_scope

from . import services
from .choices import ApiTokenRevokeReason
from .models import ApiToken, LoginEvent, LoginLockout
from .selectors import api_tokens_visible_to, lockouts_visible_to, login_events_visible_to


@admin.register(LoginEvent)
class LoginEventAdmin(PortalModelAdmin):
    list_display = ["at", "action", "username", "user", "ip_address", "path"]
    list_filter = ["action", "at"]
    search_fields = ["username", "ip_address"]
    date_hierarchy = "at"
    list_select_related = ["user"]
    fields = ["at", "action", "username", "user", "ip_address", "user_agent", "path", "data"]
    readonly_fields = fields

    def get_queryset(self, request):
        return login_events_visible_to(request.user)

    def has_module_permission(self, request):
        scope = user_scope(request.user)
        return scope.is_superuser or bool(scope.office_department_ids)

    def has_view_permission(self, request, obj=None):
        return self.has_module_permission(request)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


# django-otp's own admin shows and edits the secret keys; this one only lists the authenticators and
# lets a superuser remove one (a lost phone). Setting one up happens on the person's 双因素认证 page.
if admin.site.is_registered(TOTPDevice):
    admin.site.unregister(TOTPDevice)


@admin.register(TOTPDevice)
class TOTPDeviceAdmin(PortalModelAdmin):
    list_display = ["user", "name", "confirmed", "created_at", "last_used_at", "throttling_failure_count"]
    list_filter = ["confirmed"]
    search_fields = ["user__username"]
    list_select_related = ["user"]
    fields = ["user", "name", "confirmed", "created_at", "last_used_at", "throttling_failure_count"]
    readonly_fields = fields
    actions = ["reset_selected"]

    def has_module_permission(self, request):
        return request.user.is_active and request.user.is_superuser

    def has_view_permission(self, request, obj=None):
        return self.has_module_permission(request)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False  # removal goes through the action, which writes the audit row

    @admin.action(description="重置所选用户的双因素认证（手机丢失或更换）")
    def reset_selected(self, request, queryset):
        users = {device.user for device in queryset.select_related("user")}
        for user in users:
            services.otp_device_reset(actor=request.user, user=user, request=request)
        self.message_user(request, f"已重置 {len(users)} 个用户的双因素认证，其下次登录时重新设置。")


@admin.register(LoginLockout)
class LockoutAdmin(PortalModelAdmin):
    """django-axes' failed attempts per username and address, in Chinese; the office lifts a lockout early."""

    list_display = ["username", "ip_address", "failures", "locked", "attempt_time", "path_info"]
    search_fields = ["username", "ip_address"]
    fields = ["username", "ip_address", "user_agent", "failures_since_start", "attempt_time", "path_info"]
    readonly_fields = fields
    actions = ["release_selected"]

    def get_queryset(self, request):
        return lockouts_visible_to(request.user)

    @admin.display(description="失败次数", ordering="failures_since_start")
    def failures(self, obj):
        return obj.failures_since_start

    @admin.display(description="已锁定", boolean=True)
    def locked(self, obj):
        return obj.failures_since_start >= settings.AXES_FAILURE_LIMIT

    def has_module_permission(self, request):
        scope = user_scope(request.user)
        return scope.is_superuser or bool(scope.office_department_ids)

    def has_view_permission(self, request, obj=None):
        return self.has_module_permission(request)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False  # lifting a lockout goes through the action, which writes the audit row

    @admin.action(description="解除所选锁定")
    def release_selected(self, request, queryset):
        count = services.lockout_release(actor=request.user, attempts=queryset, request=request)
        self.message_user(request, f"已解除 {count} 条登录锁定。")


class ApiTokenHolderFilter(admin.SimpleListFilter):
    title = "持有人"
    parameter_name = "holder"

    def lookups(self, request, model_admin):
        return [("mine", "本人"), ("others", "所辖人员")]

    def queryset(self, request, queryset):
        if self.value() == "mine":
            return queryset.filter(user=request.user)
        if self.value() == "others":
            return queryset.exclude(user=request.user)
        return queryset


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin):
    """我的 API 令牌: every staff member's unexpired tokens, by their first 8 characters (the key itself is
    shown once, at the token endpoint); the office also sees its people's. Revoking is the one action."""

    list_display = [
        "prefix_shown",
        "user",
        "created",
        "expires_at",
        "otp_verified",
        "last_used_at",
        "ip_address",
    ]
    list_filter = [ApiTokenHolderFilter, "otp_verified"]
    search_fields = ["prefix", "user__username"]
    list_select_related = ["user"]
    fields = ["prefix_shown", "user", "created", "expires_at", "otp_verified", "last_used_at", "ip_address"]
    readonly_fields = fields
    actions = ["revoke_selected"]

    def get_queryset(self, request):
        return api_tokens_visible_to(request.user)

    @admin.display(description="令牌", ordering="prefix")
    def prefix_shown(self, obj):
        return f"{obj.prefix}…"

    def changelist_view(self, request, extra_context=None):
        scope = user_scope(request.user)
        oversees = scope.is_superuser or bool(scope.office_department_ids)
        title = (
            "API 令牌（本人及所辖人员）"
            if oversees and request.GET.get("holder") != "mine"
            else "我的 API 令牌"
        )
        return super().changelist_view(request, {"title": title, **(extra_context or {})})

    def has_module_permission(self, request):
        return request.user.is_active and request.user.is_staff

    def has_view_permission(self, request, obj=None):
        return self.has_module_permission(request)

    def has_add_permission(self, request):
        return False  # tokens are issued at /api/v1/auth/token/, the only place their key is shown

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False  # revoking goes through the action, which writes the audit row

    @admin.action(description="吊销所选令牌")
    def revoke_selected(self, request, queryset):
        count = services.api_tokens_revoke(
            tokens=queryset, reason=ApiTokenRevokeReason.REVOKED, actor=request.user, request=request
        )
        self.message_user(request, f"已吊销 {count} 个 API 令牌，使用它们的程序须重新获取令牌。")
