"""The staff page of one proposal: the same queries however many proposals its program holds and however
long its history, and the program's envelope added up in SQL, never listed."""

from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from grants.models import Proposal
from grants.selectors import envelope_left
from grants.states import State
from workflow.models import TransitionLog

pytestmark = pytest.mark.django_db


def detail_queries(client, world, proposal, others):
    Proposal.objects.bulk_create([Proposal(call=world.call, organisation=world.other_organisation, title="Autre",
                                           state=State.FUNDED, amount_granted=Decimal("1000"))
                                  for _ in range(others)])
    TransitionLog.objects.bulk_create([TransitionLog(proposal=proposal, actor=world.analyst, transition="recommend",
                                                     from_state=State.UNDER_ANALYSIS, to_state=State.RECOMMENDED)
                                       for _ in range(others // 10)])
    client.force_login(world.board)
    url = f"/analyse/demandes/{proposal.pk}/"
    client.get(url)  # warm the session and the per-process caches
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return captured, response


def test_the_same_queries_at_10_and_200_proposals_in_the_program(client, world, make_proposal):
    proposal = make_proposal(State.RECOMMENDED)  # decidable: the page shows the envelope left
    few, _response = detail_queries(client, world, proposal, 10)
    many, response = detail_queries(client, world, proposal, 200)
    assert len(few) == len(many)
    assert response.context["envelope_left"] == world.program.envelope - Decimal("1000") * 210
    on_proposals = [query["sql"] for query in many.captured_queries if 'FROM "grants_proposal"' in query["sql"]]
    # One row (the page's proposal) or an aggregate: the program's other proposals are never listed.
    assert all("SUM(" in sql or "LIMIT" in sql or '"grants_proposal"."id" = ' in sql for sql in on_proposals)


def test_the_envelope_reads_the_program_column_without_joining_the_calls(world, make_proposal):
    make_proposal(State.FUNDED, amount_granted=Decimal("2500"))
    with CaptureQueriesContext(connection) as captured:
        assert envelope_left(world.program.pk) == world.program.envelope - Decimal("2500")
    assert 'INNER JOIN "grants_call"' not in captured.captured_queries[-1]["sql"]


@pytest.mark.postgres
def test_the_proposal_is_read_by_a_statement_prepared_once_per_session(client, world, make_proposal,
                                                                         require_postgres):
    first, second = make_proposal(State.SUBMITTED, title="Premier projet"), make_proposal(State.SUBMITTED,
                                                                                         title="Second projet")
    client.force_login(world.analyst)
    assert "Premier projet" in client.get(f"/analyse/demandes/{first.pk}/").content.decode()
    with CaptureQueriesContext(connection) as captured:
        response = client.get(f"/analyse/demandes/{second.pk}/")
    assert "Second projet" in response.content.decode() and "Premier projet" not in response.content.decode()
    sent = [query["sql"] for query in captured.captured_queries]
    assert any(sql.startswith("EXECUTE concerto_") for sql in sent)
    assert not any(sql.startswith("PREPARE") for sql in sent)
    assert client.get("/analyse/demandes/999999999/").status_code == 404
