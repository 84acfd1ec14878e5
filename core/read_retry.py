"""A read whose database connection died is answered from a fresh connection instead of a 500.

CONN_HEALTH_CHECKS replaces a kept connection the database dropped between two requests; this middleware
covers one that dies during a GET or HEAD (a restarted database, a failover, pg_terminate_backend): the
view runs once more on a new connection. Only when the request has sent nothing but SELECTs so far, so a
retry never does a write twice; only outside a transaction, where a connection can be replaced.
"""

import logging
from contextlib import ExitStack

from django.db import InterfaceError, OperationalError, connections

logger = logging.getLogger(__name__)
SAFE_METHODS = ("GET", "HEAD")


class _WriteWatch:
    """An execute wrapper that remembers whether any statement other than a SELECT was sent."""

    def __init__(self):
        self.wrote = False

    def __call__(self, execute, sql, params, many, context):
        if not self.wrote and not str(sql).lstrip().upper().startswith("SELECT"):
            self.wrote = True
        return execute(sql, params, many, context)


def _replace_dead_connections():
    """Close the connections that no longer answer; True if there was one (the error was a lost connection)."""
    dead = [conn for conn in connections.all(initialized_only=True)
            if conn.connection is not None and not conn.in_atomic_block and not conn.is_usable()]
    for conn in dead:
        conn.close()
    return bool(dead)


class RetryReadOnLostConnectionMiddleware:
    """Last in MIDDLEWARE: its get_response is the view phase (URL, process_view, the view, rendering)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.method not in SAFE_METHODS:
            return self.get_response(request)
        request._read_retry_watch = watch = _WriteWatch()
        with ExitStack() as stack:
            for conn in connections.all():
                stack.enter_context(conn.execute_wrapper(watch))
            return self.get_response(request)

    def process_exception(self, request, exception):
        watch = getattr(request, "_read_retry_watch", None)
        if watch is None or watch.wrote or getattr(request, "_read_retried", False) \
                or not isinstance(exception, (OperationalError, InterfaceError)) \
                or not _replace_dead_connections():
            return None
        request._read_retried = True
        logger.warning("Database connection lost during %s %s: answered from a new connection",
                       request.method, request.path)
        # The whole view phase again, with every middleware's process_view and process_exception.
        return self.get_response(request)
