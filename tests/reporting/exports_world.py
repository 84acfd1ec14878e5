"""Shared set-up of the export tests: in each of two programs, one funded proposal with a row in every
exportable table (an answer to its call's own question included), each row marked with its program (P or
Q), and a private draft in P."""

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.utils import timezone

from grants.models import ProgramRole
from tests import factories
from tests.grants.questions_setup import answered_question

# Text a spreadsheet would run: every one must come out as plain text.
FORMULAS = {"title": '=HYPERLINK("http://example.org","Cliquer")', "partner": "+1-418-555-0100",
            "role": "@SUM(A1:A9)", "indicator": "-5 % de décrochage", "comment": "\t=1+1", "budget": "\r=2+2"}


@dataclass
class Funded:
    proposal: object
    agreement: object
    marker: str


def funded_proposal(program, organisation, marker, *, title=None, texts=None):
    """A funded proposal of `program` with a partner, a budget line, a co-funding, an indicator, a submitted
    review with a score, a decision, an agreement, a paid tranche and an accepted report's result."""
    texts = texts or {}
    call = factories.CallFactory(program=program)
    proposal = factories.ProposalFactory(
        call=call, organisation=organisation, state="funded", title=title or f"Projet de {marker}",
        reference=f"REF-{marker}", requested_amount=Decimal("20000.50"), amount_granted=Decimal("15000.25"),
        submitted_at=timezone.now(), objectives=f"Objectifs de {marker}", start_date=date(2025, 9, 1),
        end_date=date(2026, 8, 31))
    factories.PartnerFactory(proposal=proposal, name=texts.get("partner", f"Partenaire de {marker}"),
                             role=texts.get("role", f"Rôle de {marker}"), cash_contribution=Decimal("1234.56"))
    factories.BudgetLineFactory(proposal=proposal, description=texts.get("budget", f"Poste de {marker}"),
                                total_amount=Decimal("30000.10"), fund_amount=Decimal("20000.50"))
    factories.CoFundingFactory(proposal=proposal, source=f"Centraide de {marker}")
    indicator = factories.IndicatorFactory(proposal=proposal, label=texts.get("indicator", f"Indicateur de {marker}"),
                                           target=Decimal("200"))
    rubric = factories.RubricFactory(call=call, title=f"Grille de {marker}")
    reviewer = factories.UserFactory(full_name=f"Évaluatrice de {marker}")
    review = factories.ReviewFactory(
        assignment=factories.ReviewerAssignmentFactory(proposal=proposal, reviewer=reviewer, state="active"),
        rubric=rubric, state="submitted", submitted_at=timezone.now(), weighted_total=Decimal("72.50"),
        recommendation="fund", overall_comment=texts.get("comment", f"Évaluation de {marker}"))
    factories.ScoreFactory(review=review, criterion=factories.CriterionFactory(rubric=rubric, label=f"Critère de {marker}"),
                           value=Decimal("4"), comment=f"Note de {marker}")
    factories.DecisionFactory(proposal=proposal, meeting=factories.BoardMeetingFactory(program=program),
                              resolution_number=f"RES-{marker}", amount_granted=Decimal("15000.25"),
                              conditions=f"Conditions de {marker}", decided_on=date(2025, 6, 12))
    agreement = factories.AgreementFactory(proposal=proposal, amount_granted=Decimal("15000.25"),
                                           conditions=f"Convention de {marker}", signed_on=date(2025, 7, 2))
    factories.PaymentTrancheFactory(agreement=agreement, order=1, amount=Decimal("7500.13"), state="paid",
                                    paid_on=date(2025, 7, 15), payment_reference=f"VIR-{marker}")
    report = factories.ReportFactory(agreement=agreement, kind="final", order=1, state="accepted",
                                     accepted_at=timezone.now())
    factories.ReportIndicatorResultFactory(report=report, indicator=indicator, actual=Decimal("150"),
                                           comment=f"Résultat de {marker}")
    answered_question(proposal, f"Réponse de {marker}")
    return Funded(proposal, agreement, marker)


@dataclass
class TwoPrograms:
    p: Funded
    q: Funded
    draft: object
    other_program: object


def two_programs(world, p_texts=None):
    other_program = ProgramRole.objects.get(user=world.outside_analyst).program
    p = funded_proposal(world.program, world.organisation, "P", texts=p_texts,
                        title=(p_texts or {}).get("title"))
    q = funded_proposal(other_program, world.other_organisation, "Q")
    draft = factories.ProposalFactory(call=world.call, organisation=world.organisation, title="Brouillon privé de P")
    return TwoPrograms(p, q, draft, other_program)
