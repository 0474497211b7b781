"""`Authorization: Token <key>` against accounts.ApiToken: expiring, stored as a digest, revocable."""

from rest_framework.authentication import TokenAuthentication
from rest_framework.exceptions import AuthenticationFailed

from .. import services
from ..selectors import api_token_for_key


class ApiTokenAuthentication(TokenAuthentication):
    """DRF's header parsing (keyword `Token`, answered with 401 and `WWW-Authenticate: Token`), with
    the portal's own tokens: refused once expired, or when the account is deactivated. `request.auth`
    is the ApiToken, so a permission can ask how it was issued (accounts.api.permissions)."""

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
