"""PostgreSQL planner settings for a few queries, local to a transaction.

The planner prices testing a condition on a row at one cpu_operator_cost, whatever it tests: a tsvector
match (@@) on a proposal's long vector, or a trigram similarity, costs far more. Left alone, at a few
thousand proposals it reads a whole program through a B-tree and tests every row; where it switches to the
GIN index depends on the table's size. With conditions priced nearer their cost and plain index scans off
(the latest ids would otherwise be walked backwards, testing every row), the GIN indexes answer whenever
the text is asked for (tests/workflow/test_search_plans.py), and only matching rows are read."""

import json
from contextlib import contextmanager

from django.db import connection, connections, transaction

TEXT_MATCHING = {"enable_indexscan": "off", "cpu_operator_cost": "0.25"}


@contextmanager
def local_settings(settings):
    """Set these settings for what runs inside, then put back the ones they replaced: set_config(…, true) lasts
    until the end of the transaction, which may enclose this one (a blank value: never set, as pg_trgm's
    settings before it loads)."""
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SELECT " + ", ".join(["current_setting(%s, true), set_config(%s, %s, true)"] * len(settings)),
                       [value for name, setting in settings.items() for value in (name, name, setting)])
        before = {name: old for name, old in zip(settings, cursor.fetchone()[::2], strict=True) if old}
        yield
        cursor.execute("SELECT " + ", ".join(["set_config(%s, %s, true)"] * len(before)),
                       [value for name, old in before.items() for value in (name, old)])


def expected_rows(rows):
    """The planner's estimate of how many rows the queryset gives (EXPLAIN, nothing run)."""
    sql, params = rows.order_by().query.sql_with_params()
    with connections[rows.db].cursor() as cursor:
        cursor.execute(f"EXPLAIN (FORMAT JSON) {sql}", params)
        plan = cursor.fetchone()[0]
    return (json.loads(plan) if isinstance(plan, str) else plan)[0]["Plan"]["Plan Rows"]
