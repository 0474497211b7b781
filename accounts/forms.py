from django import forms
from django.core.validators import RegexValidator


class OtpTokenForm(forms.Form):
    """The 6-digit code an authenticator app shows."""

    token = forms.CharField(
        label="验证码",
        min_length=6,
        max_length=6,
        validators=[RegexValidator(r"^\d{6}$", "请输入 6 位数字验证码。")],
        widget=forms.TextInput(
            attrs={
                "autocomplete": "one-time-code",
                "inputmode": "numeric",
                "pattern": r"\d{6}",
                "autofocus": True,
            }
        ),
        error_messages={
            "required": "请输入 6 位数字验证码。",
            "min_length": "请输入 6 位数字验证码。",
            "max_length": "请输入 6 位数字验证码。",
        },
    )
