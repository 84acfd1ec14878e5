"""The submit's heaviest statements as PostgreSQL prepared statements: parsed and planned once per session.

Django sends every statement as text, and PostgreSQL plans it at every run: for the few statements of a fixed
shape that a submit sends (core.compiled: the locked read, the completeness facts, the audience, the
webhooks' listeners, the version snapshot; and the portal's freshness, at every public request), planning
cost the database more than running them (1.4 of 1.9 ms for the snapshot, measured with pg_stat_statements
in a rush). Here such a statement is prepared once in the database session (SQL PREPARE, which psycopg's
client-side binding allows) and then only executed; its plan is made for any values, which
suits these statements, each keyed by primary or foreign keys. (Every statement prepared by psycopg's
automatic preparation was tried and taken back: generic plans of the lists read whole organisations,
docs/scaling.md.) The person's roles (core.access), read at nearly every request, are prepared by each session as
it opens (at_connect).

Off where a session does not keep its prepared statements from one transaction to the next (a pooler in
transaction mode): CONCERTO_PREPARED_STATEMENTS=0.
"""

import datetime
import hashlib
import re
import weakref
from decimal import Decimal

from django.conf import settings
from django.db import DatabaseError

# The parameter types PREPARE declares, from the values of the first run (bool before int: a bool is an int).
_TYPES = ((bool, "boolean"), (int, "bigint"), (str, "text"), (Decimal, "numeric"),
          (datetime.datetime, "timestamptz"), (datetime.date, "date"))
_PLACEHOLDER = re.compile(r"%[s%]")
# Database session (the driver's connection object) -> names of the statements prepared in it.
_SESSIONS = weakref.WeakKeyDictionary()
# name -> (sql, parameter types) of the statements every session prepares as it opens (at_connect).
_AT_CONNECT = {}


def execute(cursor, sql, params):
    """Run `sql` (Django's %s placeholders) on `cursor`, a Django cursor, as a prepared statement on PostgreSQL."""
    connection = cursor.db
    if connection.vendor != "postgresql" or not settings.CONCERTO_PREPARED_STATEMENTS:
        return cursor.execute(sql, params)
    name = name_of(sql)
    prepared = _SESSIONS.setdefault(connection.connection, set())
    if name not in prepared:
        # PREPARE outlives a rollback of its transaction: once per session is enough.
        cursor.execute(f"PREPARE {name} ({', '.join(_type(value) for value in params)}) AS {_numbered(sql)}"
                       if params else f"PREPARE {name} AS {_numbered(sql)}")
        prepared.add(name)
    if not params:
        return cursor.execute(f"EXECUTE {name}")
    return cursor.execute(f"EXECUTE {name} ({', '.join(['%s'] * len(params))})", params)


def at_connect(sql, *types):
    """Declare `sql` (with its parameters' PostgreSQL types) as prepared by every database session as it opens.

    For a statement nearly every request sends (the person's roles): prepared on first use, the first request
    of each connection would send one statement more than the next, and counting a page's statements (its
    tests, the bench) would depend on the connection's age. Returns `sql`, to be run with execute()."""
    _AT_CONNECT[name_of(sql)] = (sql, types)
    return sql


def prepare_at_connect(sender, connection, **kwargs):
    """connection_created: prepare the declared statements. Before `migrate` has made their tables the
    statement cannot be prepared; it then is at its first use, as any other."""
    if connection.vendor != "postgresql" or not settings.CONCERTO_PREPARED_STATEMENTS or not _AT_CONNECT:
        return
    prepared = _SESSIONS.setdefault(connection.connection, set())
    with connection.cursor() as cursor:
        for name, (sql, types) in _AT_CONNECT.items():
            try:
                # A new connection is in autocommit mode (Django opens its transactions after connecting), so
                # a failed PREPARE leaves nothing aborted behind it.
                cursor.execute(f"PREPARE {name} ({', '.join(types)}) AS {_numbered(sql)}")
            except DatabaseError:
                continue
            prepared.add(name)


def name_of(sql):
    """The prepared statement's name: the same SQL, the same name in every session."""
    return "concerto_" + hashlib.blake2b(sql.encode(), digest_size=10).hexdigest()


def _type(value):
    return next((name for kind, name in _TYPES if isinstance(value, kind)), "unknown")


def _numbered(sql):
    """%s placeholders as $1, $2…, and %% as %."""
    count = 0

    def number(match):
        nonlocal count
        if match.group() == "%%":
            return "%"
        count += 1
        return f"${count}"

    return _PLACEHOLDER.sub(number, sql)
