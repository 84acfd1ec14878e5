import pytest

from tests import factories
from tests.scoring.reviewing import (
    active_review,
    reviewer_in,
    rubric_for,
    submitted_proposal,
    submitted_review,
)

URL = "/api/v1/reviews/"


@pytest.fixture
def proposal(world):
    rubric_for(world.call)
    return submitted_proposal(world)


def test_a_reviewer_lists_and_reads_their_own_reviews_only(client, world, proposal):
    mine = active_review(proposal, world.reviewer, world.analyst)
    theirs = submitted_review(proposal, reviewer_in(world.program), world.analyst, 0.7)
    client.force_login(world.reviewer)
    listed = client.get(URL).json()["results"]
    assert [item["id"] for item in listed] == [mine.pk]
    assert len(listed[0]["scores"]) == 4
    assert client.get(f"{URL}{mine.pk}/").status_code == 200
    assert client.get(f"{URL}{theirs.pk}/").status_code == 404


def test_a_conflicted_reviewer_no_longer_finds_their_own_review(client, world, proposal):
    review = active_review(proposal, world.reviewer, world.analyst)
    factories.MembershipFactory(user=world.reviewer, organisation=world.organisation)
    client.force_login(world.reviewer)
    assert client.get(URL).json()["results"] == []
    assert client.get(f"{URL}{review.pk}/").status_code == 404
    assert client.get(f"{URL}?proposal={proposal.pk}").status_code == 404


def test_a_recused_or_cancelled_reviewer_gets_404(client, world, proposal):
    from scoring.services import assignments

    review = active_review(proposal, world.reviewer, world.analyst)
    assignments.cancel(review.assignment, world.analyst)
    client.force_login(world.reviewer)
    assert client.get(URL).json()["results"] == []
    assert client.get(f"{URL}{review.pk}/").status_code == 404
    assert client.get(f"{URL}?proposal={proposal.pk}").status_code == 404


def test_a_partner_tie_hides_the_review_from_the_list(client, world, proposal):
    active_review(proposal, world.reviewer, world.analyst)
    partner = factories.OrganisationFactory()
    factories.PartnerFactory(proposal=proposal, organisation=partner)
    factories.DeclaredTieFactory(reviewer=world.reviewer, organisation=partner)
    client.force_login(world.reviewer)
    assert client.get(URL).json()["results"] == []


def test_a_proposals_reviews_follow_the_pages_rules(client, world, proposal):
    draft = active_review(proposal, world.reviewer, world.analyst)
    other = submitted_review(proposal, reviewer_in(world.program), world.analyst, 0.7)
    url = f"{URL}?proposal={proposal.pk}"
    client.force_login(world.analyst)
    assert [item["id"] for item in client.get(url).json()["results"]] == [other.pk]
    client.force_login(world.reviewer)
    assert client.get(url).status_code == 403  # own review not submitted yet
    assert draft.pk
    for persona in ("applicant", "board", "outside_analyst", "nobody"):
        client.force_login(getattr(world, persona))
        assert client.get(url).status_code == 404, persona
        assert client.get(f"{URL}{other.pk}/").status_code == 404, persona


def test_anonymous_requests_are_refused(client, proposal):
    assert client.get(URL).status_code in (401, 403)



def test_a_proposals_reviews_come_in_the_order_they_were_submitted(client, world, proposal):
    from datetime import timedelta

    from django.utils import timezone

    from scoring.models import Review

    early = submitted_review(proposal, reviewer_in(world.program), world.analyst, 0.7)
    late = submitted_review(proposal, reviewer_in(world.program), world.analyst, 0.4)
    now = timezone.now()
    # Submitted in one order, changed last in the other: the list must follow the submissions.
    Review.objects.filter(pk=early.pk).update(submitted_at=now - timedelta(days=2), updated_at=now - timedelta(days=1))
    Review.objects.filter(pk=late.pk).update(submitted_at=now - timedelta(days=1), updated_at=now)
    client.force_login(world.analyst)
    listed = client.get(f"{URL}?proposal={proposal.pk}").json()["results"]
    assert [item["id"] for item in listed] == [early.pk, late.pk]
