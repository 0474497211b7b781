from drf_spectacular.utils import extend_schema

from disclosures.api.serializers import TokenResponseSerializer
from disclosures.api.views import TokenView

from .serializers import TwoFactorAuthTokenSerializer, TwoFactorTokenRequestSerializer


@extend_schema(
    tags=["认证"],
    request=TwoFactorTokenRequestSerializer,
    responses=TokenResponseSerializer,
    summary="获取令牌",
)
class TwoFactorTokenView(TokenView):
    """用户名和密码（已启用双因素认证的用户另加 6 位验证码 `otp_token`）换取 API 令牌：`Authorization: Token <token>`。
    同一用户名在同一地址连续失败 5 次后锁定 15 分钟。"""

    serializer_class = TwoFactorAuthTokenSerializer
