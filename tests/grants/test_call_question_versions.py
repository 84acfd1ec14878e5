"""Changing a question after proposals answered it never loses an answer: questions are versioned."""

import pytest
from django.urls import reverse

from core.errors import Forbidden, InvalidInput
from grants.completeness import missing_items
from grants.models import Answer, CallQuestion, LibraryQuestion, Proposal, QuestionVersion
from grants.services import questions as service
from tests.grants.intake_setup import complete_draft
from tests.grants.questions_setup import answer_everything, content, field, post_step, ten_questions
from tests.scoring.reviewing import put_in_state

pytestmark = pytest.mark.django_db

NEW_WORDING = "Numéro d'enregistrement auprès de l'Agence du revenu du Canada"


@pytest.fixture
def questions(world):
    return ten_questions(world.call, world.manager)


@pytest.fixture
def submitted(client, world, questions):
    """Two proposals that answered every question, then were filed."""
    filed = []
    for organisation in (world.organisation, world.organisation):
        draft = complete_draft(world, organisation=organisation)
        client.force_login(world.applicant)
        answer_everything(client, draft, questions)
        filed.append(put_in_state(draft, "submitted"))
    return filed


def test_changing_an_answered_question_adds_a_version_and_keeps_the_answers(world, questions, submitted):
    charity = questions["charity"]
    before = list(Answer.objects.filter(question=charity).values_list("pk", "version_id", "text"))
    changed, added = service.change_question(charity, world.manager, content=content(
        "short_text", NEW_WORDING, "CRA registration number", required=True))
    assert added and changed.current.number == 2 and changed.current.label_fr == NEW_WORDING
    assert QuestionVersion.objects.filter(question=charity).count() == 2
    # Every answer is intact and still points at version 1, with its wording.
    assert list(Answer.objects.filter(question=charity).values_list("pk", "version_id", "text")) == before
    old = QuestionVersion.objects.get(question=charity, number=1)
    assert {version for _pk, version, _text in before} == {old.pk}
    assert old.label_fr == "Numéro d'organisme de bienfaisance"


def test_a_question_without_answers_is_corrected_in_place(world, questions):
    website = questions["website"]
    changed, added = service.change_question(website, world.manager, content=content("short_text", "Site Internet"))
    assert not added and changed.current_id == website.current_id
    assert QuestionVersion.objects.get(pk=website.current_id).label_fr == "Site Internet"


def test_only_placing_a_question_elsewhere_adds_no_version(world, questions, submitted):
    charity = questions["charity"]
    changed, added = service.change_question(charity, world.manager, content=charity.current.content(),
                                             step="objectifs")
    assert not added and changed.step == "objectifs" and changed.current.number == 1


def test_the_staff_page_shows_old_answers_with_their_old_wording(client, world, questions, submitted):
    service.change_question(questions["charity"], world.manager, content=content(
        "short_text", NEW_WORDING, required=True))
    client.force_login(world.analyst)
    page = client.get(f"/analyse/demandes/{submitted[0].pk}/").content.decode().replace("&#x27;", "'")
    assert "Questions propres à l'appel" in page
    assert "Numéro d'organisme de bienfaisance" in page and "12345 6789 RR0001" in page
    assert f"elle se lit maintenant : « {NEW_WORDING} »" in page
    # Every kind is shown, the Québec way.
    for shown in ("1 200", "12 500,50", "Logement", "Aînés ; Familles", "Oui", "lettre-appui.pdf",
                  "Des comités de citoyens"):
        assert shown in page.replace("\u00a0", " ").replace("\u202f", " "), shown


def test_changes_requested_shows_the_new_wording_filled_with_the_old_answer(client, world, questions, submitted):
    proposal = put_in_state(submitted[0], "changes_requested")
    service.change_question(questions["charity"], world.manager, content=content(
        "short_text", NEW_WORDING, required=True))
    items = {item.field: item.message for item in missing_items(Proposal.objects.get(pk=proposal.pk))}
    assert items == {field(questions["charity"]): f"La question « {NEW_WORDING} » a été modifiée depuis votre "
                                                  "réponse : relisez-la et enregistrez l'étape de nouveau."}
    client.force_login(world.applicant)
    page = client.get(f"/demandes/{proposal.pk}/etapes/projet/").content.decode().replace("&#x27;", "'")
    assert NEW_WORDING in page and 'value="12345 6789 RR0001"' in page
    assert "Cette question a été modifiée depuis votre réponse" in page
    assert post_step(client, proposal, "projet", questions, {"charity": "12345 6789 RR0001"}).status_code == 302
    answers = Answer.objects.filter(proposal=proposal, question=questions["charity"]).order_by("version__number")
    assert [(answer.version.number, answer.text) for answer in answers] == [(1, "12345 6789 RR0001"),
                                                                           (2, "12345 6789 RR0001")]
    assert missing_items(Proposal.objects.get(pk=proposal.pk)) == []


