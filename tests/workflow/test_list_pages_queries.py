"""Issue 17: list pages not covered by their own scale tests answer in the same number of queries with 10 and
with 200 rows (agreements with reports to review, notifications, the outbox, the public portal, and the lists
of configuration-sized things: calls, scenarios, board meetings, organisations to verify), and the agreements
page comes in keyset pages."""

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from accountability import views as accountability_views
from accountability.models import Agreement, Report
from grants.models import Proposal

# Taken at import: tests/workflow/conftest.py replaces outbox.queue with a recorder during each test.
from notifications.outbox import queue as queue_for_real
from tests import factories

pytestmark = pytest.mark.django_db


def funded(world, count, organisation=None):
    """`count` funded projects of the world's call with their agreement, a submitted and an accepted report."""
    proposals = Proposal.objects.bulk_create([Proposal(
        call=world.call, organisation=organisation or world.organisation, title=f"Projet {index}", state="funded",
        amount_granted=Decimal("10000"), public_summary="Résumé public.") for index in range(count)])
    agreements = Agreement.objects.bulk_create([Agreement(
        proposal=proposal, organisation_id=proposal.organisation_id, program_id=proposal.program_id, call_id=proposal.call_id,
        amount_granted=Decimal("10000"), starts_on=date(2025, 1, 1), ends_on=date(2026, 1, 1))
        for proposal in proposals])
    now = timezone.now()
    Report.objects.bulk_create([Report(
        agreement=agreement, organisation_id=agreement.proposal.organisation_id, program_id=world.program.pk,
        kind=kind, order=1, state=state, due_on=date(2025, 6, 1) + timedelta(days=index % 30),
        submitted_at=now - timedelta(hours=index), accepted_at=now if state == "accepted" else None)
        for index, agreement in enumerate(agreements)
        for kind, state in (("interim", "accepted"), ("final", "submitted"))])


def notifications(world, count):
    for _index in range(count):
        queue_for_real(kind="proposal_submit", recipients=[world.manager], context={"proposal_title": "Cuisine"},
                       program_id=world.program.pk)


def calls(world, count):
    factories.CallFactory.create_batch(count, program=world.program)


def scenarios(world, count):
    factories.ScenarioFactory.create_batch(count, call=world.call)


def meetings(world, count):
    factories.BoardMeetingFactory.create_batch(count, program=world.program)


def organisations_to_verify(world, count):
    mrc = factories.MrcFactory(parent=world.program.region)
    factories.OrganisationFactory.create_batch(count, territory=mrc, verified_at=None)


PAGES = {
    "agreements, staff": ("analyst", lambda world: reverse("agreement_list"), funded),
    "agreements, applicant": ("applicant", lambda world: reverse("agreement_list"), funded),
    "notifications": ("manager", lambda world: reverse("notifications:list"), notifications),
    "outbox": ("manager", lambda world: reverse("notifications:outbox"), notifications),
    "portal, programs": ("", lambda world: reverse("portal:public_index"), funded),
    "portal, program": ("", lambda world: reverse("portal:public_program", args=[world.program.code]), funded),
    "calls to rank": ("analyst", lambda world: reverse("scoring:calls"), calls),
    "scenarios": ("analyst", lambda world: reverse("scoring:scenario_list", args=[world.call.pk]), scenarios),
    "board meetings": ("manager", lambda world: reverse("scoring:meeting_list", args=[world.program.pk]), meetings),
    "organisations to verify": ("analyst", lambda world: reverse("organisation_verification_list"),
                                organisations_to_verify),
}


@pytest.mark.parametrize("page", PAGES)
def test_the_same_queries_at_10_and_200_rows(client, world, page):
    persona, url, seed = PAGES[page]
    if persona:
        client.force_login(getattr(world, persona))

    def queries(count):
        seed(world, count)
        client.get(url(world))  # warm the session and the per-process caches
        with CaptureQueriesContext(connection) as captured:
            assert client.get(url(world)).status_code == 200
        return len(captured)

    few = queries(10)
    assert queries(190) == few, page  # 200 rows in all


def test_agreements_come_in_pages_newest_first_each_once_and_reports_to_review_cut_short(client, world):
    funded(world, 60)
    client.force_login(world.analyst)
    url, seen, cursor = reverse("agreement_list"), [], ""
    while True:
        response = client.get(url, {"apres": cursor} if cursor else {})
        page = response.context["agreements"]
        seen.append([agreement.pk for agreement in page])
        cursor = page.next_cursor
        if not cursor:
            break
    assert [len(rows) for rows in seen] == [25, 25, 10]
    expected = Agreement.objects.order_by("-created_at", "-id").values_list("pk", flat=True)
    assert [pk for rows in seen for pk in rows] == list(expected)
    with CaptureQueriesContext(connection) as captured:
        first = client.get(url)
    read = " ".join(query["sql"] for query in captured.captured_queries)
    # Only the shown columns: never a proposal's long texts, an agreement's conditions, a report's narrative.
    assert '"objectives"' not in read and '"conditions"' not in read and '"narrative"' not in read
    shown = first.context["to_review"]
    assert len(shown) == accountability_views.REPORTS_SHOWN and first.context["more_to_review"]
    oldest = Report.objects.filter(state="submitted").order_by("submitted_at", "id")[:len(shown)]
    assert [report.pk for report in shown] == [report.pk for report in oldest]
    html = first.content.decode()
    assert "Les 50 plus anciens sont affichés" in html and 'rel="next"' in html


def test_an_applicant_pages_through_only_their_organisation_s_agreements(client, world):
    funded(world, 30)
    funded(world, 5, organisation=world.other_organisation)
    client.force_login(world.other_applicant)
    page = client.get(reverse("agreement_list")).context["agreements"]
    assert len(page) == 5 and not page.next_cursor
    assert {agreement.proposal.organisation_id for agreement in page} == {world.other_organisation.pk}
