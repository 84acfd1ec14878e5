"""Writing a review through the API: the assigned reviewer saves the draft (every answer, as the form) and
submits it, through scoring.services.reviews; everybody else is refused as on the review page."""

from decimal import Decimal

import pytest

from scoring.models import Review, Score
from scoring.services import assignments
from tests import factories
from tests.scoring.reviewing import active_review, rubric_for, submitted_proposal

URL = "/api/v1/reviews/"


@pytest.fixture
def review(world):
    rubric_for(world.call)
    return active_review(submitted_proposal(world), world.reviewer, world.analyst)


def put(client, review, body):
    return client.put(f"{URL}{review.pk}/", body, content_type="application/json")


def answers(review, value_fraction=Decimal("0.8")):
    """Every criterion answered: scored ones at a fraction of their maximum, eliminatory ones passed."""
    result = []
    for score in review.scores.select_related("criterion"):
        criterion = score.criterion
        if criterion.eliminatory:
            result.append({"criterion": criterion.pk, "passed": True, "comment": "Admissible."})
        else:
            result.append({"criterion": criterion.pk, "value": str(criterion.scale_max * value_fraction),
                           "comment": f"Critère {criterion.label} :\nbien documenté, accentué — « ok »."})
    return result


def test_the_reviewer_saves_a_draft_and_reads_it_back(client, world, review):
    client.force_login(world.reviewer)
    body = {"scores": answers(review), "overall_comment": "Projet pertinent.\nÀ suivre.",
            "recommendation": "fund_with_conditions", "suggested_amount": "15000.00"}
    response = put(client, review, body)
    assert response.status_code == 200, response.content
    saved = response.json()
    assert saved["state"] == "draft" and saved["weighted_total"] == "80.00"
    assert saved["overall_comment"] == "Projet pertinent.\nÀ suivre." and saved["suggested_amount"] == "15000.00"
    review.refresh_from_db()
    assert review.recommendation == "fund_with_conditions" and review.weighted_total == Decimal("80.00")
    comments = {score.criterion_id: score.comment for score in Score.objects.filter(review=review)}
    sent = {item["criterion"]: item["comment"] for item in body["scores"]}
    assert comments == sent  # byte for byte, line breaks and accents included


def test_a_draft_replaces_every_answer(client, world, review):
    client.force_login(world.reviewer)
    put(client, review, {"scores": answers(review), "recommendation": "fund"})
    assert put(client, review, {"overall_comment": "Recommencé."}).json()["weighted_total"] is None
    assert not Score.objects.filter(review=review, value__isnull=False).exists()


@pytest.mark.parametrize("change, code", [
    ({"scores": [{"criterion": 999999, "value": "1"}]}, "unknown_criterion"),
    ({"suggested_amount": "-1"}, "invalid_input"),
    ({"recommendation": "maybe"}, "invalid_input"),
])
def test_unreadable_answers_are_400(client, world, review, change, code):
    client.force_login(world.reviewer)
    response = put(client, review, change)
    assert response.status_code == 400 and response.json()["code"] == code


def test_a_score_outside_the_scale_is_400_and_nothing_is_saved(client, world, review):
    client.force_login(world.reviewer)
    body = {"scores": answers(review)}
    body["scores"][0]["value"] = "6"
    response = put(client, review, body)
    assert response.status_code == 400 and response.json()["code"] == "score_out_of_scale"
    assert not Score.objects.filter(review=review, value__isnull=False).exists()


def test_submission_needs_every_answer_then_freezes_the_review(client, world, review):
    client.force_login(world.reviewer)
    incomplete = client.post(f"{URL}{review.pk}/submit/")
    assert incomplete.status_code == 409 and incomplete.json()["code"] == "review_incomplete"
    assert len(incomplete.json()["details"]["messages"]) == 5  # four criteria and the recommendation
    put(client, review, {"scores": answers(review), "recommendation": "fund"})
    submitted = client.post(f"{URL}{review.pk}/submit/")
    assert submitted.status_code == 200 and submitted.json()["state"] == "submitted"
    assert Review.objects.get(pk=review.pk).submitted_at is not None
    assert put(client, review, {"recommendation": "do_not_fund"}).status_code == 409
    assert client.post(f"{URL}{review.pk}/submit/").json()["code"] == "review_submitted"


def test_who_reads_a_submitted_review_may_not_write_it(client, world, review):
    client.force_login(world.reviewer)
    put(client, review, {"scores": answers(review), "recommendation": "fund"})
    client.post(f"{URL}{review.pk}/submit/")
    client.force_login(world.analyst)
    assert client.get(f"{URL}{review.pk}/").status_code == 200
    assert put(client, review, {"recommendation": "do_not_fund"}).status_code == 403
    assert client.post(f"{URL}{review.pk}/submit/").status_code == 403


@pytest.mark.parametrize("persona", ["analyst", "board", "applicant", "outside_analyst", "nobody"])
def test_nobody_else_finds_a_draft(client, world, review, persona):
    client.force_login(getattr(world, persona))
    assert put(client, review, {"recommendation": "fund"}).status_code == 404
    assert client.post(f"{URL}{review.pk}/submit/").status_code == 404


def test_a_cancelled_or_conflicted_reviewer_gets_404(client, world, review):
    client.force_login(world.reviewer)
    factories.MembershipFactory(user=world.reviewer, organisation=world.organisation)
    assert put(client, review, {"recommendation": "fund"}).status_code == 404
    review.assignment.reviewer.memberships.all().delete()
    assignments.cancel(review.assignment, world.analyst)
    assert put(client, review, {"recommendation": "fund"}).status_code == 404


def test_patch_is_not_offered(client, world, review):
    client.force_login(world.reviewer)
    response = client.patch(f"{URL}{review.pk}/", {}, content_type="application/json")
    assert response.status_code == 405


def test_a_malformed_id_is_404(client, world, review):
    client.force_login(world.reviewer)
    assert client.get(f"{URL}abc/").status_code == 404
    assert client.put(f"{URL}abc/", {}, content_type="application/json").status_code == 404
