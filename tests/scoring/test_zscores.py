"""A call's stored z-scores (scoring.zscores): the ranking by z-score reads them while their fingerprint still
matches the call's reviews and proposals, and computes the scores from the reviews otherwise (a review submitted
or a reviewed proposal withdrawn since), never showing a score computed from other reviews; the refresh after a
submission and the sweep put them right again. PostgreSQL: SQLite always computes live."""

from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from scoring import figures, ranking, tasks, zscores
from scoring.models import CallZscores, ReviewFigures
from scoring.ranking_pages import Query, ranking_page
from tests import factories
from tests.admin_forms import edited_in_the_admin
from tests.scoring.reviewing import (
    put_in_state,
    reviewer_in,
    rubric_for,
    submitted_proposal,
    submitted_review,
)

pytestmark = [pytest.mark.django_db, pytest.mark.postgres]
LIVE = "normalised AS"  # the statement that computes z-scores from the reviews (scoring.zscores.LIVE)


@pytest.fixture
def reviewed(world, require_postgres):
    """Three proposals scored by a harsh and a lenient reviewer, and a fourth not reviewed yet."""
    rubric_for(world.call)
    harsh, lenient = reviewer_in(world.program), reviewer_in(world.program)
    proposals = [submitted_proposal(world, title=title) for title in "ABCD"]
    for proposal, low, high in ((proposals[0], 0.2, 0.6), (proposals[1], 0.3, 0.9), (proposals[2], 0.4, 0.7)):
        submitted_review(proposal, harsh, world.analyst, low)
        submitted_review(proposal, lenient, world.analyst, high)
    return proposals, harsh, lenient


def shown(call):
    """The ranking by z-score as the page shows it: [(proposal id, score)], and whether the scores were
    computed from the reviews."""
    with CaptureQueriesContext(connection) as captured:
        page = ranking_page(call, Query(method="zscore"), Decimal("100000"))
    live = any(LIVE in query["sql"] for query in captured.captured_queries)
    return [(line["row"].proposal.pk, line["row"].score) for line in page.lines], live


def computed(call):
    """rank_call's z-score ranking, from the reviews in Python: [(proposal id, score)] of the reviewed ones."""
    return [(row.proposal.pk, pytest.approx(row.score)) for row in ranking.rank_call(call, "zscore")
            if row.review_count]


def test_a_refreshed_call_is_ranked_from_its_stored_scores(world, reviewed):
    assert zscores.stale_calls() == [world.call.pk]  # scored through the services: no refresh has run here
    assert tasks.refresh_zscores(world.call.pk) is True
    assert zscores.stale_calls() == []
    assert shown(world.call) == (computed(world.call), False)
    stored = dict(ReviewFigures.objects.values_list("proposal_id", "zscore"))
    assert [(pk, pytest.approx(stored[pk])) for pk, _score in shown(world.call)[0]] == computed(world.call)


def test_a_review_submitted_since_the_refresh_is_ranked_from_the_reviews(world, reviewed):
    proposals, harsh, lenient = reviewed
    tasks.refresh_zscores(world.call.pk)
    before = dict(ReviewFigures.objects.values_list("proposal_id", "zscore"))
    submitted_review(proposals[0], reviewer_in(world.program), world.analyst, 1.0)  # a third review of A
    submitted_review(proposals[3], harsh, world.analyst, 1.0)  # the harsh reviewer's mean moves: every score
    assert zscores.stale_calls() == [world.call.pk]
    ranked, live = shown(world.call)
    assert live and ranked == computed(world.call)
    assert ranked[0][0] == proposals[3].pk
    # What is stored would have shown other scores: the page did not read it.
    assert any(before.get(pk) != pytest.approx(score) for pk, score in ranked)
    tasks.refresh_zscores(world.call.pk)
    assert shown(world.call) == (computed(world.call), False)


