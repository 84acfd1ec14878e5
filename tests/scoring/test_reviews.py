from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied

from core.errors import Conflict, InvalidInput
from scoring import queries
from scoring.models import Review
from scoring.services import reviews
from tests import factories
from tests.scoring.reviewing import (
    active_review,
    answers_for,
    reviewer_in,
    rubric_for,
    submitted_proposal,
    submitted_review,
)
from workflow import guards


@pytest.fixture
def setup(world):
    rubric_for(world.call)
    proposal = submitted_proposal(world)
    return proposal, active_review(proposal, world.reviewer, world.analyst)


def test_start_review_creates_a_draft_with_one_score_per_criterion(world, setup):
    _proposal, review = setup
    assert review.state == Review.State.DRAFT
    assert review.scores.count() == 4
    assert reviews.start_review(review.assignment, world.reviewer) == review


def test_no_review_without_a_rubric(world):
    proposal = submitted_proposal(world)
    from scoring.services import assignments

    assignment = assignments.declare(assignments.assign(proposal, world.reviewer, world.analyst),
                                     world.reviewer, has_conflict=False)
    with pytest.raises(Conflict):
        reviews.start_review(assignment, world.reviewer)


def test_score_outside_the_scale_is_refused(world, setup):
    _proposal, review = setup
    answers = answers_for(review, 1)
    key = next(k for k, v in answers.items() if "value" in v)
    answers[key]["value"] = Decimal("11")
    with pytest.raises(InvalidInput):
        reviews.save_draft(review, world.reviewer, scores=answers)
    assert review.scores.filter(value=Decimal("11")).count() == 0


def test_suggested_amount_cannot_exceed_the_request(world, setup):
    proposal, review = setup
    with pytest.raises(InvalidInput):
        reviews.save_draft(review, world.reviewer, scores={}, suggested_amount=proposal.requested_amount + 1)


def test_submission_needs_every_answer_and_a_recommendation(world, setup):
    _proposal, review = setup
    reviews.save_draft(review, world.reviewer, scores=answers_for(review, 0.5))
    with pytest.raises(Conflict) as refused:
        reviews.submit(review, world.reviewer)
    assert "Choisissez une recommandation." in refused.value.messages
    review.refresh_from_db()
    assert review.state == Review.State.DRAFT


def test_a_submitted_review_is_read_only(world, setup):
    _proposal, review = setup
    reviews.save_draft(review, world.reviewer, scores=answers_for(review, 0.5), recommendation="fund")
    done = reviews.submit(review, world.reviewer)
    assert done.state == Review.State.SUBMITTED and done.submitted_at is not None
    assert done.weighted_total == Decimal("50.00")
    with pytest.raises(Conflict):
        reviews.save_draft(done, world.reviewer, scores=answers_for(done, 1), recommendation="fund")
    with pytest.raises(Conflict):
        reviews.submit(done, world.reviewer)
    done.refresh_from_db()
    assert done.weighted_total == Decimal("50.00")


def test_nobody_else_writes_a_reviewers_draft(world, setup):
    _proposal, review = setup
    for intruder in (world.analyst, world.applicant, reviewer_in(world.program)):
        with pytest.raises(PermissionDenied):
            reviews.save_draft(review, intruder, scores=answers_for(review, 1))
        with pytest.raises(PermissionDenied):
            reviews.submit(review, intruder)


def test_submitted_review_count_counts_only_this_proposals_submitted_reviews(world):
    rubric_for(world.call)
    proposal, other = submitted_proposal(world), submitted_proposal(world)
    second = reviewer_in(world.program)
    submitted_review(proposal, world.reviewer, world.analyst, 0.8)
    active_review(proposal, second, world.analyst)  # a draft does not count
    submitted_review(other, second, world.analyst, 0.4)
    assert queries.submitted_review_count(proposal) == 1
    assert queries.submitted_review_count(other) == 1


