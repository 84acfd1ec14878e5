"""Hot queries of a fixed shape compiled to SQL once per process and database connection.

Compiling a queryset with many subqueries (the submit's completeness facts, its version snapshot) costs the
ORM milliseconds of CPU, the same work at every call but for the parameters. A Compiled query builds its
queryset once with stand-in integers for its arguments, keeps the SQL and the parameter list, and at each
call puts the real arguments where the stand-ins were. The rows go through the ORM's own converters, and
objects() builds model instances from them as the queryset itself would (its select_related rows and
annotations set on each), with the compiler's own description of its columns. On PostgreSQL the statement
is also prepared once per database session (core.prepared): parsed and planned once.

Only for integer arguments the ORM passes through unchanged as parameters (primary keys, foreign keys):
never for a value it transforms (a LIKE pattern, a date truncated) or reads in Python while building.
"""

import weakref

from django.db import DEFAULT_DB_ALIAS, connections
from django.db.models.query import get_related_populators

from . import prepared

# Far outside any primary key (negative, and below every id a sequence hands out).
_STAND_INS = tuple(-2_000_000_011 - index for index in range(8))


class Compiled:
    def __init__(self, build, arguments=1):
        """`build(*stand_ins)` returns the queryset; each stand-in must appear among its parameters."""
        self.build, self.arguments = build, arguments
        self._by_connection = weakref.WeakKeyDictionary()  # connections are per thread

    def _compiler(self, using):
        connection = connections[using]
        found = self._by_connection.get(connection)
        if found is None:
            stand_ins = _STAND_INS[:self.arguments]
            compiler = self.build(*stand_ins).query.get_compiler(using=using)
            sql, params = compiler.as_sql()
            slots = [(index, stand_ins.index(value)) for index, value in enumerate(params)
                     if isinstance(value, int) and value in stand_ins]
            if {argument for _index, argument in slots} != set(range(self.arguments)):
                raise ValueError("every argument of a Compiled query must reach its SQL as a parameter")
            found = self._by_connection[connection] = (compiler, sql, tuple(params), slots, _instancing(compiler))
        return found

    def sql_with_params(self, *arguments, using=DEFAULT_DB_ALIAS):
        """The SQL and the parameters for these arguments (to run as it is, or inside a larger statement)."""
        _compiler, sql, params, slots, _instancing = self._compiler(using)
        params = list(params)
        for index, argument in slots:
            params[index] = arguments[argument]
        return sql, params

    def rows(self, *arguments, using=DEFAULT_DB_ALIAS):
        """The rows as tuples, converted as the queryset's values_list() would convert them."""
        compiler = self._compiler(using)[0]
        sql, params = self.sql_with_params(*arguments, using=using)
        with connections[using].cursor() as cursor:
            prepared.execute(cursor, sql, params)
            fetched = cursor.fetchall()
        return [tuple(row) for row in compiler.results_iter(results=[fetched])]

    def dicts(self, *arguments, using=DEFAULT_DB_ALIAS):
        """The rows as dicts named by the queryset's values() (its annotations and fields, in order)."""
        query = self._compiler(using)[0].query
        names = [*query.extra_select, *query.values_select, *query.annotation_select]
        return [dict(zip(names, row, strict=True)) for row in self.rows(*arguments, using=using)]

    def objects(self, *arguments, using=DEFAULT_DB_ALIAS):
        """Model instances of a queryset of models (not values()), as iterating it gives them."""
        instancing = self._compiler(using)[4]
        if instancing is None:
            raise TypeError("objects() needs a queryset of model instances, not of values")
        model, init_list, start, end, populators, annotations = instancing
        found = []
        for row in self.rows(*arguments, using=using):
            instance = model.from_db(using, init_list, row[start:end])
            for populator in populators:
                populator.populate(row, instance)
            for name, position in annotations:
                setattr(instance, name, row[position])
            found.append(instance)
        return found


def _instancing(compiler):
    """What django.db.models.query.ModelIterable reads off a compiled query to build its instances (the
    compiler describes its columns once as_sql() has run); None for a values() query."""
    query, klass_info, select = compiler.query, compiler.klass_info, compiler.select
    if klass_info is None or query.values_select or query.extra_select:
        return None
    fields = klass_info["select_fields"]
    start, end = fields[0], fields[-1] + 1
    init_list = [column[0].target.attname for column in select[start:end]]
    populators = get_related_populators(klass_info, select, compiler.using)
    return (klass_info["model"], init_list, start, end, populators, tuple(compiler.annotation_col_map.items()))


def prefetched(instance, name, rows):
    """Keep `rows` as the instance's `name` relation (a reverse foreign key) the way prefetch_related keeps
    what it read: instance.<name>.all() then returns them without a query."""
    listed = getattr(instance, name).get_queryset()  # lazy: reads nothing
    listed._result_cache, listed._prefetch_done = list(rows), True
    instance.__dict__.setdefault("_prefetched_objects_cache", {})[name] = listed
