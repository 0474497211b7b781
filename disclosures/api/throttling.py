"""Request limits of the API, set in settings (PORTAL_API_ANON_RATE / PORTAL_API_USER_RATE; empty: no limit).

An anonymous client is counted by its address as the login lockout takes it (`core.http.client_ip`:
REMOTE_ADDR, or behind PORTAL_PROXY_COUNT trusted proxies the rightmost address they appended), never by
DRF's `get_ident`, which reads X-Forwarded-For as the client sends it: a made-up header per request would
otherwise give every request a counter of its own.
"""

from django.conf import settings
from rest_framework.throttling import AnonRateThrottle, UserRateThrottle

from core.http import client_ip

# Requests whose address cannot be read (no REMOTE_ADDR, a proxy that wrote garbage) share one counter.
UNKNOWN_CLIENT = "unknown"


class ClientAddressMixin:
    def get_ident(self, request) -> str:
        return client_ip(request) or UNKNOWN_CLIENT


class AnonymousThrottle(ClientAddressMixin, AnonRateThrottle):
    """Anonymous readers, counted per client address."""

    def get_rate(self):
        return settings.PORTAL_API_ANON_RATE or None


class TokenUserThrottle(ClientAddressMixin, UserRateThrottle):
    """Signed-in users and departments' systems (tokens), counted per user (an anonymous request, per address)."""

    def get_rate(self):
        return settings.PORTAL_API_USER_RATE or None
