"""Where a request comes from: the one address the login lockout (django-axes), the login audit, the
page limits (core.limits) and the API throttles count a client by."""

import ipaddress

from django.conf import settings


def client_ip(request) -> str | None:
    """The client's address: REMOTE_ADDR, or behind PORTAL_PROXY_COUNT trusted reverse proxies the
    address the outermost of them saw (counted from the right of X-Forwarded-For, which a client can
    prepend to but not append to). Also django-axes' AXES_CLIENT_IP_CALLABLE."""
    if request is None:
        return None
    meta = request.META
    address = meta.get("REMOTE_ADDR", "")
    proxies = settings.PORTAL_PROXY_COUNT
    forwarded = [part.strip() for part in meta.get("HTTP_X_FORWARDED_FOR", "").split(",") if part.strip()]
    if proxies > 0 and forwarded:
        address = forwarded[-min(proxies, len(forwarded))]
    try:
        return str(ipaddress.ip_address(address))
    except ValueError:
        return None