def test_recommend_guard_waits_for_the_required_submitted_reviews(world):
    rubric_for(world.call)
    world.call.required_reviews = 2
    world.call.save()
    proposal = submitted_proposal(world)
    second = reviewer_in(world.program)
    submitted_review(proposal, world.reviewer, world.analyst, 0.8)
    draft = active_review(proposal, second, world.analyst)
    assert guards.enough_reviews(proposal, None) is not None
    reviews.save_draft(draft, second, scores=answers_for(draft, 0.7), recommendation="fund")
    reviews.submit(draft, second)
    assert guards.enough_reviews(proposal, None) is None


# --- the review form -------------------------------------------------------------------------


def _form_data(review, fraction, **extra):
    data = {"overall_comment": "Solide.", "recommendation": "fund", "suggested_amount": ""}
    for criterion_id, answer in answers_for(review, fraction).items():
        if "passed" in answer:
            data[f"passed_{criterion_id}"] = "pass"
        else:
            data[f"value_{criterion_id}"] = str(answer["value"])
        data[f"comment_{criterion_id}"] = "Commentaire."
    return data | extra


def test_reviewer_saves_a_draft_then_submits_through_the_form(client, world, setup):
    proposal, review = setup
    client.force_login(world.reviewer)
    url = f"/evaluation/demandes/{proposal.pk}/evaluer/"
    page = client.get(url)
    assert page.status_code == 200
    assert proposal.problem_statement in page.content.decode()
    assert client.post(url, _form_data(review, 0.4, save="")).status_code == 302
    review.refresh_from_db()
    assert review.state == Review.State.DRAFT and review.weighted_total == Decimal("40.00")
    assert client.post(url, _form_data(review, 0.8, submit="")).status_code == 302
    review.refresh_from_db()
    assert review.state == Review.State.SUBMITTED and review.weighted_total == Decimal("80.00")
    after = client.post(url, _form_data(review, 0.1, save=""))
    review.refresh_from_db()
    assert after.status_code == 200 and review.weighted_total == Decimal("80.00")
    assert "ne peut plus être modifiée" in after.content.decode()


def test_incomplete_submission_shows_why_and_keeps_the_draft(client, world, setup):
    proposal, review = setup
    client.force_login(world.reviewer)
    response = client.post(f"/evaluation/demandes/{proposal.pk}/evaluer/",
                           _form_data(review, 0.5, submit="", recommendation=""))
    assert response.status_code == 200
    assert 'role="alert"' in response.content.decode()
    assert "Choisissez une recommandation." in response.content.decode()
    review.refresh_from_db()
    assert review.state == Review.State.DRAFT and review.weighted_total == Decimal("50.00")


def test_my_reviews_lists_only_my_assignments(client, world, setup):
    proposal, _review = setup
    other = submitted_proposal(world, title="Projet d'une autre personne")
    active_review(other, reviewer_in(world.program), world.analyst)
    client.force_login(world.reviewer)
    content = client.get("/evaluation/").content.decode()
    assert proposal.title in content and other.title not in content


# --- visibility of other reviews --------------------------------------------------------------


def test_reviewers_see_others_reviews_only_after_submitting_their_own(client, world, setup):
    proposal, review = setup
    second = reviewer_in(world.program)
    submitted_review(proposal, second, world.analyst, 0.9)
    url = f"/evaluation/demandes/{proposal.pk}/evaluations/"
    client.force_login(world.reviewer)
    assert client.get(url).status_code == 403
    assert "Voir l'ensemble" not in client.get(f"/evaluation/demandes/{proposal.pk}/evaluer/").content.decode()
    reviews.save_draft(review, world.reviewer, scores=answers_for(review, 0.5), recommendation="fund")
    reviews.submit(review, world.reviewer)
    response = client.get(url)
    assert response.status_code == 200
    assert second.get_full_name() in response.content.decode()


def test_the_rubric_setting_shows_others_reviews_before_submitting(client, world, setup):
    proposal, review = setup
    review.rubric.reviews_visible_before_submit = True
    review.rubric.save()
    client.force_login(world.reviewer)
    assert client.get(f"/evaluation/demandes/{proposal.pk}/evaluations/").status_code == 200


