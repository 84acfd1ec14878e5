"""Shared set-up of the scenario, packet and decision tests: analysed proposals with submitted reviews."""

from decimal import Decimal

from django.db import transaction

from scoring import figures
from scoring.models import Rubric
from tests import factories


def rubric_of(call):
    return Rubric.objects.filter(call=call).first() or factories.RubricFactory(call=call)


def analysed_proposal(world, score, requested, *, mrcs=(), axis=None, state="under_analysis", reviews=1,
                      **fields):
    """A proposal of the world's call in `state`, with `reviews` submitted reviews totalling `score`.

    Created directly in its state (a first value is not a transition) and with stored review totals:
    these tests are about scenarios and decisions, not about how the workflow or reviews get there.
    """
    fields.setdefault("organisation", world.organisation)
    proposal = factories.ProposalFactory(call=world.call, state=state, requested_amount=Decimal(requested),
                                         primary_axis=axis, **fields)
    proposal.mrcs.set(mrcs)
    rubric = rubric_of(world.call)
    for _ in range(reviews):
        factories.ReviewFactory(assignment__proposal=proposal, rubric=rubric, state="submitted",
                                weighted_total=Decimal(score), overall_comment="Projet solide et bien ancré.")
    if reviews:
        with transaction.atomic():  # refresh locks the figures row, as the review service does
            figures.refresh(proposal)  # written directly, as bulk writers do: the ranking page reads the figures
    return proposal
