"""Each program's commitments kept by the writes that change them (grants.commitments): the life cycle's
transitions, MRCs and axes changed from either side, bulk inserts and updates, a moved call, a deletion. They
equal a recomputation from scratch and a row-by-row reading of the proposals, and the pages read no proposal."""

from datetime import date
from decimal import Decimal
from io import StringIO

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from grants import commitments
from grants.models import CommitmentTotal, Proposal
from grants.selectors import envelope_left
from grants.services import publication
from grants.states import COMMITTED_STATES, State
from scoring.services import decisions as board
from tests import factories
from tests.concurrency import run_together
from tests.scoring.decisions_setup import analysed_proposal
from workflow import decisions
from workflow import services as workflow

pytestmark = pytest.mark.django_db


def by_hand(program):
    """{(dimension, key): FIGURES} read proposal by proposal, in Python: MRC 0 for the proposals without one."""
    lines = {}
    for proposal in Proposal.objects.filter(program=program).prefetch_related("mrcs"):
        if proposal.state not in (*COMMITTED_STATES, State.RECOMMENDED):
            continue
        committed = proposal.state in COMMITTED_STATES
        public = committed and proposal.publication_withheld_at is None
        share = (1, proposal.amount_granted or 0 if committed else 0, int(committed),
                 proposal.suggested_amount or 0 if proposal.state == State.RECOMMENDED else 0,
                 int(public), proposal.amount_granted or 0 if public else 0)
        keys = [("axis", proposal.primary_axis_id or 0), *(("mrc", mrc.pk) for mrc in proposal.mrcs.all())]
        for key in keys if len(keys) > 1 else [*keys, ("mrc", 0)]:
            lines[key] = tuple(a + b for a, b in zip(lines.get(key, (0,) * 6), share, strict=True))
    return lines


def kept(program):
    return {(line.dimension, line.key): (line.proposals, line.committed, line.count, line.pending, line.published,
                                         line.published_granted)
            for line in CommitmentTotal.objects.filter(program=program) if line.proposals}


def assert_consistent(program):
    expected = by_hand(program)
    assert kept(program) == expected
    commitments.rebuild([program.pk])
    assert kept(program) == expected
    return expected


@pytest.fixture
def meeting(world):
    return factories.BoardMeetingFactory(program=world.program, date=date(2030, 6, 12), title="Séance")


def recommend(world, proposal, amount):
    workflow.transition(proposal, "recommend", world.analyst, suggested_amount=Decimal(amount))
    return Proposal.objects.get(pk=proposal.pk)


def test_the_life_cycle_and_every_kind_of_edit_keep_the_lines(world, meeting):
    world.program.envelope = Decimal("500000")
    world.program.save()
    axis, other_axis = factories.AxisFactory(program=world.program), factories.AxisFactory(program=world.program)
    minganie, sept_iles = factories.MrcFactory(name="Minganie"), factories.MrcFactory(name="Sept-Rivières")
    first = recommend(world, analysed_proposal(world, 80, "40000", axis=axis, mrcs=[minganie]), "35000")
    second = recommend(world, analysed_proposal(world, 70, "20000", mrcs=[minganie, sept_iles]), "20000")
    third = recommend(world, analysed_proposal(world, 60, "10000", axis=other_axis), "9000")
    assert by_hand(world.program)[("mrc", minganie.pk)] == (2, 0, 0, Decimal("55000"), 0, 0)
    assert_consistent(world.program)

    decisions.record(meeting, first, world.board, outcome="approved", amount_granted=Decimal("30000"))
    decisions.record(meeting, third, world.board, outcome="declined", comment="Hors priorités.")
    assert envelope_left(world.program.pk) == Decimal("470000")
    assert_consistent(world.program)

    # MRCs and axes changed, as the admin or a shell would.
    second.mrcs.remove(sept_iles, factories.MrcFactory(name="Caniapiscau"))
    first.mrcs.add(sept_iles)
    second.mrcs.set([])
    second.primary_axis = other_axis
    second.save()
    assert_consistent(world.program)
    first.mrcs.clear()
    assert_consistent(world.program)

    # Bulk writes: inserted in a counted state, then updated.
    Proposal.objects.bulk_create([Proposal(call=world.call, organisation=world.organisation, title="Ancien",
                                           state=State.FUNDED, amount_granted=Decimal("5000"))])
    Proposal.objects.filter(title="Ancien").update(amount_granted=Decimal("7000"))
    expected = assert_consistent(world.program)
    assert expected[("axis", 0)] == (1, Decimal("7000"), 1, 0, 1, Decimal("7000"))

    # Publication held back, then released (grants.services.publication).
    publication.hold_back(first, world.analyst, reason="Protection d’une personne.")
    assert assert_consistent(world.program)[("axis", axis.pk)][4:] == (0, 0)
    publication.release(Proposal.objects.get(pk=first.pk), world.analyst)
    assert_consistent(world.program)

    Proposal.objects.get(title="Ancien").delete()  # a counted proposal with no history (others are protected)
    assert_consistent(world.program)


