from django.db import models


class LoginEventAction(models.TextChoices):
    """What happened to an account, as dotted action names like the disclosure audit trail."""

    LOGIN = "account.login", "登录成功"
    LOGIN_FAILED = "account.login_failed", "登录失败"
    LOGOUT = "account.logout", "退出登录"
    SESSION_EXPIRED = "account.session_expired", "会话超时"
    LOCKED_OUT = "account.locked_out", "账号锁定"
    UNLOCKED = "account.unlocked", "解除锁定"
    API_TOKEN = "account.api_token", "获取 API 令牌"
    API_TOKEN_REVOKED = "account.api_token_revoked", "吊销 API 令牌"
    OTP_VERIFIED = "account.otp_verified", "双因素验证通过"
    OTP_FAILED = "account.otp_failed", "双因素验证失败"
    OTP_CONFIRMED = "account.otp_confirmed", "启用双因素认证"
    OTP_REMOVED = "account.otp_removed", "停用双因素认证"


class OtpState(models.TextChoices):
    """Where a signed-in session stands with the second factor (kept in the session)."""

    NOT_NEEDED = "not_needed", "无需双因素认证"
    DEVICE = "device", "须输入验证码"
    SETUP_REQUIRED = "setup_required", "须先启用双因素认证"


class ApiTokenRevokeReason(models.TextChoices):
    """Why API tokens were deleted before their time (in the login audit's `data.reason`)."""

    REVOKED = "revoked", "本人或政务公开办吊销"
    PASSWORD_CHANGED = "password_changed", "密码已修改"
    DEACTIVATED = "deactivated", "账号已停用"
    LIMIT = "limit", "超过有效令牌数上限，最早的令牌作废"
