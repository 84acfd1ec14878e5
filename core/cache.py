"""The shared cache (Redis) with a fallback, so that a cache that refuses connections, does not answer in
time or is gone never fails a request: public pages, sign-in and the API all go through it.

When Redis fails, the process keeps its entries in its own memory for RETRY_SECONDS, with one warning in
the log, then tries Redis again. Meanwhile each web process renders the public pages it is asked for once
(not once for all), and the rate limits (sign-in, sign-up, API tokens) count per process: weaker than
one count for the whole site, never off.
"""

import logging
from time import monotonic

from django.core.cache.backends.locmem import LocMemCache
from django.core.cache.backends.redis import RedisCache
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError

logger = logging.getLogger(__name__)
RETRY_SECONDS = 30
LOCAL_ENTRIES = 1000  # the fallback's size: public pages and rate-limit counts of one process
FAILURES = (RedisConnectionError, RedisTimeoutError)
# RedisCache's own operations; BaseCache builds the rest (get_or_set, decr, incr_version…) on these.
OPERATIONS = ("add", "get", "set", "touch", "delete", "get_many", "has_key", "incr", "set_many", "delete_many",
              "clear")


# Per Redis location, for the whole process: Django gives each thread its own cache object.
_passed_over_until = {}


class FallbackRedisCache(RedisCache):
    def __init__(self, server, params):
        super().__init__(server, params)
        self._location = ",".join(self._servers)
        local = {key: value for key, value in params.items() if key in ("TIMEOUT", "KEY_PREFIX", "VERSION")}
        # LocMemCache keeps its entries by name: every thread's object shares the process's one memory.
        self._local = LocMemCache(f"concerto-fallback:{self._location}",
                                  {**local, "OPTIONS": {"MAX_ENTRIES": LOCAL_ENTRIES}})


def _with_fallback(name):
    redis_operation, local_operation = getattr(RedisCache, name), getattr(LocMemCache, name)

    def operation(self, *args, **kwargs):
        if monotonic() >= _passed_over_until.get(self._location, 0.0):
            try:
                return redis_operation(self, *args, **kwargs)
            except FAILURES as error:
                _passed_over_until[self._location] = monotonic() + RETRY_SECONDS
                logger.warning("Cache unreachable (%s): this process keeps its entries in memory for %s s",
                               error, RETRY_SECONDS)
        return local_operation(self._local, *args, **kwargs)

    operation.__name__ = name
    return operation


for _name in OPERATIONS:
    setattr(FallbackRedisCache, _name, _with_fallback(_name))
