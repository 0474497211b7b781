"""
Read replicas: citizens' reads on the replicas, everything else on the primary (issue 24, part 6).

Installed only when `DATABASE_REPLICA_URLS` is set (disclosure_portal/settings.py): the replicas are the
database aliases `replica_1`, `replica_2`… beside `default`, the primary. Without it neither the router
nor the middleware is installed and every query goes to `default`, as before.

The rule, one decision per request (`ReplicaMiddleware`, before the page cache):
- A replica serves the reads of a GET, HEAD or OPTIONS request that carries no session cookie, no
  `Authorization` header and no pin cookie, outside the admin (/admin/): an anonymous request to the
  public site or the public API. One replica, chosen at random, serves all the request's reads, so the
  page cache's generation and the page come from the same replica (core/caching.py: a page is kept
  under the generation it was rendered from).
- Everything else reads from the primary: a request carrying a session cookie (staff, or an anonymous
  session) or a token, the admin, POST/PUT/PATCH/DELETE, and Celery tasks and management commands
  (outside a request nothing allows a replica).
- Read after write. Once a request writes through the ORM (`db_for_write`), its later reads go to
  the primary. A response to a POST/PUT/PATCH/DELETE sets the cookie `portal_primary` for
  `PORTAL_REPLICA_PIN_SECONDS` (default 10 s, longer than a healthy replica's lag): the client's next
  requests read from the primary and see what it wrote.
- A read inside a transaction on the primary stays there (the transaction may have written).

Django's documentation, "Multiple databases", "An example" (a primary/replica router) and "Testing
primary/replica configurations" (the replicas are `TEST: {"MIRROR": "default"}`).
"""

import random
from contextvars import ContextVar
from dataclasses import dataclass

from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, connections
from django.urls import reverse

PIN_COOKIE = "portal_primary"
PIN_SECONDS = 10
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})


@dataclass
class _Reads:
    """Where this request's reads go: a replica's alias, or None for the primary."""

    replica: str | None


_reads: ContextVar[_Reads | None] = ContextVar("portal_replica_reads", default=None)


def replica_aliases() -> list[str]:
    """The configured replicas: every database alias but the primary's."""
    return [alias for alias in connections if alias != DEFAULT_DB_ALIAS]


def may_read_from_replica(request) -> bool:
    """Whether `request` is an anonymous read of the public site or the public API (the rule above)."""
    return (
        request.method in SAFE_METHODS
        and settings.SESSION_COOKIE_NAME not in request.COOKIES
        and PIN_COOKIE not in request.COOKIES
        and "HTTP_AUTHORIZATION" not in request.META
        and not request.path.startswith(reverse("admin:index"))  # both with the script prefix, if any
    )


def pin_to_primary() -> None:
    """The rest of the current request (if any) reads from the primary."""
    reads = _reads.get()
    if reads is not None:
        reads.replica = None


def current_replica() -> str | None:
    """The replica the current request reads from, or None (the primary)."""
    reads = _reads.get()
    return reads.replica if reads is not None else None


class ReplicaMiddleware:
    """Decide once per request where its reads go; pin the client to the primary after a write."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        replicas = replica_aliases()
        replica = random.choice(replicas) if replicas and may_read_from_replica(request) else None  # noqa: S311
        token = _reads.set(_Reads(replica))
        try:
            response = self.get_response(request)
        finally:
            _reads.reset(token)
        if request.method not in SAFE_METHODS:
            response.set_cookie(
                PIN_COOKIE,
                "1",
                max_age=getattr(settings, "PORTAL_REPLICA_PIN_SECONDS", PIN_SECONDS),
                secure=settings.SESSION_COOKIE_SECURE,
                httponly=True,
                samesite="Lax",
            )
        return response


class ReplicaRouter:
    """Reads on the request's replica when `ReplicaMiddleware` allowed one; writes and migrations on the
    primary (Django's `DATABASE_ROUTERS` protocol)."""

    def db_for_read(self, model, **hints):
        replica = current_replica()
        if replica is None or connections[DEFAULT_DB_ALIAS].in_atomic_block:
            return DEFAULT_DB_ALIAS
        return replica

    def db_for_write(self, model, **hints):
        pin_to_primary()
        return DEFAULT_DB_ALIAS

    def allow_relation(self, obj1, obj2, **hints):
        databases = {DEFAULT_DB_ALIAS, *replica_aliases()}
        return obj1._state.db in databases and obj2._state.db in databases

    def allow_migrate(self, db, app_label, model_name=None, **hints):
        return db == DEFAULT_DB_ALIAS
