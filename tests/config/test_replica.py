"""The read replica (DATABASE_REPLICA_URL): the router, the settings, and the dashboard and exports reading
from it while writes stay on the primary; sessions shared by every web process. The public portal's own
checks are in tests/portal/test_replica.py."""

import runpy
from pathlib import Path

import pytest
from django.db import connections
from django.test.utils import CaptureQueriesContext

from config.db_router import ReplicaRouter
from core.replica import reading_from_replica
from grants.models import Proposal
from reporting import tasks
from reporting.models import ExportJob
from tests import factories
from tests.replica import WITH_REPLICA, reads, replica_alias, writes
from tests.reporting.exports_world import two_programs

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="class")
def replica(django_db_setup):
    with replica_alias() as connection:
        yield connection


def captured(*aliases):
    return [CaptureQueriesContext(connections[alias]) for alias in aliases]


def production_settings(monkeypatch, **environment):
    for name, value in environment.items():
        monkeypatch.setenv(name, value)
    return runpy.run_path(str(ROOT / "config" / "settings.py"))


def test_the_replica_url_adds_a_test_mirror_of_default(monkeypatch):
    monkeypatch.delenv("DATABASE_URL", raising=False)
    configured = production_settings(
        monkeypatch, DATABASE_REPLICA_URL="postgres://reader:secret@replica.internal:5433/concerto",
        DATABASE_CONN_MAX_AGE="60")
    replica = configured["DATABASES"]["replica"]
    assert replica["ENGINE"] == "django.db.backends.postgresql"
    assert (replica["HOST"], replica["PORT"], replica["USER"], replica["NAME"]) == (
        "replica.internal", 5433, "reader", "concerto")
    assert replica["CONN_MAX_AGE"] == 60
    assert replica["TEST"] == {"MIRROR": "default"}
    assert configured["DATABASE_ROUTERS"] == ["config.db_router.ReplicaRouter"]


def test_without_the_replica_url_there_is_one_database(monkeypatch):
    monkeypatch.delenv("DATABASE_REPLICA_URL", raising=False)
    assert list(production_settings(monkeypatch)["DATABASES"]) == ["default"]


@pytest.mark.parametrize("redis_url", ["", "redis://cache.internal:6379/0"])
def test_sessions_live_in_the_primary_database_for_every_web_process(monkeypatch, redis_url):
    # Not the cache: the demo's is each process's memory, and Redis may evict keys.
    configured = production_settings(monkeypatch, REDIS_URL=redis_url)
    assert configured["SESSION_ENGINE"] == "core.sessions"


@pytest.mark.django_db
def test_without_a_replica_every_read_stays_on_default(world):
    assert "replica" not in connections.settings
    with CaptureQueriesContext(connections["default"]) as default, reading_from_replica():
        assert Proposal.objects.filter(pk=0).first() is None
    assert reads(default, "grants_proposal")


@WITH_REPLICA
@pytest.mark.usefixtures("replica")
class TestWithAReplica:
    def test_the_router_reads_from_the_replica_only_inside_and_never_writes_or_migrates_there(self):
        router = ReplicaRouter()
        assert router.db_for_read(Proposal) == "default"
        with reading_from_replica():
            assert router.db_for_read(Proposal) == "replica"
            assert router.db_for_write(Proposal) == "default"
        assert router.allow_migrate("default", "grants") is True
        assert router.allow_migrate("replica", "grants") is False

    def test_writes_inside_the_replica_context_go_to_default(self, world):
        default, reader = captured("default", "replica")
        with default, reader, reading_from_replica():
            assert not Proposal.objects.filter(call=world.call).exists()
            proposal = factories.ProposalFactory(call=world.call, organisation=world.organisation)
            Proposal.objects.filter(pk=proposal.pk).update(title="Titre")
        assert reads(reader, "grants_proposal")
        assert len(writes(default, "grants_proposal")) == 2 and not writes(reader, "grants_proposal")

    def test_the_dashboard_reads_from_the_replica(self, client, world):
        two_programs(world)
        client.force_login(world.analyst)
        default, reader = captured("default", "replica")
        with default, reader:
            assert client.get("/rapports-et-exportations/tableau-de-bord/").status_code == 200
        assert reads(reader, "grants_proposal")
        assert not reads(default, "grants_proposal")
        assert reads(default, "core_session")  # the signed-in person comes from the primary

    def test_a_streamed_export_reads_its_rows_from_the_replica_and_records_its_job_on_default(self, client, world):
        two_programs(world)
        client.force_login(world.analyst)
        default, reader = captured("default", "replica")
        with default, reader:
            response = client.post("/rapports-et-exportations/exportations/", {
                "format": "csv", "table": "demandes", "program": "", "call": "", "state": ""})
            content = b"".join(response.streaming_content).decode("utf-8-sig")
        assert response.status_code == 200 and "Projet de P" in content
        assert reads(reader, "grants_proposal")
        assert not reads(default, "grants_proposal")
        assert writes(default, "reporting_exportjob") and not writes(reader, "reporting_exportjob")

    def test_the_export_task_reads_its_rows_from_the_replica_and_its_job_from_default(self, world):
        two_programs(world)
        job = ExportJob.objects.create(requested_by=world.analyst, table="demandes", format="csv", filters={},
                                       language="fr", program_ids=None, proposals=1, file_name="demandes.csv")
        default, reader = captured("default", "replica")
        with default, reader:
            assert tasks.run_export(job.pk) is True
        assert reads(reader, "grants_proposal")
        assert not reads(default, "grants_proposal")
        assert reads(default, "reporting_exportjob") and not reads(reader, "reporting_exportjob")
        assert writes(default, "reporting_exportjob")


@pytest.mark.parametrize("jit, expected", [("off", {"options": "-c jit=off"}), ("server", {})])
def test_postgresql_connections_ask_for_no_jit_unless_left_to_the_server(monkeypatch, jit, expected):
    configured = production_settings(monkeypatch, DATABASE_URL="postgres://app@db.internal:5432/concerto",
                                     DATABASE_REPLICA_URL="postgres://reader@replica.internal:5432/concerto",
                                     DATABASE_JIT=jit)
    assert configured["DATABASES"]["default"].get("OPTIONS", {}) == expected
    assert {key: value for key, value in configured["DATABASES"]["replica"]["OPTIONS"].items()
            if key == "options"} == expected


@pytest.mark.django_db
def test_the_connection_compiles_nothing(require_postgres):
    """A call's z-score ranking (19,000 proposals) took 0.6 s with JIT, of which 0.4 compiling it."""
    with connections["default"].cursor() as cursor:
        cursor.execute("SHOW jit")
        assert cursor.fetchone()[0] == "off"
