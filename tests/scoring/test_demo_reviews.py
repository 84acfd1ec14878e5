"""The demo's scoring part: the rubric through the rubric services, readings through the assignment and
review services, each step done once."""

from decimal import Decimal

from scoring import demo
from scoring.models import ConflictDeclaration, Review, ReviewerAssignment, Rubric
from tests import factories
from tests.scoring.reviewing import put_in_state, reviewer_in, submitted_proposal


def test_demo_rubric_has_admissibility_axes_and_general_criteria_once(world):
    axes = [factories.AxisFactory(program=world.program) for _ in range(3)]
    demo.seed_rubric(world.call, world.manager)
    demo.seed_rubric(world.call, world.manager)
    rubric = Rubric.objects.get(call=world.call)
    criteria = rubric.criteria.all()
    assert {c.axis for c in criteria.filter(section="axis")} == set(axes)
    assert criteria.filter(eliminatory=True).count() == 3
    assert {"feasibility", "partnership", "budget", "ads_plus", "participation"} <= set(
        criteria.values_list("section", flat=True))
    orders = list(criteria.order_by("order").values_list("order", flat=True))
    assert orders == list(range(1, len(orders) + 1))


def test_demo_readings_go_as_far_as_the_story_says_and_no_further(world):
    primary = factories.AxisFactory(program=world.program)
    demo.seed_rubric(world.call, world.manager)
    proposal = put_in_state(submitted_proposal(world, primary_axis=primary), "under_analysis")
    people = {"analyst": world.analyst, "reviewer": world.reviewer,
              "reviewer2": reviewer_in(world.program, "second@example.org"),
              "reviewer3": reviewer_in(world.program, "third@example.org"),
              "reviewer4": reviewer_in(world.program, "fourth@example.org")}
    readings = (demo.Reading("reviewer", demo.SUBMITTED, Decimal("0.8")),
                demo.Reading("reviewer2", demo.RECUSED), demo.Reading("reviewer3", demo.DRAFT),
                demo.Reading("reviewer4", demo.PENDING))
    demo.seed_readings(proposal, readings, people)
    demo.seed_readings(proposal, readings, people)  # idempotent

    def assignment(key):
        return ReviewerAssignment.objects.get(proposal=proposal, reviewer=people[key])

    assert ReviewerAssignment.objects.filter(proposal=proposal, assigned_by=world.analyst).count() == 4
    submitted = Review.objects.get(assignment=assignment("reviewer"))
    assert submitted.state == Review.State.SUBMITTED and 0 < submitted.weighted_total <= 100
    assert submitted.recommendation == Review.Recommendation.FUND
    assert assignment("reviewer2").state == ReviewerAssignment.State.RECUSED
    assert ConflictDeclaration.objects.get(assignment=assignment("reviewer2")).has_conflict
    draft = Review.objects.get(assignment=assignment("reviewer3"))
    assert draft.state == Review.State.DRAFT and draft.weighted_total is None
    assert assignment("reviewer4").state == ReviewerAssignment.State.PENDING
    assert Review.objects.count() == 2
