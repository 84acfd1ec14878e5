"""Small helpers for the few statements written as SQL."""

from django.db import connection


def table(model):
    """The model's table name, quoted for the default database."""
    return connection.ops.quote_name(model._meta.db_table)
