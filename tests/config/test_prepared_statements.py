"""PostgreSQL plans a statement once per connection, not at every run: parameters bound by the server and
statements prepared after their fifth run (psycopg's prepare_threshold), unless DATABASE_PREPARED_STATEMENTS=0
(a pooler in transaction mode that cannot keep them)."""

import runpy
from pathlib import Path

import pytest
from django.db import connection

from grants.models import Proposal
from tests import factories

ROOT = Path(__file__).resolve().parents[2]
POSTGRES = "postgres://concerto@db.internal:5432/concerto"


def settings_with(monkeypatch, **environment):
    for name, value in environment.items():
        monkeypatch.setenv(name, value)
    return runpy.run_path(str(ROOT / "config" / "settings.py"))["DATABASES"]


def test_postgresql_binds_on_the_server_and_prepares_repeated_statements(monkeypatch):
    monkeypatch.delenv("DATABASE_PREPARED_STATEMENTS", raising=False)
    databases = settings_with(monkeypatch, DATABASE_URL=POSTGRES, DATABASE_REPLICA_URL=POSTGRES)
    for alias in ("default", "replica"):
        assert databases[alias]["OPTIONS"] == {"server_side_binding": True, "prepare_threshold": 5}


def test_prepared_statements_can_be_turned_off_for_a_transaction_pooler(monkeypatch):
    databases = settings_with(monkeypatch, DATABASE_URL=POSTGRES, DATABASE_PREPARED_STATEMENTS="0")
    assert "server_side_binding" not in databases["default"].get("OPTIONS", {})


def test_sqlite_is_left_as_it_is(monkeypatch):
    monkeypatch.delenv("DATABASE_REPLICA_URL", raising=False)
    databases = settings_with(monkeypatch, DATABASE_URL="sqlite:///demo.sqlite3")
    assert databases["default"]["OPTIONS"] == {"timeout": 20}


@pytest.mark.django_db
@pytest.mark.skipif(connection.vendor != "postgresql", reason="prepared statements are PostgreSQL's")
def test_a_query_run_again_and_again_is_planned_once_in_the_connection():
    proposal = factories.ProposalFactory()

    def prepared():
        with connection.cursor() as cursor:
            cursor.execute("SELECT count(*) FROM pg_prepared_statements WHERE statement LIKE %s",
                           ['%FROM "grants_proposal" WHERE "grants_proposal"."title" = $%'])
            return cursor.fetchone()[0]

    before = prepared()
    # The same statement with another value each time: one prepared statement serves them all.
    found = [Proposal.objects.filter(title=title).exists() for title in [proposal.title, "Autre titre"] * 4]
    assert found == [True, False] * 4
    assert prepared() == before + 1
