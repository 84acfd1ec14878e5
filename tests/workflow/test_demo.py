"""The demo moves its proposals through the service, adding the attachments, and is idempotent."""

import pytest
from pypdf import PdfReader

from grants.models import Proposal
from grants.states import State
from tests import factories
from tests.workflow.helpers import fill_completely
from workflow import demo
from workflow.models import TransitionLog

pytestmark = pytest.mark.django_db


@pytest.fixture
def context(world, make_proposal):
    world.call.required_attachment_types.add(factories.AttachmentTypeFactory(code="support-letter"))

    def draft():
        # Complete but without its attachments: the demo step adds those.
        proposal = fill_completely(make_proposal(), world.program)
        proposal.attachments.all().delete()
        return proposal

    people = {"applicant": world.applicant, "analyst": world.analyst, "board": world.board,
              "manager": world.manager, "nobody": world.nobody}
    return {"people": people, "proposals": [
        (make_proposal(), State.DRAFT), (draft(), State.SUBMITTED), (draft(), State.SUBMITTED),
        (draft(), State.FUNDED)]}


def states(context):
    return [Proposal.objects.get(pk=proposal.pk).state for proposal, _ in context["proposals"]]


def test_demo_reaches_the_targets_and_one_is_under_analysis(context, world):
    demo.seed(context)
    assert states(context) == [State.DRAFT, State.UNDER_ANALYSIS, State.SUBMITTED, State.FUNDED]
    started = TransitionLog.objects.get(transition="start_analysis", proposal=context["proposals"][1][0])
    assert started.actor == world.analyst
    assert all(p.attachments.count() == 1 for p, target in context["proposals"] if target != State.DRAFT)


def test_demo_runs_twice_without_change(context):
    demo.seed(context)
    logs = TransitionLog.objects.count()
    demo.seed(context)
    assert TransitionLog.objects.count() == logs


def test_demo_path_is_the_shortest_walk_of_the_table():
    assert [spec.name for spec in demo.path_to(State.FUNDED)] == ["submit", "start_analysis", "recommend", "approve"]
    assert [spec.name for spec in demo.path_to(State.CLOSED)][-2:] == ["accept_final_report", "close"]


def test_demo_pdf_is_a_readable_pdf(tmp_path):
    path = tmp_path / "demo.pdf"
    path.write_bytes(demo.demo_pdf("Résolution du CA - Épicerie"))
    assert "solution du CA" in PdfReader(path).pages[0].extract_text()
