"""Who may do what in scoring, composed from core.access (django-rules autodiscovers this module).

Objects: a Proposal (reviewing, assigning), a Call (ranking, scenarios), a Scenario, a BoardMeeting
(packet, decisions) or a Program (meetings, commitments). Views and services ask
`user.has_perm("scoring.<name>", obj)`; scoring/views/access.py turns a refusal into its status.

- Assignments, rubrics, ranking, scenarios, everybody's reviews: the program's analysts and managers
  (analysis), on a submitted proposal (a draft is the organisation's own work, as in grants.rules).
- Reading a call's rubric: the program's staff, and reviewers with an open assignment in the call.
- Meetings, commitments, the board packet: the program's staff (analysts, board, managers).
- Recording the board's decisions: the program's board.
- Admins (superusers) may do all of the above.
- A reviewer reaches a proposal only through their assignment: a pending one shows what is needed to
  declare a conflict (scoring.declare_conflict), an active one with no conflict detected shows the
  proposal and its review (scoring.review_proposal). Recused, cancelled, no assignment or a conflict
  detected since: nothing.
"""

import rules

from core import access
from grants import rules as grants_rules
from grants.models import Program

from . import conflicts
from .models import Review, ReviewerAssignment

_ASSIGNMENTS = "_scoring_assignments"


def program_of(obj):
    """The program an object of scoring belongs to: program, meeting, call, scenario or proposal."""
    if isinstance(obj, Program):
        return obj.pk
    if hasattr(obj, "program_id"):
        return obj.program_id
    return obj.call.program_id


def assignment_of(user, proposal):
    """The person's assignment on the proposal (any state) or None; cached on the user for the request."""
    if proposal is None or user is None or not user.is_authenticated:
        return None
    cache = user.__dict__.setdefault(_ASSIGNMENTS, {})
    if proposal.pk not in cache:
        cache[proposal.pk] = ReviewerAssignment.objects.filter(proposal=proposal, reviewer=user).first()
    return cache[proposal.pk]


def forget(user):
    """Drop the per-request assignment cache after a write changed it."""
    user.__dict__.pop(_ASSIGNMENTS, None)


def open_assignment(user, proposal):
    """The assignment through which the person may reach the proposal (pending: the declaration only;
    active: the proposal and the review), or None: recused, cancelled, absent or conflicted."""
    assignment = assignment_of(user, proposal)
    if assignment is None or not assignment.is_open or conflicts.is_conflicted(user, proposal):
        return None
    return assignment


# Every predicate answers False without an object: these permissions are always about one object.
is_analysis = access.program_role(*access.ANALYSIS, program_of=program_of, name="scoring_is_analysis")
is_program_staff = access.program_role(*access.STAFF, program_of=program_of, name="scoring_is_program_staff")
is_program_board = access.program_role(access.BOARD, program_of=program_of, name="scoring_is_program_board")


@rules.predicate
def is_conflicted(user, proposal):
    return proposal is not None and conflicts.is_conflicted(user, proposal)


def _assignment_in(*states, name):
    @rules.predicate(name=name)
    def predicate(user, proposal):
        assignment = assignment_of(user, proposal)
        return assignment is not None and assignment.state in states

    return predicate


has_pending_assignment = _assignment_in(ReviewerAssignment.State.PENDING, name="has_pending_assignment")
has_active_assignment = _assignment_in(ReviewerAssignment.State.ACTIVE, name="has_active_assignment")


@rules.predicate
def is_assigned_in_call(user, call):
    """An open assignment (pending or active) on one of the call's proposals: the rubric they score with."""
    return call is not None and user.is_authenticated and ReviewerAssignment.objects.filter(
        reviewer=user, proposal__call=call,
        state__in=(ReviewerAssignment.State.PENDING, ReviewerAssignment.State.ACTIVE)).exists()


@rules.predicate
def submitted_own_review(user, proposal):
    return proposal is not None and Review.objects.filter(
        proposal=proposal, reviewer=user, state=Review.State.SUBMITTED).exists()


@rules.predicate
def rubric_shows_reviews_early(user, proposal):
    return proposal is not None and Review.objects.filter(
        proposal=proposal, reviewer=user, rubric__reviews_visible_before_submit=True).exists()


analysis = is_analysis | access.is_admin
proposal_analysis = (is_analysis & grants_rules.is_submitted) | access.is_admin  # the object: a Proposal
may_review = has_active_assignment & ~is_conflicted

rules.add_perm("scoring.manage_rubrics", analysis)  # a Call
rules.add_perm("scoring.view_ranking", analysis)  # a Call
rules.add_perm("scoring.view_rubric", is_program_staff | access.is_admin | is_assigned_in_call)  # a Call
rules.add_perm("scoring.manage_scenarios", analysis)  # a Call or a Scenario
rules.add_perm("scoring.manage_assignments", proposal_analysis)
rules.add_perm("scoring.declare_conflict", has_pending_assignment & ~is_conflicted)
rules.add_perm("scoring.review_proposal", may_review)
rules.add_perm("scoring.view_proposal_reviews",
               (proposal_analysis | (may_review & (submitted_own_review | rubric_shows_reviews_early)))
               & ~is_conflicted)
rules.add_perm("scoring.view_packet", is_program_staff | access.is_admin)
rules.add_perm("scoring.manage_meetings", is_program_staff | access.is_admin)
rules.add_perm("scoring.view_commitments", is_program_staff | access.is_admin)
rules.add_perm("scoring.record_decisions", is_program_board | access.is_admin)
