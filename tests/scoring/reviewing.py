"""Shared set-up for the scoring-reviews tests: a submitted proposal, a rubric, reviewers."""

from decimal import Decimal

from grants.models import Proposal
from scoring.models import Review
from scoring.services import assignments, reviews
from tests import factories


def put_in_state(proposal, state):
    # The state field is protected: tests place a proposal directly, the workflow is tested elsewhere.
    Proposal.objects.filter(pk=proposal.pk).update(state=state)
    proposal.refresh_from_db()
    return proposal


def submitted_proposal(world, **fields):
    fields.setdefault("call", world.call)
    fields.setdefault("organisation", world.organisation)
    fields.setdefault("requested_amount", Decimal("20000"))
    return put_in_state(factories.ProposalFactory(**fields), "submitted")


def rubric_for(call, axes=None):
    """Two axis criteria (weights 2 and 1, out of 5), one general (out of 10), one eliminatory."""
    axes = axes or [factories.AxisFactory(program=call.program), factories.AxisFactory(program=call.program)]
    rubric = factories.RubricFactory(call=call, version=1)
    factories.CriterionFactory(rubric=rubric, section="axis", axis=axes[0], weight=Decimal("2"), scale_max=5)
    factories.CriterionFactory(rubric=rubric, section="axis", axis=axes[1], weight=Decimal("1"), scale_max=5)
    factories.CriterionFactory(rubric=rubric, section="feasibility", weight=Decimal("1"), scale_max=10)
    factories.CriterionFactory(rubric=rubric, section="admissibility", eliminatory=True, weight=0, scale_max=1)
    return rubric


def reviewer_in(program, email=None, role="reviewer"):
    person = factories.UserFactory(**({"email": email} if email else {}))
    factories.ProgramRoleFactory(user=person, program=program, role=role)
    return person


def active_review(proposal, reviewer, analyst):
    """Assign through the services, declare no conflict, open the draft."""
    assignment = assignments.assign(proposal, reviewer, analyst)
    assignment = assignments.declare(assignment, reviewer, has_conflict=False)
    return reviews.start_review(assignment, reviewer)


def answers_for(review, fraction, passed=True):
    """Every scored criterion at `fraction` of its maximum, eliminatory ones passed or failed."""
    result = {}
    for score in review.scores.select_related("criterion"):
        criterion = score.criterion
        if criterion.eliminatory:
            result[criterion.pk] = {"passed": passed, "comment": "Vérifié."}
        else:
            value = (Decimal(criterion.scale_max) * Decimal(str(fraction))).quantize(Decimal("0.01"))
            result[criterion.pk] = {"value": value, "comment": "Correct."}
    return result


def submitted_review(proposal, reviewer, analyst, fraction, passed=True):
    review = active_review(proposal, reviewer, analyst)
    reviews.save_draft(review, reviewer, scores=answers_for(review, fraction, passed),
                       recommendation=Review.Recommendation.FUND)
    return reviews.submit(review, reviewer)
