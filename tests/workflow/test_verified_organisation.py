"""A call may require an organisation verified by program staff before its proposals are filed."""

import pytest
from django.urls import reverse
from django.utils import timezone

from grants.states import State
from workflow import services
from workflow.errors import GuardFailed

pytestmark = pytest.mark.django_db

MESSAGE = "L'organisme doit être vérifié par l'équipe régionale avant le dépôt dans cet appel."


@pytest.fixture
def strict_call(world):
    world.call.requires_verified_organisation = True
    world.call.save(update_fields=["requires_verified_organisation"])
    return world.call


def verify(organisation, by):
    organisation.verified_at, organisation.verified_by = timezone.now(), by
    organisation.save(update_fields=["verified_at", "verified_by"])


def test_calls_do_not_require_it_by_default(world, complete_proposal):
    assert world.organisation.verified_at is None and not world.call.requires_verified_organisation
    assert services.transition(complete_proposal(), "submit", world.applicant).state == State.SUBMITTED


def test_submit_is_refused_until_the_organisation_is_verified(world, strict_call, complete_proposal):
    proposal = complete_proposal()
    with pytest.raises(GuardFailed) as caught:
        services.transition(proposal, "submit", world.applicant)
    assert caught.value.code == "organisation_is_verified" and str(caught.value.message) == MESSAGE
    assert caught.value.http_status == 409
    verify(world.organisation, world.analyst)
    assert services.transition(proposal, "submit", world.applicant).state == State.SUBMITTED


def test_resubmit_is_refused_too(world, strict_call, complete_proposal):
    proposal = complete_proposal(State.CHANGES_REQUESTED)
    with pytest.raises(GuardFailed) as caught:
        services.transition(proposal, "resubmit", world.applicant)
    assert caught.value.code == "organisation_is_verified"


def test_the_blocker_is_listed_before_trying(world, strict_call, complete_proposal):
    [submit] = services.available_transitions(complete_proposal(), world.applicant)
    assert submit.name == "submit" and [str(m) for m in submit.blocked_by] == [MESSAGE]


def test_verification_step_shows_why_and_disables_the_button(client, world, strict_call, complete_proposal):
    proposal = complete_proposal()
    client.force_login(world.applicant)
    url = reverse("proposal_step", args=[proposal.pk, "verification"])
    page = client.get(url).content.decode()
    assert "L&#x27;organisme doit être vérifié par l&#x27;équipe régionale" in page
    assert 'disabled aria-describedby="blockers-note"' in page
    # Posting anyway is refused with the same message, shown on the step.
    response = client.post(reverse("proposal_submit", args=[proposal.pk]), follow=True)
    assert "vérifié par l&#x27;équipe régionale" in response.content.decode()
    assert response.redirect_chain[-1][0] == url
    verify(world.organisation, world.analyst)
    page = client.get(url).content.decode()
    assert "vérifié par l&#x27;équipe régionale avant" not in page and "Votre demande est complète." in page
