from functools import partial

from .selectors import otp_offered


def two_factor(request):
    """Whether to show the 双因素认证 link: evaluated only by the template that asks (the admin header)."""
    user = getattr(request, "user", None)
    return {"two_factor_offered": partial(otp_offered, user)}
