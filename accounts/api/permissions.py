"""What an API token may do beyond reading and drafting."""

from rest_framework import permissions

from ..models import ApiToken
from ..selectors import api_token_workflow_refusal


class TwoFactorTokenForWorkflow(permissions.BasePermission):
    """Workflow steps (submit, review, sign, publish, return, withdraw, let personal data through) by a
    user with an authenticator, or whose role requires one, take a short-lived token issued after a
    second-factor code (403 otherwise). A session has passed the second factor already
    (accounts.middleware.SecondFactorMiddleware); other credentials are not tokens."""

    message = "须使用经双因素验证签发且未过期的令牌。"
    code = "otp_token_required"

    def has_permission(self, request, view):
        token = request.auth
        if not isinstance(token, ApiToken):
            return True
        refusal = api_token_workflow_refusal(request.user, token)
        if refusal:
            self.message = refusal
            return False
        return True
