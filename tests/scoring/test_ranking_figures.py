"""The review figures the ranking page reads (scoring.figures): kept by each submission through the services,
equal to a rebuild from the reviews after any sequence of them, rebuilt for bulk-written reviews, refreshed
right when two reviewers submit at once."""

from decimal import Decimal

import pytest
from django.core.management import call_command

from scoring import figures
from scoring.models import ReviewFigures
from scoring.services import reviews
from tests import factories
from tests.concurrency import run_together
from tests.scoring.reviewing import (
    active_review,
    answers_for,
    reviewer_in,
    rubric_for,
    submitted_proposal,
    submitted_review,
)


def stored():
    """Every proposal's figures: {proposal id: (count, mean, spread, eliminated)}."""
    return {row.proposal_id: (row.review_count, pytest.approx(row.mean), pytest.approx(row.spread), row.eliminated)
            for row in ReviewFigures.objects.all()}


def rebuilt():
    """What a rebuild from the reviews gives, leaving the stored figures as they were found."""
    kept = stored()
    figures.rebuild()
    fresh = stored()
    assert set(fresh) == set(kept)
    return fresh


@pytest.mark.django_db
def test_each_submission_keeps_the_figures_a_rebuild_computes(world):
    rubric_for(world.call)
    harsh, lenient, third = (reviewer_in(world.program) for _ in range(3))
    a, b, c = (submitted_proposal(world, title=title) for title in "ABC")
    # Every criterion at the fraction given: a total of 100 × the fraction.
    submitted_review(a, harsh, world.analyst, 0.2)
    assert stored() == {a.pk: (1, 20.0, 0.0, False)} == rebuilt()
    submitted_review(a, lenient, world.analyst, 1.0)
    assert stored() == {a.pk: (2, 60.0, 80.0, False)} == rebuilt()
    submitted_review(b, harsh, world.analyst, 0.6, passed=False)
    active_review(c, third, world.analyst)  # a draft counts for nothing
    submitted_review(a, third, world.analyst, 0.3)
    expected = {a.pk: (3, 50.0, 80.0, False), b.pk: (1, 60.0, 0.0, True)}
    assert stored() == expected == rebuilt()


@pytest.mark.django_db
def test_a_rebuild_fills_bulk_written_reviews_for_the_calls_asked_only(world):
    other_call = factories.CallFactory(program=world.program)
    mine, theirs = submitted_proposal(world), submitted_proposal(world, call=other_call)
    for proposal, total in ((mine, "70.00"), (mine, "90.00"), (theirs, "40.00")):
        factories.ReviewFactory(assignment__proposal=proposal, state="submitted", weighted_total=Decimal(total),
                                eliminatory_failed=total == "40.00")
    factories.ReviewFactory(assignment__proposal=mine, state="draft", weighted_total=Decimal("10.00"))
    assert figures.rebuild([world.call.pk]) == 1
    assert stored() == {mine.pk: (2, 80.0, 20.0, False)}
    call_command("rebuild_review_figures", stdout=open("/dev/null", "w"))  # noqa: SIM115 - the command's output
    assert stored() == {mine.pk: (2, 80.0, 20.0, False), theirs.pk: (1, 40.0, 0.0, True)}


@pytest.mark.django_db
def test_a_refresh_repairs_figures_gone_wrong(world):
    rubric_for(world.call)
    proposal = submitted_proposal(world)
    submitted_review(proposal, reviewer_in(world.program), world.analyst, 0.5)
    ReviewFigures.objects.update(review_count=7, mean=1.0, eliminated=True)
    figures.refresh(proposal)
    assert stored() == {proposal.pk: (1, 50.0, 0.0, False)}


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_two_reviewers_submitting_at_once_are_both_counted(require_postgres, world):
    rubric_for(world.call)
    proposal = submitted_proposal(world)
    drafts = []
    for fraction in (0.4, 0.8):
        reviewer = reviewer_in(world.program)
        review = active_review(proposal, reviewer, world.analyst)
        reviews.save_draft(review, reviewer, scores=answers_for(review, fraction), recommendation="fund")
        drafts.append((review, reviewer))
    outcomes = run_together(*(lambda review=review, reviewer=reviewer: reviews.submit(review, reviewer)
                              for review, reviewer in drafts))
    assert not [outcome for outcome in outcomes if isinstance(outcome, Exception)]
    assert stored() == {proposal.pk: (2, 60.0, 40.0, False)}
