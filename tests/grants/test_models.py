from datetime import timedelta
from decimal import Decimal

import pytest
from django.db import IntegrityError, transaction
from django.utils import timezone

from grants.models import Call, Proposal
from tests import factories

pytestmark = pytest.mark.django_db


def test_call_is_open_only_inside_its_window():
    now = timezone.now()
    call = factories.CallFactory(opens_at=now - timedelta(hours=1), closes_at=now + timedelta(hours=1))
    assert call.is_open(now)
    assert not call.is_open(now + timedelta(hours=2))
    assert not call.is_open(now - timedelta(hours=2))


def test_proposal_keeps_accented_long_text_without_loss():
    text = "Enjeu 1 : Promouvoir le respect des droits — « préjugés » ; œuvre, façon, Côte-Nord. " * 200
    proposal = factories.ProposalFactory(problem_statement=text)
    proposal.refresh_from_db()
    assert proposal.problem_statement == text


def test_open_at_lists_calls_whose_window_contains_the_moment():
    now = timezone.now()
    current = factories.CallFactory(opens_at=now - timedelta(days=1), closes_at=now + timedelta(days=1))
    factories.CallFactory(opens_at=now + timedelta(days=1), closes_at=now + timedelta(days=9))
    factories.CallFactory(opens_at=now - timedelta(days=9), closes_at=now)  # closing moment excluded
    assert list(Call.objects.open_at(now)) == [current]


def test_budget_fund_total_sums_the_lines_and_constraints_hold():
    proposal = factories.ProposalFactory()
    assert proposal.budget_fund_total() == Decimal("0")
    factories.BudgetLineFactory(proposal=proposal, total_amount=Decimal("100"), fund_amount=Decimal("60.50"))
    factories.BudgetLineFactory(proposal=proposal, total_amount=Decimal("100"), fund_amount=Decimal("39.50"))
    assert proposal.budget_fund_total() == Decimal("100.00")
    with pytest.raises(IntegrityError), transaction.atomic():
        factories.BudgetLineFactory(proposal=proposal, total_amount=Decimal("10"), fund_amount=Decimal("11"))


def test_territory_region_walks_up_and_editable_states():
    town = factories.MunicipalityFactory()
    assert town.region() == town.parent.parent
    proposal = factories.ProposalFactory()
    assert proposal.is_editable_by_applicant
    Proposal.objects.filter(pk=proposal.pk).update(state="submitted")
    assert not Proposal.objects.get(pk=proposal.pk).is_editable_by_applicant
