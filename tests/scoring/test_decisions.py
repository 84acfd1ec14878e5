"""Board meetings and decisions: each decision is the proposal's transition, which writes its Decision row.

Meetings and commitments are scoring's (scoring.services.decisions); recording decisions at a meeting is
the life cycle's (workflow.decisions), served under the same /evaluation/ addresses.
"""

from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from django.utils.html import escape

from core.errors import InvalidInput
from grants.models import Proposal
from scoring.models import Decision
from scoring.services import decisions as meetings
from tests import factories
from tests.concurrency import run_together
from tests.scoring.decisions_setup import analysed_proposal
from workflow import decisions
from workflow.decisions import Entry
from workflow.errors import GuardFailed, TransitionRefused
from workflow.models import TransitionLog


@pytest.fixture
def meeting(world):
    return factories.BoardMeetingFactory(program=world.program, date=date(2025, 6, 12), title="Séance de juin")


def recommended(world, requested="30000", **fields):
    return analysed_proposal(world, 80, requested, state="recommended", **fields)


def test_approval_funds_the_proposal_and_records_the_decision(world, meeting):
    proposal = recommended(world)
    decision = decisions.record(meeting, proposal, world.board, outcome="approved",
                                amount_granted=Decimal("25000"), resolution_number="CA-2025-041",
                                conditions="Rapport d'étape à six mois.")
    proposal.refresh_from_db()
    assert proposal.state == "funded" and proposal.amount_granted == Decimal("25000")
    assert decision.meeting == meeting and decision.recorded_by == world.board
    assert decision.decided_on == meeting.date and decision.conditions == "Rapport d'étape à six mois."
    assert decision.amount_granted == Decimal("25000") and decision.resolution_number == "CA-2025-041"
    log = TransitionLog.objects.get(proposal=proposal, transition="approve")
    assert log.data["resolution_number"] == "CA-2025-041"
    assert str(log.data["decided_on"]) == "2025-06-12"


def test_decline_needs_reasons_and_writes_nothing_without_them(world, meeting):
    proposal = recommended(world)
    with pytest.raises(GuardFailed):
        decisions.record(meeting, proposal, world.board, outcome="declined")
    assert Proposal.objects.get(pk=proposal.pk).state == "recommended"
    assert not Decision.objects.exists()
    decision = decisions.record(meeting, proposal, world.board, outcome="declined",
                                comment="Hors des priorités du plan.", resolution_number="CA-2025-042")
    assert decision.outcome == "declined" and decision.amount_granted is None
    assert Proposal.objects.get(pk=proposal.pk).state == "declined"


