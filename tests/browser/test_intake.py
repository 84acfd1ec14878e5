"""An applicant fills the whole application form in Chromium and submits it."""

import re

import pytest
from playwright.sync_api import expect

from grants.models import Proposal
from tests import factories
from tests.browser.conftest import login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def save_and_continue(page, expected_step):
    page.get_by_role("button", name="Enregistrer et continuer").last.click()
    page.wait_for_url(re.compile(f"/etapes/{expected_step}/$"))


def prepare_call(world):
    """What the form's steps below choose from: an axis of the program and a required document."""
    factories.AxisFactory(program=world.program, name_fr="Axe 1 : accès aux biens de base")
    required = factories.AttachmentTypeFactory(code="board-resolution", name_fr="Résolution du CA")
    world.call.required_attachment_types.add(required)


def test_applicant_fills_every_step_and_submits(live_server, new_page, world):
    prepare_call(world)
    page = new_page()
    login(page, live_server, world.applicant.email)

    page.get_by_role("link", name="Commencer une demande").click()
    page.get_by_label("Titre du projet").fill("Épicerie solidaire mobile")
    page.get_by_role("button", name="Créer le brouillon").click()
    fill_every_step(page, world.organisation)
    submit_and_check(page)


def fill_every_step(page, organisation):
    """From a new draft's first step to the verification step, as an applicant fills them (shared with
    tests/browser/test_signup.py)."""
    page.wait_for_url(re.compile("/etapes/projet/$"))
    assert page.locator('.steps a[aria-current="step"]').inner_text().startswith("1.")
    assert page.get_by_label("Mission de l'organisme porteur").input_value() == organisation.mission
    page.get_by_label("Personne responsable du projet").fill("Julie Bérubé")
    save_and_continue(page, "territoire")

    assert page.get_by_label(organisation.territory.name, exact=True).is_checked()  # from the profile
    page.get_by_label("Population ciblée").fill("Familles à faible revenu, aînés isolés.")
    save_and_continue(page, "objectifs")

    page.get_by_label("Objectifs").fill("Améliorer l'accès à une alimentation saine.")
    page.get_by_label("Identification de la problématique (constats)").fill("Insécurité alimentaire : 1 famille sur 5.")
    page.get_by_label("Impacts recherchés / résultats attendus").fill("200 familles rejointes.")
    page.get_by_label("Préoccupations / enjeux soulevés").fill("Peu de transport hors des centres.")
    page.get_by_label("Complémentarité des actions").fill("Complète les banques alimentaires.")
    save_and_continue(page, "axes")

    page.get_by_label("Axe principal").select_option(label="Axe 1 : accès aux biens de base")
    save_and_continue(page, "indicateurs")

    page.locator('[name="indicators-0-label"]').fill("Familles rejointes")
    page.locator('[name="indicators-0-target"]').fill("200")
    page.locator('[name="indicators-0-unit"]').fill("familles")
    save_and_continue(page, "adsplus")

    page.get_by_label("Participantes attendues (femmes)").fill("120")
    page.get_by_label("Participants attendus (hommes)").fill("80")
    page.get_by_label("Impact différencié sur les femmes et les hommes (ADS+)").fill("Halte-garderie prévue.")
    save_and_continue(page, "partenaires")

    # htmx: a second row appears without a page load, then goes away again.
    page.get_by_role("button", name="Ajouter une ligne").click()
    # Focus follows the new row (set once htmx has settled the swap: wait for it, as a loaded machine is slow).
    expect(page.locator('[name="partners-1-name"]')).to_be_focused()
    page.get_by_role("button", name="Retirer cette ligne (Partenaire 2)").click()
    page.locator('[name="partners-1-name"]').wait_for(state="hidden")
    page.locator('[name="partners-0-name"]').fill("CISSS de la Côte-Nord")
    page.locator('[name="partners-0-kind"]').select_option("public")
    page.locator('[name="partners-0-role"]').fill("Référence des participants")
    page.locator('[name="partners-0-in_kind_contribution"]').fill("8000")
    save_and_continue(page, "budget")

    page.locator('[name="budget_lines-0-category"]').select_option("salaries")
    page.locator('[name="budget_lines-0-description"]').fill("Coordonnatrice")
    page.locator('[name="budget_lines-0-total_amount"]').fill("60000")
    page.locator('[name="budget_lines-0-fund_amount"]').fill("45000")
    page.locator('[name="cofundings-0-source"]').fill("Centraide")
    page.locator('[name="cofundings-0-amount"]').fill("15000")
    page.locator('[name="cofundings-0-status"]').select_option("confirmed")
    save_and_continue(page, "echeancier")

    page.get_by_label("Date de début").fill("2027-04-01")
    page.get_by_label("Date de fin").fill("2028-03-31")
    save_and_continue(page, "pieces-jointes")

    page.get_by_label("Type de document").select_option(label="Résolution du CA (exigée)")
    page.get_by_label("Fichier").set_input_files(
        {"name": "résolution du CA.pdf", "mimeType": "application/pdf", "buffer": PDF})
    page.get_by_role("button", name="Téléverser").click()
    page.wait_for_load_state()
    assert page.get_by_role("link", name="résolution du CA.pdf").is_visible()

    page.get_by_role("link", name="Passer à la vérification").click()
    assert page.get_by_text("Votre demande est complète").is_visible()


def submit_and_check(page):
    page.get_by_role("button", name="Déposer la demande").click()
    page.wait_for_url(re.compile(r"/demandes/\d+/$"))
    badge = page.locator(".badge")
    assert badge.first.inner_text() == "Déposé"

    proposal = Proposal.objects.get(title="Épicerie solidaire mobile")
    assert proposal.state == "submitted"
    assert proposal.requested_amount == 45000
    assert proposal.partners.count() == 1 and proposal.indicators.count() == 1
    assert proposal.cofundings.get().source == "Centraide"
