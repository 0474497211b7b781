from django.utils.functional import SimpleLazyObject

from .services import unread_count


def unread_notifications(request):
    """`unread_notifications` costs a query only on pages that show it (the staff header)."""
    user = getattr(request, "user", None)
    return {"unread_notifications": SimpleLazyObject(lambda: unread_count(user))}
