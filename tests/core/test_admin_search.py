"""Searching the admin's large lists (core.admin.LargeTable): the same rows as Django's admin finds, each
relation crossed as a subquery of ids or a short list of them, never a join ORed across two tables (1.4 s for
a word found nowhere among 288,000 assignments), and a searched list counted up to a cap."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from core import admin as core_admin
from core.admin import EstimatedCount
from tests import factories

pytestmark = pytest.mark.django_db

ASSIGNMENTS = "admin:scoring_reviewerassignment_changelist"
REPORTS = "admin:accountability_report_changelist"


@pytest.fixture
def assigned(world):
    """Three assignments: one on a proposal titled "Cuisine collective", one of a reviewer whose address
    says "cuisine", one matching neither."""
    titled = factories.ProposalFactory(title="Cuisine collective du quartier")
    plain = factories.ProposalFactory(title="Halte-garderie")
    cook = factories.UserFactory(email="chef.cuisine@example.org")
    return {
        "by title": factories.ReviewerAssignmentFactory(proposal=titled),
        "by reviewer": factories.ReviewerAssignmentFactory(proposal=plain, reviewer=cook),
        "neither": factories.ReviewerAssignmentFactory(proposal=plain),
    }


def shown(client, url, query):
    response = client.get(reverse(url), {"q": query})
    assert response.status_code == 200
    listed = reverse(url)
    return {int(pk) for pk in re.findall(rf'href="{listed}(\d+)/change/', response.content.decode())}


@pytest.mark.parametrize("listed_up_to", [core_admin.LISTED_UP_TO, 0], ids=["rare word: ids listed",
                                                                           "common word: subqueries"])
def test_a_word_is_found_in_any_field_across_each_relation(client, world, assigned, monkeypatch, listed_up_to):
    monkeypatch.setattr(core_admin, "LISTED_UP_TO", listed_up_to)
    client.force_login(world.admin)
    assert shown(client, ASSIGNMENTS, "CUISINE") == {assigned["by title"].pk, assigned["by reviewer"].pk}
    assert shown(client, ASSIGNMENTS, "cuisine quartier") == {assigned["by title"].pk}  # every word
    assert shown(client, ASSIGNMENTS, '"collective du"') == {assigned["by title"].pk}  # quoted: together
    assert shown(client, ASSIGNMENTS, "introuvable") == set()


def test_a_relation_behind_a_relation_is_searched_too(client, world):
    report = factories.ReportFactory(agreement__proposal__title="Épicerie solidaire",
                                     agreement__proposal__reference="PARSIS-2026-0042")
    factories.ReportFactory(agreement__proposal__title="Halte-garderie")
    client.force_login(world.admin)
    assert shown(client, REPORTS, "SOLIDAIRE") == {report.pk}
    assert shown(client, REPORTS, "2026-0042") == {report.pk}


def test_the_search_joins_no_table_and_the_count_stops_at_its_cap(client, world, assigned, monkeypatch):
    monkeypatch.setattr(EstimatedCount, "COUNTED_UP_TO", 1)
    client.force_login(world.admin)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse(ASSIGNMENTS), {"q": "cuisine"})
    [count] = [query["sql"] for query in queries if "COUNT(" in query["sql"].upper()]
    assert "JOIN" not in count.upper() and "LIMIT 2" in count.upper()
    assert "plus de 1 " in response.content.decode()
    monkeypatch.setattr(EstimatedCount, "COUNTED_UP_TO", 10)
    page = client.get(reverse(ASSIGNMENTS), {"q": "cuisine"}).content.decode()
    assert "plus de" not in page and re.search(r"\b2 assignations\b", page)


def test_a_search_prefix_is_refused_rather_than_read_as_a_word():
    with pytest.raises(ValueError, match="contain only"):
        core_admin.search(factories.ReviewerAssignmentFactory._meta.model.objects.all(), ["=reviewer__email"], "x")
