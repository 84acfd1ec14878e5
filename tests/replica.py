"""A `replica` database alias in tests, as DATABASE_REPLICA_URL configures one in production: a second
connection to the test database (a test mirror of default). Django checks a test's databases before it
starts, so the alias is added by a class-scoped fixture (after the test database exists) and the tests are
marked with WITH_REPLICA: transactional, as a second connection does not see another's open transaction."""

import socket
from contextlib import contextmanager

import pytest
from django.db import connections

from core import replica

REPLICA = "replica"
WITH_REPLICA = pytest.mark.django_db(transaction=True, databases=["default", REPLICA])


@contextmanager
def replica_alias(**changes):
    """`changes` alter the alias's settings (PORT=closed_port() for a replica that refuses connections).
    Each process remembers a replica it passed over (core.replica): the alias starts and ends forgotten."""
    default = connections["default"].settings_dict
    connections.settings[REPLICA] = {**default, "TEST": {**default["TEST"], "MIRROR": "default"}, **changes}
    replica._state = replica._State()
    try:
        yield connections[REPLICA]
    finally:
        connections[REPLICA].close()
        del connections[REPLICA]
        del connections.settings[REPLICA]
        replica._state = replica._State()


def closed_port():
    """A local port nothing listens on: a connection to it is refused at once."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def reads(captured, table):
    """The SELECTs of `captured` (a CaptureQueriesContext) that read `table`."""
    return [query["sql"] for query in captured.captured_queries
            if query["sql"].lstrip().upper().startswith("SELECT") and f'"{table}"' in query["sql"]]


def writes(captured, table):
    return [query["sql"] for query in captured.captured_queries
            if query["sql"].lstrip().upper().startswith(("INSERT", "UPDATE", "DELETE")) and f'"{table}"' in query["sql"]]
