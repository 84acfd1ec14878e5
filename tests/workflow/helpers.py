"""Test helpers shared by the workflow tests and the browser test."""

from decimal import Decimal

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
