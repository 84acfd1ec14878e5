"""The admin's lists at a province's scale: no list reads every row of its table to offer its filters or
dates, and a list's statements do not grow with the rows it shows."""

import re

import pytest
from django.contrib import admin
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django_celery_beat.models import PeriodicTask

from core.admin import EstimatedCount
from core.models import ConfidentialityIncident, RetentionRun
from scoring.services import assignments
from tests import factories
from tests.scoring.reviewing import reviewer_in, submitted_proposal
from workflow.models import TransitionLog

# Tables that stay small whatever the number of proposals (a row per run of a rule, per incident, per
# schedule), whose lists may still show their years (date_hierarchy reads every row's date).
SMALL = {RetentionRun, ConfidentialityIncident, PeriodicTask}
READS_EVERY_ROW = re.compile(r"SELECT DISTINCT|DATE_TRUNC|django_date_trunc|django_datetime_trunc", re.IGNORECASE)


@pytest.mark.parametrize("model", [model for model in admin.site._registry if model not in SMALL],
                         ids=lambda model: model._meta.label)
def test_no_list_reads_every_row_for_its_filters_or_dates(client, world, model):
    client.force_login(world.admin)
    url = reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_changelist")
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    assert [query["sql"] for query in queries if READS_EVERY_ROW.search(query["sql"])] == []


def _statements(client, url):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries)


def _assign(world, count):
    for _ in range(count):
        assignments.assign(submitted_proposal(world), reviewer_in(world.program), world.analyst)


@pytest.mark.parametrize("url, add", [
    ("admin:scoring_reviewerassignment_changelist", _assign),
    ("admin:scoring_declaredtie_changelist", lambda world, count: [factories.DeclaredTieFactory(
        reviewer=reviewer_in(world.program), organisation=factories.OrganisationFactory(),
        recorded_by=world.analyst) for _ in range(count)]),
    ("admin:grants_organisation_changelist", lambda world, count: [factories.OrganisationFactory(
        territory=factories.MrcFactory()) for _ in range(count)]),
    ("admin:grants_territory_changelist", lambda world, count: [factories.MunicipalityFactory()
                                                                 for _ in range(count)]),
])
def test_a_lists_statements_do_not_grow_with_its_rows(client, world, url, add):
    client.force_login(world.admin)
    add(world, 1)
    few = _statements(client, reverse(url))
    add(world, 4)
    assert _statements(client, reverse(url)) == few


def test_a_filter_of_known_values_offers_them_and_keeps_the_rows_of_the_one_chosen(client, world):
    proposal = factories.ProposalFactory(call=world.call, organisation=world.organisation)
    for transition, source, target in (("submit", "draft", "submitted"), ("start_analysis", "submitted",
                                                                          "under_analysis")):
        TransitionLog.objects.create(proposal=proposal, actor=world.analyst, transition=transition,
                                     from_state=source, to_state=target)
    client.force_login(world.admin)
    url = reverse("admin:workflow_transitionlog_changelist")
    assert "?transition=close" in client.get(url).content.decode()  # every transition, logged or not
    page = client.get(url, {"transition": "submit"}).content.decode()
    assert 'field-transition">submit<' in page and 'field-transition">start_analysis<' not in page


@pytest.mark.usefixtures("require_postgres")
def test_a_large_tables_unfiltered_list_is_counted_by_the_planners_figure_and_says_so(client, world, monkeypatch):
    """COUNT(*) read the whole table at each page of its admin list (25 ms at 960,000 reports)."""
    client.force_login(world.admin)
    for _ in range(3):
        TransitionLog.objects.create(proposal=factories.ProposalFactory(), actor=world.admin, transition="submit",
                                     from_state="draft", to_state="submitted")
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE workflow_transitionlog")
    monkeypatch.setattr(EstimatedCount, "ESTIMATED_FROM", 1)
    url = reverse("admin:workflow_transitionlog_changelist")
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert not [query for query in queries if "COUNT(" in query["sql"].upper()]
    assert re.search(r"environ \d+ ", response.content.decode())
    # Filtered: counted exactly.
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url, {"to_state": "submitted"})
    assert response.status_code == 200
    assert [query for query in queries if "COUNT(" in query["sql"].upper()]
    assert "environ" not in response.content.decode()
    # Under the threshold: counted exactly.
    monkeypatch.setattr(EstimatedCount, "ESTIMATED_FROM", 10**9)
    assert "environ" not in client.get(url).content.decode()
