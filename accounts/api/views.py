from drf_spectacular.utils import extend_schema
from rest_framework.renderers import JSONRenderer
from rest_framework.response import Response
from rest_framework.views import APIView

from .. import services
from .serializers import (
    TokenResponseSerializer,
    TwoFactorAuthTokenSerializer,
    TwoFactorTokenRequestSerializer,
)


@extend_schema(
    tags=["认证"],
    request=TwoFactorTokenRequestSerializer,
    responses=TokenResponseSerializer,
    summary="获取令牌",
)
class TwoFactorTokenView(APIView):
    """用户名和密码（已启用双因素认证的用户另加 6 位验证码 `otp_token`）换取 API 令牌：`Authorization: Token <token>`。
    每次请求签发一个新令牌，令牌只在本次响应中显示；到期时间见响应（默认 30 天，经双因素验证签发的默认 60 分钟），
    修改密码、账号停用或在管理后台“API 令牌”页面吊销后立即作废。
    已启用双因素认证或岗位须使用双因素认证的用户，办理提交、审核、签发、发布、退回、撤回和个人信息放行
    须使用经双因素验证签发且未过期的令牌（否则 403）。
    同一用户名在同一地址连续失败 5 次后锁定 15 分钟。"""

    # Username and password only: a stale `Authorization` header must not stand in the way of a new token.
    authentication_classes = ()
    permission_classes = ()
    throttle_classes = ()  # django-axes locks repeated failures
    renderer_classes = (JSONRenderer,)

    def post(self, request, *args, **kwargs):
        serializer = TwoFactorAuthTokenSerializer(data=request.data, context={"request": request})
        serializer.is_valid(raise_exception=True)
        issued = services.api_token_issue(
            user=serializer.validated_data["user"],
            otp_verified=serializer.validated_data["otp_verified"],
            request=request,
        )
        return Response(TokenResponseSerializer(issued).data)
