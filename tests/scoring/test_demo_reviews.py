from grants import demo as grants_demo
from grants.models import Proposal
from scoring import demo
from scoring.models import Review, ReviewerAssignment, Rubric


def seeded_context():
    context = {}
    grants_demo.seed(context)
    # The workflow's demo moves proposals to their target state; placed directly here.
    for proposal, target in context["proposals"]:
        Proposal.objects.filter(pk=proposal.pk).update(state=target)
        proposal.refresh_from_db()
    return context


def test_demo_seeds_the_open_calls_rubric_assignments_and_one_review(db):
    context = seeded_context()
    demo.seed(context)
    demo.seed(context)  # idempotent
    rubric = Rubric.objects.get(call=context["open_call"])
    criteria = rubric.criteria.all()
    assert criteria.filter(section="axis").count() == 6
    assert criteria.filter(eliminatory=True).count() == 3
    assert {"feasibility", "partnership", "budget", "ads_plus", "participation"} <= set(
        criteria.values_list("section", flat=True))
    submitted = [p for p, target in context["proposals"] if target == "submitted"]
    reviewers = {context["people"]["reviewer"], context["people"]["reviewer2"]}
    for proposal in submitted:
        assigned = {a.reviewer for a in ReviewerAssignment.objects.filter(proposal=proposal)}
        assert assigned == reviewers
    review = Review.objects.get()
    assert review.state == Review.State.SUBMITTED and 0 < review.weighted_total <= 100
