"""The queue's search box, by keyboard on a phone: reached with Tab, submitted with Enter, it opens the search
page on the queue's program with the results; the search page passes axe at 390 px and does not overflow."""

import pytest
from playwright.sync_api import expect

from tests.browser.axe import assert_no_axe_violations
from tests.browser.test_layout import PHONE, open_at, overflow
from tests.scoring.reviewing import submitted_proposal

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_queue_search_box_works_by_keyboard_on_a_phone(browser, live_server, world):
    proposal = submitted_proposal(world, title="Cuisines collectives du quartier Saint-Roch")
    context, page = open_at(browser, live_server, world.analyst.email, PHONE)
    try:
        page.goto(f"{live_server.url}/analyse/")
        for _ in range(40):  # Tab through the page until the search field has the focus
            page.keyboard.press("Tab")
            if page.evaluate("document.activeElement.id") == "full-text-search":
                break
        # The field, not the search landmark named by the same label.
        expect(page.get_by_role("searchbox", name="Rechercher dans les textes des demandes, les organismes, les "
                                "partenaires et les rapports")).to_be_focused()
        page.keyboard.type("cuisine collective")
        page.keyboard.press("Enter")
        page.wait_for_load_state("networkidle")
        assert "/analyse/recherche/" in page.url
        expect(page.get_by_label("Programme")).to_have_value(str(world.program.pk))
        expect(page.get_by_role("link", name=proposal.title)).to_be_visible()
        assert overflow(page) <= 0
        assert_no_axe_violations(page)
    finally:
        context.close()
