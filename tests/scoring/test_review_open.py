"""Opening the review form only reads: the draft is created by the first save (form or autosave)."""

from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from scoring.models import Review, Score
from scoring.services import assignments
from tests import factories
from tests.scoring.reviewing import rubric_for, submitted_proposal

pytestmark = pytest.mark.django_db

WRITES = ("INSERT", "UPDATE", "DELETE")
# Opening the page is logged (core.access_log, Loi 25): that row is the only write a GET may make.
ACCESS_LOG_ROW = 'INSERT INTO "core_accesslog"'


@pytest.fixture
def declared(world):
    """An active assignment (no conflict declared), no review yet."""
    rubric = rubric_for(world.call)
    proposal = submitted_proposal(world)
    assignment = assignments.declare(assignments.assign(proposal, world.reviewer, world.analyst),
                                     world.reviewer, has_conflict=False)
    return proposal, assignment, rubric


def _writes(client, url):
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return response, [q["sql"] for q in captured.captured_queries if q["sql"].lstrip().upper().startswith(WRITES)
                      and not q["sql"].lstrip().startswith(ACCESS_LOG_ROW)]


def _answers(rubric, fraction, **extra):
    data = {"recommendation": "fund", "overall_comment": "Solide."}
    for criterion in rubric.criteria.all():
        if criterion.eliminatory:
            data[f"passed_{criterion.pk}"] = "pass"
        else:
            data[f"value_{criterion.pk}"] = str(criterion.scale_max * fraction)
    return data | extra


def test_opening_the_form_writes_nothing_and_the_first_save_creates_the_draft(client, world, declared):
    proposal, _assignment, rubric = declared
    client.force_login(world.reviewer)
    url = f"/evaluation/demandes/{proposal.pk}/evaluer/"
    response, writes = _writes(client, url)
    assert writes == []
    assert not Review.objects.exists() and not Score.objects.exists()
    # The unsaved draft still shows every criterion of the rubric.
    fields = response.context["form"].fields
    assert {f"comment_{criterion.pk}" for criterion in rubric.criteria.all()} <= set(fields)
    assert client.post(url, _answers(rubric, 0.4, save="")).status_code == 302
    review = Review.objects.get()
    assert review.state == Review.State.DRAFT and review.weighted_total == Decimal("40.00")
    assert review.scores.count() == rubric.criteria.count()


def test_first_autosave_creates_the_draft(client, world, declared):
    proposal, _assignment, rubric = declared
    client.force_login(world.reviewer)
    response = client.post(f"/evaluation/demandes/{proposal.pk}/evaluer/brouillon/", _answers(rubric, 0.6),
                           HTTP_HX_REQUEST="true")
    assert "Brouillon enregistré automatiquement" in response.content.decode()
    assert Review.objects.get().weighted_total == Decimal("60.00")


def test_a_criterion_added_to_the_draft_rubric_shows_without_a_write_then_is_stored(client, world, declared):
    proposal, _assignment, rubric = declared
    client.force_login(world.reviewer)
    url = f"/evaluation/demandes/{proposal.pk}/evaluer/"
    client.post(url, _answers(rubric, 0.5, save=""))
    added = factories.CriterionFactory(rubric=rubric, order=99)
    response, writes = _writes(client, url)
    assert writes == [] and not Score.objects.filter(criterion=added).exists()
    assert f"value_{added.pk}" in response.context["form"].fields
    client.post(url, _answers(rubric, 0.5, save=""))
    assert Score.objects.filter(criterion=added, value__isnull=False).exists()


def test_without_a_rubric_the_form_says_so_and_writes_nothing(client, world):
    proposal = submitted_proposal(world)
    assignments.declare(assignments.assign(proposal, world.reviewer, world.analyst), world.reviewer,
                        has_conflict=False)
    client.force_login(world.reviewer)
    response = client.get(f"/evaluation/demandes/{proposal.pk}/evaluer/")
    assert response.status_code == 409 and not Review.objects.exists()
