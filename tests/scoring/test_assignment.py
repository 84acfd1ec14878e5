from datetime import date

import pytest
from django.core.exceptions import PermissionDenied
from django.db import transaction

from core.errors import Conflict
from scoring.models import ReviewerAssignment
from scoring.services import assignments as services
from tests import factories
from tests.scoring.reviewing import (
    put_in_state,
    reviewer_in,
    rubric_for,
    submitted_proposal,
    submitted_review,
)


@pytest.fixture
def queued(monkeypatch):
    """Record outbox calls, and whether each happened inside the caller's transaction."""
    calls = []

    def record(**kwargs):
        calls.append(kwargs | {"in_transaction": transaction.get_connection().in_atomic_block})
        return []

    monkeypatch.setattr(services.outbox, "queue", record)
    return calls


def test_analyst_assigns_a_reviewer_and_the_reviewer_is_notified(world, queued):
    proposal = submitted_proposal(world)
    assignment = services.assign(proposal, world.reviewer, world.analyst, due_on=date(2030, 1, 15))
    assert assignment.state == ReviewerAssignment.State.PENDING
    assert assignment.assigned_by == world.analyst and assignment.due_on == date(2030, 1, 15)
    assert len(queued) == 1
    assert queued[0]["kind"] == "review_assigned" and queued[0]["recipients"] == [world.reviewer]
    assert queued[0]["obj"] == assignment and queued[0]["in_transaction"]
    assert assignment.get_absolute_url() == f"/evaluation/assignations/{assignment.pk}/declaration/"


def test_an_analyst_of_the_program_may_also_review(world, queued):
    second_analyst = reviewer_in(world.program, role="analyst")
    assert services.assign(submitted_proposal(world), second_analyst, world.analyst).pk


@pytest.mark.parametrize("persona", ["reviewer", "board", "applicant", "outside_analyst", "nobody"])
def test_only_program_staff_assign(world, queued, persona):
    with pytest.raises(PermissionDenied):
        services.assign(submitted_proposal(world), world.reviewer, getattr(world, persona))
    assert not queued


@pytest.mark.parametrize("persona", ["board", "applicant", "outside_analyst", "nobody"])
def test_people_without_a_reviewing_role_here_cannot_be_assigned(world, queued, persona):
    with pytest.raises(Conflict):
        services.assign(submitted_proposal(world), getattr(world, persona), world.analyst)


def test_a_draft_proposal_cannot_be_assigned(world, queued):
    draft = factories.ProposalFactory(call=world.call, organisation=world.organisation)
    with pytest.raises(PermissionDenied):  # a draft is the organisation's: analysts do not see it
        services.assign(draft, world.reviewer, world.analyst)
    with pytest.raises(Conflict):
        services.assign(draft, world.reviewer, world.admin)


def test_assigning_twice_is_refused_but_a_cancelled_assignment_can_be_renewed(world, queued):
    proposal = submitted_proposal(world)
    first = services.assign(proposal, world.reviewer, world.analyst)
    with pytest.raises(Conflict):
        services.assign(proposal, world.reviewer, world.analyst)
    services.cancel(first, world.analyst)
    again = services.assign(proposal, world.reviewer, world.analyst)
    assert again.pk == first.pk and again.state == ReviewerAssignment.State.PENDING


def test_a_submitted_review_keeps_its_assignment(world):
    rubric_for(world.call)
    review = submitted_review(submitted_proposal(world), world.reviewer, world.analyst, 0.5)
    with pytest.raises(Conflict):
        services.cancel(review.assignment, world.analyst)


# --- the balanced suggestion ------------------------------------------------------------------


def test_suggestion_spreads_the_load(world, queued):
    busy, idle = world.reviewer, reviewer_in(world.program)
    for _ in range(3):
        services.assign(submitted_proposal(world), busy, world.analyst)
    proposal = submitted_proposal(world)
    # Analysts of the program may review too: the two idle people come before the busy one.
    assert {c.user for c in services.suggest(proposal, 2)} == {idle, world.analyst}
    loads = {c.user: c.load for c in services.candidates(proposal)}
    assert loads == {busy: 3, idle: 0, world.analyst: 0}


