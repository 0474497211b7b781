"""
Per-client limits of the public pages that cost the server work: searches and export builds.

A limit is a rate like "30/minute" (settings; empty: no limit), counted in the cache per client
address and fixed window. The address is `core.http.client_ip`: REMOTE_ADDR, or behind
PORTAL_PROXY_COUNT trusted proxies the one they saw — never a header the client writes itself. An
IPv6 client counts by its /64, which one machine can fill with addresses at will.

Over the limit the reader gets a 429 in Chinese: a page for browsers, JSON for programs.
"""

import ipaddress
import time
from dataclasses import dataclass

from django.core.cache import cache
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render

from .http import client_ip

PERIODS = {"second": 1, "minute": 60, "hour": 3600, "day": 86400}
PERIOD_LABELS = {1: "每秒", 60: "每分钟", 3600: "每小时", 86400: "每天"}


@dataclass(frozen=True)
class Rate:
    count: int
    seconds: int

    @property
    def period(self) -> str:
        """每分钟"""
        return PERIOD_LABELS[self.seconds]


def parse_rate(text: str) -> Rate | None:
    """`30/minute` → Rate(30, 60); empty → None (no limit). A malformed rate is a configuration error."""
    if not text:
        return None
    count, _, period = text.partition("/")
    return Rate(int(count), PERIODS[period.strip().rstrip("s")])


def client_key(request: HttpRequest) -> str:
    address = client_ip(request)
    if address is None:
        return "unknown"
    if ":" in address:
        return str(ipaddress.ip_network(f"{address}/64", strict=False).network_address) + "/64"
    return address


def hit(request: HttpRequest, scope: str, rate: Rate | None) -> bool:
    """Count one `scope` request of the request's client; False when it is over `rate`."""
    if rate is None:
        return True
    window = int(time.time()) // rate.seconds
    key = f"limit:{scope}:{client_key(request)}:{window}"
    cache.add(key, 0, timeout=rate.seconds + 5)
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, timeout=rate.seconds + 5)
        count = 1
    return count <= rate.count


def wants_html(request: HttpRequest) -> bool:
    """Browsers ask for text/html; programs (curl, scripts, the API) get JSON."""
    return "text/html" in request.headers.get("Accept", "")


def notice(
    request: HttpRequest,
    *,
    status: int,
    title: str,
    message: str,
    retry_after: int | None = None,
    refresh: bool = False,
) -> HttpResponse:
    """A short Chinese notice (429 over a limit, 202 while an export is built…), never cached.

    `refresh`: the page reloads itself after `retry_after` seconds (<meta http-equiv="refresh">: the
    CSP allows no inline script)."""
    if wants_html(request):
        response = render(
            request,
            "core/notice.html",
            {
                "title": title,
                "message": message,
                "refresh": retry_after if refresh else None,
                "again_url": request.get_full_path(),
            },
            status=status,
        )
    else:
        response = JsonResponse({"detail": message}, status=status, json_dumps_params={"ensure_ascii": False})
    if retry_after is not None:
        response["Retry-After"] = str(retry_after)
    response["Cache-Control"] = "no-store"
    return response


def too_many(request: HttpRequest, message: str, rate: Rate) -> HttpResponse:
    """The 429 notice; Retry-After is the rest of the current window."""
    rest = rate.seconds - int(time.time()) % rate.seconds
    return notice(request, status=429, title="访问过于频繁", message=message, retry_after=rest)
