from django.utils.functional import SimpleLazyObject

from .selectors import notices_awaiting


def supervision_badge(request):
    """`notices_awaiting`: the 督办单 waiting for this user's department (to answer) or office (to decide), for
    the staff header's badge. Lazy: a query only on pages that show it."""
    user = getattr(request, "user", None)
    return {"notices_awaiting": SimpleLazyObject(lambda: notices_awaiting(user))}
