"""Two-stage calls: a letter of intent, shortlisted or declined, then the full proposal in the same record."""

from datetime import timedelta
from decimal import Decimal

import pytest
import time_machine
from django.core.exceptions import ValidationError
from rest_framework.test import APIClient

from accountability.models import Agreement
from grants.completeness import missing_items
from grants.models import Proposal, ProposalVersion
from grants.models.question import QuestionKind, QuestionStage
from grants.services import questions as question_services
from grants.states import State
from tests import factories
from tests.workflow.helpers import letter_of_intent, two_stage_call
from workflow import services
from workflow import versions as workflow_versions
from workflow.errors import GuardFailed, ProposalNotFound, TransitionForbidden
from workflow.models import TransitionLog

pytestmark = pytest.mark.django_db


@pytest.fixture
def call(world):
    return two_stage_call(world)



def fresh(proposal):
    return Proposal.objects.get(pk=proposal.pk)


def question(world, call, label, stage, step="objectifs"):
    return question_services.add_question(
        call, world.manager, step=step, stage=stage,
        content={"kind": QuestionKind.SHORT_TEXT, "label_fr": label, "required": True})


def test_from_letter_of_intent_to_funded(world, call, outbox_calls):
    proposal = letter_of_intent(world, call)
    services.transition(proposal, "submit_intent", world.applicant)
    proposal = fresh(proposal)
    assert proposal.state == State.INTENT_SUBMITTED
    reference = proposal.reference
    assert reference.endswith("-0001")  # numbered at the first filing, the letter of intent
    assert list(ProposalVersion.objects.filter(proposal=proposal).values_list("transition", flat=True)) == [
        "submit_intent"]

    services.transition(proposal, "shortlist", world.analyst, comment="Bravo, complétez le budget détaillé.")
    proposal = fresh(proposal)
    assert proposal.state == State.SHORTLISTED and proposal.is_editable_by_applicant
    shortlist = next(call for call in outbox_calls if call["kind"] == "proposal_shortlist")
    assert shortlist["recipients"] == [world.applicant]
    assert shortlist["context"]["due_on"] == call.full_proposal_closes_at
    assert shortlist["context"]["comment"] == "Bravo, complétez le budget détaillé."
    # The full proposal is the same record: the letter's answers are there, the rest is now asked.
    assert proposal.mission == "Soutenir les familles à faible revenu." and proposal.budget_lines.count() == 1
    assert {item.step for item in missing_items(proposal)} == {"axes", "indicateurs"}

    with time_machine.travel(call.closes_at + timedelta(days=1)):
        assert not call.is_open()
        with pytest.raises(GuardFailed) as refused:
            services.transition(proposal, "submit", world.applicant)
        assert refused.value.code == "form_is_complete"
        proposal.primary_axis = factories.AxisFactory(program=world.program)
        proposal.save(update_fields=["primary_axis"])
        factories.IndicatorFactory(proposal=proposal)
        # After the call closed (no more letters), but before the full proposal's deadline.
        services.transition(fresh(proposal), "submit", world.applicant)
    proposal = fresh(proposal)
    assert proposal.state == State.SUBMITTED and proposal.reference == reference
    assert list(ProposalVersion.objects.filter(proposal=proposal).order_by("number").values_list(
        "transition", flat=True)) == ["submit_intent", "submit"]
    # The diff shows what the full proposal added to the letter of intent.
    changes = workflow_versions.compare(proposal.pk).diff.summary()
    assert ("primary_axis",) in changes and ("indicators", "added", "Personnes rejointes") in changes, changes

    services.transition(proposal, "start_analysis", world.analyst)
    services.transition(fresh(proposal), "recommend", world.analyst, suggested_amount="5000.00")
    services.transition(fresh(proposal), "approve", world.board, amount_granted="5000.00")
    proposal = fresh(proposal)
    assert proposal.state == State.FUNDED
    assert Agreement.objects.get(proposal=proposal).amount_granted == Decimal("5000.00")
    assert list(TransitionLog.objects.filter(proposal=proposal).order_by("pk").values_list("transition", flat=True)) == [
        "submit_intent", "shortlist", "submit", "start_analysis", "recommend", "approve"]


def test_decline_intent_needs_a_reason_and_tells_the_applicant(world, call, outbox_calls):
    proposal = letter_of_intent(world, call)
    services.transition(proposal, "submit_intent", world.applicant)
    with pytest.raises(GuardFailed) as refused:
        services.transition(fresh(proposal), "decline_intent", world.analyst, comment="  ")
    assert refused.value.code == "comment_given"
    services.transition(fresh(proposal), "decline_intent", world.analyst, comment="Hors des axes du plan.")
    proposal = fresh(proposal)
    assert proposal.state == State.INTENT_DECLINED and not proposal.is_editable_by_applicant
    [declined] = [call for call in outbox_calls if call["kind"] == "proposal_decline_intent"]
    assert declined["recipients"] == [world.applicant] and declined["context"]["comment"] == "Hors des axes du plan."
    log = TransitionLog.objects.get(proposal=proposal, transition="decline_intent")
    assert (log.from_state, log.to_state, log.comment) == (State.INTENT_SUBMITTED, State.INTENT_DECLINED,
                                                           "Hors des axes du plan.")


