"""The state machines of assignments and reviews: declared once on the models (django-fsm), run only by
scoring's services, each transition one activity log row (who, from, to, why)."""

import pytest
from django_fsm import TransitionNotAllowed

from core.errors import Conflict
from core.models import ActivityLog
from scoring.models import Review, ReviewerAssignment
from scoring.services import assignments, reviews
from tests.scoring.reviewing import answers_for, rubric_for, submitted_proposal


@pytest.fixture
def proposal(world):
    rubric_for(world.call)
    return submitted_proposal(world)


def log_of(obj):
    return list(ActivityLog.objects.of(obj).values_list("action", "actor_id", "from_state", "to_state", "comment"))


def only_new_row(obj, before):
    rows = log_of(obj)
    assert len(rows) == before + 1, rows
    return rows[-1]


def test_assigning_logs_the_new_pending_assignment(world, proposal):
    assignment = assignments.assign(proposal, world.reviewer, world.analyst)
    assert log_of(assignment) == [("assign", world.analyst.pk, "", "pending", "")]


def test_declaring_no_conflict_is_one_logged_transition(world, proposal):
    assignment = assignments.assign(proposal, world.reviewer, world.analyst)
    before = len(log_of(assignment))
    assignments.declare(assignment, world.reviewer, has_conflict=False)
    assert only_new_row(assignment, before) == ("declare_no_conflict", world.reviewer.pk, "pending", "active", "")


def test_recusing_is_one_logged_transition_with_its_reason(world, proposal):
    assignment = assignments.assign(proposal, world.reviewer, world.analyst)
    before = len(log_of(assignment))
    assignments.declare(assignment, world.reviewer, has_conflict=True, reason="Ma sœur y travaille.")
    assert only_new_row(assignment, before) == (
        "recuse", world.reviewer.pk, "pending", "recused", "Ma sœur y travaille.")


@pytest.mark.parametrize("declared", [False, True])
def test_cancelling_a_pending_or_active_assignment_is_one_logged_transition(world, proposal, declared):
    assignment = assignments.assign(proposal, world.reviewer, world.analyst)
    if declared:
        assignment = assignments.declare(assignment, world.reviewer, has_conflict=False)
    before = len(log_of(assignment))
    assignments.cancel(assignment, world.manager, comment="Surcharge.")
    start = "active" if declared else "pending"
    assert only_new_row(assignment, before) == ("cancel", world.manager.pk, start, "cancelled", "Surcharge.")


def test_assigning_again_after_a_cancellation_renews_the_assignment(world, proposal):
    first = assignments.assign(proposal, world.reviewer, world.analyst)
    assignments.cancel(first, world.analyst)
    before = len(log_of(first))
    again = assignments.assign(proposal, world.reviewer, world.manager)
    assert again.pk == first.pk and again.state == ReviewerAssignment.State.PENDING
    assert again.assigned_by == world.manager
    assert only_new_row(first, before) == ("renew", world.manager.pk, "cancelled", "pending", "")


def test_submitting_a_review_is_one_logged_transition(world, proposal):
    assignment = assignments.declare(assignments.assign(proposal, world.reviewer, world.analyst), world.reviewer,
                                     has_conflict=False)
    review = reviews.start_review(assignment, world.reviewer)
    reviews.save_draft(review, world.reviewer, scores=answers_for(review, 0.6), recommendation="fund")
    assert log_of(review) == []  # saving a draft is not a transition
    submitted = reviews.submit(review, world.reviewer)
    assert submitted.state == Review.State.SUBMITTED and submitted.submitted_at is not None
    assert log_of(review) == [("submit", world.reviewer.pk, "draft", "submitted", "")]


def test_a_recused_assignment_cannot_be_cancelled_nor_declared_again(world, proposal):
    assignment = assignments.assign(proposal, world.reviewer, world.analyst)
    recused = assignments.declare(assignment, world.reviewer, has_conflict=True, reason="Ancien employé.")
    before = len(log_of(assignment))
    with pytest.raises(Conflict) as refused:
        assignments.cancel(recused, world.analyst)
    assert refused.value.code == "transition_not_allowed"
    with pytest.raises(Conflict):
        assignments.declare(recused, world.reviewer, has_conflict=False)
    assert ReviewerAssignment.objects.get(pk=assignment.pk).state == ReviewerAssignment.State.RECUSED
    assert len(log_of(assignment)) == before


def test_a_cancelled_assignment_cannot_be_declared(world, proposal):
    assignment = assignments.cancel(assignments.assign(proposal, world.reviewer, world.analyst), world.analyst)
    with pytest.raises(Conflict):
        assignments.declare(assignment, world.reviewer, has_conflict=False)
    assert ReviewerAssignment.objects.get(pk=assignment.pk).state == ReviewerAssignment.State.CANCELLED


def test_a_submitted_review_cannot_be_submitted_again(world, proposal):
    assignment = assignments.declare(assignments.assign(proposal, world.reviewer, world.analyst), world.reviewer,
                                     has_conflict=False)
    review = reviews.start_review(assignment, world.reviewer)
    reviews.save_draft(review, world.reviewer, scores=answers_for(review, 0.6), recommendation="fund")
    reviews.submit(review, world.reviewer)
    with pytest.raises(Conflict):
        reviews.submit(review, world.reviewer)
    assert len(log_of(review)) == 1


def test_states_change_only_through_the_services(world, proposal):
    """The fields are protected and the transitions refuse a call that does not come from a service."""
    assignment = assignments.assign(proposal, world.reviewer, world.analyst)
    with pytest.raises(AttributeError):
        assignment.state = ReviewerAssignment.State.ACTIVE
    with pytest.raises(TransitionNotAllowed):
        assignment.declare_no_conflict()
    with pytest.raises(TransitionNotAllowed):
        assignment.cancel()
    assignment = assignments.declare(assignment, world.reviewer, has_conflict=False)
    review = reviews.start_review(assignment, world.reviewer)
    with pytest.raises(TransitionNotAllowed):
        review.submit()
    with pytest.raises(AttributeError):
        review.state = Review.State.SUBMITTED
    assert Review.objects.get(pk=review.pk).state == Review.State.DRAFT


def test_the_machines_are_the_declared_ones(world):
    """pending → active | recused; pending, active → cancelled; cancelled → pending; draft → submitted."""
    def arrows(model):
        field = model._meta.get_field("state")
        return sorted((t.source, t.target, t.name) for t in field.get_all_transitions(model))

    assert arrows(ReviewerAssignment) == sorted([
        ("active", "cancelled", "cancel"), ("pending", "cancelled", "cancel"),
        ("pending", "active", "declare_no_conflict"), ("pending", "recused", "recuse"),
        ("cancelled", "pending", "renew"),
    ])
    assert arrows(Review) == [("draft", "submitted", "submit")]
