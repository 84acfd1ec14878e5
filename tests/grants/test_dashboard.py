import pytest
from django.urls import reverse

from tests import factories

pytestmark = pytest.mark.django_db

DASHBOARD_QUERIES = 8


@pytest.mark.parametrize("count", [1, 10])
def test_dashboard_query_count_does_not_grow_with_proposals(client, world, count, django_assert_max_num_queries):
    for index in range(count):
        factories.ProposalFactory(call=world.call, organisation=world.organisation, title=f"Projet {index}")
    factories.CallFactory()  # a second open call
    client.force_login(world.applicant)
    with django_assert_max_num_queries(DASHBOARD_QUERIES):
        response = client.get(reverse("home"))
    assert len(response.context["proposals"]) == count


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
