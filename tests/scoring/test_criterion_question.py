"""A criterion of the rubric may refer to one of the call's own questions: the reviewer reads the proposal's
answer beside the criterion, with the wording it answered; a new version of the rubric keeps the link."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from grants.services import questions as question_service
from scoring.services import rubrics
from tests import factories
from tests.grants.intake_setup import complete_draft
from tests.grants.questions_setup import answer_everything, content, ten_questions
from tests.scoring.reviewing import active_review, put_in_state, reviewer_in

pytestmark = pytest.mark.django_db


@pytest.fixture
def setting(client, world):
    questions = ten_questions(world.call, world.manager)
    client.force_login(world.applicant)
    proposal = put_in_state(answer_everything(client, complete_draft(world), questions), "submitted")
    rubric = factories.RubricFactory(call=world.call, version=1)
    factories.CriterionFactory(rubric=rubric, section="other", label="Ancrage citoyen", scale_max=5,
                               question=questions["participation"])
    factories.CriterionFactory(rubric=rubric, section="budget", label="Apport de l'organisme", scale_max=5,
                               question=questions["own_money"])
    factories.CriterionFactory(rubric=rubric, section="feasibility", label="Faisabilité", scale_max=10)
    reviewer = reviewer_in(world.program)
    active_review(proposal, reviewer, world.analyst)
    return proposal, questions, rubric, reviewer


def review_page(client, reviewer, proposal):
    client.force_login(reviewer)
    response = client.get(reverse("scoring:review", args=[proposal.pk]))
    assert response.status_code == 200
    return response.content.decode().replace("&#x27;", "'").replace("\u00a0", " ").replace("\u202f", " ")


def test_the_reviewer_reads_the_answer_beside_its_criterion(client, world, setting):
    proposal, questions, _rubric, reviewer = setting
    page = review_page(client, reviewer, proposal)
    citizen = page.index("Ancrage citoyen")
    assert page.index("Réponse de l'organisme à la question « Décrivez la participation citoyenne »") > citizen
    assert page.index("Des comités de citoyens") < page.index("Apport de l'organisme")
    assert "12 500,50 $" in page
    assert page.count("Réponse de l'organisme à la question") == 2  # Faisabilité refers to none
    question_service.change_question(questions["participation"], world.manager, content=content(
        "long_text", "Comment les citoyens participent-ils ?", required=True))
    assert "« Décrivez la participation citoyenne »" in review_page(client, reviewer, proposal)


def test_the_answers_cost_the_same_queries_for_one_or_two_criteria(client, world, setting):
    proposal, questions, rubric, reviewer = setting
    client.force_login(reviewer)
    url = reverse("scoring:review", args=[proposal.pk])
    client.get(url)
    with CaptureQueriesContext(connection) as two:
        client.get(url)
    rubric.criteria.filter(question=questions["own_money"]).update(question=questions["volunteers"])
    factories.CriterionFactory._meta.model.objects.filter(rubric=rubric, label="Faisabilité").update(
        question=questions["sector"])
    with CaptureQueriesContext(connection) as three:
        client.get(url)
    assert len(three) == len(two)


def test_a_new_version_of_the_rubric_keeps_the_questions(world, setting):
    _proposal, questions, rubric, _reviewer = setting
    copy = rubrics.new_version(rubric, world.manager)
    assert {criterion.label: criterion.question_id for criterion in copy.criteria.all()} == {
        "Ancrage citoyen": questions["participation"].pk, "Apport de l'organisme": questions["own_money"].pk,
        "Faisabilité": None}


def test_the_admin_offers_only_the_rubrics_call_questions(client, world, setting):
    _proposal, questions, rubric, _reviewer = setting
    other_call = factories.CallFactory(program=world.program)
    elsewhere = question_service.add_question(other_call, world.manager, step="projet",
                                              content=content("short_text", "Question d'un autre appel"))
    client.force_login(world.admin)
    page = client.get(reverse("admin:scoring_rubric_change", args=[rubric.pk])).content.decode()
    assert f'<option value="{questions["charity"].pk}"' in page
    assert f'<option value="{elsewhere.pk}"' not in page


def test_the_api_names_each_criterions_question(client, world, setting):
    _proposal, questions, _rubric, reviewer = setting
    client.force_login(reviewer)
    criteria = client.get(f"/api/v1/calls/{world.call.pk}/").json()["rubric"]["criteria"]
    assert {criterion["label"]: criterion["question"] for criterion in criteria} == {
        "Ancrage citoyen": questions["participation"].pk, "Apport de l'organisme": questions["own_money"].pk,
        "Faisabilité": None}
