"""Saved queue filters: a person's own named shortcuts, and the two built-in ones."""

from datetime import timedelta

import pytest
from django.utils import timezone

from grants.models import Proposal
from grants.states import State
from workflow.bulk.models import SavedFilter
from workflow.models import TransitionLog

pytestmark = pytest.mark.django_db


def shortcut_names(response):
    return [shortcut.name for shortcut in response.context["shortcuts"]]


def test_save_the_current_filters_use_them_and_delete_them(client, world, make_proposal):
    make_proposal(State.SUBMITTED, title="Déposée")
    make_proposal(State.UNDER_ANALYSIS, title="En cours")
    client.force_login(world.analyst)
    response = client.post("/analyse/filtres/", {"programme": world.program.code, "name": "  Nouvelles  ",
                                                 "filtres": "state=submitted&sort=title&apres=xyz&inconnu=1"})
    saved = SavedFilter.objects.get()
    assert saved.name == "Nouvelles" and saved.user == world.analyst
    assert saved.query == f"programme={world.program.code}&state=submitted"  # filters only
    assert response.status_code == 302 and response["Location"] == f"/analyse/?{saved.query}"

    page = client.get("/analyse/")
    assert shortcut_names(page) == ["Mes dossiers en analyse", "À compléter depuis plus de 14 jours", "Nouvelles"]
    assert [p.title for p in client.get(f"/analyse/?{saved.query}").context["page"]] == ["Déposée"]

    # Saving under the same name replaces the filters.
    client.post("/analyse/filtres/", {"programme": world.program.code, "name": "Nouvelles",
                                      "filtres": "state=under_analysis"})
    assert SavedFilter.objects.get().query.endswith("state=under_analysis")

    # Somebody else's saved filter: not shown, not deletable.
    client.force_login(world.manager)
    assert shortcut_names(client.get("/analyse/")) == ["À compléter depuis plus de 14 jours"]
    assert client.post(f"/analyse/filtres/{saved.pk}/supprimer/").status_code == 404
    client.force_login(world.analyst)
    assert client.post(f"/analyse/filtres/{saved.pk}/supprimer/").status_code == 302
    assert not SavedFilter.objects.exists()


def test_a_filter_needs_a_name(client, world):
    client.force_login(world.analyst)
    response = client.post("/analyse/filtres/", {"programme": world.program.code, "name": " ", "filtres": ""})
    assert response.status_code == 400 and "nom de 1 à 80 caractères" in response.content.decode()
    assert not SavedFilter.objects.exists()


def _waiting_since(proposal, days, actor):
    log = TransitionLog.objects.create(proposal=proposal, actor=actor, transition="request_changes",
                                       from_state=State.UNDER_ANALYSIS, to_state=State.CHANGES_REQUESTED,
                                       comment="Budget à préciser.", created_at=timezone.now() - timedelta(days=days))
    Proposal.objects.filter(pk=proposal.pk).update(state_changed_at=log.created_at)  # as the transition does


def test_built_in_shortcuts_find_my_files_and_the_long_waiting_ones(client, world, make_proposal):
    old = make_proposal(State.CHANGES_REQUESTED, title="Attend depuis 20 jours")
    _waiting_since(old, 20, world.analyst)
    recent = make_proposal(State.CHANGES_REQUESTED, title="Attend depuis 3 jours")
    _waiting_since(recent, 3, world.analyst)
    mine = make_proposal(State.UNDER_ANALYSIS, title="À moi", assigned_analyst=world.analyst)
    make_proposal(State.UNDER_ANALYSIS, title="À personne")
    client.force_login(world.analyst)
    shortcuts = {shortcut.name: shortcut.query for shortcut in client.get("/analyse/").context["shortcuts"]}
    titles = [p.title for p in client.get("/analyse/?" + shortcuts["À compléter depuis plus de 14 jours"])
              .context["page"]]
    assert titles == ["Attend depuis 20 jours"]
    assert [p.title for p in client.get("/analyse/?" + shortcuts["Mes dossiers en analyse"]).context["page"]] == [
        mine.title]
