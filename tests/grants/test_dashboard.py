from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from tests import factories

pytestmark = pytest.mark.django_db

# Session, user, memberships, organisations, proposals, calls, program roles, plus what the shared
# navigation asks (unread notifications, permission lookups): fixed, whatever the number of proposals.
DASHBOARD_QUERIES = 12


def _report(world, organisation=None, **fields):
    proposal = factories.ProposalFactory(call=world.call, organisation=organisation or world.organisation)
    agreement = factories.AgreementFactory(proposal=proposal)
    return factories.ReportFactory(agreement=agreement, **fields)


@pytest.mark.parametrize("count", [1, 10])
def test_dashboard_query_count_does_not_grow_with_proposals(client, world, count, django_assert_max_num_queries):
    for index in range(count):
        factories.ProposalFactory(call=world.call, organisation=world.organisation, title=f"Projet {index}")
        _report(world)
    factories.CallFactory()  # a second open call
    client.force_login(world.applicant)
    with django_assert_max_num_queries(DASHBOARD_QUERIES + 1):  # + the reports to file
        response = client.get(reverse("home"))
    assert len(response.context["proposals"]) == 2 * count
    assert len(response.context["reports_to_file"]) == count


@pytest.mark.parametrize("count", [1, 10])
def test_staff_dashboard_query_count_does_not_grow_with_reports(client, world, count,
                                                                django_assert_max_num_queries):
    for _index in range(count):
        _report(world, state="submitted", submitted_at=timezone.now())
    client.force_login(world.analyst)
    with django_assert_max_num_queries(DASHBOARD_QUERIES):
        response = client.get(reverse("home"))
    assert len(response.context["reports_to_review"]) == count


def test_dashboard_query_count_is_the_same_for_1_and_10_proposals(client, world):
    client.force_login(world.applicant)
    counts = []
    for batch in (1, 9):
        factories.ProposalFactory.create_batch(batch, call=world.call, organisation=world.organisation)
        for _index in range(batch):
            _report(world)
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


def test_applicant_sees_reports_to_file_with_due_date_state_and_overdue_badge(client, world):
    today = timezone.localdate()
    late = _report(world, due_on=today - timedelta(days=3))
    soon = _report(world, kind="final", order=1, due_on=today + timedelta(days=20), state="returned")
    filed_late = _report(world, due_on=today - timedelta(days=5), state="submitted", submitted_at=timezone.now())
    accepted = _report(world, due_on=today - timedelta(days=40), state="accepted", accepted_at=timezone.now())
    other = _report(world, organisation=world.other_organisation)
    client.force_login(world.applicant)
    response = client.get(reverse("home"))
    assert response.context["reports_to_file"] == [filed_late, late, soon]  # accepted and others' left out
    page = response.content.decode()
    assert "Rapports à produire" in page
    assert f'href="{reverse("report_detail", args=[late.pk])}"' in page
    assert f'href="{reverse("report_detail", args=[accepted.pk])}"' not in page
    assert f'href="{reverse("report_detail", args=[other.pk])}"' not in page
    assert page.count('<span class="badge badge-overdue">En retard</span>') == 1  # submitted is not late
    assert "Retourné pour correction" in page and "À produire" in page
    assert (today + timedelta(days=20)).strftime("%Y") in page


def test_no_reports_section_without_reports(client, world):
    client.force_login(world.applicant)
    assert "Rapports à produire" not in client.get(reverse("home")).content.decode()


@pytest.mark.parametrize(("persona", "sees"), [
    ("analyst", True), ("manager", True), ("board", False), ("outside_analyst", False), ("applicant", False),
])
def test_staff_dashboard_lists_reports_waiting_for_review_in_their_programs(client, world, persona, sees):
    waiting = _report(world, state="submitted", submitted_at=timezone.now())
    draft = _report(world)
    client.force_login(getattr(world, persona))
    response = client.get(reverse("home"))
    assert response.context["reports_to_review"] == ([waiting] if sees else [])
    page = response.content.decode()
    # The section is for those who review reports somewhere (not the board); the rows are their programs' only.
    assert ("Rapports en attente d'analyse" in page) is (persona in {"analyst", "manager", "outside_analyst"})
    assert (f'href="{reverse("report_detail", args=[waiting.pk])}"' in page) is (sees or persona == "applicant")
    assert f'href="{reverse("report_detail", args=[draft.pk])}"' not in page or persona == "applicant"
