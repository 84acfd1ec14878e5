"""The call's own questions through the API: read with the proposal, answered with PUT …/answers/."""

from decimal import Decimal

import pytest
from rest_framework.test import APIClient

from grants.models import Answer, Proposal
from grants.services import questions as service
from tests.grants.intake_setup import complete_draft
from tests.grants.questions_setup import answer_everything, content, ten_questions
from tests.scoring.reviewing import put_in_state

pytestmark = pytest.mark.django_db


@pytest.fixture
def questions(world):
    return ten_questions(world.call, world.manager)


@pytest.fixture
def draft(world, questions):
    return complete_draft(world)


def api_as(user):
    client = APIClient()
    client.force_authenticate(user)
    return client


def put(client, proposal, items, version=None):
    version = version or Proposal.objects.get(pk=proposal.pk).version
    return client.put(f"/api/v1/proposals/{proposal.pk}/answers/", {"version": version, "items": items},
                      format="json")


def test_the_detail_lists_the_questions_and_every_answer(client, world, questions, draft):
    client.force_login(world.applicant)
    answer_everything(client, draft, questions)
    body = api_as(world.applicant).get(f"/api/v1/proposals/{draft.pk}/").json()
    asked = {question["id"]: question for question in body["questions"]}
    assert set(asked) == {question.pk for question in questions.values()}
    sector = asked[questions["sector"].pk]
    assert sector["kind"] == "choice" and sector["required"] is True and sector["step"] == "axes"
    assert [option["value"] for option in sector["options"]] == ["alimentation", "logement", "transport"]
    answers = {answer["question"]: answer for answer in body["answers"]}
    assert len(answers) == 10
    assert answers[questions["volunteers"].pk]["number"] == "1200.00"
    assert answers[questions["sector"].pk]["choices"] == ["logement"]
    assert answers[questions["indigenous"].pk]["boolean"] is True
    assert answers[questions["assembly"].pk]["date"] == "2027-06-15"
    assert answers[questions["letter"].pk]["file_url"].endswith("/fichier/")
    assert all(answer["current"] and answer["question_version"] == 1 for answer in answers.values())


def test_an_old_answer_is_listed_with_the_wording_it_answered(client, world, questions, draft):
    client.force_login(world.applicant)
    answer_everything(client, draft, questions)
    put_in_state(draft, "submitted")
    service.change_question(questions["charity"], world.manager, content=content("short_text", "Numéro ARC"))
    body = api_as(world.analyst).get(f"/api/v1/proposals/{draft.pk}/").json()
    charity = next(answer for answer in body["answers"] if answer["question"] == questions["charity"].pk)
    assert charity["label"] == "Numéro d'organisme de bienfaisance" and charity["current"] is False
    asked = next(question for question in body["questions"] if question["id"] == questions["charity"].pk)
    assert asked["label"] == "Numéro ARC" and asked["version"] == 2


def test_answers_are_written_typed_through_the_api(world, questions, draft):
    response = put(api_as(world.applicant), draft, [
        {"question": questions["charity"].pk, "text": "  RR0001\r\nsuite "},
        {"question": questions["volunteers"].pk, "number": "1200"},
        {"question": questions["own_money"].pk, "number": "2500.50"},
        {"question": questions["assembly"].pk, "date": "2027-06-15"},
        {"question": questions["indigenous"].pk, "boolean": False},
        {"question": questions["sector"].pk, "choices": ["transport"]},
        {"question": questions["audiences"].pk, "choices": ["jeunes", "aines"]},
    ])
    assert response.status_code == 200, response.json()
    assert response.json()["version"] == draft.version + 1
    stored = {answer.question_id: answer for answer in Answer.objects.filter(proposal=draft)}
    assert stored[questions["charity"].pk].text == "  RR0001\nsuite "  # kept as sent, line breaks as LF
    assert stored[questions["volunteers"].pk].number == Decimal("1200")
    assert stored[questions["own_money"].pk].number == Decimal("2500.50")
    assert stored[questions["indigenous"].pk].boolean is False
    assert stored[questions["audiences"].pk].choices == ["jeunes", "aines"]
    # A value left empty clears the answer; a question left out keeps its own.
    assert put(api_as(world.applicant), draft, [{"question": questions["charity"].pk, "text": ""}]).status_code == 200
    assert not Answer.objects.filter(proposal=draft, question=questions["charity"]).exists()
    assert Answer.objects.filter(proposal=draft).count() == 6


@pytest.mark.parametrize("item, where", [
    ({"text": "x" * 201}, "text"),
    ({"choices": ["ailleurs"]}, "choices"),
    ({"choices": ["logement", "transport"]}, "choices"),
])
def test_a_refused_answer_is_a_400_per_item(world, questions, draft, item, where):
    key = "participation" if where == "text" else "sector"
    response = put(api_as(world.applicant), draft, [{"question": questions[key].pk, **item}])
    assert response.status_code == 400, response.json()
    assert where in response.json()["details"]["items"]["0"]
    assert not Answer.objects.filter(proposal=draft).exists()


def test_unknown_file_and_stale_answers_are_refused(world, questions, draft):
    client = api_as(world.applicant)
    assert put(client, draft, [{"question": 999999, "text": "x"}]).status_code == 400
    assert put(client, draft, [{"question": questions["letter"].pk, "text": "x"}]).status_code == 400
    stale = put(client, draft, [{"question": questions["charity"].pk, "text": "x"}], version=draft.version + 5)
    assert stale.status_code == 409 and stale.json()["code"] == "stale_version"


def test_only_the_organisation_answers_while_it_may_edit(world, questions, draft):
    item = [{"question": questions["charity"].pk, "text": "x"}]
    assert put(api_as(world.other_applicant), draft, item).status_code == 404
    put_in_state(draft, "submitted")
    assert put(api_as(world.analyst), draft, item).status_code == 403
    refused = put(api_as(world.applicant), draft, item)
    assert refused.status_code == 409 and refused.json()["code"] == "not_editable"
