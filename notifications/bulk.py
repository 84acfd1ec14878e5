"""Bulk insert of outbox rows for the reminder scan: COPY on PostgreSQL, bulk_create elsewhere.

A first scan after a long pause can write tens of thousands of messages; Django's bulk_create spends most
of that time preparing parameters. On PostgreSQL the ids are drawn from the sequence in one query and the
rows are streamed with COPY, which is several times faster. Same rows, same constraints either way.
"""

import json

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
    rows = ([message.id] + [_value(message, field) for field in fields] for message in messages)
    _copy(table, ["id"] + [field.column for field in fields], rows)
    if in_app:
        first = Notification(user_id=0, message_id=0)  # for the defaults (created_at)
        _copy(Notification._meta.db_table, ["user_id", "message_id", "created_at", "read_at"],
              ([m.recipient_id, m.id, first.created_at, None] for m in messages if m.recipient_id))
    return messages


def _value(message, field):
    value = getattr(message, field.attname)
    if field.get_internal_type() == "JSONField":
        return json.dumps(value, ensure_ascii=False)
    return value


def _copy(table, columns, rows):
    quoted = ", ".join(connection.ops.quote_name(column) for column in columns)
    with connection.cursor() as cursor:
        with cursor.cursor.copy(f"COPY {connection.ops.quote_name(table)} ({quoted}) FROM STDIN") as copy:
            for row in rows:
                copy.write_row(row)