def test_submit_from_draft_is_refused_on_a_two_stage_call(world, call):
    proposal = letter_of_intent(world, call)
    with pytest.raises(GuardFailed) as refused:
        services.transition(proposal, "submit", world.applicant)
    assert refused.value.code == "intent_comes_first"
    assert "lettre d'intention" in refused.value.message
    assert fresh(proposal).state == State.DRAFT


def test_a_single_stage_call_has_no_letter_of_intent(world):
    proposal = factories.ProposalFactory(call=world.call, organisation=world.organisation)
    with pytest.raises(GuardFailed) as refused:
        services.transition(proposal, "submit_intent", world.applicant)
    assert refused.value.code == "call_is_two_stage"


def test_letters_of_intent_are_filed_while_the_call_is_open(world, call):
    proposal = letter_of_intent(world, call)
    with time_machine.travel(call.closes_at + timedelta(minutes=1)):
        with pytest.raises(GuardFailed) as refused:
            services.transition(proposal, "submit_intent", world.applicant)
    assert refused.value.code == "call_is_open"


def test_full_submit_is_refused_after_the_full_deadline(world, call):
    proposal = letter_of_intent(world, call)
    services.transition(proposal, "submit_intent", world.applicant)
    services.transition(fresh(proposal), "shortlist", world.analyst)
    with time_machine.travel(call.full_proposal_closes_at + timedelta(minutes=1)):
        with pytest.raises(GuardFailed) as refused:
            services.transition(fresh(proposal), "submit", world.applicant)
    assert refused.value.code == "call_is_open"
    assert "date limite de la demande complète" in refused.value.message
    assert fresh(proposal).state == State.SHORTLISTED


def test_intent_completeness_asks_only_the_subset(world, call):
    intent_question = question(world, call, "Quel besoin le projet vise-t-il ?", QuestionStage.INTENT)
    full_question = question(world, call, "Quels partenaires financiers avez-vous approchés ?", QuestionStage.FULL)
    proposal = factories.ProposalFactory(call=call, organisation=world.organisation, mission="",
                                         gender_impact="")
    intent_items = {(item.step, item.field) for item in missing_items(fresh(proposal))}
    # The letter asks projet, territoire, objectifs and budget, and its own questions; not ADS+, axes…
    assert intent_items == {("projet", "mission"), ("territoire", "mrcs"), ("budget", "budget_lines"),
                            ("objectifs", f"question_{intent_question.pk}")}
    full_items = {(item.step, item.field) for item in missing_items(fresh(proposal), stage="full")}
    assert {("adsplus", "gender_impact"), ("axes", "primary_axis"), ("indicateurs", "indicators"),
            ("objectifs", f"question_{full_question.pk}")} <= full_items


def test_the_call_chooses_what_the_letter_asks(world, call):
    call.intent_sections = ["projet"]
    call.save(update_fields=["intent_sections"])
    proposal = factories.ProposalFactory(call=call, organisation=world.organisation, mission="")
    assert {item.field for item in missing_items(fresh(proposal))} == {"mission"}


def test_withdraw_from_the_letter_and_from_the_invitation(world, call):
    first, second = letter_of_intent(world, call), letter_of_intent(world, call)
    services.transition(first, "submit_intent", world.applicant)
    services.transition(second, "submit_intent", world.applicant)
    services.transition(fresh(second), "shortlist", world.analyst)
    for proposal in (first, second):
        services.transition(fresh(proposal), "withdraw", world.applicant, comment="Projet reporté.")
        assert fresh(proposal).state == State.WITHDRAWN


@pytest.mark.parametrize("persona, error", [
    ("other_applicant", ProposalNotFound), ("reviewer", ProposalNotFound), ("outside_analyst", ProposalNotFound),
    ("board", ProposalNotFound), ("applicant", TransitionForbidden),
])
def test_only_the_program_analysts_shortlist(world, call, persona, error):
    proposal = letter_of_intent(world, call)
    services.transition(proposal, "submit_intent", world.applicant)
    with pytest.raises(error):
        services.transition(fresh(proposal), "shortlist", getattr(world, persona))
    assert fresh(proposal).state == State.INTENT_SUBMITTED


