"""Scoring's services refuse with core's refusal type; the pages show the same French message as before."""

from decimal import Decimal

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse

from core.errors import Conflict, InvalidInput
from scoring.services import assignments, reviews, scenarios
from tests.scoring.decisions_setup import analysed_proposal
from tests.scoring.reviewing import active_review, rubric_for, submitted_proposal


def test_a_refusal_lists_every_problem_and_says_them_in_one_message(world):
    rubric_for(world.call)
    review = active_review(submitted_proposal(world), world.reviewer, world.analyst)
    with pytest.raises(Conflict) as refused:
        reviews.submit(review, world.reviewer)
    refusal = refused.value
    assert refusal.code == "review_incomplete" and refusal.http_status == 409
    assert len(refusal.messages) == 5  # four criteria without an answer, no recommendation
    assert "Choisissez une recommandation." in refusal.messages
    assert str(refusal.message) == " ".join(refusal.messages)
    with pytest.raises(InvalidInput) as refused:
        reviews.save_draft(review, world.reviewer, scores={}, suggested_amount=Decimal("-1"))
    assert refused.value.code == "amount_negative" and refused.value.http_status == 400
    assert refused.value.messages == ["Le montant suggéré ne peut pas être négatif."]


def test_review_page_without_a_rubric_answers_409_with_the_reason(client, world):
    proposal = submitted_proposal(world)
    assignments.declare(assignments.assign(proposal, world.reviewer, world.analyst), world.reviewer,
                        has_conflict=False)
    client.force_login(world.reviewer)
    response = client.get(f"/evaluation/demandes/{proposal.pk}/evaluer/")
    assert response.status_code == 409
    assert "Aucune grille d&#x27;analyse n&#x27;est définie pour cet appel." in response.content.decode()


def test_review_form_lists_each_thing_that_prevents_submission(client, world):
    rubric_for(world.call)
    proposal = submitted_proposal(world)
    active_review(proposal, world.reviewer, world.analyst)
    client.force_login(world.reviewer)
    response = client.post(f"/evaluation/demandes/{proposal.pk}/evaluer/", {"submit": ""})
    page = response.content.decode()
    assert response.status_code == 200
    assert "<li>Choisissez une recommandation.</li>" in page
    assert page.count("la note est manquante.</li>") == 3


def test_autosave_says_why_the_suggested_amount_is_refused(client, world):
    rubric_for(world.call)
    proposal = submitted_proposal(world)
    active_review(proposal, world.reviewer, world.analyst)
    client.force_login(world.reviewer)
    response = client.post(f"/evaluation/demandes/{proposal.pk}/evaluer/brouillon/",
                           {"suggested_amount": str(proposal.requested_amount + 1)})
    assert response.status_code == 200
    assert "<li>Le montant suggéré ne peut pas dépasser le montant demandé.</li>" in response.content.decode()


def test_recomputing_the_chosen_scenario_is_refused_on_the_page(client, world):
    analysed_proposal(world, 80, "10000")
    scenario = scenarios.create(world.call, world.analyst, name="Retenu", envelope=Decimal("70000"))
    scenarios.choose(scenario, world.analyst)
    client.force_login(world.analyst)
    response = client.post(reverse("decisions:scenario_action", args=[scenario.pk, "recompute"]))
    assert response.status_code == 302
    assert [str(m) for m in get_messages(response.wsgi_request)] == [
        "Le scénario retenu ne peut plus être recalculé : créez-en un nouveau."]


def test_recommending_from_a_scenario_not_chosen_is_refused_on_the_page(client, world):
    analysed_proposal(world, 80, "10000")
    scenario = scenarios.create(world.call, world.analyst, name="Pas retenu", envelope=Decimal("70000"))
    client.force_login(world.analyst)
    response = client.post(reverse("decisions:scenario_action", args=[scenario.pk, "recommend"]))
    assert response.status_code == 302
    assert [str(m) for m in get_messages(response.wsgi_request)] == [
        "Seul le scénario retenu peut servir à recommander."]
