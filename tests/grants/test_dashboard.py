import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests import factories

pytestmark = pytest.mark.django_db

# Session, user, memberships, organisations, proposals, calls, program roles, plus what the shared
# navigation asks (unread notifications, permission lookups): fixed, whatever the number of proposals.
DASHBOARD_QUERIES = 12


@pytest.mark.parametrize("count", [1, 10])
def test_dashboard_query_count_does_not_grow_with_proposals(client, world, count, django_assert_max_num_queries):
    for index in range(count):
        factories.ProposalFactory(call=world.call, organisation=world.organisation, title=f"Projet {index}")
    factories.CallFactory()  # a second open call
    client.force_login(world.applicant)
    with django_assert_max_num_queries(DASHBOARD_QUERIES):
        response = client.get(reverse("home"))
    assert len(response.context["proposals"]) == count


def test_dashboard_query_count_is_the_same_for_1_and_10_proposals(client, world):
    client.force_login(world.applicant)
    counts = []
    for batch in (1, 9):
        factories.ProposalFactory.create_batch(batch, call=world.call, organisation=world.organisation)
        with CaptureQueriesContext(connection) as captured:
            client.get(reverse("home"))
        counts.append(len(captured))
    assert counts[0] == counts[1]


def test_dashboard_lists_my_proposals_with_badges_and_open_calls_only(client, world):
    mine = factories.ProposalFactory(call=world.call, organisation=world.organisation, title="Le mien")
    factories.BudgetLineFactory(proposal=mine)
    mine.requested_amount = 12345.67
    mine.save(update_fields=["requested_amount"])
    factories.ProposalFactory(call=world.call, organisation=world.other_organisation, title="Pas le mien")
    closed = factories.CallFactory(title="Appel fermé", opens_at=world.call.opens_at, closes_at=world.call.opens_at
                                   + (world.call.closes_at - world.call.opens_at) / 100)
    client.force_login(world.applicant)
    page = client.get(reverse("home")).content.decode()
    assert "Le mien" in page and "Pas le mien" not in page
    assert '<span class="badge badge-draft">Brouillon</span>' in page
    assert "12\xa0345,67\xa0$" in page
    assert world.call.title in page and "Commencer une demande" in page
    assert closed.title not in page


def test_staff_see_a_link_to_the_analysis_queue(client, world):
    client.force_login(world.analyst)
    page = client.get(reverse("home")).content.decode()
    assert 'href="/analyse/"' in page
    client.force_login(world.applicant)
    assert 'href="/analyse/"' not in client.get(reverse("home")).content.decode()
