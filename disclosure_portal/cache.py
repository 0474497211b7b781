"""
The default cache backend: Django's Redis cache, except that Redis being down, unreachable, slow or
refusing writes is a cache miss, never an error (issue 25).

Nothing the portal keeps in the cache is needed for a right answer: public pages are checked against
the generation in the database (core/caching.py), the API and search limits only count, the
holiday calendar's version only saves reloading it, and the search counts waiting there for their
write each minute (`hash_incr`, `hash_take`) only rank the most searched terms. So while Redis fails
this backend answers as Django's DummyCache does — `get` the default, `get_many` {}, `has_key` False,
`add` True (a guard built on it lets the work through rather than refusing everyone), `incr`
ValueError as for a missing key, writes dropped, `hash_incr` False (the count is written at once) —
and the site stays up, uncached and unthrottled.

Calls are bounded by short socket timeouts (settings: PORTAL_CACHE_TIMEOUT_SECONDS). After a failure
Redis is left alone for DOWN_SECONDS (PORTAL_CACHE_DOWN_SECONDS), so a Redis that does not answer
costs a process one timeout per interval, not one per call; the first failure is logged, then at most
one message a minute.
"""

import logging
import threading
import time

from django.core.cache.backends import redis as django_redis
from redis.exceptions import RedisError

logger = logging.getLogger(__name__)

LOG_INTERVAL = 60.0
UNAVAILABLE = object()


class _Outage:
    """What a process knows about one Redis server's failures (shared by the threads' cache objects)."""

    def __init__(self):
        self.down_until = 0.0  # time.monotonic() before which Redis is not asked
        self.logged_at: float | None = None
        self.failures = 0


_outages: dict[tuple, _Outage] = {}
_outages_lock = threading.Lock()


class ReusingRedisCacheClient(django_redis.RedisCacheClient):
    """Django's client, keeping one `redis.Redis` per connection pool instead of making one per call.

    Django builds a new `redis.Redis` for every cache call; redis-py's constructor fills a table of ~170
    response callbacks each time, about 0.1 ms, as much as the GET itself on a cached page (measured, see
    docs/performance.md). A `redis.Redis` over a pool is safe to share between threads (redis-py's
    documentation: each command takes a connection from the pool), so one per pool serves them all."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._clients: dict = {}

    def get_client(self, key=None, *, write=False):
        pool = self._get_connection_pool(write)
        client = self._clients.get(id(pool))
        if client is None:
            client = self._clients[id(pool)] = self._client(connection_pool=pool)
        return client


class RedisCache(django_redis.RedisCache):
    """`django.core.cache.backends.redis.RedisCache` that turns Redis failures into misses.

    OPTIONS takes DOWN_SECONDS (default 5) besides the connection pool's own options
    (socket_connect_timeout, socket_timeout…)."""

    def __init__(self, server, params):
        options = dict(params.get("OPTIONS") or {})
        self.down_seconds = float(options.pop("DOWN_SECONDS", 5))
        super().__init__(server, {**params, "OPTIONS": options})
        self._class = ReusingRedisCacheClient
        with _outages_lock:
            self._outage = _outages.setdefault(tuple(self._servers), _Outage())

    def _attempt(self, fallback, call, *args, **kwargs):
        """`call(*args, **kwargs)`, or `fallback` when Redis fails (or failed less than DOWN_SECONDS ago)."""
        outage = self._outage
        if outage.down_until and time.monotonic() < outage.down_until:
            return fallback
        try:
            result = call(*args, **kwargs)
        except RedisError as exc:
            self._failed(exc)
            return fallback
        if outage.failures:
            logger.warning("cache: Redis answers again after %d failed calls", outage.failures)
            outage.failures, outage.down_until, outage.logged_at = 0, 0.0, None
        return result

    def _failed(self, exc: Exception) -> None:
        outage = self._outage
        now = time.monotonic()
        outage.failures += 1
        outage.down_until = now + self.down_seconds
        if outage.logged_at is None or now - outage.logged_at >= LOG_INTERVAL:
            outage.logged_at = now
            logger.warning(
                "cache: Redis failed (%s: %s); answering as cache misses, next try in %g s (%d failed calls)",
                type(exc).__name__,
                exc,
                self.down_seconds,
                outage.failures,
            )

    def is_available(self) -> bool:
        """False while Redis is taken as down (the last call failed less than DOWN_SECONDS ago)."""
        return not (self._outage.down_until and time.monotonic() < self._outage.down_until)

    # The backend's API, each call through _attempt -------------------------------------------------
    def add(self, key, value, timeout=django_redis.DEFAULT_TIMEOUT, version=None):
        return self._attempt(True, super().add, key, value, timeout, version)

    def get(self, key, default=None, version=None):
        return self._attempt(default, super().get, key, default, version)

    def set(self, key, value, timeout=django_redis.DEFAULT_TIMEOUT, version=None):
        self._attempt(None, super().set, key, value, timeout, version)

    def touch(self, key, timeout=django_redis.DEFAULT_TIMEOUT, version=None):
        return self._attempt(False, super().touch, key, timeout, version)

    def delete(self, key, version=None):
        return self._attempt(False, super().delete, key, version)

    def get_many(self, keys, version=None):
        return self._attempt({}, super().get_many, keys, version)

    def has_key(self, key, version=None):
        return self._attempt(False, super().has_key, key, version)

    def incr(self, key, delta=1, version=None):
        result = self._attempt(UNAVAILABLE, super().incr, key, delta, version)
        if result is UNAVAILABLE:
            raise ValueError(f"Key '{key}' not found (the cache is unavailable).")
        return result

    def set_many(self, data, timeout=django_redis.DEFAULT_TIMEOUT, version=None):
        return self._attempt(list(data), super().set_many, data, timeout, version)

    def delete_many(self, keys, version=None):
        self._attempt(None, super().delete_many, keys, version)

    def clear(self):
        return self._attempt(False, super().clear)

    # Counts waiting to be written (search_help.search_term_count) ---------------------------------------
    def hash_incr(self, key, field: str, amount: int = 1, timeout: int = 3600, version=None) -> bool:
        """Add `amount` to `field` of the hash at `key` (HINCRBY) and keep the hash `timeout` seconds more
        (EXPIRE, in the same round trip): no database write. Like every key the portal keeps but the calendar's
        version, it expires and may be evicted (docker-compose.yml: volatile-lru). False when Redis fails:
        the caller writes the count itself."""
        key = self.make_and_validate_key(key, version=version)

        def incr():
            pipe = self._cache.get_client(key, write=True).pipeline(transaction=False)
            total, _ = pipe.hincrby(key, field, amount).expire(key, timeout).execute()
            return total > 0

        return self._attempt(False, incr)

    def hash_take(self, key, version=None) -> dict[str, int]:
        """The hash at `key` as {field: count}, deleted in the same MULTI (HGETALL, DEL): what is added after
        goes to a new hash, nothing is read twice or lost between the two. {} when Redis fails."""
        key = self.make_and_validate_key(key, version=version)

        def take():
            pipe = self._cache.get_client(key, write=True).pipeline(transaction=True)
            fields, _ = pipe.hgetall(key).delete(key).execute()
            return {field.decode(): int(count) for field, count in fields.items()}

        return self._attempt({}, take)