def test_staff_see_every_submitted_review_with_the_summary(client, world, setup, django_assert_max_num_queries):
    proposal, _review = setup
    for fraction in (0.2, 0.9):
        submitted_review(proposal, reviewer_in(world.program), world.analyst, fraction)
    client.force_login(world.analyst)
    client.get(f"/evaluation/demandes/{proposal.pk}/evaluations/")  # warms per-process caches (content types)
    with django_assert_max_num_queries(16):  # 15 + the access-log row (core.access_log)
        response = client.get(f"/evaluation/demandes/{proposal.pk}/evaluations/")
    content = response.content.decode()
    assert response.status_code == 200
    assert "55,0" in content or "55.0" in content  # mean of 20 and 90
    assert "désaccord" in content


@pytest.mark.parametrize("persona", ["applicant", "other_applicant", "board", "outside_analyst", "nobody"])
def test_outsiders_get_404_on_the_reviews_page(client, world, setup, persona):
    proposal, _review = setup
    client.force_login(getattr(world, persona))
    assert client.get(f"/evaluation/demandes/{proposal.pk}/evaluations/").status_code == 404
    assert client.get(f"/evaluation/demandes/{proposal.pk}/evaluer/").status_code == 404


def test_unassigned_reviewer_of_the_program_gets_404(client, world, setup):
    proposal, _review = setup
    client.force_login(reviewer_in(world.program))
    assert client.get(f"/evaluation/demandes/{proposal.pk}/evaluer/").status_code == 404
    assert client.get(f"/evaluation/demandes/{proposal.pk}/evaluations/").status_code == 404


def test_autosave_stores_the_draft_and_reports_the_total(client, world, setup):
    proposal, review = setup
    client.force_login(world.reviewer)
    url = f"/evaluation/demandes/{proposal.pk}/evaluer/brouillon/"
    response = client.post(url, _form_data(review, 0.4), HTTP_HX_REQUEST="true")
    assert response.status_code == 200 and "Brouillon enregistré automatiquement" in response.content.decode()
    review.refresh_from_db()
    assert review.weighted_total == Decimal("40.00")
    wrong = _form_data(review, 0.4)
    wrong[next(key for key in wrong if key.startswith("value_"))] = "99"
    refused = client.post(url, wrong, HTTP_HX_REQUEST="true").content.decode()
    assert 'role="alert"' in refused
    review.refresh_from_db()
    assert review.weighted_total == Decimal("40.00")


def test_autosave_refuses_a_submitted_review_and_other_people(client, world, setup):
    proposal, review = setup
    url = f"/evaluation/demandes/{proposal.pk}/evaluer/brouillon/"
    reviews.save_draft(review, world.reviewer, scores=answers_for(review, 0.5), recommendation="fund")
    reviews.submit(review, world.reviewer)
    client.force_login(world.reviewer)
    assert 'role="alert"' in client.post(url, _form_data(review, 1)).content.decode()
    review.refresh_from_db()
    assert review.weighted_total == Decimal("50.00")
    client.force_login(world.applicant)
    assert client.post(url, _form_data(review, 1)).status_code == 404


def test_reviewer_pages_query_count_does_not_grow(client, world, django_assert_max_num_queries):
    rubric = rubric_for(world.call)
    proposal = submitted_proposal(world)
    review = active_review(proposal, world.reviewer, world.analyst)
    client.force_login(world.reviewer)
    with django_assert_max_num_queries(40) as first_list:
        client.get("/evaluation/")
    with django_assert_max_num_queries(60) as first_form:
        client.get(f"/evaluation/demandes/{proposal.pk}/evaluer/")
    for _ in range(4):
        factories.CriterionFactory(rubric=rubric)
        active_review(submitted_proposal(world), world.reviewer, world.analyst)
    reviews.sync_scores(review)
    with django_assert_max_num_queries(len(first_list.captured_queries)):
        client.get("/evaluation/")
    with django_assert_max_num_queries(len(first_form.captured_queries)):
        client.get(f"/evaluation/demandes/{proposal.pk}/evaluer/")
