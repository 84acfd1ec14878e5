"""The submit's fixed-shape statements are prepared once per PostgreSQL session, then only executed; the same
rows either way, a new session prepares again, and the setting turns it off. The person's roles, read at nearly
every request, are prepared by each session as it opens."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from core import access, prepared
from core.compiled import Compiled
from grants.models import Proposal
from tests.factories import ProgramRoleFactory, ProposalFactory, UserFactory

pytestmark = pytest.mark.django_db


def _titled(pk):
    return Proposal.objects.filter(pk=pk, title__contains="100%").values_list("title", "requested_amount")


def _sent(compiled, *arguments):
    with CaptureQueriesContext(connection) as captured:
        rows = compiled.rows(*arguments)
    return rows, [query["sql"].split(" ", 2)[:2] for query in captured]


def test_numbered_placeholders_and_literal_percent_signs():
    assert prepared._numbered("SELECT %s, '100%%' WHERE a = %s OR b LIKE %s") == \
        "SELECT $1, '100%' WHERE a = $2 OR b LIKE $3"


def test_prepared_once_per_session_then_executed(require_postgres):
    compiled = Compiled(_titled)
    first, second = ProposalFactory(title="Projet à 100% local"), ProposalFactory(title="Projet 100% jeunesse")
    rows, sent = _sent(compiled, first.pk)
    assert rows == [(first.title, first.requested_amount)]
    assert [words[0] for words in sent] == ["PREPARE", "EXECUTE"]
    rows, sent = _sent(compiled, second.pk)
    assert rows == [(second.title, second.requested_amount)]
    assert [words[0] for words in sent] == ["EXECUTE"]  # parsed and planned once


@pytest.mark.django_db(transaction=True)
def test_a_new_session_prepares_again(require_postgres):
    compiled = Compiled(_titled)
    proposal = ProposalFactory(title="Cuisine 100% collective")
    _sent(compiled, proposal.pk)
    connection.close()  # as when a kept connection reaches CONN_MAX_AGE: its session's statements are gone
    rows, sent = _sent(compiled, proposal.pk)
    assert rows == [(proposal.title, proposal.requested_amount)]
    assert [words[0] for words in sent] == ["PREPARE", "EXECUTE"]


def test_turned_off_it_sends_the_statement_itself(require_postgres, settings):
    settings.CONCERTO_PREPARED_STATEMENTS = False
    proposal = ProposalFactory(title="Halte 100% répit")
    rows, sent = _sent(Compiled(_titled), proposal.pk)
    assert rows == [(proposal.title, proposal.requested_amount)] and [words[0] for words in sent] == ["SELECT"]


def _reopened():
    """A new database session, opened outside any capture (as each web process's connection)."""
    connection.close()
    connection.ensure_connection()


@pytest.mark.django_db(transaction=True)
def test_every_session_prepares_the_persons_roles_as_it_opens(require_postgres):
    person = UserFactory()
    ProgramRoleFactory(user=person, role=access.ANALYST)
    _reopened()
    with CaptureQueriesContext(connection) as captured:
        roles = access.program_roles(person)
    assert [role for _program, role in roles] == [access.ANALYST]
    # Its first use in this session sends the same one statement as every later one: no PREPARE of its own.
    assert [query["sql"].split(" ", 2)[:2] for query in captured] == [
        ["EXECUTE", prepared.name_of(access.statement())]]


@pytest.mark.django_db(transaction=True)
def test_a_statement_that_cannot_be_prepared_yet_leaves_the_session_usable(require_postgres):
    sql = prepared.at_connect("SELECT id FROM concerto_table_not_migrated_yet WHERE id = %s", "bigint")
    try:
        _reopened()
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            assert cursor.fetchone() == (1,)
        assert prepared.name_of(sql) not in prepared._SESSIONS[connection.connection]
        assert prepared.name_of(access.statement()) in prepared._SESSIONS[connection.connection]
    finally:
        del prepared._AT_CONNECT[prepared.name_of(sql)]


@pytest.mark.django_db(transaction=True)
def test_turned_off_no_session_prepares_at_opening(require_postgres, settings):
    settings.CONCERTO_PREPARED_STATEMENTS = False
    person = UserFactory()
    _reopened()
    with connection.cursor() as cursor:  # what the server holds for this session, not only what is sent
        cursor.execute("SELECT count(*) FROM pg_prepared_statements")
        assert cursor.fetchone() == (0,)
    with CaptureQueriesContext(connection) as captured:
        access.program_roles(person)
    assert [query["sql"].split(" ", 1)[0] for query in captured] == ["SELECT"]
