"""Another organisation's objects answer 404 on every applicant view, GET and POST."""

import pytest
from django.urls import reverse

from grants.forms.steps import STEPS
from grants.models import Organisation, Proposal
from tests import factories

pytestmark = pytest.mark.django_db

OUTSIDERS = ["other_applicant", "nobody", "outside_analyst"]


@pytest.fixture
def objects(world):
    proposal = factories.ProposalFactory(call=world.call, organisation=world.organisation, title="Projet A")
    attachment = factories.AttachmentFactory(proposal=proposal)
    return proposal, attachment


def proposal_urls(proposal, attachment):
    """(method, url) of every applicant view on a proposal or its attachments."""
    pk = proposal.pk
    urls = [("get", reverse("proposal_detail", args=[pk])), ("post", reverse("proposal_submit", args=[pk])),
            ("post", reverse("attachment_upload", args=[pk])),
            ("get", reverse("attachment_download", args=[pk, attachment.pk])),
            ("post", reverse("attachment_delete", args=[pk, attachment.pk]))]
    for step in STEPS:
        url = reverse("proposal_step", args=[pk, step.slug])
        urls += [("get", url), ("post", url)]
    return urls


def organisation_urls(organisation):
    pk = organisation.pk
    return [("get", reverse("organisation_detail", args=[pk])), ("get", reverse("organisation_edit", args=[pk])),
            ("post", reverse("organisation_edit", args=[pk])), ("post", reverse("organisation_invite", args=[pk]))]


@pytest.mark.parametrize("persona", OUTSIDERS)
def test_outsiders_get_404_on_every_proposal_view(client, world, objects, persona):
    proposal, attachment = objects
    client.force_login(getattr(world, persona))
    for method, url in proposal_urls(proposal, attachment):
        response = getattr(client, method)(url, {"version": 1, "title": "Piraté", "kind": attachment.kind_id})
        assert response.status_code == 404, (persona, method, url, response.status_code)
    proposal = Proposal.objects.get(pk=proposal.pk)
    assert (proposal.title, proposal.state, proposal.attachments.count()) == ("Projet A", "draft", 1)


@pytest.mark.parametrize("persona", OUTSIDERS + ["analyst", "manager"])
def test_non_members_get_404_on_every_organisation_view(client, world, persona):
    client.force_login(getattr(world, persona))
    for method, url in organisation_urls(world.organisation):
        response = getattr(client, method)(url, {"legal_name": "Piraté", "kind": "obnl", "email": "x@example.org"})
        assert response.status_code == 404, (persona, method, url)
    assert Organisation.objects.get(pk=world.organisation.pk).legal_name != "Piraté"
    assert not world.organisation.invitations.exists()


@pytest.mark.parametrize(("persona", "state"), [("analyst", "submitted"), ("manager", "under_analysis"),
                                               ("board", "recommended")])
def test_program_staff_view_but_never_edit(client, world, objects, persona, state):
    proposal, attachment = objects
    Proposal.objects.filter(pk=proposal.pk).update(state=state)
    client.force_login(getattr(world, persona))
    assert client.get(reverse("proposal_detail", args=[proposal.pk])).status_code == 200
    assert client.get(reverse("attachment_download", args=[proposal.pk, attachment.pk])).status_code == 200
    step = reverse("proposal_step", args=[proposal.pk, "projet"])
    assert client.get(step).url == reverse("proposal_detail", args=[proposal.pk])
    assert client.post(step, {"version": proposal.version, "title": "Modifié", "mission": "x"}).status_code == 403
    for url in (reverse("proposal_submit", args=[proposal.pk]), reverse("attachment_upload", args=[proposal.pk]),
                reverse("attachment_delete", args=[proposal.pk, attachment.pk])):
        assert client.post(url).status_code == 403
    proposal = Proposal.objects.get(pk=proposal.pk)
    assert (proposal.title, proposal.state, proposal.attachments.count()) == ("Projet A", state, 1)


@pytest.mark.parametrize("persona", ["analyst", "manager", "board", "reviewer"])
def test_a_draft_is_the_organisation_s_own(client, world, objects, persona):
    proposal, attachment = objects
    client.force_login(getattr(world, persona))
    for method, url in proposal_urls(proposal, attachment):
        assert getattr(client, method)(url).status_code == 404, (persona, method, url)


@pytest.mark.parametrize("state", ["submitted", "under_analysis", "funded"])
def test_the_board_sees_nothing_before_the_decision_stage_and_reviewers_nothing_here(client, world, objects,
                                                                                        state):
    proposal, attachment = objects
    Proposal.objects.filter(pk=proposal.pk).update(state=state)
    expected_for_board = 200 if state == "funded" else 404
    client.force_login(world.board)
    assert client.get(reverse("proposal_detail", args=[proposal.pk])).status_code == expected_for_board
    client.force_login(world.reviewer)
    for method, url in proposal_urls(proposal, attachment):
        assert getattr(client, method)(url).status_code == 404, (method, url)


def test_members_reach_every_view(client, world, objects):
    proposal, attachment = objects
    client.force_login(world.applicant)
    for method, url in proposal_urls(proposal, attachment) + organisation_urls(world.organisation):
        if method == "get":
            assert client.get(url).status_code == 200, url
    assert client.get(reverse("organisation_detail", args=[world.organisation.pk])).status_code == 200


def test_anonymous_people_are_sent_to_login(client, objects):
    proposal, attachment = objects
    for method, url in proposal_urls(proposal, attachment):
        response = getattr(client, method)(url)
        assert response.status_code == 302 and "/comptes/login/" in response.url


def test_rules_permissions_match_the_roles(world, objects):
    proposal, _ = objects
    assert world.applicant.has_perm("grants.change_proposal", proposal)
    assert not world.analyst.has_perm("grants.view_proposal", proposal)  # a draft
    Proposal.objects.filter(pk=proposal.pk).update(state="submitted")
    proposal = Proposal.objects.get(pk=proposal.pk)
    assert world.analyst.has_perm("grants.view_proposal", proposal)
    assert not world.analyst.has_perm("grants.change_proposal", proposal)
    assert not world.outside_analyst.has_perm("grants.view_proposal", proposal)
    assert not world.reviewer.has_perm("grants.view_proposal", proposal)
    assert not world.applicant.has_perm("grants.change_proposal", proposal)
