"""Staff hold back a project's publication with a reason (who and when kept, logged) or release it."""

import pytest

from core.errors import Conflict, Forbidden, InvalidInput, NotFound
from core.models import ActivityLog
from grants.services import publication
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def funded(world):
    return factories.ProposalFactory(call=world.call, organisation=world.organisation, state="funded",
                                     title="Maison des jeunes")


def page(proposal):
    return f"/public/gestion/demandes/{proposal.pk}/publication/"


@pytest.mark.parametrize("persona", ["analyst", "manager", "admin"])
def test_program_staff_hold_back_then_release(world, funded, persona):
    actor = getattr(world, persona)
    held = publication.hold_back(funded, actor, reason="  Des participantes pourraient être reconnues.  ")
    assert held.publication_withheld_by == actor and held.publication_withheld_at is not None
    assert held.publication_withheld_reason == "Des participantes pourraient être reconnues."
    released = publication.release(held, actor, reason="Risque écarté.")
    assert (released.publication_withheld_at, released.publication_withheld_by) == (None, None)
    assert released.publication_withheld_reason == ""
    log = list(ActivityLog.objects.of(funded).values_list("actor", "action", "from_state", "to_state", "comment"))
    assert log == [(actor.pk, "hold_back_publication", "published", "withheld",
                    "Des participantes pourraient être reconnues."),
                   (actor.pk, "release_publication", "withheld", "published", "Risque écarté.")]


def test_a_reason_is_required(world, funded):
    with pytest.raises(InvalidInput):
        publication.hold_back(funded, world.analyst, reason="   ")
    funded.refresh_from_db()
    assert funded.publication_withheld_at is None


def test_holding_back_twice_or_releasing_a_published_project_is_a_conflict(world, funded):
    with pytest.raises(Conflict):
        publication.release(funded, world.analyst)
    publication.hold_back(funded, world.analyst, reason="Motif.")
    with pytest.raises(Conflict):
        publication.hold_back(funded, world.manager, reason="Encore.")


@pytest.mark.parametrize("persona, refusal", [
    ("board", Forbidden), ("applicant", Forbidden), ("outside_analyst", NotFound), ("reviewer", NotFound),
    ("other_applicant", NotFound), ("nobody", NotFound),
])
def test_nobody_else_decides(world, funded, persona, refusal):
    with pytest.raises(refusal):
        publication.hold_back(funded, getattr(world, persona), reason="Motif.")


def test_a_draft_is_nobody_s_but_the_admin_s_to_hold_back(world):
    draft = factories.ProposalFactory(call=world.call, organisation=world.organisation)
    with pytest.raises(NotFound):
        publication.hold_back(draft, world.analyst, reason="Motif.")
    assert publication.hold_back(draft, world.admin, reason="Motif.").publication_withheld_at is not None


def test_the_staff_page_holds_back_and_releases(client, world, funded):
    client.force_login(world.analyst)
    response = client.get(page(funded))
    assert response.status_code == 200 and "Retenir la publication" in response.content.decode()
    empty = client.post(page(funded), {"action": "hold", "reason": ""})
    assert empty.status_code == 400 and "Indiquez pourquoi" in empty.content.decode()
    done = client.post(page(funded), {"action": "hold", "reason": "Sécurité."}, follow=True)
    text = done.content.decode()
    assert "Publication retenue" in text and "Sécurité." in text and world.analyst.full_name in text
    again = client.post(page(funded), {"action": "hold", "reason": "Deux fois."}, follow=True)
    assert "déjà retenue" in again.content.decode()
    client.post(page(funded), {"action": "release", "reason": ""})
    funded.refresh_from_db()
    assert funded.publication_withheld_at is None
    assert client.post(page(funded), {"action": "supprimer"}).status_code == 400


def test_the_staff_page_of_a_proposal_links_to_its_publication(client, world, funded):
    client.force_login(world.analyst)
    assert page(funded) in client.get(f"/analyse/demandes/{funded.pk}/").content.decode()
    client.force_login(world.board)
    assert page(funded) not in client.get(f"/analyse/demandes/{funded.pk}/").content.decode()
