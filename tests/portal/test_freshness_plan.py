"""Issue 17: the portal's freshness (its ETag and Last-Modified, read on every public request) counts the
public proposals and finds their latest change from an index alone, never a scan of the proposals' table
(EXPLAIN at a seeded size, vacuumed as autovacuum leaves a table, the planner free to choose)."""

import random
import re
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from grants.models import Proposal
from grants.states import State
from portal import freshness
from tests import factories

# Committed rows: VACUUM (which marks the pages all-visible, as autovacuum does) cannot run in a transaction.
pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.postgres]
STATES = [State.DRAFT, State.SUBMITTED, State.UNDER_ANALYSIS, State.DECLINED, State.FUNDED, State.REPORTED,
          State.CLOSED]


def seed(count):
    """`count` proposals over six programs, about two in five of them public; vacuumed and analysed."""
    rng = random.Random(count)
    calls = [factories.CallFactory() for _ in range(6)]
    organisations = factories.OrganisationFactory.create_batch(5)
    Proposal.objects.bulk_create([Proposal(
        call=call, program_id=call.program_id, organisation=rng.choice(organisations), title=f"Projet {index}",
        state=rng.choice(STATES), requested_amount=Decimal("5000"))
        for index, call in ((index, rng.choice(calls)) for index in range(count))], batch_size=2000)
    with connection.cursor() as cursor:
        for table in ("grants_proposal", "grants_program", "grants_report"):
            cursor.execute(f"VACUUM ANALYZE {table}")
    return calls[0].program


def plan(program=None):
    """EXPLAIN of the freshness statement (portal.freshness: compiled once, the program's id its parameter)."""
    sql, params = freshness._ALL.sql_with_params() if program is None else freshness._ONE.sql_with_params(program.pk)
    with connection.cursor() as cursor:
        cursor.execute(f"EXPLAIN {sql}", params)
        return "\n".join(row[0] for row in cursor.fetchall())


@pytest.mark.parametrize("whole_portal", [True, False], ids=["all programs", "one program"])
def test_the_freshness_reads_the_public_proposals_from_an_index(require_postgres, whole_portal):
    program = seed(30000)
    found = plan(None if whole_portal else program)
    assert "Seq Scan on grants_proposal" not in found, found
    assert "proposal_portal_fresh_idx" in found, found


def test_the_freshness_still_counts_what_the_index_holds(require_postgres):
    program = seed(3000)
    public = Proposal.objects.filter(state__in=[State.FUNDED, State.REPORTED, State.CLOSED])
    changed, _accepted, _described = freshness._state(program.code)
    assert changed["count"] == public.filter(program=program).count() > 0
    assert freshness._state(None)[0]["count"] == public.count()


def test_a_program_s_latest_acceptance_is_read_by_its_id_without_a_join(require_postgres):
    """Through a join to the programs, PostgreSQL read the program's whole index range for the maximum (632,202
    entries, 151 ms at 100,000 proposals); on the report's own program column it reads the end of the range."""
    program = seed(300)
    for sql, _params in (freshness._ONE.sql_with_params(program.pk), freshness._ALL.sql_with_params()):
        probe = re.search(r'\(SELECT [^()]*? FROM "grants_report" (\S+) WHERE (.*?) LIMIT 1\)', sql)
        assert probe and "JOIN" not in probe.group(0), sql
        assert f'{probe.group(1)}."program_id" = ("grants_program"."id")' in probe.group(2), sql


def test_the_freshness_is_one_statement_or_two_for_a_program(require_postgres):
    program = seed(300)
    for code, expected in ((None, 1), (program.code, 2)):
        freshness._state(code)  # the first run in a database session prepares the statement (core.prepared)
        with CaptureQueriesContext(connection) as captured:
            freshness._state(code)
        assert len(captured) == expected
    with CaptureQueriesContext(connection) as captured:
        assert freshness._state("inconnu") == ({"at": None, "count": 0}, {"at": None}, [])
    assert len(captured) == 1
