"""The submit's fixed-shape statements are prepared once per PostgreSQL session, then only executed; the same
rows either way, a new session prepares again, and the setting turns it off."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from core import prepared
from core.compiled import Compiled
from grants.models import Proposal
from tests.factories import ProposalFactory

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
