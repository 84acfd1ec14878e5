"""Money on the application form: typed the Québec way, shown the Québec way, totalled on the budget step."""

import re
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import translation

from tests import factories

pytestmark = pytest.mark.django_db
NBSP = "\u00a0"


def budget_post(proposal, lines, cofundings=()):
    data = {"version": proposal.version, "stay": "1",
            "budget_lines-TOTAL_FORMS": str(len(lines)), "budget_lines-INITIAL_FORMS": "0",
            "cofundings-TOTAL_FORMS": str(len(cofundings)), "cofundings-INITIAL_FORMS": "0"}
    for index, (total, fund) in enumerate(lines):
        data.update({f"budget_lines-{index}-category": "salaries", f"budget_lines-{index}-description": f"Poste {index}",
                     f"budget_lines-{index}-total_amount": total, f"budget_lines-{index}-fund_amount": fund})
    for index, amount in enumerate(cofundings):
        data.update({f"cofundings-{index}-source": "Centraide", f"cofundings-{index}-amount": amount,
                     f"cofundings-{index}-status": "confirmed"})
    return data


def text_of(page, selector):
    return re.search(selector + r"[^>]*>([^<]*)<", page).group(1)


def test_budget_amounts_typed_the_quebec_way_are_saved(client, world):
    proposal = factories.ProposalFactory(call=world.call, organisation=world.organisation)
    client.force_login(world.applicant)
    response = client.post(reverse("proposal_step", args=[proposal.pk, "budget"]), budget_post(
        proposal, [("60 000,00 $", f"45{NBSP}000,00"), ("2\u202f500 $", "2500")], ["12 500,50"]))
    assert response.status_code == 302
    assert sorted(proposal.budget_lines.values_list("total_amount", "fund_amount")) == [
        (Decimal("2500"), Decimal("2500")), (Decimal("60000"), Decimal("45000"))]
    assert proposal.cofundings.get().amount == Decimal("12500.50")
    proposal.refresh_from_db()
    assert proposal.requested_amount == Decimal("47500")

    page = client.get(reverse("proposal_step", args=[proposal.pk, "budget"])).content.decode()
    # Shown back as people write it, in a text box with the decimal keypad.
    assert re.search(r'<input type="text" name="budget_lines-\d-total_amount" value="60\xa0000,00"[^>]*'
                     r'inputmode="decimal"', page)
    assert text_of(page, 'data-total="cost"') == f"62{NBSP}500,00{NBSP}$"
    assert text_of(page, 'data-total="fund"') == f"47{NBSP}500,00{NBSP}$"
    assert text_of(page, 'data-total="other"') == f"12{NBSP}500,50{NBSP}$"
    assert text_of(page, 'data-total="gap"') == f"2{NBSP}499,50{NBSP}$"


def test_a_refused_amount_says_what_to_type_and_totals_follow_what_was_typed(client, world):
    proposal = factories.ProposalFactory(call=world.call, organisation=world.organisation)
    client.force_login(world.applicant)
    response = client.post(reverse("proposal_step", args=[proposal.pk, "budget"]), budget_post(
        proposal, [("soixante mille", "0"), ("10 000 $", "-5")], ["1 000"]))
    assert response.status_code == 400
    page = response.content.decode()
    assert "Inscrivez un montant en dollars, par exemple 60 000,00 ou 60 000 $." in page
    assert "Ce montant ne peut pas être négatif : inscrivez 0 ou plus." in page
    assert 'value="soixante mille"' in page  # kept as typed, to correct
    # The server totals count what they can read: 10 000 of cost, 1 000 from other sources.
    assert text_of(page, 'data-total="cost"') == f"10{NBSP}000,00{NBSP}$"
    assert text_of(page, 'data-total="gap"') == f"9{NBSP}005,00{NBSP}$"
    assert not proposal.budget_lines.exists()


def test_partner_contributions_and_indicator_targets_accept_spaces_and_commas(client, world):
    proposal = factories.ProposalFactory(call=world.call, organisation=world.organisation)
    client.force_login(world.applicant)
    client.post(reverse("proposal_step", args=[proposal.pk, "partenaires"]), {
        "version": proposal.version, "partners-TOTAL_FORMS": "1", "partners-INITIAL_FORMS": "0",
        "partners-0-name": "CISSS", "partners-0-kind": "public", "partners-0-role": "",
        "partners-0-cash_contribution": "1 500 $", "partners-0-in_kind_contribution": "8 000,00"})
    partner = proposal.partners.get()
    assert (partner.cash_contribution, partner.in_kind_contribution, partner.role) == (
        Decimal("1500"), Decimal("8000"), "")
    proposal.refresh_from_db()
    client.post(reverse("proposal_step", args=[proposal.pk, "indicateurs"]), {
        "version": proposal.version, "indicators-TOTAL_FORMS": "1", "indicators-INITIAL_FORMS": "0",
        "indicators-0-label": "Familles rejointes", "indicators-0-target": "1 200", "indicators-0-unit": "familles"})
    assert proposal.indicators.get().target == Decimal("1200")


def test_the_english_page_shows_english_amounts(client, world):
    proposal = factories.ProposalFactory(call=world.call, organisation=world.organisation)
    factories.BudgetLineFactory(proposal=proposal, total_amount=Decimal("60000"), fund_amount=Decimal("45000"))
    client.force_login(world.applicant)
    client.cookies["django_language"] = "en"
    # The request switches this thread to English: put the language back for the tests that follow.
    with translation.override(translation.get_language()):
        page = client.get(reverse("proposal_step", args=[proposal.pk, "budget"])).content.decode()
    assert 'value="60,000.00"' in page
    assert text_of(page, 'data-total="cost"') == "$60,000.00"
