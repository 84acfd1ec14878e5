"""The application form in Chromium: 34 partners in one paste, live budget totals, the error summary, and
axe-core on every step at 1280 and 390 px."""

import re

import pytest
from playwright.sync_api import expect

from grants.models import Partner
from tests import factories
from tests.browser.axe import assert_no_axe_violations
from tests.browser.conftest import Watch, login
from tests.grants.test_line_import import NAMES, spreadsheet_rows

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

STEPS = ["projet", "territoire", "objectifs", "axes", "indicateurs", "adsplus", "partenaires", "budget",
         "echeancier", "pieces-jointes", "verification"]


def plain(text):
    return re.sub(r"[\s\u00a0\u202f]+", " ", text).strip()


@pytest.fixture
def draft(world):
    factories.AxisFactory(program=world.program, name_fr="Axe 1 : accès aux biens de base")
    world.call.required_attachment_types.add(factories.AttachmentTypeFactory(code="board-resolution"))
    proposal = factories.ProposalFactory(call=world.call, organisation=world.organisation, objectives="")
    proposal.mrcs.add(world.organisation.territory)
    return proposal


def open_step(new_page, live_server, world, proposal, slug, viewport=None):
    """The signed-in applicant on a step; its Watch sees that page load and every one after it."""
    page = new_page()
    if viewport:
        page.set_viewport_size(viewport)
    login(page, live_server, world.applicant.email)
    watch = Watch(page)
    page.goto(f"{live_server.url}/demandes/{proposal.pk}/etapes/{slug}/")
    return page, watch


def test_34_partners_are_pasted_in_one_go_then_saved(new_page, live_server, world, draft):
    page, watch = open_step(new_page, live_server, world, draft, "partenaires")
    page.get_by_text("Coller ou importer plusieurs lignes (partenaires)").click()
    area = page.get_by_label("Lignes copiées d'un tableur")
    # A real paste from the clipboard, as from a spreadsheet: the rows appear at once (htmx), no button.
    page.context.grant_permissions(["clipboard-read", "clipboard-write"])
    page.evaluate("text => navigator.clipboard.writeText(text)", spreadsheet_rows(headings=True))
    area.focus()
    page.keyboard.press("Control+V")
    expect(page.locator("#formset-partners .formset-row")).to_have_count(34)
    notice = page.get_by_role("status").filter(has_text="34 lignes ajoutées")
    expect(notice).to_be_focused()
    assert page.locator('[name="partners-33-name"]').input_value() == "Citoyens intéressés"
    assert page.locator('[name="partners-2-kind"]').input_value() == "municipal"
    assert not Partner.objects.exists()

    page.get_by_role("button", name="Enregistrer", exact=True).click()
    page.wait_for_url(re.compile("/etapes/partenaires/$"))
    expect(page.get_by_text("Section « Partenaires » enregistrée.")).to_be_visible()
    assert list(draft.partners.order_by("id").values_list("name", flat=True)) == NAMES
    watch.check()


def test_budget_totals_follow_the_rows_as_they_change(new_page, live_server, world, draft):
    page, watch = open_step(new_page, live_server, world, draft, "budget")
    totals = page.locator("[data-budget-totals]")

    def total(name):
        return plain(totals.locator(f"[data-total='{name}']").inner_text())

    assert total("cost") == "0,00 $"
    page.locator('[name="budget_lines-0-total_amount"]').fill("60 000,00 $")
    assert total("cost") == "60 000,00 $" and total("gap") == "60 000,00 $"
    page.locator('[name="budget_lines-0-fund_amount"]').fill("45000")
    assert total("fund") == "45 000,00 $" and total("gap") == "15 000,00 $"
    page.locator('[name="cofundings-0-amount"]').fill("12 500,50")
    assert total("other") == "12 500,50 $" and total("gap") == "2 499,50 $"

    # A row added through htmx counts as soon as it is typed in; a removed row stops counting.
    page.get_by_role("button", name="Ajouter une ligne (postes budgétaires)").click()
    expect(page.locator('[name="budget_lines-1-category"]')).to_be_focused()
    page.locator('[name="budget_lines-1-total_amount"]').fill("5\u00a0000")
    assert total("cost") == "65 000,00 $"
    page.get_by_role("button", name="Retirer cette ligne (Poste budgétaire 2)").click()
    page.locator('[name="budget_lines-1-total_amount"]').wait_for(state="hidden")
    expect(totals.locator("[data-total='cost']")).to_have_text(re.compile(r"60\s000,00\s\$"))

    # Over the call's maximum: said at once.
    over = totals.locator("[data-over-maximum]")
    expect(over).to_be_hidden()
    page.locator('[name="budget_lines-0-fund_amount"]').fill("9 999 999")
    page.locator('[name="budget_lines-0-total_amount"]').fill("10 000 000")
    expect(over).to_be_visible()
    watch.check()


def test_a_failed_save_moves_the_focus_to_the_summary_whose_links_reach_the_fields(new_page, live_server, world,
                                                                                   draft):
    page, watch = open_step(new_page, live_server, world, draft, "partenaires")
    page.locator('[name="partners-0-name"]').fill("")
    page.locator('[name="partners-0-cash_contribution"]').fill("mille dollars")
    page.get_by_role("button", name="Enregistrer", exact=True).click()
    summary = page.locator("#error-summary")
    expect(summary).to_be_focused()
    links = summary.get_by_role("link")
    expect(links).to_have_count(3)
    links.filter(has_text="Contribution en argent").click()
    expect(page.locator('[name="partners-0-cash_contribution"]')).to_be_in_viewport()
    assert page.evaluate("location.hash") == "#id_partners-0-cash_contribution"
    assert_no_axe_violations(page)
    # The refused save answers 400, which Chromium reports; nothing else may appear (CSP, script errors).
    assert [problem for problem in watch.problems if "status of 400" not in problem] == []


@pytest.mark.parametrize("viewport", [{"width": 1280, "height": 900}, {"width": 390, "height": 844}],
                         ids=["laptop", "phone"])
def test_every_step_and_the_proposal_page_have_no_axe_violation(new_page, live_server, world, draft, viewport):
    factories.PartnerFactory(proposal=draft)
    earlier = factories.ProposalFactory(call=world.call, organisation=world.organisation, title="Projet 2024")
    factories.PartnerFactory(proposal=earlier)
    page, watch = open_step(new_page, live_server, world, draft, STEPS[0], viewport)
    for slug in STEPS:
        page.goto(f"{live_server.url}/demandes/{draft.pk}/etapes/{slug}/")
        for bulk in page.locator("details.bulk-lines").all():
            bulk.locator("summary").click()  # the paste and import controls too
        assert_no_axe_violations(page)
        assert page.evaluate("document.documentElement.scrollWidth - window.innerWidth") <= 0, slug
    page.goto(f"{live_server.url}/demandes/{draft.pk}/")
    expect(page.locator("#progress-heading")).to_be_visible()
    assert_no_axe_violations(page)
    watch.check()
