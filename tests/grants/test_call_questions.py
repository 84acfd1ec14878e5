"""A call's own questions on the applicant's form: typed answers, completeness, validation."""

import datetime
from decimal import Decimal

import pytest

from grants.completeness import missing_items
from grants.models import Answer, Proposal
from tests.grants.intake_setup import EXE, complete_draft, upload
from tests.grants.questions_setup import TYPED, answer_everything, field, post_step, ten_questions

pytestmark = pytest.mark.django_db


@pytest.fixture
def questions(world):
    return ten_questions(world.call, world.manager)


@pytest.fixture
def draft(world, questions):
    return complete_draft(world)


def missing(proposal):
    return [(item.step, item.field, item.message) for item in missing_items(Proposal.objects.get(pk=proposal.pk))]


def test_each_step_shows_its_own_questions_in_french_and_english(client, world, questions, draft):
    client.force_login(world.applicant)
    page = client.get(f"/demandes/{draft.pk}/etapes/projet/").content.decode()
    assert "Numéro d&#x27;organisme de bienfaisance" in page and "Site Web du projet" in page
    assert "Nombre de bénévoles" not in page  # a question of another step
    assert f'id="field-{field(questions["charity"])}"' in page
    assert "Réponse obligatoire pour déposer la demande." in page
    axes = client.get(f"/demandes/{draft.pk}/etapes/axes/").content.decode()
    assert 'type="radio"' in axes and 'type="checkbox"' in axes and "Logement" in axes
    assert 'enctype="multipart/form-data"' in client.get(f"/demandes/{draft.pk}/etapes/partenaires/").content.decode()
    world.applicant.language = "en"
    world.applicant.save(update_fields=["language"])
    english = client.get(f"/demandes/{draft.pk}/etapes/projet/").content.decode()
    assert "Charity number" in english and "Numéro d&#x27;organisme" not in english
    # No English wording: the French one is shown.
    assert "Site Web du projet" in english


def test_answers_are_stored_typed_and_queryable(client, world, questions, draft):
    client.force_login(world.applicant)
    answer_everything(client, draft, questions)
    answers = {answer.question_id: answer for answer in Answer.objects.filter(proposal=draft)}
    assert len(answers) == 10
    by_key = {key: answers[question.pk] for key, question in questions.items()}
    assert by_key["charity"].text == TYPED["charity"]
    assert by_key["participation"].text == "Des comités de citoyens\npilotent les activités."
    assert by_key["volunteers"].number == Decimal("1200")
    assert by_key["own_money"].number == Decimal("12500.50")
    assert by_key["assembly"].date == datetime.date(2027, 6, 15)
    assert by_key["indigenous"].boolean is True
    assert by_key["sector"].choices == ["logement"]
    assert by_key["audiences"].choices == ["aines", "familles"]
    assert by_key["letter"].file_name == "lettre-appui.pdf" and by_key["letter"].content_type == "application/pdf"
    # Queryable by column: who has more than 1,000 volunteers, who said yes, who meets after June.
    assert list(Answer.objects.filter(question=questions["volunteers"], number__gte=1000)
                .values_list("proposal_id", flat=True)) == [draft.pk]
    assert not Answer.objects.filter(question=questions["volunteers"], number__gte=2000).exists()
    assert Answer.objects.filter(question=questions["indigenous"], boolean=True).count() == 1
    assert Answer.objects.filter(question=questions["assembly"], date__gt=datetime.date(2027, 6, 30)).count() == 0
    # Every answer belongs to the question's current version.
    assert all(answer.version_id == answer.question.current_id for answer in answers.values())


def test_choices_are_queryable_on_postgresql(client, world, questions, draft, require_postgres):
    client.force_login(world.applicant)
    answer_everything(client, draft, questions)
    assert Answer.objects.filter(question=questions["audiences"], choices__contains=["aines"]).count() == 1
    assert not Answer.objects.filter(question=questions["audiences"], choices__contains=["jeunes"]).exists()


