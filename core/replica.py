"""Reads that may come from the PostgreSQL read replica (docs/scaling.md).

Code that can show rows a few seconds old — the public portal, staff exports, the program dashboard — runs
inside `reading_from_replica()`; config.db_router then sends its reads to the `replica` database when
DATABASE_REPLICA_URL configured one. Writes, and every read outside, stay on the primary.

A replica that does not answer, or lags more than CONCERTO_REPLICA_MAX_LAG_SECONDS behind, is passed over:
the reads go to the primary, and the replica is tried again RETRY_SECONDS later (each process on its own).
"""

import logging
from contextlib import contextmanager
from contextvars import ContextVar
from functools import wraps
from time import monotonic

from django.conf import settings
from django.db import DatabaseError, connections
from django.http import FileResponse

logger = logging.getLogger(__name__)
REPLICA = "replica"
RETRY_SECONDS = 30  # a replica that failed is left alone this long
LAG_EVERY_SECONDS = 10  # its lag is read again after this long, not on every request
# 0 when the replica follows the primary (its WAL receiver runs) and has replayed all it received; else the
# age of the last transaction it replayed (an idle primary sends nothing, so the age alone would grow with no
# lag; a replica cut off from the primary has replayed all it received, and falls behind unseen). Any
# role sees whether the receiver runs (its pid). On a primary (the tests' mirror): 0.
LAG_SQL = ("SELECT CASE WHEN NOT pg_is_in_recovery() THEN 0 "
           "WHEN pg_last_wal_receive_lsn() = pg_last_wal_replay_lsn() "
           "AND EXISTS (SELECT FROM pg_stat_wal_receiver WHERE pid IS NOT NULL) THEN 0 "
           "ELSE COALESCE(EXTRACT(EPOCH FROM now() - pg_last_xact_replay_timestamp()), 0) END")

_reading = ContextVar("concerto_reading_from_replica", default=False)
_END = object()


class _State:
    """This process's view of the replica."""

    passed_over_until = 0.0  # monotonic(): before this, reads go to the primary
    lag_read_at = None
    lag = 0.0
    error = ""  # why it was last passed over, for the health endpoint


_state = _State()


def configured():
    return REPLICA in connections.settings


def is_reading_from_replica():
    return _reading.get()


@contextmanager
def reading_from_replica():
    token = _reading.set(configured() and _usable())
    try:
        yield
    finally:
        _reading.reset(token)


def _usable():
    now = monotonic()
    if now < _state.passed_over_until:
        return False
    connection = connections[REPLICA]
    try:
        # A kept connection the replica dropped is replaced here, where a failure can still be passed over.
        connection.close_if_health_check_failed()
        connection.ensure_connection()
        if _state.lag_read_at is None or now - _state.lag_read_at >= LAG_EVERY_SECONDS:
            _state.lag, _state.lag_read_at = _read_lag(connection), now
    except DatabaseError as error:
        connection.close()
        return _pass_over(now, type(error).__name__, "Read replica unreachable (%s): reads go to the primary", error)
    if _state.lag > settings.CONCERTO_REPLICA_MAX_LAG_SECONDS:
        return _pass_over(now, "lag", "Read replica %.0f s behind: reads go to the primary", _state.lag)
    _state.error = ""
    return True


def _read_lag(connection):
    if connection.vendor != "postgresql":
        return 0.0
    with connection.cursor() as cursor:
        cursor.execute(LAG_SQL)
        return float(cursor.fetchone()[0])


def _pass_over(now, error, message, detail):
    _state.passed_over_until, _state.lag_read_at, _state.error = now + RETRY_SECONDS, None, error
    logger.warning(message, detail)
    return False


def health():
    """The replica as this process last saw it (checked again if due), for the health endpoint."""
    usable = _usable()
    return {"ok": usable, "reads_from": REPLICA if usable else "primary", "lag_seconds": round(_state.lag),
            **({"error": _state.error} if _state.error else {})}


def _each_from_replica(chunks):
    # A streamed answer is read after its view returned: each chunk is produced inside again (entered and
    # left around every step, so nothing leaks into the server's context between chunks).
    chunks = iter(chunks)
    while True:
        with reading_from_replica():
            chunk = next(chunks, _END)
        if chunk is _END:
            return
        yield chunk


def from_replica(view):
    """A view whose reads, streamed content included, may come from the replica."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if hasattr(request, "user"):
            # The session and the signed-in person come from the primary: a sign-in is seen at once.
            request.user.is_authenticated  # noqa: B018 - loads the lazy user
        with reading_from_replica():
            response = view(request, *args, **kwargs)
        # A file is read from disk, not from the database.
        if response.streaming and not isinstance(response, FileResponse):
            response.streaming_content = _each_from_replica(response.streaming_content)
        return response

    return wrapper
