"""The bare twin of each measured page: the same rows in one raw query, written out as plain text, behind the
same middleware (session, sign-in, second factor). Served only under the bench's own URLconf (urls.py)."""

from django.db import connection
from django.http import Http404, HttpResponse

# name -> (sql, params), filled by the command before it measures.
QUERIES = {}


def bare(request, name):
    if name not in QUERIES:
        raise Http404
    request.user.is_authenticated  # noqa: B018 - signs the person in, as every real page does
    sql, params = QUERIES[name]
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        rows = cursor.fetchall()
    return HttpResponse("\n".join("\t".join(map(str, row)) for row in rows), content_type="text/plain")
