"""Every route of the site has a row in the access table, and every row names a route that exists."""

from django.urls import URLResolver, get_resolver

from .table import PERSONAS, PREFIX_FAMILIES, ROWS


def routes(patterns=None, prefix=""):
    """The full route string of every URL pattern, e.g. "evaluation/seances/<int:pk>/"."""
    for pattern in get_resolver().url_patterns if patterns is None else patterns:
        route = prefix + str(pattern.pattern)
        if isinstance(pattern, URLResolver):
            yield from routes(pattern.url_patterns, route)
        else:
            yield route


def covered(route, keyed):
    return route in keyed or any(route.startswith(prefix) for prefix in PREFIX_FAMILIES)


def test_the_walk_sees_the_whole_site():
    found = set(routes())
    # A few routes of each kind: an app page, a DRF router regex, an admin model page, an included auth page.
    assert "evaluation/seances/<int:pk>/" in found
    assert "api/v1/^reviews/(?P<pk>[0-9]+)/$" in found
    assert "admin/grants/proposal/" in found
    assert "comptes/login/" in found


def test_every_route_has_a_row():
    keyed = {row.route for row in ROWS}
    missing = sorted({route for route in routes() if not covered(route, keyed)})
    assert not missing, "routes without a row in tests/access/table_*.py:\n" + "\n".join(missing)


def test_every_row_names_a_route():
    found = set(routes())
    stale = sorted({row.route for row in ROWS} - found)
    assert not stale, "rows whose route no longer exists (renamed? keep the row with the new route):\n" + \
        "\n".join(stale)


def test_every_row_answers_for_every_persona():
    incomplete = [f"{row.name} {state}" for row in ROWS for state, answers in row.expect.items()
                  if set(answers) != set(PERSONAS)]
    assert not incomplete, "\n".join(incomplete)
