"""A shared call's budget step in Chromium: the applicant asks two funders with the keyboard, at 1280 and
390 px, with no axe violation, and the verification step then points at nothing missing about the funders."""

from decimal import Decimal

import pytest
from playwright.sync_api import expect

from grants.models import FunderRequest
from tests import factories
from tests.browser.axe import assert_no_axe_violations
from tests.browser.conftest import Watch, login
from tests.workflow.helpers import fill_completely

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.mark.parametrize("viewport", [{"width": 1280, "height": 900}, {"width": 390, "height": 844}],
                         ids=["laptop", "phone"])
def test_the_applicant_asks_each_funder_on_the_budget_step(new_page, live_server, world, viewport):
    partner = factories.ProgramFactory(name_fr="Réunir Réussir")
    co_call = factories.CallFactory(program=partner, lead_call=world.call, max_amount=Decimal("15000"))
    axis = factories.AxisFactory(program=partner, name_fr="Persévérance scolaire")
    draft = fill_completely(factories.ProposalFactory(call=world.call, organisation=world.organisation),
                            world.program)
    page = new_page()
    page.set_viewport_size(viewport)
    login(page, live_server, world.applicant.email)
    watch = Watch(page)
    page.goto(f"{live_server.url}/demandes/{draft.pk}/etapes/budget/")
    assert_no_axe_violations(page)
    assert page.evaluate("document.documentElement.scrollWidth - window.innerWidth") <= 0

    page.get_by_label(f"Montant demandé à {world.program.name_fr} ($)").fill("8 000")
    page.get_by_label("Montant demandé à Réunir Réussir ($)").fill("12 000")
    page.get_by_label("Axe principal du plan de Réunir Réussir").focus()
    page.keyboard.press("ArrowDown")  # the keyboard picks the axis
    page.get_by_role("button", name="Enregistrer", exact=True).press("Enter")
    expect(page.get_by_text("Section « Budget et financement » enregistrée.")).to_be_visible()
    assert {(request.call_id, request.amount, request.primary_axis_id)
            for request in FunderRequest.objects.filter(proposal=draft)} == {
        (world.call.pk, Decimal("8000"), None), (co_call.pk, Decimal("12000"), axis.pk)}
    page.goto(f"{live_server.url}/demandes/{draft.pk}/etapes/verification/")
    expect(page.locator('a[href*="field-funders"]')).to_have_count(0)
    assert_no_axe_violations(page)
    watch.check()
