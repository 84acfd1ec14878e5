from datetime import date

import pytest

from accountability import services
from tests.accountability.world import complete, funded_agreement
from tests.browser.conftest import login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_applicant_files_the_final_report_and_the_analyst_accepts_it(live_server, new_page, world):
    agreement = funded_agreement(world)
    services.record_signature(agreement, world.manager, signed_on=date.today())
    interim = complete(agreement.reports.get(kind="interim"))
    services.submit_report(interim, world.applicant)
    services.accept_report(interim, world.analyst)
    final = agreement.reports.get(kind="final")

    applicant = new_page()
    login(applicant, live_server, world.applicant.email)
    applicant.goto(f"{live_server.url}/conventions/{agreement.pk}/")
    applicant.get_by_role("link", name="Remplir le rapport — Rapport final").click()
    applicant.get_by_label("Bilan narratif").fill("Le projet a rejoint 180 personnes.")
    applicant.get_by_label("Progression par objectif").fill("Objectif 1 atteint ; objectif 2 atteint à 80 %.")
    applicant.get_by_label("Participantes rejointes (femmes)").fill("110")
    applicant.get_by_label("Participants rejoints (hommes)").fill("65")
    applicant.get_by_label("Personnes rejointes (autres identités)").fill("5")
    applicant.get_by_label("Résultat atteint : Personnes rejointes (personnes)").fill("180")
    applicant.get_by_label("Dépensé : Coordination").fill("19500")
    applicant.get_by_role("button", name="Déposer le rapport").click()
    applicant.wait_for_load_state("networkidle")
    assert applicant.get_by_text("Le rapport est déposé.").is_visible()

    analyst = new_page()
    login(analyst, live_server, world.analyst.email)
    analyst.goto(f"{live_server.url}/rapports/{final.pk}/")
    analyst.get_by_label("Accepter le rapport").check()
    analyst.get_by_label("Commentaires à l'organisme").fill("Merci pour ce bilan complet.")
    analyst.get_by_role("button", name="Enregistrer la décision").click()
    analyst.wait_for_load_state("networkidle")
    assert analyst.get_by_text("Rapport accepté.").is_visible()
    assert analyst.locator("#proposal-state").inner_text() == "Rapport final accepté"

    applicant.goto(f"{live_server.url}/conventions/{agreement.pk}/")
    assert applicant.locator("#proposal-state").inner_text() == "Rapport final accepté"
    agreement.proposal.refresh_from_db()
    assert agreement.proposal.state == "reported"