def test_a_changed_file_question_keeps_the_file_for_the_new_version(client, world, questions, submitted):
    proposal = put_in_state(submitted[0], "changes_requested")
    letter = questions["letter"]
    service.change_question(letter, world.manager, content=content("file", "Lettre d'appui signée", required=True))
    client.force_login(world.applicant)
    assert post_step(client, proposal, "partenaires", questions, {}).status_code == 302
    answers = list(Answer.objects.filter(proposal=proposal, question=letter).order_by("version__number"))
    assert [answer.version.number for answer in answers] == [1, 2]
    assert answers[0].file.name == answers[1].file.name and answers[1].file_name == "lettre-appui.pdf"


def test_retiring_keeps_answered_questions_and_deletes_unanswered_ones(world, questions, submitted):
    assert service.retire_question(questions["charity"], world.manager).retired_at is not None
    assert Answer.objects.filter(question=questions["charity"]).count() == 2
    service.change_question(questions["website"], world.manager, content=content("short_text", "Site"))
    Answer.objects.filter(question=questions["website"]).delete()
    assert service.retire_question(questions["website"], world.manager) is None
    assert not CallQuestion.objects.filter(pk=questions["website"].pk).exists()


def test_only_the_programs_managers_change_questions(world, questions):
    for person in (world.analyst, world.applicant, world.board):
        with pytest.raises(Forbidden):
            service.add_question(world.call, person, step="projet", content=content("short_text", "Q"))
        with pytest.raises(Forbidden):
            service.change_question(questions["charity"], person, content=content("short_text", "Q"))
    service.add_question(world.call, world.admin, step="projet", content=content("short_text", "Q"))


@pytest.mark.parametrize("bad, step", [
    (content("choice", "Secteur", options=[{"value": "a", "label_fr": "A"}]), "projet"),
    (content("short_text", "  "), "projet"),
    (content("number", "Nombre", max_length=10), "projet"),
    (content("short_text", "Q"), "pieces-jointes"),
])
def test_a_question_that_cannot_be_asked_is_refused(world, bad, step):
    with pytest.raises(InvalidInput):
        service.add_question(world.call, world.manager, step=step, content=bad)


def test_a_library_question_is_copied_into_the_call_and_linked(world):
    shared = LibraryQuestion.objects.create(kind="yes_no", label_fr="Le projet est-il nouveau ?",
                                            label_en="Is the project new?", required=True)
    question = service.add_from_library(world.call, world.manager, shared, step="projet")
    assert question.library == shared and question.current.content() == shared.content()
    other = LibraryQuestion.objects.create(kind="yes_no", label_fr="Ailleurs", program=world.outside_analyst
                                           .program_roles.get().program)
    with pytest.raises(Forbidden):
        service.add_from_library(world.call, world.manager, other, step="projet")
    saved = service.save_to_library(question, world.manager)
    assert saved.program_id == world.call.program_id and saved.label_fr == "Le projet est-il nouveau ?"


def test_the_admin_keeps_the_library_and_checks_its_questions(client, world):
    client.force_login(world.admin)
    url = reverse("admin:grants_libraryquestion_add")
    base = {"kind": "choice", "label_fr": "Secteur", "label_en": "", "help_fr": "", "help_en": "", "max_length": ""}
    refused = client.post(url, {**base, "options": '[{"value": "a", "label_fr": "A"}]'})
    assert refused.status_code == 200
    assert "Une question à choix offre au moins deux options." in refused.content.decode().replace("&#x27;", "'")
    options = '[{"value": "a", "label_fr": "A"}, {"value": "b", "label_fr": "B"}]'
    assert client.post(url, {**base, "options": options}).status_code == 302
    saved = LibraryQuestion.objects.get(label_fr="Secteur")
    assert saved.program is None and [option["value"] for option in saved.options] == ["a", "b"]
