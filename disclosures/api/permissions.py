"""What a credential may do through the kernel's API beyond reading and drafting."""

from rest_framework import permissions


class TwoFactorTokenForWorkflow(permissions.BasePermission):
    """Workflow steps (submit, review, sign, publish, return, withdraw, let personal data through) by a
    user with an authenticator, or whose role requires one, take a short-lived token issued after a
    second-factor code (403 otherwise). The authenticator that recognised the credential says why it may
    not take a step (its `workflow_refusal(user, credential)`: accounts.api.authentication's API tokens);
    a session has passed the second factor already (accounts.middleware.SecondFactorMiddleware), and
    other credentials have no such check."""

    message = "须使用经双因素验证签发且未过期的令牌。"
    code = "otp_token_required"

    def has_permission(self, request, view):
        workflow_refusal = getattr(request.successful_authenticator, "workflow_refusal", None)
        if workflow_refusal is None:
            return True
        refusal = workflow_refusal(request.user, request.auth)
        if refusal:
            self.message = refusal
            return False
        return True
