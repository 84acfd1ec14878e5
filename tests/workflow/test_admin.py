"""The admin never edits the state; its actions go through the transition service."""

import pytest

from grants.models import Proposal
from grants.states import State
from workflow import services
from workflow.models import TransitionLog

pytestmark = pytest.mark.django_db
CHANGELIST = "/admin/grants/proposal/"


def test_change_form_has_no_state_input(client, world, make_proposal):
    proposal = make_proposal(State.SUBMITTED)
    client.force_login(world.admin)
    page = client.get(f"{CHANGELIST}{proposal.pk}/change/").content.decode()
    assert 'name="state"' not in page and "Déposé" in page


def test_action_transitions_the_selected_and_reports_refusals(client, world, make_proposal):
    submitted = make_proposal(State.SUBMITTED)
    draft = make_proposal(State.DRAFT)
    client.force_login(world.admin)
    response = client.post(CHANGELIST, {"action": "transition_start_analysis",
                                        "_selected_action": [submitted.pk, draft.pk]}, follow=True)
    page = response.content.decode()
    assert Proposal.objects.get(pk=submitted.pk).state == State.UNDER_ANALYSIS
    assert Proposal.objects.get(pk=draft.pk).state == State.DRAFT
    assert "n&#x27;est pas possible" in page or "n'est pas possible" in page
    assert TransitionLog.objects.get().actor == world.admin


def test_actions_need_no_comment_or_amount(client, world):
    from workflow.admin import SIMPLE_TRANSITIONS

    assert {spec.name for spec in SIMPLE_TRANSITIONS} == {
        "submit", "start_analysis", "resubmit", "accept_final_report", "close", "submit_intent", "shortlist"}


def test_transition_log_admin_is_read_only(client, world, make_proposal):
    services.transition(make_proposal(State.SUBMITTED), "start_analysis", world.analyst)
    log = TransitionLog.objects.get()
    client.force_login(world.admin)
    assert client.get("/admin/workflow/transitionlog/add/").status_code == 403
    page = client.get(f"/admin/workflow/transitionlog/{log.pk}/change/").content.decode()
    assert 'name="_save"' not in page and 'name="comment"' not in page
    assert client.post(f"/admin/workflow/transitionlog/{log.pk}/delete/", {"post": "yes"}).status_code == 403
    assert TransitionLog.objects.count() == 1
