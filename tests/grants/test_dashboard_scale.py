"""The applicant dashboard at scale: the organisation's proposals in keyset pages of the shown columns, the
report lists cut short, the same queries at 10 and 200 proposals."""

import random
from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from accountability.models import Report
from grants.models import Proposal
from grants.states import State
from tests import factories
from workflow.views import home

pytestmark = pytest.mark.django_db


def seed(world, count, organisation=None):
    """`count` proposals of the organisation in bulk, several changed at the same moment (ties)."""
    rng = random.Random(count)
    now = timezone.now()
    rows = Proposal.objects.bulk_create([Proposal(
        call=world.call, organisation=organisation or world.organisation, title=f"Projet {index}",
        state=rng.choice([State.DRAFT, State.SUBMITTED, State.FUNDED])) for index in range(count)])
    # auto_now set every row to the same moment; spread them, with ties, as real edits would.
    for row in rows:
        row.updated_at = now - timedelta(minutes=rng.randint(0, count // 4))
    Proposal.objects.bulk_update(rows, ["updated_at"])
    return rows


def pages(client):
    seen, cursor = [], ""
    while True:
        response = client.get(reverse("home"), {"apres": cursor} if cursor else {})
        assert response.status_code == 200
        page = response.context["proposals"]
        seen.append([row.pk for row in page])
        cursor = page.next_cursor
        if not cursor:
            return seen


def test_the_organisation_s_proposals_come_in_pages_newest_change_first_each_once(client, world):
    rows = seed(world, 60)
    seed(world, 5, organisation=world.other_organisation)  # never shown
    client.force_login(world.applicant)
    seen = pages(client)
    assert [len(page) for page in seen] == [25, 25, 10]
    expected = [row.pk for row in sorted(Proposal.objects.filter(pk__in=[r.pk for r in rows]),
                                         key=lambda r: (r.updated_at, r.pk), reverse=True)]
    assert [pk for page in seen for pk in page] == expected


def test_pages_stay_stable_when_a_new_draft_is_started(client, world):
    original = {row.pk for row in seed(world, 55)}
    client.force_login(world.applicant)
    first = client.get(reverse("home")).context["proposals"]
    factories.ProposalFactory(call=world.call, organisation=world.organisation)  # newest: before the cursor
    second = client.get(reverse("home"), {"apres": first.next_cursor}).context["proposals"]
    third = client.get(reverse("home"), {"apres": second.next_cursor}).context["proposals"]
    seen = [row.pk for page in (first, second, third) for row in page]
    assert len(seen) == len(set(seen)) == len(original) and set(seen) == original
    back = client.get(reverse("home"), {"avant": third.previous_cursor}).context["proposals"]
    assert [row.pk for row in back] == [row.pk for row in second]


def test_the_page_controls_are_links_in_french(client, world):
    seed(world, 30)
    client.force_login(world.applicant)
    html = client.get(reverse("home")).content.decode()
    assert 'rel="next">Page suivante</a>' in html and "Page précédente" not in html
    cursor = client.get(reverse("home")).context["proposals"].next_cursor
    html = client.get(reverse("home"), {"apres": cursor}).content.decode()
    assert "Page précédente" in html and "Première page" in html and "Page suivante" not in html


def dashboard_queries(client, world, count):
    seed(world, count)
    for _index in range(min(count, 30)):  # reports to file, more than the dashboard shows at 200
        agreement = factories.AgreementFactory(
            proposal=factories.ProposalFactory(call=world.call, organisation=world.organisation))
        factories.ReportFactory(agreement=agreement)
    client.force_login(world.applicant)
    client.get(reverse("home"))  # warm the session and the per-process caches
    with CaptureQueriesContext(connection) as captured:
        response = client.get(reverse("home"))
    assert len(response.context["proposals"]) == min(count + min(count, 30), home.PAGE_SIZE)
    return captured


def test_the_same_queries_at_10_and_200_proposals_and_only_the_shown_columns(client, world):
    few = len(dashboard_queries(client, world, 10))
    Report.objects.all().delete()
    captured = dashboard_queries(client, world, 200)
    assert len(captured) == few
    listing = [query["sql"] for query in captured.captured_queries if query["sql"].startswith(
        'SELECT "grants_proposal"."id"')]
    assert listing and all('"grants_proposal"."mission"' not in sql and "OFFSET" not in sql for sql in listing)
    reports = [query["sql"] for query in captured.captured_queries if 'FROM "grants_report"' in query["sql"]]
    assert reports and all('"grants_report"."narrative"' not in sql for sql in reports)


def test_report_lists_are_cut_short_with_a_link_to_the_rest(client, world):
    for _index in range(home.REPORTS_SHOWN + 1):
        agreement = factories.AgreementFactory(
            proposal=factories.ProposalFactory(call=world.call, organisation=world.organisation))
        factories.ReportFactory(agreement=agreement)
    client.force_login(world.applicant)
    response = client.get(reverse("home"))
    assert len(response.context["reports_to_file"]) == home.REPORTS_SHOWN
    assert "Voir les conventions et leurs rapports" in response.content.decode()


@pytest.mark.postgres
def test_the_page_of_proposals_reads_the_organisation_index(client, world, require_postgres):
    for organisation in (world.organisation, world.other_organisation, factories.OrganisationFactory()):
        seed(world, 2000, organisation=organisation)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE grants_proposal")
    client.force_login(world.applicant)
    cursor_of_first = client.get(reverse("home")).context["proposals"].next_cursor
    with CaptureQueriesContext(connection) as captured:
        client.get(reverse("home"), {"apres": cursor_of_first})
    listing = [query["sql"] for query in captured.captured_queries if query["sql"].startswith(
        'SELECT "grants_proposal"."id"')]
    assert listing
    with connection.cursor() as cursor:
        cursor.execute(f"EXPLAIN {listing[0]}")
        plan = "\n".join(row[0] for row in cursor.fetchall())
    assert "Seq Scan on grants_proposal" not in plan and "proposal_org_updated_idx" in plan, plan