def test_required_questions_block_submission_with_a_french_message_linking_to_the_field(client, world, questions,
                                                                                         draft):
    items = missing(draft)
    required = [key for key in questions if key not in ("website", "audiences", "assembly")]
    assert {item[1] for item in items} == {field(questions[key]) for key in required}
    charity = next(item for item in items if item[1] == field(questions["charity"]))
    assert charity == ("projet", field(questions["charity"]),
                       "Répondez à la question « Numéro d'organisme de bienfaisance ».")
    client.force_login(world.applicant)
    page = client.get(f"/demandes/{draft.pk}/etapes/verification/").content.decode()
    assert f'href="/demandes/{draft.pk}/etapes/projet/#field-{field(questions["charity"])}"' in page
    assert "Répondez à la question « Numéro d&#x27;organisme de bienfaisance »." in page
    refused = client.post(f"/demandes/{draft.pk}/deposer/")
    draft.refresh_from_db()
    assert draft.state == "draft" and refused.status_code in (302, 400, 409)
    answer_everything(client, draft, questions)
    assert missing(draft) == []


def test_an_empty_answer_is_no_answer(client, world, questions, draft):
    client.force_login(world.applicant)
    assert post_step(client, draft, "projet", questions, {"charity": "RR0001"}).status_code == 302
    draft.refresh_from_db()
    assert post_step(client, draft, "projet", questions, {"charity": "   "}).status_code == 302
    assert not Answer.objects.filter(proposal=draft, question=questions["charity"]).exists()


@pytest.mark.parametrize("key, typed, message", [
    ("participation", "x" * 201, "Ce texte est trop long : raccourcissez-le à 200 caractères au plus"),
    ("volunteers", "beaucoup", "Inscrivez un nombre, par exemple 200 ou 12,5."),
    ("own_money", "douze", "Inscrivez un montant en dollars"),
    ("assembly", "15 juin", "Inscrivez la date au format AAAA-MM-JJ"),
    ("sector", "autre", "Choisissez une des options offertes."),
])
def test_a_refused_answer_says_why_in_french_and_saves_nothing(client, world, questions, draft, key, typed, message):
    client.force_login(world.applicant)
    question = questions[key]
    response = post_step(client, draft, question.step, questions, {key: typed})
    assert response.status_code == 400
    page = response.content.decode().replace("&#x27;", "'")
    assert message in page
    assert f'href="#id_{field(question)}' in page or f'href="#field-{field(question)}"' in page  # the error summary
    assert not Answer.objects.filter(proposal=draft).exists()
    assert Proposal.objects.get(pk=draft.pk).version == draft.version


def test_a_file_answer_is_checked_like_an_attachment(client, world, questions, draft):
    client.force_login(world.applicant)
    response = post_step(client, draft, "partenaires", questions, {"letter": upload("lettre.pdf", EXE)})
    assert response.status_code == 400
    assert "Le contenu du fichier ne correspond pas à son extension" in response.content.decode()
    assert not Answer.objects.filter(proposal=draft).exists()


def test_a_file_answer_is_downloaded_by_who_sees_the_proposal_only(client, world, questions, draft):
    client.force_login(world.applicant)
    answer_everything(client, draft, questions)
    answer = Answer.objects.get(proposal=draft, question=questions["letter"])
    url = f"/demandes/{draft.pk}/reponses/{answer.pk}/fichier/"
    response = client.get(url)
    assert response.status_code == 200 and b"".join(response.streaming_content).startswith(b"%PDF")
    assert "lettre-appui.pdf" in response["Content-Disposition"]
    client.force_login(world.other_applicant)
    assert client.get(url).status_code == 404


def test_a_submitted_proposal_keeps_its_answers_and_the_form_refuses_changes(client, world, questions, draft):
    client.force_login(world.applicant)
    answer_everything(client, draft, questions)
    response = client.post(f"/demandes/{draft.pk}/deposer/")
    draft.refresh_from_db()
    assert draft.state == "submitted", response.content.decode()[:2000]
    refused = post_step(client, draft, "projet", questions, {"charity": "autre"})
    assert refused.status_code == 403
    assert Answer.objects.get(proposal=draft, question=questions["charity"]).text == TYPED["charity"]
