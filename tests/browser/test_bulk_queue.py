"""Bulk work from the queue in a browser: without JavaScript the filters, the labelled checkboxes and the bulk
form work by keyboard alone; with it, the bulk pages fit a phone and pass axe."""

import pytest
from playwright.sync_api import expect

from grants.models import Proposal, Tag
from tests.browser.axe import assert_no_axe_violations
from tests.browser.conftest import login
from tests.browser.test_layout import LAPTOP, PHONE, open_at, overflow
from tests.scoring.reviewing import put_in_state, submitted_proposal

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def tab_to(page, describe, found, presses=80):
    """Press Tab until `found(active element)` holds; fail naming `describe` otherwise."""
    for _ in range(presses):
        page.keyboard.press("Tab")
        if page.evaluate(found):
            return
    pytest.fail(f"Tab never reached {describe}")


def test_filter_tick_and_run_a_bulk_action_by_keyboard_without_javascript(browser, live_server, world):
    chosen = submitted_proposal(world, title="Jardins partagés")
    submitted_proposal(world, title="Marché public")
    put_in_state(submitted_proposal(world, title="Déjà en analyse"), "under_analysis")
    context = browser.new_context(locale="fr-CA", viewport=LAPTOP, java_script_enabled=False)
    try:
        page = context.new_page()
        page.set_default_timeout(15000)
        login(page, live_server, world.analyst.email)
        page.goto(f"{live_server.url}/analyse/")
        # The filter form is a plain GET form: choosing a state and submitting reloads the page filtered.
        page.get_by_label("État :", exact=True).select_option("submitted")
        page.get_by_role("button", name="Filtrer").click()
        page.wait_for_load_state("load")
        assert "state=submitted" in page.url
        expect(page.get_by_role("link", name="Déjà en analyse")).to_have_count(0)
        # Each row's checkbox has its own label; Tab reaches it, Space ticks it.
        box = page.get_by_label("Sélectionner « Jardins partagés »")
        expect(box).to_have_attribute("type", "checkbox")
        tab_to(page, "the checkbox", f"document.activeElement.id === 'select-{chosen.pk}'")
        page.keyboard.press("Space")
        expect(box).to_be_checked()
        # The bulk form follows the table: the next buttons in the Tab order lead to it.
        tab_to(page, "the bulk button", "document.activeElement.textContent.trim() === "
                                        "'Choisir une action pour la sélection'")
        page.keyboard.press("Enter")
        page.wait_for_load_state("load")
        expect(page.get_by_text("1 demande sélectionnée.")).to_be_visible()
        page.get_by_label("Action :", exact=True).select_option("start_analysis")
        page.get_by_role("button", name="Appliquer à chaque demande").click()
        page.wait_for_load_state("load")
        expect(page.get_by_text("1 demande traitée avec succès.")).to_be_visible()
        assert Proposal.objects.get(pk=chosen.pk).state == "under_analysis"
        assert Proposal.objects.get(title="Marché public").state == "submitted"
    finally:
        context.close()


@pytest.mark.parametrize("viewport", [LAPTOP, PHONE], ids=["1280", "390"])
def test_the_bulk_pages_fit_and_pass_axe(browser, live_server, world, viewport):
    proposal = submitted_proposal(world, title="Cuisines collectives")
    Tag.objects.create(program=world.program, name="Premières Nations").proposals.add(proposal)
    context, page = open_at(browser, live_server, world.manager.email, viewport)
    try:
        for path in ("/analyse/", f"/analyse/lot/?programme={world.program.code}&ids={proposal.pk}",
                     f"/analyse/etiquettes/?programme={world.program.code}"):
            response = page.goto(f"{live_server.url}{path}")
            assert response.status == 200, path
            assert overflow(page) <= 0, path
            assert_no_axe_violations(page)
        page.goto(f"{live_server.url}/analyse/lot/?programme={world.program.code}&ids={proposal.pk}")
        page.get_by_label("Étiquette :", exact=True).select_option(label="Premières Nations")
        page.get_by_role("button", name="Ajouter", exact=True).click()
        page.wait_for_load_state("networkidle")
        expect(page.get_by_text("1 demande traitée avec succès.")).to_be_visible()
        assert overflow(page) <= 0
        assert_no_axe_violations(page)
    finally:
        context.close()
