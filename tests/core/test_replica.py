"""A read replica that does not answer, or lags too far behind, is passed over (core.replica): its reads go
to the primary, the site keeps answering, and the replica is tried again later; the health endpoint says
which database this process reads from. The router's and the pages' normal use of a replica are in
tests/config/test_replica.py and tests/portal/test_replica.py."""

import logging

import pytest
from django.db import close_old_connections, connections
from django.test.utils import CaptureQueriesContext

from core import health, replica
from core.replica import is_reading_from_replica, reading_from_replica
from grants.models import Program
from tests.clock import fake_monotonic
from tests.replica import WITH_REPLICA, closed_port, reads, replica_alias

pytestmark = [WITH_REPLICA, pytest.mark.usefixtures("require_postgres")]


@pytest.fixture
def clock(monkeypatch):
    return fake_monotonic(monkeypatch, replica)


@pytest.fixture(autouse=True)
def forgotten(monkeypatch):
    """Each test starts with a process that never passed the replica over."""
    monkeypatch.setattr(replica, "_state", replica._State())


@pytest.fixture(scope="class")
def refusing(django_db_setup):
    with replica_alias(HOST="127.0.0.1", PORT=closed_port()) as connection:
        yield connection


@pytest.fixture(scope="class")
def mirror(django_db_setup):
    with replica_alias() as connection:
        yield connection


@pytest.fixture
def only_the_database_checked(monkeypatch):
    # The broker, beat and storage have their own tests (test_health.py); here only the replica decides.
    monkeypatch.setattr(health, "CHECKS", {"database": health.check_database})


def read_program(program):
    with reading_from_replica():
        return Program.objects.filter(pk=program.pk).exists()


@pytest.mark.usefixtures("refusing")
class TestAReplicaThatRefusesConnections:
    def test_reads_go_to_the_primary_and_the_replica_is_not_tried_again_before_the_delay(self, world, clock, caplog):
        default = CaptureQueriesContext(connections["default"])
        with default, caplog.at_level(logging.WARNING, logger="core.replica"):
            for _ in range(3):
                assert read_program(world.program)
                clock.now += 1
        assert len(reads(default, "grants_program")) == 3
        # One attempt (one warning) for the three reads, not one refused connection per request.
        warnings = [record.getMessage() for record in caplog.records]
        assert len(warnings) == 1 and warnings[0].startswith("Read replica unreachable")

    def test_it_is_tried_again_after_the_delay_and_read_from_once_it_answers(self, world, clock, refusing):
        assert read_program(world.program)
        refused_port = refusing.settings_dict["PORT"]
        refusing.settings_dict["PORT"] = connections["default"].settings_dict["PORT"]  # the replica is back
        try:
            clock.now += replica.RETRY_SECONDS - 1
            with reading_from_replica():
                assert not is_reading_from_replica()
            clock.now += 1
            reader = CaptureQueriesContext(refusing)
            with reader:
                assert read_program(world.program)
            assert reads(reader, "grants_program")
        finally:
            refusing.close()
            refusing.settings_dict["PORT"] = refused_port

    def test_the_public_portal_answers_from_the_primary(self, client, world):
        default = CaptureQueriesContext(connections["default"])
        with default:
            response = client.get("/public/")
        assert response.status_code == 200 and f"/public/{world.program.code}/" in response.content.decode()
        assert reads(default, "grants_program")

    @pytest.mark.usefixtures("only_the_database_checked")
    def test_the_health_endpoint_says_degraded_and_reads_from_the_primary_but_answers_200(self, client):
        response = client.get("/sante/")
        body = response.json()
        assert response.status_code == 200 and body["status"] == "degraded" and body["failing"] == []
        assert body["components"]["replica"] == {"ok": False, "reads_from": "primary", "lag_seconds": 0,
                                                 "error": "OperationalError"}


@pytest.mark.usefixtures("mirror")
class TestAReplicaThatAnswers:
    @pytest.mark.usefixtures("only_the_database_checked")
    def test_its_lag_is_read_with_the_real_statement_and_the_health_endpoint_says_so(self, client, world):
        # The tests' replica is the primary seen through a second connection: no recovery, no lag.
        assert read_program(world.program)
        body = client.get("/sante/").json()
        assert body["status"] == "ok"
        assert body["components"]["replica"] == {"ok": True, "reads_from": "replica", "lag_seconds": 0}

    def test_further_behind_than_the_limit_it_is_passed_over_until_it_caught_up(self, world, clock, mirror,
                                                                               monkeypatch, settings, caplog):
        settings.CONCERTO_REPLICA_MAX_LAG_SECONDS = 30
        monkeypatch.setattr(replica, "LAG_SQL", "SELECT 45.4")
        default = CaptureQueriesContext(connections["default"])
        with default, caplog.at_level(logging.WARNING, logger="core.replica"):
            assert read_program(world.program)
        assert reads(default, "grants_program")
        assert [record.getMessage() for record in caplog.records] == ["Read replica 45 s behind: reads go to the primary"]
        assert replica.health() == {"ok": False, "reads_from": "primary", "lag_seconds": 45, "error": "lag"}
        monkeypatch.setattr(replica, "LAG_SQL", "SELECT 2.0")
        clock.now += replica.RETRY_SECONDS
        reader = CaptureQueriesContext(mirror)
        with reader:
            assert read_program(world.program)
        assert reads(reader, "grants_program")
        assert replica.health() == {"ok": True, "reads_from": "replica", "lag_seconds": 2}

    def test_the_lag_is_read_once_per_interval_not_on_every_request(self, clock, mirror):
        reader = CaptureQueriesContext(mirror)
        with reader:
            for _ in range(3):
                with reading_from_replica():
                    assert is_reading_from_replica()
                clock.now += 3
            clock.now += replica.LAG_EVERY_SECONDS
            with reading_from_replica():
                assert is_reading_from_replica()
        assert len([query for query in reader.captured_queries if "pg_last_wal_replay_lsn" in query["sql"]]) == 2

    def test_a_kept_connection_the_replica_dropped_while_going_down_is_passed_over(self, world, mirror):
        assert read_program(world.program)
        kept = mirror.connection.info.backend_pid
        port = mirror.settings_dict["PORT"]
        with connections["default"].cursor() as cursor:
            cursor.execute("SELECT pg_terminate_backend(%s)", [kept])
        mirror.settings_dict["PORT"] = closed_port()  # and it accepts no new connection
        try:
            close_old_connections()  # as every request starts: the kept connection is checked on first use
            default = CaptureQueriesContext(connections["default"])
            with default:
                assert read_program(world.program)
            assert reads(default, "grants_program")
            assert replica.health()["reads_from"] == "primary"
        finally:
            mirror.close()
            mirror.settings_dict["PORT"] = port
