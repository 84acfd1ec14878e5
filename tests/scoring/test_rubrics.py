from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from core.errors import Conflict
from scoring.models import Criterion, Rubric
from scoring.services import reviews
from scoring.services import rubrics as services
from tests import factories
from tests.concurrency import run_together
from tests.scoring.reviewing import (
    active_review,
    answers_for,
    rubric_for,
    submitted_proposal,
    submitted_review,
)


def test_rubrics_of_a_call_are_numbered_versions(world):
    first = services.create_rubric(world.call, world.manager, title="Grille")
    second = services.create_rubric(world.call, world.analyst, title="Grille révisée")
    assert (first.version, second.version) == (1, 2)
    assert services.current_rubric(world.call) == second


@pytest.mark.parametrize("persona", ["reviewer", "board", "applicant", "outside_analyst", "nobody"])
def test_only_program_staff_write_rubrics(world, persona):
    with pytest.raises(PermissionDenied):
        services.create_rubric(world.call, getattr(world, persona), title="Grille")


def test_criterion_changes_recompute_draft_reviews(world):
    rubric = rubric_for(world.call)
    review = active_review(submitted_proposal(world), world.reviewer, world.analyst)
    reviews.save_draft(review, world.reviewer, scores=answers_for(review, 1))
    added = Criterion(rubric=rubric, section="budget", label="Réalisme du budget", weight=Decimal("4"),
                      scale_max=10)
    services.save_criterion(added, world.manager)
    review.refresh_from_db()
    # The new criterion has no score yet: the draft's total waits for it.
    assert review.scores.count() == 5 and review.weighted_total is None


def test_a_submitted_review_freezes_its_rubric(world):
    rubric = rubric_for(world.call)
    proposal = submitted_proposal(world)
    submitted_review(proposal, world.reviewer, world.analyst, 0.6)
    criterion = rubric.criteria.exclude(eliminatory=True).first()
    assert rubric.is_locked
    criterion.weight = Decimal("9")
    with pytest.raises(Conflict):
        services.save_criterion(criterion, world.manager)
    with pytest.raises(Conflict):
        services.save_criterion(Criterion(rubric=rubric, label="Nouveau", weight=1, scale_max=5), world.manager)
    with pytest.raises(Conflict):
        services.delete_criterion(criterion, world.manager)
    with pytest.raises(Conflict):
        services.update_rubric(rubric, world.manager, title="Autre")
    assert Criterion.objects.get(pk=criterion.pk).weight != Decimal("9")
    assert rubric.criteria.count() == 4


def test_a_draft_review_does_not_lock_the_rubric(world):
    rubric = rubric_for(world.call)
    active_review(submitted_proposal(world), world.reviewer, world.analyst)
    assert not rubric.is_locked
    services.update_rubric(rubric, world.manager, title="Grille corrigée")
    assert Rubric.objects.get(pk=rubric.pk).title == "Grille corrigée"


def test_new_version_copies_criteria_and_new_reviews_use_it(world):
    rubric = rubric_for(world.call)
    proposal = submitted_proposal(world)
    submitted_review(proposal, world.reviewer, world.analyst, 0.6)
    copy = services.new_version(rubric, world.manager)
    assert copy.version == 2 and not copy.is_locked
    fields = ["section", "axis_id", "label", "weight", "scale_max", "eliminatory", "order"]
    assert list(copy.criteria.values_list(*fields)) == list(rubric.criteria.values_list(*fields))
    second = factories.UserFactory()
    factories.ProgramRoleFactory(user=second, program=world.program, role="reviewer")
    assert active_review(proposal, second, world.analyst).rubric == copy


def test_criterion_axis_must_belong_to_the_calls_program(world):
    rubric = factories.RubricFactory(call=world.call)
    foreign_axis = factories.AxisFactory()
    with pytest.raises(ValidationError):
        services.save_criterion(Criterion(rubric=rubric, axis=foreign_axis, label="Axe", scale_max=5),
                                world.manager)


def _admin_post(client, rubric, criteria, **extra):
    data = {"title": rubric.title, "reviews_visible_before_submit": "",
            "criteria-TOTAL_FORMS": str(len(criteria)), "criteria-INITIAL_FORMS": str(len(criteria)),
            "criteria-MIN_NUM_FORMS": "0", "criteria-MAX_NUM_FORMS": "1000", **extra}
    for index, criterion in enumerate(criteria):
        data.update({f"criteria-{index}-id": criterion.pk, f"criteria-{index}-rubric": rubric.pk,
                     f"criteria-{index}-order": criterion.order, f"criteria-{index}-section": criterion.section,
                     f"criteria-{index}-axis": criterion.axis_id or "", f"criteria-{index}-label": criterion.label,
                     f"criteria-{index}-weight": "7", f"criteria-{index}-scale_max": criterion.scale_max,
                     f"criteria-{index}-guidance": ""})
    return client.post(f"/admin/scoring/rubric/{rubric.pk}/change/", data)


