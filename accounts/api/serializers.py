from django.core.exceptions import ValidationError as DjangoValidationError
from rest_framework import serializers
from rest_framework.authtoken.serializers import AuthTokenSerializer

from disclosures.api.serializers import TokenRequestSerializer

from .. import services


class TwoFactorTokenRequestSerializer(TokenRequestSerializer):
    """What the token endpoint reads (documented in the schema)."""

    otp_token = serializers.CharField(
        label="双因素验证码",
        required=False,
        allow_blank=True,
        max_length=6,
        help_text="已启用双因素认证的用户须提交身份验证器上当前的 6 位验证码。",
    )


class TwoFactorAuthTokenSerializer(AuthTokenSerializer):
    """DRF's username/password check (through authenticate(request=…), so django-axes counts and locks),
    then the same second factor as the admin, then one login audit row."""

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
            services.api_login_check(request=request, user=attrs["user"], token=attrs.get("otp_token", ""))
        except DjangoValidationError as error:
            raise serializers.ValidationError({"otp_token": error.messages}) from None
        return attrs
