"""Which refusal a scoring page answers with.

- The program's staff (analysts, board, managers) know its files exist, a proposal once it is
  submitted: a page that is not theirs answers 403 (the board on the ranking or the assignments, an
  analyst recording a decision).
- Everybody else gets 404: the object does not exist for them.
- A reviewer reaches a proposal only through an open assignment with no conflict detected
  (rules.open_assignment); a recused, cancelled or missing assignment, or a conflict, is a 404.

The refusals are core's (also Django's 403 and 404): the API answers them in its JSON envelope.
"""

from core import access
from core.errors import Forbidden, NotFound
from grants.models import Proposal
from grants.states import State

from .. import conflicts, rules


def _knows_of(user, obj):
    if isinstance(obj, Proposal) and obj.state == State.DRAFT:
        return False
    return access.has_program_role(user, rules.program_of(obj), *access.STAFF)


def require(user, perm, obj):
    if user.has_perm(perm, obj):
        return
    if _knows_of(user, obj):
        raise Forbidden()
    raise NotFound()


def open_assignment_or_404(user, proposal):
    """The reviewer's pending or active assignment on the proposal; 404 for anybody else."""
    assignment = rules.open_assignment(user, proposal)
    if assignment is None:
        raise NotFound()
    return assignment


def reviewing_assignment_or_404(user, proposal):
    """The reviewer's active assignment: the proposal's content, its review, its attachments."""
    assignment = open_assignment_or_404(user, proposal)
    if assignment.state != assignment.State.ACTIVE:
        raise NotFound()
    return assignment


def may_read_reviews_or_refuse(user, proposal):
    """Everybody's submitted reviews: the program's analysts and managers, and a reviewer once their own
    is submitted (or the rubric shows them earlier).

    403 for who sees the proposal otherwise (a reviewer before that, the board at the decision stage);
    404 for everybody else, and for a conflicted person whatever their role.
    """
    if user.has_perm("scoring.view_proposal_reviews", proposal):
        return
    if conflicts.is_conflicted(user, proposal):
        raise NotFound()
    if rules.open_assignment(user, proposal) is not None or user.has_perm("grants.view_proposal_as_staff",
                                                                           proposal):
        raise Forbidden()
    raise NotFound()
