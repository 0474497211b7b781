"""The login audit: one append-only row per sign-in, failure, sign-out, lockout and second-factor step."""

from axes.models import AccessAttempt
from django.conf import settings
from django.db import models
from django.utils import timezone

from .choices import LoginEventAction


class LoginEvent(models.Model):
    """Who tried to sign in, from where, and what came of it. Never the password."""

    action = models.CharField("事件", max_length=40, choices=LoginEventAction.choices)
    at = models.DateTimeField("时间", default=timezone.now)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="用户",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="login_events",
    )
    username = models.CharField(
        "用户名", max_length=150, blank=True, help_text="登录失败时为所输入的用户名。"
    )
    ip_address = models.GenericIPAddressField("IP 地址", null=True, blank=True)
    user_agent = models.CharField("浏览器", max_length=255, blank=True)
    path = models.CharField("地址", max_length=255, blank=True)
    data = models.JSONField("数据", default=dict, blank=True)

    class Meta:
        verbose_name = "登录日志"
        verbose_name_plural = "登录日志"
        ordering = ["-at", "-pk"]
        indexes = [
            models.Index(fields=["-at"], name="accounts_loginevent_at"),
            models.Index(fields=["user", "-at"], name="accounts_loginevent_user_at"),
            models.Index(fields=["username", "-at"], name="accounts_loginevent_name_at"),
            models.Index(fields=["action", "-at"], name="accounts_loginevent_action_at"),
        ]

    def __str__(self) -> str:
        return f"{timezone.localtime(self.at):%Y-%m-%d %H:%M} {self.username} {self.get_action_display()}"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise TypeError("登录日志只能追加，不能修改。")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise TypeError("登录日志只能追加，不能删除。")


class LoginLockout(AccessAttempt):
    """django-axes' failed attempts of one username from one address, shown in Chinese in the admin."""

    class Meta:
        proxy = True
        verbose_name = "登录锁定"
        verbose_name_plural = "登录锁定"


class ApiToken(models.Model):
    """An API token (`Authorization: Token <key>`). Only a SHA-256 digest of the key is kept, and its
    first characters to recognise it: the key itself is shown once, when it is issued."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="用户", on_delete=models.CASCADE, related_name="api_tokens"
    )
    key_hash = models.CharField("令牌摘要", max_length=64, unique=True, editable=False)
    prefix = models.CharField("令牌前缀", max_length=8, editable=False)
    created = models.DateTimeField("签发时间", default=timezone.now)
    expires_at = models.DateTimeField("到期时间")
    otp_verified = models.BooleanField(
        "经双因素验证",
        default=False,
        help_text="签发时核对了身份验证器上的验证码；这样的令牌有效期短，可办理审核、签发等流程。",
    )
    last_used_at = models.DateTimeField("最近使用", null=True, blank=True)
    ip_address = models.GenericIPAddressField("签发地址", null=True, blank=True)

    class Meta:
        verbose_name = "API 令牌"
        verbose_name_plural = "API 令牌"
        ordering = ["-created", "-pk"]
        indexes = [
            models.Index(fields=["user", "-created"], name="accounts_apitoken_user_created"),
            models.Index(fields=["expires_at"], name="accounts_apitoken_expires_at"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(expires_at__gt=models.F("created")),
                name="%(app_label)s_%(class)s_expires_after_created",
                violation_error_message="令牌的到期时间须晚于签发时间。",
            )
        ]

    def __str__(self) -> str:
        return f"{self.prefix}…（{self.user}）"

    @property
    def is_expired(self) -> bool:
        return self.expires_at <= timezone.now()
