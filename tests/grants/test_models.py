from datetime import timedelta

import pytest
from django.utils import timezone

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
