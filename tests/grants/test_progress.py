"""The applicant's proposal page: what happened (the transition log) and what comes next (from the state)."""

import re
from decimal import Decimal

import pytest
from django.urls import reverse

from grants.progress import progress
from grants.states import State
from tests import factories
from tests.grants.intake_setup import complete_draft
from workflow import services as workflow

pytestmark = pytest.mark.django_db


def stages(page):
    """(label, status) of each stage, as the list shows them."""
    found = re.findall(r'<li class="(done|current|ended|upcoming)"[^>]*>\s*([^<\n]+?)\s*<span class="sr-only">',
                       page)
    return [(label, status) for status, label in found]


def test_a_draft_says_what_is_missing_and_until_when(client, world):
    proposal = factories.ProposalFactory(call=world.call, organisation=world.organisation, objectives="")
    client.force_login(world.applicant)
    page = client.get(reverse("proposal_detail", args=[proposal.pk])).content.decode()
    assert stages(page) == [("Préparation", "current"), ("Analyse", "upcoming"), ("Décision", "upcoming"),
                            ("Réalisation et rapports", "upcoming"), ("Fermeture", "upcoming")]
    assert "C&#x27;est au tour de votre organisme." in page or "C'est au tour de votre organisme." in page
    assert re.search(r"Complétez les \d+ éléments manquants, puis déposez la demande avant le \d+ \w+\.? \d{4}", page)
    assert "Aucune action n&#x27;a encore été enregistrée." in page or "Aucune action n'a encore" in page


def test_after_submitting_the_history_and_the_next_step_follow(client, world):
    proposal = complete_draft(world)
    workflow.transition(proposal, "submit", world.applicant)
    client.force_login(world.applicant)
    page = client.get(reverse("proposal_detail", args=[proposal.pk])).content.decode()
    assert stages(page)[:2] == [("Préparation", "done"), ("Analyse", "current")]
    assert "C'est au tour de l'équipe régionale de soutien." in page.replace("&#x27;", "'")
    assert "va commencer l&#x27;analyse" in page or "va commencer l'analyse" in page
    # What happened: the submission, by whom, from which state to which.
    history = page[page.index('id="history-heading"'):]
    assert "Déposer la demande" in history and "Brouillon → Déposé" in history
    assert page.index('id="progress-heading"') < page.index('id="history-heading"')


LATER = [("Décision", "upcoming"), ("Réalisation et rapports", "upcoming"), ("Fermeture", "upcoming")]


@pytest.mark.parametrize("state, shown, who", [
    (State.UNDER_ANALYSIS, [("Préparation", "done"), ("Analyse", "current"), *LATER],
     "l'équipe régionale de soutien"),
    (State.CHANGES_REQUESTED, [("Préparation", "done"), ("Analyse", "current"), *LATER], "votre organisme"),
    # A file that ended stops there: no stage after it.
    (State.WITHDRAWN, [("Préparation", "done"), ("Analyse", "ended")], ""),
    (State.RECOMMENDED, [("Préparation", "done"), ("Analyse", "done"), ("Décision", "current"), *LATER[1:]],
     "l'instance de décision"),
    (State.DECLINED, [("Préparation", "done"), ("Analyse", "done"), ("Décision", "ended")], ""),
    (State.FUNDED, [("Préparation", "done"), ("Analyse", "done"), ("Décision", "done"),
                    ("Réalisation et rapports", "current"), ("Fermeture", "upcoming")], "votre organisme"),
    (State.REPORTED, [("Préparation", "done"), ("Analyse", "done"), ("Décision", "done"),
                      ("Réalisation et rapports", "done"), ("Fermeture", "current")], "la gestion du programme"),
    (State.CLOSED, [("Préparation", "done"), ("Analyse", "done"), ("Décision", "done"),
                    ("Réalisation et rapports", "done"), ("Fermeture", "done")], ""),
])
def test_every_state_has_its_stage_and_who_acts(world, state, shown, who):
    proposal = factories.ProposalFactory(call=world.call, organisation=world.organisation, state=state,
                                         amount_granted=Decimal("25000") if state == State.FUNDED else None)
    found = progress(proposal)
    assert [(str(stage.label), stage.status) for stage in found.stages] == shown
    assert str(found.who) == who and found.next_step
    if state == State.FUNDED:
        assert "25\u00a0000,00\u00a0$" in found.next_step


def test_staff_reading_the_applicant_page_see_the_history_not_the_applicant_next_step(client, world):
    proposal = complete_draft(world)
    workflow.transition(proposal, "submit", world.applicant)
    client.force_login(world.analyst)
    page = client.get(reverse("proposal_detail", args=[proposal.pk])).content.decode()
    assert 'id="history-heading"' in page and 'id="progress-heading"' not in page