def test_a_moved_call_moves_its_proposals_commitments(world, meeting):
    other = factories.ProgramFactory(region=world.program.region)
    funded = analysed_proposal(world, 80, "40000", state=State.FUNDED, amount_granted=Decimal("25000"))
    line = (1, Decimal("25000"), 1, 0, 1, Decimal("25000"))
    assert kept(world.program) == {("axis", 0): line, ("mrc", 0): line}
    world.call.program = other
    world.call.save()
    assert Proposal.objects.get(pk=funded.pk).program_id == other.pk
    assert kept(world.program) == {} and kept(other) == {("axis", 0): line, ("mrc", 0): line}


def test_the_commitments_page_reads_no_proposal(world, client):
    axis, minganie = factories.AxisFactory(program=world.program), factories.MrcFactory(name="Minganie")
    analysed_proposal(world, 80, "40000", axis=axis, mrcs=[minganie], state=State.FUNDED,
                      amount_granted=Decimal("25000"))
    analysed_proposal(world, 70, "10000", state=State.RECOMMENDED, suggested_amount=Decimal("8000"))
    with CaptureQueriesContext(connection) as queries:
        summary = board.commitments(world.program)
        board.engaged(world.program.pk)
    assert not [query["sql"] for query in queries if '"grants_proposal"' in query["sql"]]
    assert summary["committed"] == Decimal("25000") and summary["pending"] == Decimal("8000")
    assert [(line.key, line.committed, line.count) for line in summary["by_mrc"]] == [(minganie.pk, 25000, 1)]
    assert [(line.key, line.pending) for line in summary["by_axis"]] == [(axis.pk, 0), (None, Decimal("8000"))]


def test_the_repair_command_recomputes_lines_gone_wrong(world):
    analysed_proposal(world, 80, "40000", state=State.FUNDED, amount_granted=Decimal("25000"))
    CommitmentTotal.objects.update(committed=Decimal("1"))
    out = StringIO()
    call_command("rebuild_commitments", "--program", str(world.program.pk), stdout=out)
    line = (1, Decimal("25000"), 1, 0, 1, Decimal("25000"))
    assert kept(world.program) == by_hand(world.program) == {("axis", 0): line, ("mrc", 0): line}
    assert world.program.code in out.getvalue()


@pytest.mark.django_db(transaction=True)
def test_two_recommendations_at_once_in_one_program_both_count(world, require_postgres):
    minganie = factories.MrcFactory(name="Minganie")
    proposals = [analysed_proposal(world, 80, "40000", mrcs=[minganie]) for _ in range(2)]
    outcomes = run_together(*(lambda proposal=proposal: recommend(world, proposal, "15000")
                              for proposal in proposals))
    assert all(isinstance(outcome, Proposal) for outcome in outcomes), outcomes
    line = (2, 0, 0, Decimal("30000"), 0, 0)
    assert kept(world.program) == by_hand(world.program) == {("axis", 0): line, ("mrc", minganie.pk): line}


@pytest.mark.django_db(transaction=True)
def test_a_save_outside_a_transaction_is_followed_too(world, require_postgres):
    """A shell or a script saves without a transaction: PostgreSQL refuses a row lock there."""
    proposal = analysed_proposal(world, 80, "40000", state=State.FUNDED, amount_granted=Decimal("25000"), reviews=0)
    proposal.title = "Titre corrigé"
    proposal.save()
    Proposal.objects.filter(pk=proposal.pk).update(amount_granted=Decimal("20000"))
    assert kept(world.program) == by_hand(world.program)
    assert kept(world.program)[("axis", 0)][1] == Decimal("20000")
