"""With a read replica (DATABASE_REPLICA_URL), public pages and open data files, streamed rows included,
are read from it; holding a publication back writes to the primary only."""

import pytest
from django.db import connections
from django.test.utils import CaptureQueriesContext

from tests.replica import WITH_REPLICA, reads, replica_alias, writes

pytestmark = [WITH_REPLICA, pytest.mark.usefixtures("replica")]


@pytest.fixture(scope="module")
def replica(django_db_setup):
    with replica_alias() as connection:
        yield connection


def captured():
    return CaptureQueriesContext(connections["default"]), CaptureQueriesContext(connections["replica"])


@pytest.mark.parametrize(("path", "table", "shown"), [
    ("/public/", "grants_program", "/public/parsis-cn/"),
    ("/public/parsis-cn/", "grants_proposal", "Cuisines collectives"),
    ("/public/donnees/projets.csv", "grants_proposal", "Cuisines collectives"),
    ("/public/donnees/parsis-cn/projets.json", "grants_proposal", "Cuisines collectives")])
def test_public_pages_and_files_read_from_the_replica(client, portal_world, path, table, shown):
    default, reader = captured()
    with default, reader:
        response = client.get(path)
        content = b"".join(response.streaming_content) if response.streaming else response.content
    assert response.status_code == 200 and shown in content.decode()
    assert reads(reader, table)
    assert default.captured_queries == []


def test_holding_a_publication_back_writes_to_the_primary_only(client, portal_world, world):
    client.force_login(world.admin)
    default, reader = captured()
    with default, reader:
        response = client.post(f"/public/gestion/demandes/{portal_world.funded.pk}/publication/",
                               {"action": "hold", "reason": "Sécurité des participantes."})
    assert response.status_code == 302
    assert writes(default, "grants_proposal")
    assert reader.captured_queries == []
    client.logout()
    assert "Cuisines collectives" not in client.get("/public/parsis-cn/").content.decode()
