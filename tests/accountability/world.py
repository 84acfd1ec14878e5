"""Shared set-up of the accountability tests: a funded proposal of the `world` with its agreement."""

from datetime import date, timedelta
from decimal import Decimal

from accountability.agreements import create_for_funded
from grants.models import Proposal
from tests import factories


def funded_agreement(world, organisation=None, amount=Decimal("40000"), call=None, **proposal_fields):
    proposal = factories.ProposalFactory(
        call=call or world.call, organisation=organisation or world.organisation,
        start_date=proposal_fields.pop("start_date", date.today() - timedelta(days=300)),
        end_date=proposal_fields.pop("end_date", date.today() + timedelta(days=65)), **proposal_fields)
    factories.IndicatorFactory(proposal=proposal, label="Personnes rejointes", target=Decimal("200"))
    factories.BudgetLineFactory(proposal=proposal, fund_amount=Decimal("20000"))
    # The approve transition writes these; the accountability tests start from its outcome.
    Proposal.objects.filter(pk=proposal.pk).update(state="funded", amount_granted=amount)
    proposal.refresh_from_db()
    return create_for_funded(proposal, world.board, amount=amount)


def complete(report):
    """Fill what submission requires, straight in the database."""
    proposal = report.agreement.proposal
    report.narrative, report.objectives_progress = "Bilan de l'année.", "Objectif 1 : atteint."
    report.participants_women, report.participants_men, report.participants_other = 70, 40, 3
    report.save()
    for indicator in proposal.indicators.all():
        factories.ReportIndicatorResultFactory(report=report, indicator=indicator, actual=Decimal("120"))
    return report
