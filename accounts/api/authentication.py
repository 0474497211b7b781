"""`Authorization: Token <key>` against accounts.ApiToken: expiring, stored as a digest, revocable."""

from rest_framework.authentication import TokenAuthentication
from rest_framework.exceptions import AuthenticationFailed

from .. import services
from ..models import ApiToken
from ..selectors import api_token_for_key, api_token_workflow_refusal


class ApiTokenAuthentication(TokenAuthentication):
    """DRF's header parsing (keyword `Token`, answered with 401 and `WWW-Authenticate: Token`), with
    the portal's own tokens: refused once expired, or when the account is deactivated. `request.auth`
    is the ApiToken, and `workflow_refusal` says whether it may take a workflow step (the kernel's API
    asks: disclosures.api.permissions.TwoFactorTokenForWorkflow)."""

    keyword = "Token"

    def authenticate_credentials(self, key):
        token = api_token_for_key(key)
        if token is None:
            raise AuthenticationFailed("令牌无效：可能已被吊销，或因修改密码而作废。请重新获取令牌。")
        if token.is_expired:
            raise AuthenticationFailed("令牌已过期，请重新获取令牌。")
        if not token.user.is_active:
            raise AuthenticationFailed("账号已停用。")
        services.api_token_touch(token=token)
        return token.user, token

    def workflow_refusal(self, user, token: ApiToken) -> str | None:
        """Why `token` may not take a workflow step for `user`, or None (accounts.selectors)."""
        return api_token_workflow_refusal(user, token)
