"""Bulk inserts of outbox rows.

insert_messages (the reminder scan, which already holds a claim on every key): a first scan after a long
pause can write tens of thousands of messages; Django's bulk_create spends most of that time preparing
parameters. On PostgreSQL the ids are drawn from the sequence in one query and the rows are streamed with
COPY, which is several times faster. Same rows, same constraints either way.

insert_new (every other event): one INSERT … ON CONFLICT (dedupe_key) DO NOTHING RETURNING (on PostgreSQL the
rows as one JSON parameter, their in-app copies in the same statement; elsewhere a VALUES list per batch), so
queueing a transition's messages costs one statement whatever the number of recipients, and a row whose key
exists already (queued before, or by a concurrent twin) is skipped without an error or a savepoint.
"""

import datetime
import json
from operator import attrgetter

from django.db import connection

from .models import Notification, OutboxMessage


def _columns(model):
    return [field for field in model._meta.concrete_fields if not field.primary_key]


def insert_messages(messages, *, in_app):
    """Insert unsaved OutboxMessage objects (ids are set on them) and their in-app copies."""
    if not messages:
        return messages
    if connection.vendor != "postgresql":
        OutboxMessage.objects.bulk_create(messages, batch_size=1000)
        if in_app:
            Notification.objects.bulk_create(
                [Notification(user_id=m.recipient_id, message=m) for m in messages if m.recipient_id],
                batch_size=1000)
        return messages
    table = OutboxMessage._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute("SELECT nextval(pg_get_serial_sequence(%s, 'id')) FROM generate_series(1, %s)",
                       [table, len(messages)])
        for message, (new_id,) in zip(messages, cursor.fetchall(), strict=True):
            message.id = new_id
    fields = _columns(OutboxMessage)
    read = attrgetter(*(field.attname for field in fields))
    as_json = [index for index, field in enumerate(fields, start=1) if field.get_internal_type() == "JSONField"]

    def row(message):
        values = [message.id, *read(message)]
        for index in as_json:
            values[index] = json.dumps(values[index], ensure_ascii=False)
        return values

    _copy(table, ["id"] + [field.column for field in fields], map(row, messages))
    if in_app:
        first = Notification(user_id=0, message_id=0)  # for the defaults (created_at)
        _copy(Notification._meta.db_table, ["user_id", "message_id", "created_at", "read_at"],
              ([m.recipient_id, m.id, first.created_at, None] for m in messages if m.recipient_id))
    return messages


def insert_new(messages, *, in_app=False):
    """Insert the unsaved messages whose dedupe key is not taken, and with `in_app` the people's in-app copies
    of those (on PostgreSQL in the same statement, a data-modifying WITH); return those inserted, ids set."""
    if not messages:
        return []
    by_key = {message.dedupe_key: message for message in messages}
    if connection.vendor == "postgresql":
        found = _insert_new_postgresql(messages, in_app)
    else:
        found = _insert_new_values(messages)
    created = set()
    for new_id, key in found:
        by_key[key].id = new_id
        created.add(key)
    inserted = [message for message in messages if message.dedupe_key in created]
    if in_app and connection.vendor != "postgresql":
        Notification.objects.bulk_create(
            [Notification(user_id=message.recipient_id, message=message) for message in inserted if message.recipient_id])
    return inserted


def _insert_new_postgresql(messages, in_app):
    """All the rows as one JSON parameter, whatever their number: the statement's text never changes, so the
    driver reuses its parsing of it (psycopg parses anew each statement of more than 50 parameters: 0.3–0.6 ms
    of a submit's CPU for the 3 to 6 rows of a VALUES list)."""
    fields = _columns(OutboxMessage)
    quote = connection.ops.quote_name
    table, columns = quote(OutboxMessage._meta.db_table), ", ".join(quote(field.column) for field in fields)
    rows = json.dumps([{field.column: _plain(field.pre_save(message, True)) for field in fields}
                       for message in messages], ensure_ascii=False)
    insert = (f"INSERT INTO {table} ({columns}) SELECT {columns} FROM jsonb_populate_recordset(NULL::{table}, "
              f"%s::jsonb) ON CONFLICT ({quote('dedupe_key')}) DO NOTHING "
              f"RETURNING {quote('id')}, {quote('dedupe_key')}, {quote('recipient_id')}")
    params = [rows]
    if in_app:
        insert = (f"WITH inserted AS ({insert}), copies AS ("
                  f"INSERT INTO {quote(Notification._meta.db_table)} (user_id, message_id, created_at) "
                  "SELECT recipient_id, id, %s FROM inserted WHERE recipient_id IS NOT NULL) "
                  "SELECT id, dedupe_key FROM inserted")
        params.append(Notification._meta.get_field("created_at").get_default())
    else:
        insert = f"WITH inserted AS ({insert}) SELECT id, dedupe_key FROM inserted"
    with connection.cursor() as cursor:
        cursor.execute(insert, params)
        return cursor.fetchall()


def _plain(value):
    """A field's value as JSON gives it to PostgreSQL's input functions (timestamps whole, to the microsecond)."""
    return value.isoformat() if isinstance(value, datetime.datetime) else value


def _insert_new_values(messages):
    fields = _columns(OutboxMessage)
    table, quote = OutboxMessage._meta.db_table, connection.ops.quote_name
    size = max(connection.ops.bulk_batch_size(fields, messages), 1)
    found = []
    for start in range(0, len(messages), size):
        batch = messages[start:start + size]
        row = "(" + ", ".join(["%s"] * len(fields)) + ")"
        params = [field.get_db_prep_save(field.pre_save(message, True), connection)
                  for message in batch for field in fields]
        with connection.cursor() as cursor:
            cursor.execute(
                f"INSERT INTO {quote(table)} ({', '.join(quote(field.column) for field in fields)}) "
                f"VALUES {', '.join([row] * len(batch))} ON CONFLICT ({quote('dedupe_key')}) DO NOTHING "
                f"RETURNING {quote('id')}, {quote('dedupe_key')}", params)
            found += cursor.fetchall()
    return found


def _copy(table, columns, rows):
    quoted = ", ".join(connection.ops.quote_name(column) for column in columns)
    with connection.cursor() as cursor:
        with cursor.cursor.copy(f"COPY {connection.ops.quote_name(table)} ({quoted}) FROM STDIN") as copy:
            for row in rows:
                copy.write_row(row)