def test_suggestion_prefers_territory_expertise_at_similar_load(world, queued):
    mrc = factories.MrcFactory()
    proposal = submitted_proposal(world)
    proposal.mrcs.add(mrc)
    expert = reviewer_in(world.program)
    expert.program_roles.get().expertise.add(mrc)
    services.assign(submitted_proposal(world), expert, world.analyst)  # one more than `plain`
    first = services.suggest(proposal, 1)[0]
    assert first.user == expert and first.expert
    for _ in range(2):  # now the expert is far busier: the load wins
        services.assign(submitted_proposal(world), expert, world.analyst)
    assert services.suggest(proposal, 1)[0].user in {world.reviewer, world.analyst}


def test_suggestion_never_offers_a_conflicted_or_already_assigned_reviewer(world, queued):
    proposal = submitted_proposal(world)
    member = reviewer_in(world.program)
    factories.MembershipFactory(user=member, organisation=world.organisation)
    partner_org = factories.OrganisationFactory()
    factories.PartnerFactory(proposal=proposal, organisation=partner_org)
    partner_member = reviewer_in(world.program)
    factories.MembershipFactory(user=partner_member, organisation=partner_org)
    tied = reviewer_in(world.program)
    factories.DeclaredTieFactory(reviewer=tied, organisation=world.organisation)
    free = reviewer_in(world.program)
    services.assign(proposal, world.reviewer, world.analyst)
    offered = {c.user for c in services.candidates(proposal)}
    assert offered == {free, world.analyst}


def test_accepting_the_suggestion_completes_the_required_reviewers(world, queued):
    proposal = submitted_proposal(world)
    for _ in range(3):
        reviewer_in(world.program)
    services.assign(proposal, world.reviewer, world.analyst)
    made = services.accept_suggestion(proposal, world.analyst, count=3)
    assert len(made) == 2
    assert proposal.assignments.filter(state="pending").count() == 3
    assert len(queued) == 3


# --- the assignment page ----------------------------------------------------------------------


def test_analyst_assigns_by_hand_and_by_suggestion_on_the_page(client, world, queued):
    proposal = submitted_proposal(world)
    second = reviewer_in(world.program)
    url = f"/evaluation/demandes/{proposal.pk}/assignations/"
    client.force_login(world.analyst)
    page = client.get(url)
    assert page.status_code == 200 and second.get_full_name() in page.content.decode()
    response = client.post(url, {"action": "assign", "reviewer": world.reviewer.pk, "due_on": "2030-02-01"})
    assert response.status_code == 302
    assert proposal.assignments.get(reviewer=world.reviewer).due_on == date(2030, 2, 1)
    client.post(url, {"action": "suggest"})
    assigned = set(proposal.assignments.values_list("reviewer", flat=True))
    assert len(assigned) == 2 and world.reviewer.pk in assigned


def test_the_page_refuses_a_conflicted_reviewer(client, world, queued):
    proposal = submitted_proposal(world)
    factories.MembershipFactory(user=world.reviewer, organisation=world.organisation)
    client.force_login(world.analyst)
    url = f"/evaluation/demandes/{proposal.pk}/assignations/"
    page = client.get(url).content.decode()
    assert "Conflits d'intérêts détectés" in page
    response = client.post(url, {"action": "assign", "reviewer": world.reviewer.pk})
    assert response.status_code == 200 and 'role="alert"' in response.content.decode()
    assert not proposal.assignments.exists()


def test_the_page_cancels_an_assignment(client, world, queued):
    proposal = submitted_proposal(world)
    assignment = services.assign(proposal, world.reviewer, world.analyst)
    client.force_login(world.analyst)
    client.post(f"/evaluation/demandes/{proposal.pk}/assignations/", {"action": "cancel", "assignment": assignment.pk})
    assignment.refresh_from_db()
    assert assignment.state == ReviewerAssignment.State.CANCELLED


