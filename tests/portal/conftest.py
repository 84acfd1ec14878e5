"""A program with funded projects and everything that must stay off the portal around them.

Every confidential text carries the word SECRET: no public page or file may contain it.
"""

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

import pytest
from django.utils import timezone

from tests import factories

SECRET = "SECRET"


@dataclass
class PortalWorld:
    program: object
    other_program: object
    axes: list
    mrcs: list
    funded: object  # in two MRCs, its indicator has an accepted result
    reported: object
    closed: object  # no MRC, no axis
    withheld: object
    hidden: list  # a draft, a declined, a recommended proposal


def funded_project(call, *, state="funded", amount="15000", mrcs=(), axis=None, decided_on=date(2025, 6, 12),
                   **fields):
    """A funded project as the approve transition leaves it: decision, agreement, granted amount; plus
    confidential content that must never be published."""
    fields.setdefault("problem_statement", f"Constat {SECRET} du quartier")
    proposal = factories.ProposalFactory(call=call, state=state, amount_granted=Decimal(amount), primary_axis=axis,
                                         **fields)
    proposal.mrcs.set(mrcs)
    factories.BudgetLineFactory(proposal=proposal, description=f"Poste {SECRET}")
    factories.PartnerFactory(proposal=proposal, name=f"Partenaire {SECRET}")
    factories.DecisionFactory(proposal=proposal, meeting=factories.BoardMeetingFactory(
        program=call.program, date=decided_on), decided_on=decided_on, amount_granted=Decimal(amount),
        conditions=f"Condition {SECRET}")
    factories.AgreementFactory(proposal=proposal, amount_granted=Decimal(amount), starts_on=date(2025, 7, 1),
                               ends_on=date(2026, 6, 30), conditions=f"Condition {SECRET}")
    return proposal


@pytest.fixture
def portal_world(db):
    program = factories.ProgramFactory(code="parsis-cn", envelope=Decimal("100000"), name_en="Côte-Nord plan")
    call = factories.CallFactory(program=program)
    axes = [factories.AxisFactory(program=program, code="AXE-1", name_fr="Conditions de vie",
                                  name_en="Living conditions", order=1),
            factories.AxisFactory(program=program, code="AXE-2", name_fr="Capacité d'agir", name_en="Capacity",
                                  order=2)]
    mrcs = [factories.MrcFactory(parent=program.region, code="mrc-manicouagan", name="Manicouagan"),
            factories.MrcFactory(parent=program.region, code="mrc-sept-rivieres", name="Sept-Rivières")]
    funded = funded_project(call, title="Cuisines collectives", amount="15000", mrcs=mrcs, axis=axes[0],
                            public_summary="Des repas partagés pour briser l'isolement.",
                            organisation=factories.OrganisationFactory(legal_name="Cuisine amicale"))
    indicator = factories.IndicatorFactory(proposal=funded, label="Repas servis", target=Decimal("1000"),
                                           unit="repas")
    agreement = funded.agreement
    accepted = factories.ReportFactory(agreement=agreement, kind="interim", order=1, state="accepted",
                                       due_on=date(2025, 12, 1), accepted_at=timezone.now(),
                                       narrative=f"Bilan {SECRET}")
    factories.ReportIndicatorResultFactory(report=accepted, indicator=indicator, actual=Decimal("640"))
    filed = factories.ReportFactory(agreement=agreement, kind="interim", order=2, state="submitted",
                                    due_on=date(2026, 3, 1), submitted_at=timezone.now())
    factories.ReportIndicatorResultFactory(report=filed, indicator=indicator, actual=Decimal("987"))

    reported = funded_project(call, state="reported", title="Halte-garderie", amount="20000", mrcs=mrcs[:1],
                              axis=axes[1], decided_on=date(2024, 5, 2))
    closed = funded_project(call, state="closed", title="Transport solidaire", amount="5000")
    withheld = funded_project(call, title=f"Projet retenu {SECRET}", amount="7000", mrcs=mrcs[:1], axis=axes[0],
                              publication_withheld_at=timezone.now(), publication_withheld_reason="Victimes")
    hidden = [factories.ProposalFactory(call=call, state=state, title=f"Demande {state} {SECRET}",
                                        primary_axis=axes[0])
              for state in ("draft", "submitted", "recommended", "declined", "withdrawn")]
    other_program = factories.ProgramFactory(code="alliance-bsl")
    funded_project(factories.CallFactory(program=other_program), title="Épicerie solidaire", amount="9000")
    return PortalWorld(program=program, other_program=other_program, axes=axes, mrcs=mrcs, funded=funded,
                       reported=reported, closed=closed, withheld=withheld, hidden=hidden)
