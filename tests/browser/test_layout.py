"""The pages people use every day on a laptop (1280 px) and a phone (390 px): nothing overflows the viewport,
the navigation is reachable (behind a "Menu" button on the phone), the current page is marked, and axe-core
finds no violation at either width."""

import pytest
from playwright.sync_api import expect

from tests import factories
from tests.browser.axe import assert_no_axe_violations
from tests.browser.conftest import login
from tests.scoring.reviewing import (
    active_review,
    reviewer_in,
    rubric_for,
    submitted_proposal,
    submitted_review,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 390, "height": 844}
LAPTOP = {"width": 1280, "height": 900}


@pytest.fixture
def scene(world):
    """A call with two reviewed proposals (long titles, to stress the tables) and one under review."""
    rubric_for(world.call)
    second = reviewer_in(world.program, email="second-reviewer@example.org")
    proposals = [submitted_proposal(world, title=f"Projet de sécurité alimentaire et de cuisines collectives {n}")
                 for n in range(3)]
    for proposal in proposals[:2]:
        submitted_review(proposal, world.reviewer, world.analyst, 0.6)
        submitted_review(proposal, second, world.analyst, 0.8)
    active_review(proposals[2], world.reviewer, world.analyst)
    factories.AgreementFactory(proposal=proposals[0])
    return proposals


def overflow(page):
    """How many CSS pixels the page is wider than its viewport (0 when nothing overflows)."""
    return page.evaluate("document.documentElement.scrollWidth - window.innerWidth")


def open_at(browser, live_server, email, viewport):
    context = browser.new_context(locale="fr-CA", viewport=viewport)
    page = context.new_page()
    page.set_default_timeout(15000)
    login(page, live_server, email)
    return context, page


def main_pages(world, scene):
    proposal = scene[0]
    return [
        (world.applicant.email, "/"),
        (world.applicant.email, f"/demandes/{proposal.pk}/"),
        (world.analyst.email, "/analyse/"),
        (world.analyst.email, f"/analyse/demandes/{proposal.pk}/"),
        (world.analyst.email, f"/evaluation/appels/{world.call.pk}/classement/"),
        (world.analyst.email, f"/evaluation/programmes/{world.program.pk}/engagements/"),
        (world.reviewer.email, "/evaluation/"),
        (world.reviewer.email, f"/evaluation/demandes/{scene[2].pk}/evaluer/"),
        (world.manager.email, "/conventions/"),
        (world.manager.email, f"/programmes/{world.program.pk}/resultats/"),
        (world.manager.email, "/notifications/"),
    ]


@pytest.mark.parametrize("viewport", [LAPTOP, PHONE], ids=["1280", "390"])
def test_main_pages_fit_and_pass_axe(browser, live_server, world, scene, viewport):
    contexts = {}
    try:
        for email, path in main_pages(world, scene):
            if email not in contexts:
                contexts[email] = open_at(browser, live_server, email, viewport)
            page = contexts[email][1]
            response = page.goto(f"{live_server.url}{path}")
            assert response.status == 200, path
            assert overflow(page) <= 0, f"{path} overflows by {overflow(page)} px at {viewport['width']} px"
            assert_no_axe_violations(page)
    finally:
        for context, _ in contexts.values():
            context.close()


def test_phone_navigation_opens_from_the_menu_button(browser, live_server, world, scene):
    context, page = open_at(browser, live_server, world.analyst.email, PHONE)
    try:
        page.goto(f"{live_server.url}/analyse/")
        queue_link = page.get_by_role("link", name="File d'analyse")
        expect(queue_link).to_be_hidden()
        toggle = page.get_by_role("button", name="Menu")
        toggle.click()
        expect(toggle).to_have_attribute("aria-expanded", "true")
        expect(queue_link).to_be_visible()
        expect(queue_link).to_have_attribute("aria-current", "page")
        page.get_by_role("link", name="Classements").click()
        expect(page).to_have_url(f"{live_server.url}/evaluation/appels/")
    finally:
        context.close()


def test_laptop_navigation_is_one_bar_with_the_current_page_marked(browser, live_server, world, scene):
    context, page = open_at(browser, live_server, world.manager.email, LAPTOP)
    try:
        page.goto(f"{live_server.url}/conventions/")
        expect(page.get_by_role("button", name="Menu")).to_be_hidden()
        main_nav = page.get_by_role("navigation", name="Navigation principale")
        expect(main_nav.get_by_role("link", name="Conventions")).to_have_attribute("aria-current", "page")
        expect(main_nav.get_by_role("link", name="Tableau de bord", exact=True)).not_to_have_attribute(
            "aria-current", "page")
        # Every top-level entry sits on one line.
        tops = main_nav.locator(":scope > ul > li").evaluate_all(
            "items => new Set(items.map(item => Math.round(item.getBoundingClientRect().top))).size")
        assert tops == 1
    finally:
        context.close()


def test_tables_become_labelled_cards_on_a_phone(browser, live_server, world, scene):
    context, page = open_at(browser, live_server, world.analyst.email, PHONE)
    try:
        page.goto(f"{live_server.url}/analyse/")
        first_cell = page.locator("main table tbody tr").first.locator("td").first
        assert first_cell.get_attribute("data-label")
        assert first_cell.evaluate("cell => getComputedStyle(cell).display") == "block"
    finally:
        context.close()