@pytest.mark.parametrize("persona, status", [
    ("reviewer", 404), ("board", 403), ("applicant", 404), ("other_applicant", 404), ("outside_analyst", 404),
    ("nobody", 404),
])
def test_the_assignment_page_is_only_for_the_programs_analysts_and_managers(client, world, persona, status):
    """404 for people outside the program; 403 for its board, who know of the file but do not assign."""
    proposal = submitted_proposal(world)
    client.force_login(getattr(world, persona))
    url = f"/evaluation/demandes/{proposal.pk}/assignations/"
    assert client.get(url).status_code == status
    assert client.post(url, {"action": "suggest"}).status_code == status
    assert not proposal.assignments.exists()


def test_the_assignment_page_query_count_does_not_grow_with_reviewers(client, world, queued,
                                                                      django_assert_max_num_queries):
    proposal = submitted_proposal(world)
    client.force_login(world.analyst)
    url = f"/evaluation/demandes/{proposal.pk}/assignations/"
    for _ in range(2):
        services.assign(proposal, reviewer_in(world.program), world.analyst)
    with django_assert_max_num_queries(30) as few:
        client.get(url)
    for _ in range(6):
        services.assign(proposal, reviewer_in(world.program), world.analyst)
        reviewer_in(world.program)
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get(url)


def test_withdrawn_proposals_are_not_assignable(world, queued):
    proposal = put_in_state(submitted_proposal(world), "withdrawn")
    with pytest.raises(Conflict):
        services.assign(proposal, world.reviewer, world.analyst)


def test_analyst_records_a_tie_on_the_page_and_the_person_is_no_longer_offered(client, world, queued):
    proposal = submitted_proposal(world)
    url = f"/evaluation/demandes/{proposal.pk}/assignations/"
    client.force_login(world.analyst)
    response = client.post(url, {"action": "tie", "tie-reviewer": world.reviewer.pk,
                                 "tie-organisation": world.organisation.pk, "tie-note": "Siège au CA"})
    assert response.status_code == 302
    assert world.reviewer not in {c.user for c in services.candidates(proposal)}
    missing = client.post(url, {"action": "tie", "tie-reviewer": world.reviewer.pk, "tie-organisation": ""})
    assert missing.status_code == 200 and 'role="alert"' in missing.content.decode()


def test_the_page_counts_submitted_reviews_with_the_annotation(client, world):
    rubric_for(world.call)
    proposal = submitted_proposal(world)
    submitted_review(proposal, world.reviewer, world.analyst, 0.5)
    client.force_login(world.analyst)
    page = client.get(f"/evaluation/demandes/{proposal.pk}/assignations/")
    assert page.context["proposal"].submitted_reviews == 1
    assert page.context["proposal"].mean_total == 50


def test_a_renewed_assignment_asks_for_a_new_declaration(world, queued):
    proposal = submitted_proposal(world)
    first = services.declare(services.assign(proposal, world.reviewer, world.analyst), world.reviewer,
                             has_conflict=False)
    services.cancel(first, world.analyst)
    renewed = services.assign(proposal, world.reviewer, world.analyst)
    assert renewed.state == ReviewerAssignment.State.PENDING
    recused = services.declare(renewed, world.reviewer, has_conflict=True, reason="Nouveau lien familial.")
    assert recused.state == ReviewerAssignment.State.RECUSED
    assert recused.declaration.has_conflict and recused.declaration.reason == "Nouveau lien familial."


def test_the_real_outbox_gets_one_message_with_the_declaration_link(world):
    from notifications.models import OutboxMessage

    assignment = services.assign(submitted_proposal(world), world.reviewer, world.analyst, due_on=date(2030, 3, 1))
    row = OutboxMessage.objects.get(kind="review_assigned")
    assert row.recipient == world.reviewer
    assert row.context["url"].endswith(assignment.get_absolute_url())
    assert row.context["proposal_title"] == assignment.proposal.title
