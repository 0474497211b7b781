"""API tokens for tests, issued through the same service as the token endpoint."""

from rest_framework.test import APIClient

from accounts import services


def api_token(user, *, otp_verified: bool = False) -> str:
    """The key of a new token for `user`; `otp_verified` as if a second-factor code had been checked."""
    return services.api_token_issue(user=user, otp_verified=otp_verified).key


def token_client(key: str) -> APIClient:
    """An API client sending `Authorization: Token <key>` (no session)."""
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    return client
