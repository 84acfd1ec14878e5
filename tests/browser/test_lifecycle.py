"""The life cycle in Chromium: each person sees their own buttons, and only theirs."""

import pytest

from grants.models import Proposal
from tests import factories
from tests.browser.conftest import login
from tests.workflow.helpers import fill_completely

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

STAFF_BUTTONS = ["Commencer l'analyse", "Demander des compléments", "Recommander", "Ne pas recommander",
                 "Accorder le financement", "Refuser"]


def buttons(page):
    """The actions offered: buttons shown, and each collapsed action's heading (its form opens from it)."""
    shown = page.get_by_role("button").all_inner_texts()
    folded = page.locator("details.workflow-action:not([open]) > summary").all_inner_texts()
    return {name.split("(")[0].strip() for name in shown + folded}


def act(page, action, **fields):
    """Fill the action's form (fields by label) and press its button."""
    disclosure = page.locator(f'details[data-action="{action}"]')
    if disclosure.get_attribute("open") is None:
        disclosure.locator("summary").click()
    form = page.locator(f'form[data-action="{action}"]')
    for label, value in fields.items():
        form.get_by_label(label).fill(value)
    form.locator('button[type="submit"]').click()
    page.wait_for_load_state("networkidle")


@pytest.fixture
def proposal(world):
    world.call.required_attachment_types.add(factories.AttachmentTypeFactory(code="board-resolution"))
    draft = factories.ProposalFactory(call=world.call, organisation=world.organisation, created_by=world.applicant,
                                      title="Cuisines collectives du quartier")
    return fill_completely(draft, world.program)


def test_submit_analyse_request_changes_resubmit_recommend_approve(live_server, new_page, world, proposal):
    staff_url = f"{live_server.url}/analyse/demandes/{proposal.pk}/"
    applicant = new_page()
    login(applicant, live_server, world.applicant.email)
    applicant.goto(f"{live_server.url}/demandes/{proposal.pk}/etapes/verification/")
    applicant.get_by_role("button", name="Déposer la demande").click()
    applicant.wait_for_load_state("networkidle")
    assert Proposal.objects.get(pk=proposal.pk).state == "submitted"
    assert not buttons(applicant) & set(STAFF_BUTTONS)

    analyst = new_page()
    login(analyst, live_server, world.analyst.email)
    analyst.goto(f"{live_server.url}/analyse/")
    analyst.get_by_role("link", name=proposal.title).click()
    assert "Commencer l'analyse" in buttons(analyst)
    assert not buttons(analyst) & {"Accorder le financement", "Refuser", "Déposer de nouveau", "Retirer la demande"}
    act(analyst, "start_analysis")
    assert {"Demander des compléments", "Recommander", "Ne pas recommander"} <= buttons(analyst)
    act(analyst, "request_changes", **{"Compléments demandés à l'organisme": "Joignez la lettre d'appui signée."})
    assert analyst.get_by_text("À compléter").first.is_visible()

    applicant.goto(f"{live_server.url}/demandes/{proposal.pk}/")
    assert applicant.get_by_role("alert").filter(has_text="Joignez la lettre d'appui signée.").is_visible()
    assert {"Déposer de nouveau", "Retirer la demande"} <= buttons(applicant)
    assert not buttons(applicant) & set(STAFF_BUTTONS)
    act(applicant, "resubmit")
    assert Proposal.objects.get(pk=proposal.pk).state == "submitted"

    analyst.goto(staff_url)
    act(analyst, "start_analysis")
    act(analyst, "recommend", **{"Montant suggéré ($)": "15 000"})
    assert Proposal.objects.get(pk=proposal.pk).state == "recommended"
    assert not buttons(analyst) & {"Accorder le financement", "Refuser"}

    board = new_page()
    login(board, live_server, world.board.email)
    board.goto(staff_url)
    assert {"Accorder le financement", "Refuser"} <= buttons(board)
    assert not buttons(board) & {"Commencer l'analyse", "Recommander", "Déposer de nouveau"}
    act(board, "approve", **{"Montant accordé ($)": "15000", "Numéro de résolution": "CA-2026-041"})
    funded = Proposal.objects.get(pk=proposal.pk)
    assert (funded.state, str(funded.amount_granted)) == ("funded", "15000.00")
    assert board.get_by_text("Financé").first.is_visible()
