"""From scored proposals to the board's decisions, in the browser."""

from decimal import Decimal

import pytest

from grants.models import Proposal
from scoring.models import Decision, Scenario
from tests import factories
from tests.browser.conftest import login
from tests.scoring.decisions_setup import analysed_proposal

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_analyst_chooses_a_scenario_and_the_board_decides(live_server, new_page, world):
    world.call.required_reviews = 2
    world.call.save()
    mrc = factories.MrcFactory(parent=world.program.region, name="Manicouagan")
    # Two submitted reviews each (stored totals), as the reviewers' work leaves them.
    analysed_proposal(world, 88, "30000", mrcs=[mrc], reviews=2, title="Cuisine collective")
    analysed_proposal(world, 55, "25000", mrcs=[mrc], reviews=2, title="Halte-garderie")

    analyst = new_page()
    login(analyst, live_server, world.analyst.email)
    analyst.goto(f"{live_server.url}/evaluation/appels/{world.call.pk}/scenarios/")
    analyst.get_by_role("link", name="Nouveau scénario").click()
    analyst.get_by_label("Nom du scénario").fill("Enveloppe de 40 000 $")
    analyst.get_by_label("Enveloppe disponible ($)").fill("40000")
    analyst.get_by_role("button", name="Calculer le scénario").click()
    analyst.get_by_role("heading", name="Scénario : Enveloppe de 40 000 $").wait_for()
    analyst.get_by_role("button", name="Retenir ce scénario").click()
    analyst.get_by_text("Ce scénario est maintenant la recommandation de l'équipe.").wait_for()
    analyst.get_by_role("button", name="Recommander selon le scénario").click()
    analyst.get_by_role("heading", name="Résultat des recommandations").wait_for()
    assert Scenario.objects.get().chosen
    assert dict(Proposal.objects.values_list("title", "state")) == {
        "Cuisine collective": "recommended", "Halte-garderie": "not_recommended"}

    board = new_page()
    login(board, live_server, world.board.email)
    board.goto(f"{live_server.url}/evaluation/decisions/")
    board.get_by_role("link", name="Séances de l'instance décisionnelle").click()
    board.get_by_label("Titre").fill("Séance du 12 juin 2025")
    board.get_by_label("Date de la séance").fill("2025-06-12")
    board.get_by_role("button", name="Créer la séance").click()
    board.get_by_role("heading", name="Séance du 12 juin 2025").wait_for()
    board.get_by_label("Décision — Cuisine collective").select_option("approved")
    board.get_by_label("Numéro de résolution — Cuisine collective").fill("CA-2025-041")
    board.get_by_label("Décision — Halte-garderie").select_option("declined")
    board.get_by_label("Motifs ou commentaire — Halte-garderie").fill("Hors des priorités retenues.")
    board.get_by_role("button", name="Consigner les décisions").click()

    decided = board.get_by_role("table", name="Décisions consignées à cette séance")
    decided.get_by_role("row", name="Cuisine collective").get_by_text("Financé").wait_for()
    decided.get_by_role("row", name="Halte-garderie").get_by_text("Refusé").wait_for()
    assert Proposal.objects.get(title="Cuisine collective").amount_granted == Decimal("30000")
    assert Decision.objects.get(proposal__title="Cuisine collective").resolution_number == "CA-2025-041"
