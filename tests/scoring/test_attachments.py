"""A reviewer downloads the proposal's attachments from the review page, through scoring's own route:
allowed exactly when the review page is; the applicant-side download stays closed to reviewers."""

import pytest
from django.urls import reverse

from scoring.services import assignments
from tests import factories
from tests.scoring.reviewing import reviewer_in, rubric_for, submitted_proposal


@pytest.fixture
def proposal(world):
    rubric_for(world.call)
    return submitted_proposal(world)


@pytest.fixture
def attachment(proposal):
    return factories.AttachmentFactory(proposal=proposal, original_name="lettre d'appui.pdf")


def url_of(attachment):
    return reverse("scoring:attachment", args=[attachment.proposal_id, attachment.pk])


def active(proposal, reviewer, analyst):
    return assignments.declare(assignments.assign(proposal, reviewer, analyst), reviewer, has_conflict=False)


def test_the_route_keeps_its_address(attachment):
    assert url_of(attachment) == f"/evaluation/demandes/{attachment.proposal_id}/pieces/{attachment.pk}/"


def test_an_active_reviewer_downloads_the_file_linked_from_the_review_page(client, world, proposal, attachment):
    active(proposal, world.reviewer, world.analyst)
    client.force_login(world.reviewer)
    page = client.get(reverse("scoring:review", args=[proposal.pk])).content.decode()
    assert url_of(attachment) in page and "lettre d&#x27;appui.pdf" in page
    response = client.get(url_of(attachment))
    assert response.status_code == 200
    assert b"".join(response.streaming_content).startswith(b"%PDF")
    assert "attachment" in response["Content-Disposition"]
    assert response["Cache-Control"] == "private, no-store" and response["X-Content-Type-Options"] == "nosniff"


def test_the_applicant_side_download_stays_closed_to_the_reviewer(client, world, proposal, attachment):
    active(proposal, world.reviewer, world.analyst)
    client.force_login(world.reviewer)
    assert client.get(f"/demandes/{proposal.pk}/pieces/{attachment.pk}/").status_code == 404


def test_a_pending_reviewer_declares_first(client, world, proposal, attachment):
    assignments.assign(proposal, world.reviewer, world.analyst)
    client.force_login(world.reviewer)
    assert client.get(url_of(attachment)).status_code == 404


def test_a_recused_reviewer_gets_404(client, world, proposal, attachment):
    assignment = assignments.assign(proposal, world.reviewer, world.analyst)
    assignments.declare(assignment, world.reviewer, has_conflict=True, reason="Je siège à leur CA.")
    client.force_login(world.reviewer)
    assert client.get(url_of(attachment)).status_code == 404


def test_a_cancelled_reviewer_gets_404(client, world, proposal, attachment):
    assignments.cancel(active(proposal, world.reviewer, world.analyst), world.analyst)
    client.force_login(world.reviewer)
    assert client.get(url_of(attachment)).status_code == 404


@pytest.mark.parametrize("persona", ["applicant", "analyst", "board", "manager", "outside_analyst", "nobody"])
def test_unassigned_people_get_404(client, world, proposal, attachment, persona):
    client.force_login(getattr(world, persona))
    assert client.get(url_of(attachment)).status_code == 404


def test_an_unassigned_reviewer_of_the_program_gets_404(client, world, proposal, attachment):
    active(proposal, world.reviewer, world.analyst)
    client.force_login(reviewer_in(world.program))
    assert client.get(url_of(attachment)).status_code == 404


def test_another_proposals_attachment_is_404(client, world, proposal):
    active(proposal, world.reviewer, world.analyst)
    elsewhere = factories.AttachmentFactory(proposal=submitted_proposal(world))
    client.force_login(world.reviewer)
    url = reverse("scoring:attachment", args=[proposal.pk, elsewhere.pk])
    assert client.get(url).status_code == 404