def test_a_reviewed_proposal_withdrawn_since_is_ranked_from_the_reviews_until_the_sweep(world, reviewed, monkeypatch):
    proposals, _harsh, _lenient = reviewed
    tasks.refresh_zscores(world.call.pk)
    put_in_state(proposals[1], "withdrawn")  # its reviews no longer count in its reviewers' means
    ranked, live = shown(world.call)
    assert live and ranked == computed(world.call) and proposals[1].pk not in dict(ranked)
    handed = []
    monkeypatch.setattr(tasks.PUBLISHER, "publish", lambda task, ids: handed.append((task, ids)) or len(ids))
    assert tasks.sweep_zscores() == {"stale": 1, "enqueued": 1}
    assert handed == [(tasks.refresh_zscores, [world.call.pk])]
    tasks.refresh_zscores(world.call.pk)
    assert shown(world.call) == (computed(world.call), False)


def test_as_many_reviews_on_other_proposals_are_noticed(world, reviewed):
    """The fingerprint is of which proposals have how many reviews, not of their number."""
    proposals, harsh, lenient = reviewed
    tasks.refresh_zscores(world.call.pk)
    put_in_state(proposals[2], "withdrawn")  # two reviews out...
    submitted_review(proposals[3], harsh, world.analyst, 0.1)  # ... and two in, on another proposal
    submitted_review(proposals[3], lenient, world.analyst, 0.5)
    assert zscores.stale_calls() == [world.call.pk]
    ranked, live = shown(world.call)
    assert live and ranked == computed(world.call) and proposals[3].pk in dict(ranked)


def test_a_second_review_of_a_reviewed_proposal_is_noticed(world, reviewed):
    proposals, _harsh, _lenient = reviewed
    tasks.refresh_zscores(world.call.pk)
    submitted_review(proposals[0], reviewer_in(world.program), world.analyst, 0.9)
    assert zscores.stale_calls() == [world.call.pk]
    ranked, live = shown(world.call)
    assert live and ranked == computed(world.call)


def test_filing_or_withdrawing_a_proposal_without_a_review_leaves_the_scores_fresh(world, reviewed):
    proposals, _harsh, _lenient = reviewed
    tasks.refresh_zscores(world.call.pk)
    submitted_proposal(world, title="E")
    put_in_state(proposals[3], "withdrawn")
    assert zscores.stale_calls() == []
    assert shown(world.call) == (computed(world.call), False)


def test_submitting_a_review_hands_the_refresh_over_after_commit(world, reviewed, monkeypatch,
                                                                   django_capture_on_commit_callbacks):
    proposals, harsh, _lenient = reviewed
    handed = []
    monkeypatch.setattr(tasks.PUBLISHER, "publish", lambda task, ids: handed.append((task, ids)) or len(ids))
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        submitted_review(proposals[3], harsh, world.analyst, 0.5)
    assert handed == []  # nothing before the commit
    for callback in callbacks:
        callback()
    assert (tasks.refresh_zscores, [world.call.pk]) in handed


def test_a_rebuild_of_the_figures_stores_the_calls_scores_again(world, reviewed):
    other = factories.CallFactory(program=world.program)
    tasks.refresh_zscores(world.call.pk)
    ReviewFigures.objects.update(zscore=None)  # as a rebuild's new rows: no score
    figures.rebuild([world.call.pk, other.pk])
    assert zscores.stale_calls() == [] and not ReviewFigures.objects.filter(zscore=None).exists()
    assert list(CallZscores.objects.values_list("call_id", flat=True)) == [world.call.pk]
    assert shown(world.call) == (computed(world.call), False)


def test_a_proposal_moved_to_another_call_in_the_admin_takes_its_figures_along(world, reviewed):
    proposals, _harsh, _lenient = reviewed
    other = factories.CallFactory(program=world.program)
    tasks.refresh_zscores(world.call.pk)
    edited_in_the_admin(world.admin, proposals[0], call=other.pk)
    page = ranking_page(other, Query(), Decimal("0"))
    assert [(line["row"].proposal.pk, line["row"].review_count) for line in page.lines] == [(proposals[0].pk, 2)]
    assert zscores.stale_calls() == sorted([world.call.pk, other.pk])
    for call in (world.call, other):
        assert shown(call) == (computed(call), True)
        tasks.refresh_zscores(call.pk)
        assert shown(call) == (computed(call), False)
    assert zscores.stale_calls() == []


def test_a_refresh_of_a_call_gone_does_nothing(world, require_postgres):
    call_id = world.call.pk
    world.call.delete()
    assert tasks.refresh_zscores(call_id) is False and not CallZscores.objects.exists()
