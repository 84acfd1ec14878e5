"""Reads that may come from the PostgreSQL read replica (docs/scaling.md).

Code that can show rows a few seconds old — the public portal, staff exports, the program dashboard — runs
inside `reading_from_replica()`; config.db_router then sends its reads to the `replica` database when
DATABASE_REPLICA_URL configured one. Writes, and every read outside, stay on the primary.
"""

from contextlib import contextmanager
from contextvars import ContextVar
from functools import wraps

from django.http import FileResponse

_reading = ContextVar("concerto_reading_from_replica", default=False)
_END = object()


def is_reading_from_replica():
    return _reading.get()


@contextmanager
def reading_from_replica():
    token = _reading.set(True)
    try:
        yield
    finally:
        _reading.reset(token)


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
