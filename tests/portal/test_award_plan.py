"""Issue 17: a program's award years and the number of its projects awarded in a year are read on the index of its
published projects by award date (grants.Proposal.awarded_on), and no query of a year's page scans the proposals
or goes through the decisions (EXPLAIN at a seeded size, vacuumed as autovacuum leaves a table, the planner free
to choose)."""

import pytest
from django.db import connection
from django.db.models.expressions import RawSQL
from django.test.utils import CaptureQueriesContext

from grants.models import Proposal
from portal import selectors
from tests.portal.test_freshness_plan import seed

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.postgres]


def plans(read):
    """EXPLAIN of each query `read` sends that reads the proposals by their award date."""
    with CaptureQueriesContext(connection) as captured:
        read()
    found = []
    with connection.cursor() as cursor:
        for query in captured.captured_queries:
            if 'FROM "grants_proposal"' in query["sql"] and "awarded_on" in query["sql"]:
                cursor.execute(f"EXPLAIN {query['sql']}")
                found.append("\n".join(row[0] for row in cursor.fetchall()))
    return found


def test_the_award_years_and_a_year_s_projects_read_the_award_index(require_postgres):
    program = seed(30000)
    # Award dates over four years, as the decisions would leave them.
    Proposal.objects.update(awarded_on=RawSQL("DATE '2022-01-01' + (id %% 1400)::int", []))
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE grants_proposal")
    years = selectors.award_years(program)
    assert years == sorted({value.year for value in selectors.published().filter(program=program).values_list(
        "awarded_on", flat=True)}, reverse=True)
    filters = selectors.Filters(year=years[-1])
    found = plans(lambda: (selectors.award_years(program), selectors.page(program, filters),
                           selectors.count(program, filters)))
    years_plan, page_plan, count_plan = found
    for plan in found:
        assert "Seq Scan on grants_proposal" not in plan, plan
    # The page may instead walk the newest projects back (a LIMIT of 26 among many): the planner's choice.
    assert "proposal_portal_award_idx" in years_plan and "proposal_portal_award_idx" in count_plan, found