@pytest.mark.parametrize("persona, status", [
    ("other_applicant", 404), ("reviewer", 404), ("outside_analyst", 404), ("board", 404), ("applicant", 403),
    ("analyst", 302),
])
def test_the_action_url_shortlists_for_the_program_analysts_only(client, world, call, persona, status):
    proposal = letter_of_intent(world, call)
    services.transition(proposal, "submit_intent", world.applicant)
    client.force_login(getattr(world, persona))
    response = client.post(f"/analyse/demandes/{proposal.pk}/actions/shortlist/", {"comment": "Retenue."})
    assert response.status_code == status
    assert fresh(proposal).state == (State.SHORTLISTED if status == 302 else State.INTENT_SUBMITTED)


def test_the_api_runs_the_new_transitions(world, call):
    proposal = letter_of_intent(world, call)
    api = APIClient()
    api.force_authenticate(world.applicant)
    names = {row["name"] for row in api.get(f"/api/v1/proposals/{proposal.pk}/transitions/").json()}
    assert names == {"submit_intent"}  # the draft of a two-stage call is filed as a letter of intent only
    single = factories.ProposalFactory(call=world.call, organisation=world.organisation)
    assert {row["name"] for row in api.get(f"/api/v1/proposals/{single.pk}/transitions/").json()} == {"submit"}
    assert api.post(f"/api/v1/proposals/{proposal.pk}/transitions/submit_intent/", {}, format="json").status_code == 200
    api.force_authenticate(world.outside_analyst)
    response = api.post(f"/api/v1/proposals/{proposal.pk}/transitions/decline_intent/", {"comment": "Non."},
                        format="json")
    assert response.status_code == 404
    api.force_authenticate(world.analyst)
    response = api.post(f"/api/v1/proposals/{proposal.pk}/transitions/decline_intent/", {}, format="json")
    assert response.status_code == 409 and response.json()["code"] == "comment_given"
    response = api.post(f"/api/v1/proposals/{proposal.pk}/transitions/decline_intent/",
                        {"comment": "Hors des axes."}, format="json")
    assert response.status_code == 200 and fresh(proposal).state == State.INTENT_DECLINED


def test_the_call_validates_its_two_stage_fields(world):
    call = factories.CallFactory.build(program=world.program, two_stage=True, full_proposal_closes_at=None,
                                       intent_sections=[])
    with pytest.raises(ValidationError) as invalid:
        call.clean_two_stage()
    assert set(invalid.value.message_dict) == {"full_proposal_closes_at", "intent_sections"}
    call.full_proposal_closes_at, call.intent_sections = call.closes_at - timedelta(days=1), ["projet", "inconnue"]
    with pytest.raises(ValidationError) as invalid:
        call.clean_two_stage()
    assert "suit la fermeture" in invalid.value.message_dict["full_proposal_closes_at"][0]
    assert "inconnue" in invalid.value.message_dict["intent_sections"][0]
    single = factories.CallFactory.build(program=world.program, full_proposal_closes_at=call.closes_at)
    with pytest.raises(ValidationError) as invalid:
        single.clean_two_stage()
    assert "deux étapes" in invalid.value.message_dict["full_proposal_closes_at"][0]


def test_staff_pages_list_filter_and_act_on_letters_of_intent(client, world, call):
    filed, shortlisted, draft = letter_of_intent(world, call), letter_of_intent(world, call), letter_of_intent(world, call)
    for proposal in (filed, shortlisted):
        services.transition(proposal, "submit_intent", world.applicant)
    services.transition(fresh(shortlisted), "shortlist", world.analyst)
    client.force_login(world.analyst)
    listed = client.get("/analyse/", {"state": "intent_submitted"})
    assert [row.title for row in listed.context["page"]] == [filed.title]
    page = listed.content.decode().replace("&#x27;", "'")
    assert "Lettre d'intention déposée" in page and draft.title not in page
    assert [row.title for row in client.get("/analyse/", {"state": "shortlisted"}).context["page"]] == [
        shortlisted.title]
    detail = client.get(f"/analyse/demandes/{filed.pk}/").content.decode().replace("&#x27;", "'")
    assert "Inviter à la demande complète" in detail and "Ne pas retenir la lettre d'intention" in detail
    assert client.get(f"/analyse/demandes/{draft.pk}/").status_code == 404  # a draft letter is the organisation's


def test_letters_of_intent_are_never_public(client, world, call):
    filed, shortlisted = letter_of_intent(world, call), letter_of_intent(world, call)
    for proposal in (filed, shortlisted):
        services.transition(proposal, "submit_intent", world.applicant)
    services.transition(fresh(shortlisted), "shortlist", world.analyst)
    for path in ("/public/", "/public/donnees/projets.csv", "/public/donnees/projets.json"):
        response = client.get(path)
        body = b"".join(response.streaming_content) if response.streaming else response.content
        assert response.status_code == 200, path
        assert filed.title.encode() not in body and shortlisted.title.encode() not in body, path
