"""Public pages kept in the shared cache (Redis in production) under their ETag: a second anonymous visit
only reads the three freshness figures; a new language, address or published change is a new copy at once;
signed-in visitors, HEAD requests and streamed files are never copied."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from grants.services import publication

pytestmark = pytest.mark.django_db
PAGE = "/public/parsis-cn/"
# portal.freshness: the program found by its code, then its published state in one statement; for the pages of
# every program, that statement alone.
FRESHNESS_QUERIES = 2
FRESHNESS_OF_ALL = 1


def visit(client, path=PAGE, headers=None):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(path, headers=headers)
    assert response.status_code == 200
    return response, len(queries)


@pytest.mark.parametrize("path", ["/public/", PAGE, "/public/donnees/"])
def test_a_second_anonymous_visit_is_served_from_the_shared_cache(client, portal_world, path):
    first, rendering = visit(client, path)
    second, cached = visit(client, path)
    assert cached == (FRESHNESS_QUERIES if path == PAGE else FRESHNESS_OF_ALL) < rendering
    assert second.content == first.content
    assert second["ETag"] == first["ETag"] and second["Cache-Control"] == first["Cache-Control"]
    assert not second.cookies


def test_a_published_change_is_shown_at_once(client, portal_world, world):
    assert "Cuisines collectives" in visit(client)[0].content.decode()
    publication.hold_back(portal_world.funded, world.admin, reason="Sécurité des participantes.")
    response, queries = visit(client)
    assert "Cuisines collectives" not in response.content.decode()
    assert queries > FRESHNESS_QUERIES


def test_each_language_and_address_has_its_own_copy(client, portal_world):
    french = visit(client)[0].content.decode()
    english = visit(client, PAGE + "?lang=en")[0].content.decode()
    preferred = visit(client, headers={"accept-language": "en"})[0].content.decode()
    assert '<html lang="fr">' in french
    assert '<html lang="en">' in english and '<html lang="en">' in preferred
    filtered = visit(client, PAGE + "?axe=AXE-2")[0].content.decode()
    assert "Halte-garderie" in filtered and "Cuisines collectives" not in filtered


def test_signed_in_visitors_are_never_served_or_stored(client, portal_world, world):
    client.force_login(world.analyst)
    _first, rendering = visit(client)
    _second, again = visit(client)
    assert rendering > FRESHNESS_QUERIES and again > FRESHNESS_QUERIES  # rendered again, not served
    client.logout()
    # The ETag does not name the visitor: had a signed-in page been stored, this visit would get it.
    assert visit(client)[1] > FRESHNESS_QUERIES


def test_files_are_kept_in_storage_not_copied_in_the_shared_cache(client, portal_world):
    def download():  # the first one is written as it is read: its queries run while it is read
        with CaptureQueriesContext(connection) as queries:
            b"".join(client.get("/public/donnees/projets.csv").streaming_content)
        return len(queries)

    writing, again = download(), download()
    # The second visit reads the file from storage (portal.stored_files): only the freshness.
    assert writing > FRESHNESS_OF_ALL and again == FRESHNESS_OF_ALL


def test_a_zero_lifetime_turns_the_copies_off(client, portal_world, settings):
    settings.CONCERTO_PUBLIC_CACHE_SECONDS = 0
    _first, rendering = visit(client)
    _second, again = visit(client)
    assert again == rendering > FRESHNESS_QUERIES


def test_a_head_request_stores_no_copy(client, portal_world):
    assert client.head(PAGE).status_code == 200
    assert visit(client)[1] > FRESHNESS_QUERIES


def test_the_award_years_are_read_once_per_publication(client, portal_world, world):
    def years_read(path):
        with CaptureQueriesContext(connection) as queries:
            response = client.get(path)
        assert response.status_code == 200
        return response, sum("EXTRACT" in query["sql"].upper() and "DISTINCT" in query["sql"].upper()
                             for query in queries)

    first, read = years_read(PAGE)
    assert read == 1 and 'value="2025"' in first.content.decode()
    other, again = years_read(PAGE + "?axe=AXE-2")  # a new address, the same publication
    assert again == 0 and 'value="2025"' in other.content.decode()
    publication.hold_back(portal_world.funded, world.admin, reason="Sécurité des participantes.")
    assert years_read(PAGE + "?axe=AXE-1")[1] == 1