def test_decision_row_and_transition_commit_or_roll_back_together(world, meeting, monkeypatch):
    proposal = recommended(world)

    def broken(**kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr(Decision.objects, "create", broken)
    with pytest.raises(RuntimeError):
        decisions.record(meeting, proposal, world.board, outcome="approved", amount_granted=Decimal("1000"))
    assert Proposal.objects.get(pk=proposal.pk).state == "recommended"
    assert not TransitionLog.objects.filter(proposal=proposal, transition="approve").exists()


def test_approval_beyond_the_envelope_left_is_refused(world, meeting):
    world.program.envelope = Decimal("40000")
    world.program.save()
    proposal = recommended(world, requested="50000")
    with pytest.raises(GuardFailed, match="enveloppe"):
        decisions.record(meeting, proposal, world.board, outcome="approved", amount_granted=Decimal("45000"))
    assert not Decision.objects.exists()


def test_bulk_recording_reports_each_proposal(world, meeting):
    world.program.envelope = Decimal("50000")
    world.program.save()
    first, second, third = recommended(world), recommended(world), recommended(world)
    results = decisions.record_many(meeting, world.board, [
        Entry(first, "approved", Decimal("30000"), "CA-1"),
        Entry(second, "approved", Decimal("30000"), "CA-2"),
        Entry(third, "declined", comment="Budget insuffisant.", resolution_number="CA-3"),
    ])
    assert [r.ok for r in results] == [True, False, True]
    assert "enveloppe" in results[1].message
    assert Decision.objects.filter(meeting=meeting).count() == 2
    assert Proposal.objects.get(pk=second.pk).state == "recommended"


def test_proposal_of_another_program_cannot_be_decided_at_the_meeting(world, meeting):
    other = factories.ProposalFactory(state="recommended", requested_amount=Decimal("1000"))
    with pytest.raises(InvalidInput):
        decisions.record(meeting, other, world.admin, outcome="approved", amount_granted=Decimal("1000"))


@pytest.mark.parametrize("persona, allowed", [
    ("board", True), ("admin", True), ("analyst", False), ("manager", False), ("reviewer", False),
    ("outside_analyst", False), ("applicant", False), ("nobody", False),
])
def test_only_the_board_records_decisions(world, meeting, persona, allowed):
    proposal = recommended(world)
    person = getattr(world, persona)
    if allowed:
        decisions.record(meeting, proposal, person, outcome="approved", amount_granted=Decimal("1000"))
        assert Proposal.objects.get(pk=proposal.pk).state == "funded"
        return
    with pytest.raises(PermissionDenied):
        decisions.record(meeting, proposal, person, outcome="approved", amount_granted=Decimal("1000"))
    with pytest.raises(PermissionDenied):
        decisions.record_many(meeting, person, [])


@pytest.mark.parametrize("persona, allowed", [
    ("board", True), ("analyst", True), ("manager", True), ("reviewer", False), ("outside_analyst", False),
    ("applicant", False),
])
def test_who_may_create_a_meeting(world, persona, allowed):
    person = getattr(world, persona)
    if not allowed:
        with pytest.raises(PermissionDenied):
            meetings.create_meeting(world.program, person, date=date(2025, 6, 1), title="Séance")
        return
    meeting = meetings.create_meeting(world.program, person, date=date(2025, 6, 1), title="Séance")
    assert meeting.program == world.program and meeting.created_by == person


def test_meeting_lists_pending_proposals_and_its_own_decisions(world, meeting, django_assert_max_num_queries):
    pending = recommended(world)
    not_recommended = analysed_proposal(world, 40, "10000", state="not_recommended")
    decided_here = factories.DecisionFactory(meeting=meeting, proposal=recommended(world)).proposal
    decided_elsewhere = factories.DecisionFactory(meeting__program=world.program).proposal
    analysed_proposal(world, 70, "10000", state="under_analysis")
    with django_assert_max_num_queries(3):
        listed = list(meetings.meeting_proposals(meeting))
        [list(p.mrcs.all()) for p in listed]
    assert set(listed) == {pending, not_recommended, decided_here}
    assert decided_elsewhere not in listed


def test_commitments_per_program_mrc_and_axis(world):
    mrc_a = factories.MrcFactory(name="Manicouagan")
    mrc_b = factories.MrcFactory(name="Minganie")
    axis = factories.AxisFactory(program=world.program, name_fr="Axe 1")
    world.program.envelope = Decimal("100000")
    world.program.save()
    factories.ProposalFactory(call=world.call, state="funded", amount_granted=Decimal("30000"),
                              primary_axis=axis).mrcs.set([mrc_a, mrc_b])
    factories.ProposalFactory(call=world.call, state="closed", amount_granted=Decimal("10000"),
                              primary_axis=axis).mrcs.set([mrc_a])
    factories.ProposalFactory(call=world.call, state="recommended", suggested_amount=Decimal("5000"))
    summary = meetings.commitments(world.program)
    assert summary["committed"] == Decimal("40000") and summary["remaining"] == Decimal("60000")
    assert [(c.label, c.committed, c.count) for c in summary["by_mrc"]] == [
        ("Manicouagan", Decimal("40000"), 2), ("Minganie", Decimal("30000"), 1)]
    assert [(c.label, c.committed, c.pending) for c in summary["by_axis"]] == [
        ("Axe 1", Decimal("40000"), 0), ("Sans axe principal", 0, Decimal("5000"))]
    assert summary["pending"] == Decimal("5000")


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_two_decisions_at_once_never_overdraw_the_envelope(require_postgres, world, meeting):
    """Two board members approve two proposals at the same instant; only one fits the envelope."""
    world.program.envelope = Decimal("50000")
    world.program.save()
    proposals = [recommended(world), recommended(world)]
    second_board = factories.UserFactory(email="board2@example.org")
    factories.ProgramRoleFactory(user=second_board, program=world.program, role="board")

    def decide(proposal, person):
        try:
            decisions.record(meeting, proposal, person, outcome="approved", amount_granted=Decimal("30000"))
            return "approved"
        except TransitionRefused as refusal:
            return refusal.message

    outcomes = run_together(lambda: decide(proposals[0], world.board), lambda: decide(proposals[1], second_board))
    assert len(outcomes) == 2 and outcomes.count("approved") == 1
    refusal = next(outcome for outcome in outcomes if outcome != "approved")
    assert "enveloppe" in refusal
    assert Decision.objects.count() == 1
    granted = sum(p.amount_granted or 0 for p in Proposal.objects.filter(state="funded"))
    assert granted == Decimal("30000") <= world.program.envelope


# --- Screens ---------------------------------------------------------------------------------------


def test_board_records_decisions_for_the_meeting_in_bulk(client, world, meeting):
    first, second = recommended(world, title="Cuisine collective"), recommended(world, title="Friperie")
    untouched = recommended(world, title="Jardin communautaire")
    client.force_login(world.board)
    url = reverse("decisions:meeting_detail", args=[meeting.pk])
    response = client.post(url, {
        f"p{first.pk}-outcome": "approved", f"p{first.pk}-amount_granted": "25000",
        f"p{first.pk}-resolution_number": "CA-2025-041",
        f"p{second.pk}-outcome": "declined", f"p{second.pk}-comment": "Hors priorités.",
        f"p{untouched.pk}-outcome": "",
    })
    assert response.status_code == 302
    assert Proposal.objects.get(pk=first.pk).state == "funded"
    assert Proposal.objects.get(pk=second.pk).state == "declined"
    assert Proposal.objects.get(pk=untouched.pk).state == "recommended"
    page = client.get(url).content.decode()
    assert "Financé" in page and "Refusé" in page and "CA-2025-041" in page


def test_decline_without_reasons_is_shown_and_nothing_is_recorded(client, world, meeting):
    first, second = recommended(world), recommended(world)
    client.force_login(world.board)
    response = client.post(reverse("decisions:meeting_detail", args=[meeting.pk]), {
        f"p{first.pk}-outcome": "approved", f"p{first.pk}-amount_granted": "25000",
        f"p{second.pk}-outcome": "declined",
    })
    assert response.status_code == 200
    page = response.content.decode()
    assert "Indiquez les motifs du refus." in page and 'role="alert"' in page
    assert not Decision.objects.exists()


@pytest.mark.parametrize("persona, get_status, post_status", [
    ("board", 200, 302), ("admin", 200, 302), ("analyst", 200, 403), ("manager", 200, 403),
    ("reviewer", 404, 404), ("outside_analyst", 404, 404), ("applicant", 404, 404), ("nobody", 404, 404),
])
def test_meeting_page_matrix(client, world, meeting, persona, get_status, post_status):
    """The program's staff read the meeting; only its board (and admins) record; others never see it."""
    proposal = recommended(world)
    client.force_login(getattr(world, persona))
    url = reverse("decisions:meeting_detail", args=[meeting.pk])
    assert url == f"/evaluation/seances/{meeting.pk}/"
    assert client.get(url).status_code == get_status
    response = client.post(url, {f"p{proposal.pk}-outcome": "approved", f"p{proposal.pk}-amount_granted": "100"})
    assert response.status_code == post_status
    assert Proposal.objects.get(pk=proposal.pk).state == ("funded" if post_status == 302 else "recommended")


@pytest.mark.parametrize("persona, status", [
    ("board", 200), ("analyst", 200), ("manager", 200), ("reviewer", 404), ("outside_analyst", 404),
    ("applicant", 404),
])
def test_commitments_and_meeting_list_matrix(client, world, persona, status):
    client.force_login(getattr(world, persona))
    assert client.get(reverse("scoring:commitments", args=[world.program.pk])).status_code == status
    assert client.get(reverse("scoring:meeting_list", args=[world.program.pk])).status_code == status


def test_meeting_is_created_from_the_form(client, world):
    client.force_login(world.board)
    response = client.post(reverse("scoring:meeting_list", args=[world.program.pk]), {
        "title": "Séance de septembre", "date": "2025-09-18", "place": "Sept-Îles"})
    meeting = world.program.board_meetings.get()
    assert response.status_code == 302 and meeting.title == "Séance de septembre"
    assert client.get(reverse("scoring:decision_programs")).content.decode().count(escape(world.program.name)) == 1


def test_meeting_page_query_count_does_not_grow_with_proposals(client, world, meeting,
                                                               django_assert_max_num_queries):
    for _ in range(10):
        recommended(world)
    client.force_login(world.board)
    with django_assert_max_num_queries(10):
        assert client.get(reverse("decisions:meeting_detail", args=[meeting.pk])).status_code == 200


def test_commitments_page_shows_committed_and_remaining(client, world):
    world.program.envelope = Decimal("100000")
    world.program.save()
    mrc = factories.MrcFactory(name="Minganie")
    factories.ProposalFactory(call=world.call, state="funded", amount_granted=Decimal("12345.67")).mrcs.set([mrc])
    client.force_login(world.board)
    page = client.get(reverse("scoring:commitments", args=[world.program.pk])).content.decode()
    page = page.replace("\u202f", " ").replace("\u00a0", " ")
    assert "12 345,67 $" in page and "87 654,33 $" in page and "Minganie" in page
