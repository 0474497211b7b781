from django.core.exceptions import ValidationError as DjangoValidationError
from rest_framework import serializers
from rest_framework.authtoken.serializers import AuthTokenSerializer

from .. import services


class TwoFactorTokenRequestSerializer(serializers.Serializer):
    """What the token endpoint reads (documented in the schema)."""

    username = serializers.CharField(label="用户名")
    password = serializers.CharField(label="密码", style={"input_type": "password"})
    otp_token = serializers.CharField(
        label="双因素验证码",
        required=False,
        allow_blank=True,
        max_length=6,
        help_text="已启用双因素认证的用户须提交身份验证器上当前的 6 位验证码；这样签发的令牌有效期短，"
        "可办理提交、审核、签发、发布、退回、撤回等流程。",
    )


class TokenResponseSerializer(serializers.Serializer):
    """A token just issued: the key is in this answer and nowhere else."""

    token = serializers.CharField(
        source="key",
        label="令牌",
        help_text="只在此时显示一次（平台只保存其摘要），请妥善保存。请求头：`Authorization: Token <token>`。",
    )
    prefix = serializers.CharField(
        source="token.prefix", label="令牌前缀", help_text="令牌的前 8 位，“API 令牌”页面据此辨认、吊销令牌。"
    )
    expires_at = serializers.DateTimeField(source="token.expires_at", label="到期时间")
    otp_verified = serializers.BooleanField(
        source="token.otp_verified",
        label="经双因素验证",
        help_text="是：签发时核对了验证码，有效期短，可办理审核、签发等流程。",
    )


class TwoFactorAuthTokenSerializer(AuthTokenSerializer):
    """DRF's username/password check (through authenticate(request=…), so django-axes counts and locks),
    then the same second factor as the admin; `otp_verified` says whether a code was checked."""

    otp_token = serializers.CharField(required=False, allow_blank=True, max_length=6, write_only=True)

    def validate(self, attrs):
        request = self.context.get("request")
        try:
            attrs = super().validate(attrs)
        except serializers.ValidationError:
            if getattr(request, "axes_locked_out", False):
                raise serializers.ValidationError(
                    "登录失败次数过多，该账号已被临时锁定，请稍后再试。", code="locked_out"
                ) from None
            raise
        try:
            attrs["otp_verified"] = services.api_login_check(
                request=request, user=attrs["user"], token=attrs.get("otp_token", "")
            )
        except DjangoValidationError as error:
            raise serializers.ValidationError({"otp_token": error.messages}) from None
        return attrs
