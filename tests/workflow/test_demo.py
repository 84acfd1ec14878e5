"""The demo moves its proposals through the service, with attachments, and is idempotent."""

import pytest
from pypdf import PdfReader

from grants import demo as grants_demo
from workflow import demo
from workflow.models import TransitionLog
from workflow.states import State

pytestmark = pytest.mark.django_db


def test_demo_reaches_targets_and_runs_twice(settings, outbox_calls):
    context = {}
    grants_demo.seed(context)
    demo.seed(context)
    states = {proposal.pk: (proposal.__class__.objects.get(pk=proposal.pk).state, target)
              for proposal, target in context["proposals"]}
    assert State.UNDER_ANALYSIS in {state for state, _ in states.values()}
    for state, target in states.values():
        assert state == target or (target == State.SUBMITTED and state == State.UNDER_ANALYSIS)
    logs = TransitionLog.objects.count()
    demo.seed(context)
    assert TransitionLog.objects.count() == logs
    analysed = TransitionLog.objects.filter(transition="start_analysis", actor=context["people"]["analyst"],
                                            proposal__in=[p for p, _ in context["proposals"]]).first()
    assert analysed is not None and analysed.proposal.attachments.exists()


def test_demo_pdf_is_a_readable_pdf(tmp_path):
    path = tmp_path / "demo.pdf"
    path.write_bytes(demo.demo_pdf("Résolution du CA - Épicerie"))
    assert "solution du CA" in PdfReader(path).pages[0].extract_text()
