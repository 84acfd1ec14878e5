"""The applicant's form of a two-stage call: the letter of intent's steps only, then the full form, pre-filled,
with the full proposal's deadline; the staff pages that configure it (call admin, question stage)."""


import pytest
from django.utils import timezone

from grants.models import CallQuestion, Proposal
from grants.models.question import QuestionKind, QuestionStage
from grants.services import questions as question_services
from grants.states import State
from tests import factories
from tests.workflow.helpers import letter_of_intent, two_stage_call
from workflow import services

pytestmark = pytest.mark.django_db


@pytest.fixture
def call(world):
    return two_stage_call(world)


@pytest.fixture
def draft(world, call):
    return letter_of_intent(world, call)


def text(response):
    assert response.status_code == 200
    return response.content.decode().replace("&#x27;", "'")


def add(world, call, label, stage, step="objectifs"):
    return question_services.add_question(call, world.manager, step=step, stage=stage,
                                          content={"kind": QuestionKind.SHORT_TEXT, "label_fr": label})


def test_the_letter_of_intent_shows_only_its_steps_and_questions(client, world, call, draft):
    add(world, call, "Question de la lettre", QuestionStage.INTENT)
    add(world, call, "Question de la demande complète", QuestionStage.FULL)
    add(world, call, "Question posée aux partenaires dès la lettre", QuestionStage.INTENT, step="partenaires")
    client.force_login(world.applicant)
    page = text(client.get(f"/demandes/{draft.pk}/etapes/objectifs/"))
    assert "Question de la lettre" in page and "Question de la demande complète" not in page
    assert "deux étapes" in page
    # The navigation: the default intent steps, the step holding an intent question, the final check.
    for slug in ("projet", "territoire", "objectifs", "budget", "partenaires", "verification"):
        assert f'href="/demandes/{draft.pk}/etapes/{slug}/"' in page, slug
    for slug in ("axes", "indicateurs", "adsplus", "echeancier", "pieces-jointes"):
        assert f'href="/demandes/{draft.pk}/etapes/{slug}/"' not in page, slug
    hidden = client.get(f"/demandes/{draft.pk}/etapes/axes/")
    assert hidden.status_code == 302 and hidden["Location"] == f"/demandes/{draft.pk}/etapes/projet/"
    assert client.post(f"/demandes/{draft.pk}/etapes/axes/", {"version": draft.version}).status_code == 404
    check = text(client.get(f"/demandes/{draft.pk}/etapes/verification/"))
    assert "Déposer la lettre d'intention" in check and "Déposer la demande<" not in check


def test_the_applicant_files_the_letter_then_sees_the_full_form_with_its_deadline(client, world, call, draft):
    client.force_login(world.applicant)
    response = client.post(f"/demandes/{draft.pk}/deposer/")
    assert response.status_code == 302
    assert Proposal.objects.get(pk=draft.pk).state == State.INTENT_SUBMITTED
    assert client.get(f"/demandes/{draft.pk}/etapes/axes/").status_code == 302  # read-only while judged
    services.transition(Proposal.objects.get(pk=draft.pk), "shortlist", world.analyst)
    axes = text(client.get(f"/demandes/{draft.pk}/etapes/axes/"))
    assert "Votre lettre d'intention est retenue" in axes
    projet = text(client.get(f"/demandes/{draft.pk}/etapes/projet/"))
    assert "Soutenir les familles à faible revenu." in projet  # pre-filled from the letter
    check = text(client.get(f"/demandes/{draft.pk}/etapes/verification/"))
    assert "Date limite de la demande complète" in check and "Déposer la demande<" in check
    detail = text(client.get(f"/demandes/{draft.pk}/"))
    assert "Retenu pour la demande complète" in detail and "badge-shortlisted" in detail


def test_a_single_stage_draft_keeps_every_step(client, world):
    proposal = factories.ProposalFactory(call=world.call, organisation=world.organisation)
    client.force_login(world.applicant)
    page = text(client.get(f"/demandes/{proposal.pk}/etapes/axes/"))
    assert "Déposer la lettre d'intention" not in text(client.get(f"/demandes/{proposal.pk}/etapes/verification/"))
    assert f'href="/demandes/{proposal.pk}/etapes/echeancier/"' in page and "deux étapes" not in page


def test_the_manager_places_a_question_at_the_letter_of_intent(client, world, call):
    client.force_login(world.manager)
    response = client.post(f"/appels/{call.pk}/questions/", {
        "step": "objectifs", "stage": "intent", "kind": "short_text", "label_fr": "Besoin visé ?", "label_en": "",
        "help_fr": "", "help_en": "", "max_length": "", "options": ""})
    assert response.status_code == 302
    question = CallQuestion.objects.get(call=call)
    assert question.stage == QuestionStage.INTENT
    assert "Dès la lettre d'intention" in text(client.get(f"/appels/{call.pk}/questions/"))
    edit = client.post(f"/appels/{call.pk}/questions/{question.pk}/", {
        "step": "objectifs", "stage": "full", "kind": "short_text", "label_fr": "Besoin visé ?", "label_en": "",
        "help_fr": "", "help_en": "", "max_length": "", "options": ""})
    assert edit.status_code == 302
    assert CallQuestion.objects.get(pk=question.pk).stage == QuestionStage.FULL


def test_the_call_admin_offers_the_two_stage_fields_and_refuses_a_deadline_before_the_close(client, world, call):
    client.force_login(world.admin)
    page = text(client.get(f"/admin/grants/call/{call.pk}/change/"))
    assert "Sections de la lettre d'intention" in page and "date limite de la demande complète" in page.lower()
    local = timezone.localtime
    data = {"program": call.program_id, "title": call.title, "slug": call.slug, "max_amount": "100000",
            "opens_at_0": local(call.opens_at).strftime("%Y-%m-%d"), "opens_at_1": "00:00:00",
            "closes_at_0": local(call.closes_at).strftime("%Y-%m-%d"), "closes_at_1": "00:00:00",
            "full_proposal_closes_at_0": local(call.opens_at).strftime("%Y-%m-%d"),
            "full_proposal_closes_at_1": "12:00:00", "two_stage": "on", "intent_sections": ["projet", "budget"],
            "required_reviews": "0"}
    refused = text(client.post(f"/admin/grants/call/{call.pk}/change/", data))
    assert "La date limite de la demande complète suit la fermeture de l'appel" in refused
    data["full_proposal_closes_at_0"] = local(call.full_proposal_closes_at).strftime("%Y-%m-%d")
    assert client.post(f"/admin/grants/call/{call.pk}/change/", data).status_code == 302
    call.refresh_from_db()
    assert call.intent_sections == ["projet", "budget"]
