"""An analyst assigns two reviewers; each declares no conflict and submits; the ranking shows the mean."""

from decimal import Decimal

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import login
from tests.scoring.reviewing import reviewer_in, rubric_for, submitted_proposal

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def review_as(page, live_server, reviewer, proposal, rubric, fraction):
    login(page, live_server, reviewer.email)
    page.get_by_role("link", name="Mes évaluations").first.click()
    page.get_by_role("link", name="Déclarer les conflits d'intérêts").click()
    page.get_by_label("Je déclare n'avoir aucun conflit d'intérêts", exact=False).check()
    page.get_by_role("button", name="Enregistrer ma déclaration").click()
    page.wait_for_load_state("networkidle")
    assert page.get_by_role("heading", name=f"Évaluation : {proposal.title}").is_visible()
    for criterion in rubric.criteria.all():
        if criterion.eliminatory:
            page.locator(f"#id_passed_{criterion.pk}").select_option("pass")
        else:
            # The scale is a row of choices: pick the one worth this fraction of the maximum.
            value = format((Decimal(criterion.scale_max) * Decimal(str(fraction))).normalize(), "f")
            page.locator(f"#id_value_{criterion.pk} input[value='{value}']").check()
            page.locator(f"#id_comment_{criterion.pk}").fill("Bien appuyé par la demande.")
    page.get_by_label("Recommandation").select_option("fund")
    # The running total, computed in the page as the server will: weights 2 and 1 on /5, 1 on /10.
    expect(page.locator("#running-total")).to_have_text(f"{100 * fraction:.2f}".replace(".", ","))
    # htmx saves the draft as fields change and shows the provisional total.
    expect(page.get_by_text("Brouillon enregistré automatiquement", exact=False)).to_be_visible()
    page.get_by_role("button", name="Enregistrer le brouillon").click()
    page.wait_for_load_state("networkidle")
    assert page.get_by_text("Brouillon enregistré.").is_visible()
    page.get_by_role("button", name="Déposer l'évaluation").click()
    page.wait_for_load_state("networkidle")
    assert page.get_by_text("Votre évaluation est déposée.").is_visible()


def test_two_reviewers_score_and_the_ranking_shows_the_mean(live_server, new_page, world):
    rubric = rubric_for(world.call)
    proposal = submitted_proposal(world, title="Halte-garderie communautaire")
    second = reviewer_in(world.program, email="second-reviewer@example.org")

    analyst = new_page()
    login(analyst, live_server, world.analyst.email)
    analyst.goto(f"{live_server.url}/evaluation/demandes/{proposal.pk}/assignations/")
    for person in (world.reviewer, second):
        analyst.get_by_label("Évaluateur ou évaluatrice").select_option(label=person.get_full_name())
        analyst.get_by_role("button", name="Assigner", exact=True).click()
        analyst.wait_for_load_state("networkidle")
        assert analyst.get_by_role("cell", name=person.get_full_name(), exact=True).is_visible()

    review_as(new_page(), live_server, world.reviewer, proposal, rubric, 0.6)
    review_as(new_page(), live_server, second, proposal, rubric, 1.0)

    analyst.get_by_role("link", name="Classements").first.click()
    analyst.get_by_role("link", name=world.call.title).click()
    analyst.wait_for_load_state("networkidle")
    row = analyst.get_by_role("row").filter(has_text="Halte-garderie communautaire")
    assert row.get_by_role("cell", name=f"2 / {world.call.required_reviews}", exact=True).is_visible()
    # Totals 60 and 100: mean and median 80,0.
    assert row.get_by_text("80,0 / 80,0").is_visible()
    assert analyst.get_by_text("moyenne brute", exact=False).is_visible()
