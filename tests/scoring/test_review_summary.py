"""The reviews summary the staff proposal page includes ({% review_summary proposal %})."""

import pytest
from django.urls import reverse

from tests import factories
from tests.scoring.reviewing import (
    put_in_state,
    reviewer_in,
    rubric_for,
    submitted_proposal,
    submitted_review,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def reviewed(world):
    rubric_for(world.call)
    world.call.required_reviews = 3
    world.call.save()
    proposal = submitted_proposal(world, title="Cuisine collective")
    submitted_review(proposal, reviewer_in(world.program), world.analyst, 0.6)
    submitted_review(proposal, reviewer_in(world.program), world.analyst, 1.0)
    return proposal


def _staff_page(client, user, proposal):
    client.force_login(user)
    response = client.get(reverse("workflow:detail", args=[proposal.pk]))
    assert response.status_code == 200
    return response.content.decode()


@pytest.mark.parametrize("persona, sees_scores, manages", [
    ("analyst", True, True), ("manager", True, True), ("admin", True, True), ("board", False, False),
])
def test_staff_page_shows_the_review_count_and_by_role_scores_and_assignment_link(
        client, world, reviewed, persona, sees_scores, manages):
    if persona == "board":
        put_in_state(reviewed, "recommended")  # the board sees a proposal once it is before them
    page = _staff_page(client, getattr(world, persona), reviewed)
    assert "2 sur 3 requises" in page
    # 60 and 100 out of 100: mean and median 80.
    assert ("Moyenne (/100)" in page and "80,0" in page) == sees_scores
    assert (reverse("scoring:proposal_reviews", args=[reviewed.pk]) in page) == sees_scores
    assert ("Gérer les évaluateurs" in page) == manages
    assert (reverse("scoring:assignments", args=[reviewed.pk]) in page) == manages


def test_staff_tied_to_the_applicant_never_see_the_scores(client, world, reviewed):
    factories.MembershipFactory(user=world.analyst, organisation=reviewed.organisation)
    page = _staff_page(client, world.analyst, reviewed)
    assert "2 sur 3 requises" in page and "Moyenne (/100)" not in page


def test_without_submitted_reviews_only_the_count_shows(client, world):
    proposal = submitted_proposal(world)
    page = _staff_page(client, world.analyst, proposal)
    assert "0 sur" in page and "Moyenne (/100)" not in page and "Gérer les évaluateurs" in page


def test_summary_costs_the_same_queries_whatever_the_number_of_reviews(
        client, world, reviewed, django_assert_max_num_queries):
    client.force_login(world.analyst)
    url = reverse("workflow:detail", args=[reviewed.pk])
    with django_assert_max_num_queries(100) as few:
        client.get(url)
    for _ in range(4):
        submitted_review(reviewed, reviewer_in(world.program), world.analyst, 0.2)
    with django_assert_max_num_queries(len(few.captured_queries)):
        assert "6 sur 3 requises" in client.get(url).content.decode()