def test_admin_edits_an_open_rubric_through_the_service(client, world):
    rubric = rubric_for(world.call)
    client.force_login(world.admin)
    response = _admin_post(client, rubric, list(rubric.criteria.all()))
    assert response.status_code == 302
    assert set(rubric.criteria.values_list("weight", flat=True)) == {Decimal("7")}


def test_admin_refuses_to_change_a_locked_rubric(client, world):
    rubric = rubric_for(world.call)
    submitted_review(submitted_proposal(world), world.reviewer, world.analyst, 0.6)
    client.force_login(world.admin)
    page = client.get(f"/admin/scoring/rubric/{rubric.pk}/change/")
    assert page.status_code == 200 and b"criteria-0-weight" not in page.content
    response = _admin_post(client, rubric, list(rubric.criteria.all()))
    assert response.status_code == 200
    assert "ne peut plus être modifiée" in response.content.decode()
    assert Decimal("7") not in set(rubric.criteria.values_list("weight", flat=True))


def test_admin_action_creates_a_new_version(client, world):
    rubric = rubric_for(world.call)
    client.force_login(world.admin)
    response = client.post("/admin/scoring/rubric/", {"action": "make_new_version", "_selected_action": [rubric.pk]})
    assert response.status_code == 302
    copy = Rubric.objects.get(call=world.call, version=2)
    assert copy.criteria.count() == rubric.criteria.count()


def test_admin_adds_a_rubric_with_criteria(client, world):
    axis = factories.AxisFactory(program=world.program)
    client.force_login(world.admin)
    response = client.post("/admin/scoring/rubric/add/", {
        "call": world.call.pk, "title": "Grille 2026", "reviews_visible_before_submit": "",
        "criteria-TOTAL_FORMS": "1", "criteria-INITIAL_FORMS": "0", "criteria-MIN_NUM_FORMS": "0",
        "criteria-MAX_NUM_FORMS": "1000", "criteria-0-order": "1", "criteria-0-section": "axis",
        "criteria-0-axis": axis.pk, "criteria-0-label": "Contribution à l'axe", "criteria-0-weight": "2",
        "criteria-0-scale_max": "5", "criteria-0-guidance": "",
    })
    assert response.status_code == 302
    rubric = Rubric.objects.get(call=world.call)
    assert rubric.version == 1 and rubric.criteria.get().axis == axis


def test_admin_list_shows_which_rubrics_are_locked(client, world):
    locked = rubric_for(world.call)
    submitted_review(submitted_proposal(world), world.reviewer, world.analyst, 0.6)
    services.new_version(locked, world.manager)
    client.force_login(world.admin)
    response = client.get("/admin/scoring/rubric/")
    assert response.status_code == 200
    assert response.content.decode().count('alt="True"') == 1


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_a_weight_change_racing_a_submission_never_leaves_a_stale_total(world, require_postgres):
    from scoring import aggregation

    rubric = rubric_for(world.call)
    review = active_review(submitted_proposal(world), world.reviewer, world.analyst)
    answers = answers_for(review, 1)
    scored = [key for key, answer in answers.items() if "value" in answer]
    answers[scored[0]]["value"] = Decimal("0")
    reviews.save_draft(review, world.reviewer, scores=answers, recommendation="fund")

    def submit():
        reviews.submit(review, world.reviewer)

    def reweigh():
        criterion = Criterion.objects.get(pk=scored[0])
        criterion.weight = Decimal("10")
        services.save_criterion(criterion, world.manager)

    def run(task):
        try:
            task()
            return task.__name__
        except Conflict:
            return f"{task.__name__} refused"

    outcomes = sorted(run_together(lambda: run(submit), lambda: run(reweigh)))
    assert outcomes in (["reweigh", "submit"], ["reweigh refused", "submit"])
    review.refresh_from_db()
    marks = [aggregation.Mark(float(s.value), s.criterion.scale_max, float(s.criterion.weight))
             for s in review.scores.select_related("criterion") if not s.criterion.eliminatory]
    assert review.is_submitted and rubric.is_locked
    assert float(review.weighted_total) == pytest.approx(aggregation.weighted_total(marks), abs=0.01)
