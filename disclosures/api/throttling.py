"""Request limits of the API, set in settings (PORTAL_API_ANON_RATE / PORTAL_API_USER_RATE; empty: no limit)."""

from django.conf import settings
from rest_framework.throttling import AnonRateThrottle, UserRateThrottle


class AnonymousThrottle(AnonRateThrottle):
    """Anonymous readers, counted per client address."""

    def get_rate(self):
        return settings.PORTAL_API_ANON_RATE or None


class TokenUserThrottle(UserRateThrottle):
    """Signed-in users and departments' systems (tokens), counted per user."""

    def get_rate(self):
        return settings.PORTAL_API_USER_RATE or None
