"""Test helpers shared by the workflow tests and the browser test."""

from datetime import timedelta
from decimal import Decimal

from django.utils import timezone

from grants.models import Proposal
from tests import factories


def fill_completely(proposal, program):
    """Everything grants.completeness asks for, as an applicant would have filled it."""
    proposal.primary_axis = factories.AxisFactory(program=program)
    proposal.requested_amount = Decimal("20000.00")
    proposal.save(update_fields=["primary_axis", "requested_amount"])
    proposal.mrcs.add(factories.MrcFactory(parent=program.region))
    factories.BudgetLineFactory(proposal=proposal)
    factories.IndicatorFactory(proposal=proposal)
    for kind in proposal.call.required_attachment_types.all():
        factories.AttachmentFactory(proposal=proposal, kind=kind)
    return proposal


def two_stage_call(world):
    """A two-stage call of the world's program: letters until closes_at, full proposals 30 days later."""
    closes = timezone.now() + timedelta(days=20)
    return factories.CallFactory(program=world.program, closes_at=closes, two_stage=True,
                                 full_proposal_closes_at=closes + timedelta(days=30))


def letter_of_intent(world, call):
    """A draft that gives what the default letter of intent asks (project, territory, objectives, budget)
    and nothing more: no axis, no indicator."""
    proposal = factories.ProposalFactory(call=call, organisation=world.organisation, created_by=world.applicant)
    proposal.mrcs.add(factories.MrcFactory(parent=world.program.region))
    factories.BudgetLineFactory(proposal=proposal)
    # The form's service keeps the requested amount equal to the budget's fund total.
    proposal.requested_amount = proposal.budget_fund_total()
    proposal.save(update_fields=["requested_amount"])
    return Proposal.objects.get(pk=proposal.pk)
