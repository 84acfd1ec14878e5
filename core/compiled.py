"""Hot queries of a fixed shape compiled to SQL once per process and database connection.

Compiling a queryset with many subqueries (the submit's completeness facts, its version snapshot) costs the
ORM milliseconds of CPU, the same work at every call but for the parameters. A Compiled query builds its
queryset once with stand-in integers for its arguments, keeps the SQL and the parameter list, and at each
call puts the real arguments where the stand-ins were. The rows go through the ORM's own converters.

Only for integer arguments the ORM passes through unchanged as parameters (primary keys, foreign keys):
never for a value it transforms (a LIKE pattern, a date truncated) or reads in Python while building.
"""

import weakref

from django.db import DEFAULT_DB_ALIAS, connections

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
            found = self._by_connection[connection] = (compiler, sql, tuple(params), slots)
        return found

    def sql_with_params(self, *arguments, using=DEFAULT_DB_ALIAS):
        """The SQL and the parameters for these arguments (to run as it is, or inside a larger statement)."""
        _compiler, sql, params, slots = self._compiler(using)
        params = list(params)
        for index, argument in slots:
            params[index] = arguments[argument]
        return sql, params

    def rows(self, *arguments, using=DEFAULT_DB_ALIAS):
        """The rows as tuples, converted as the queryset's values_list() would convert them."""
        compiler = self._compiler(using)[0]
        sql, params = self.sql_with_params(*arguments, using=using)
        with connections[using].cursor() as cursor:
            cursor.execute(sql, params)
            fetched = cursor.fetchall()
        return [tuple(row) for row in compiler.results_iter(results=[fetched])]

    def dicts(self, *arguments, using=DEFAULT_DB_ALIAS):
        """The rows as dicts named by the queryset's values() (its annotations and fields, in order)."""
        query = self._compiler(using)[0].query
        names = [*query.extra_select, *query.values_select, *query.annotation_select]
        return [dict(zip(names, row, strict=True)) for row in self.rows(*arguments, using=using)]
