"""The search's and the similar projects' queries can be answered by the GIN indexes (full text, trigrams):
every SELECT they run is EXPLAINed where it runs, sequential scans off, and none may fall back to reading the
whole proposal, partner or report table, which a query whose expression no index matches would. (At scale
the planner picks these indexes by itself: bench_search prints the sequential scans it sees, none at 100,000
proposals.) PostgreSQL only."""

from datetime import date
from decimal import Decimal

import pytest
from django.db import connection

from accountability.models import Agreement, Report
from grants import similarity
from grants.models import Organisation, Partner, Proposal
from grants.states import State
from tests import factories
from tests.grants.seed_texts import near_copy, seed
from tests.workflow.test_search import filed
from workflow import search
from workflow.management.commands.bench_search import plans

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("require_postgres")]
LARGE = ("grants_proposal", "grants_partner", "grants_report")
FILLER = 3000


@pytest.fixture
def no_seq_scans(world):
    """FILLER organisations, each with a proposal on another subject, its partner, some with a report (so that
    an index on the state or the program would read them all: the text's index is the cheapest); the
    statistics; sequential scans off."""
    organisations = Organisation.objects.bulk_create([Organisation(legal_name=f"Atelier vélo {index}", kind="obnl")
                                                      for index in range(FILLER)])
    rows = Proposal.objects.bulk_create([Proposal(
        call=world.call, organisation=organisation, state=State.FUNDED, title=f"Atelier de vélo {organisation.pk}",
        objectives="Réparer des vélos usagés avec des bénévoles du quartier.") for organisation in organisations])
    Partner.objects.bulk_create([Partner(proposal=row, kind="community", name=f"Atelier mobile {row.pk}")
                                 for row in rows])
    agreements = Agreement.objects.bulk_create([Agreement(
        proposal=row, organisation_id=row.organisation_id, program_id=row.program_id, call_id=row.call_id,
        amount_granted=Decimal(1000), starts_on=date(2026, 1, 1), ends_on=date(2026, 12, 31))
        for row in rows[:FILLER // 5]])
    Report.objects.bulk_create([Report(
        agreement=agreement, organisation_id=agreement.proposal.organisation_id, program=world.program,
        kind="interim", order=1, due_on=date(2026, 6, 1), narrative="Vingt vélos réparés.") for agreement in agreements])
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE grants_proposal, grants_partner, grants_report, grants_agreement, grants_organisation")
        cursor.execute("SET LOCAL enable_seqscan = off")  # local to the test's transaction


def _seq_scans(found):
    return [plan for plan in found.values() if any(f"Seq Scan on {table} " in plan for table in LARGE)]


@pytest.mark.parametrize("text", ["équipe familles", "Centre comunautaire Saint-Jean"])
def test_a_search_reads_the_text_and_trigram_indexes(world, no_seq_scans, monkeypatch, text):
    # One window, all ids: a narrower one is rightly read by its id range when the planner counts few rows in it.
    monkeypatch.setattr(search, "WINDOWS", (None,))
    monkeypatch.setattr(search, "RECENT", 1)  # then the windows, below the newest report
    monkeypatch.setattr(search, "MORE", 0)  # no further newest rows: the windows
    proposal = filed(world.call, world.organisation, seed(2), state=State.FUNDED)
    factories.PartnerFactory(proposal=proposal, name="Centre communautaire Saint-Jean")
    factories.ReportFactory(agreement=factories.AgreementFactory(proposal=proposal), narrative="Les équipes.")
    with plans() as found:
        search.search(world.analyst, {"q": text})
    # Each kind of match, wherever it is asked for, is answered by its index.
    for match, index in (("grants_proposal.search_vector @@", "proposal_search_vector_idx"),
                         ("grants_organisation.legal_name::text) %", "organisation_name_search_idx"),
                         ("grants_partner.name::text) %", "partner_name_search_idx"),
                         ("grants_report.search_vector @@", "report_search_vector_idx")):
        asked = {sql: plan for sql, plan in found.items() if match in sql and "ts_rank" not in sql}
        assert asked, match
        for plan in asked.values():
            assert f"Bitmap Index Scan on {index}" in plan, plan
    assert not _seq_scans(found), _seq_scans(found)


def test_the_similar_projects_candidates_read_the_text_index(world, no_seq_scans):
    base = filed(world.call, world.organisation, seed(2))
    copy = filed(world.call, world.other_organisation, near_copy(seed(2)))
    filed(world.call, world.other_organisation, seed(4))
    with plans() as found:
        candidates = similarity._text_candidates(copy, similarity.words(similarity.text_of(copy)))
    assert base.pk in candidates
    asked = [plan for sql, plan in found.items() if "search_vector @@" in sql]
    assert asked and all("Bitmap Index Scan on proposal_search_vector_idx" in plan for plan in asked), asked
    assert not _seq_scans(found), _seq_scans(found)
