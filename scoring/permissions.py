"""Who may do what in scoring, as named predicates on grants.roles (see the `rules` package).

Objects: a Proposal for reviewing and assigning, a Call for the ranking. Views and services ask
`user.has_perm("scoring.<name>", obj)`; `reviewer_assignment_or_error` turns a refusal into the
right status: 404 for people unrelated to the proposal, 403 for conflicted or recused reviewers.
"""

import rules
from django.core.exceptions import PermissionDenied
from django.http import Http404

from grants import roles

from . import conflicts
from .models import Review, ReviewerAssignment

STAFF_ROLES = ("analyst", "manager")
REVIEWING_ROLES = ("reviewer", "analyst")


def program_id_of(obj):
    if hasattr(obj, "program_id"):
        return obj.program_id
    return obj.call.program_id


def _assignment(user, proposal):
    if proposal is None or not user.is_authenticated:
        return None
    cache = user.__dict__.setdefault("_scoring_assignments", {})
    if proposal.pk not in cache:
        cache[proposal.pk] = ReviewerAssignment.objects.filter(proposal=proposal, reviewer=user).first()
    return cache[proposal.pk]


def forget(user):
    """Drop the per-request assignment cache after a write changed it."""
    user.__dict__.pop("_scoring_assignments", None)


# Every predicate answers False without an object: these permissions are always about one proposal or call.
@rules.predicate
def is_scoring_staff(user, obj):
    return bool(obj is not None and user.is_authenticated and (user.is_superuser or roles.has_program_role(
        user, program_id_of(obj), *STAFF_ROLES)))


@rules.predicate
def is_conflicted(user, proposal):
    return proposal is not None and conflicts.is_conflicted(user, proposal)


@rules.predicate
def has_pending_assignment(user, proposal):
    assignment = _assignment(user, proposal)
    return assignment is not None and assignment.state == ReviewerAssignment.State.PENDING


@rules.predicate
def has_active_assignment(user, proposal):
    assignment = _assignment(user, proposal)
    return assignment is not None and assignment.state == ReviewerAssignment.State.ACTIVE


@rules.predicate
def submitted_own_review(user, proposal):
    return proposal is not None and Review.objects.filter(proposal=proposal, reviewer=user, state=Review.State.SUBMITTED).exists()


@rules.predicate
def rubric_shows_reviews_early(user, proposal):
    return proposal is not None and Review.objects.filter(
        proposal=proposal, reviewer=user, rubric__reviews_visible_before_submit=True
    ).exists()


can_review = has_active_assignment & ~is_conflicted

rules.add_perm("scoring.manage_assignments", is_scoring_staff)
rules.add_perm("scoring.view_ranking", is_scoring_staff)
rules.add_perm("scoring.declare_conflict", has_pending_assignment & ~is_conflicted)
rules.add_perm("scoring.review_proposal", can_review)
rules.add_perm(
    "scoring.view_proposal_reviews",
    is_scoring_staff | (can_review & (submitted_own_review | rubric_shows_reviews_early)),
)


def reviewer_assignment_or_error(user, proposal):
    """The user's assignment on this proposal, or the refusal an outsider or a conflicted person gets.

    No assignment (or a cancelled one): 404, the proposal does not exist for them.
    Recused or conflicted: 403, they know of it but must never see its content.
    """
    assignment = _assignment(user, proposal)
    if assignment is None or assignment.state == ReviewerAssignment.State.CANCELLED:
        raise Http404
    if assignment.state == ReviewerAssignment.State.RECUSED or conflicts.is_conflicted(user, proposal):
        raise PermissionDenied
    return assignment


def staff_or_404(user, obj, perm):
    if not user.has_perm(perm, obj):
        raise Http404


# --- Funding scenarios, board packet, meetings and decisions --------------------------------------
# Objects: a Call or a Scenario (scenarios), a BoardMeeting (packet, decisions), a Program (commitments).
DECISION_READERS = ("analyst", "manager", "board")


def decision_program_id(obj):
    from grants.models import Program

    return obj.pk if isinstance(obj, Program) else program_id_of(obj)


@rules.predicate
def reads_decisions(user, obj):
    return bool(user.is_authenticated and (user.is_superuser or roles.has_program_role(
        user, decision_program_id(obj), *DECISION_READERS)))


@rules.predicate
def is_program_board(user, obj):
    return bool(user.is_authenticated and (user.is_superuser or roles.has_program_role(
        user, decision_program_id(obj), "board")))


rules.add_perm("scoring.manage_scenarios", is_scoring_staff)
rules.add_perm("scoring.view_packet", reads_decisions)
rules.add_perm("scoring.manage_meetings", reads_decisions)
rules.add_perm("scoring.record_decisions", is_program_board)
rules.add_perm("scoring.view_commitments", reads_decisions)
