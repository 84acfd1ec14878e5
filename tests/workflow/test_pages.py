"""The staff page, the action endpoint, the included template tags and the API token page."""

import pytest
from django.template import Context, Template
from django.test import RequestFactory

from grants.models import Proposal
from grants.states import State
from tests import factories
from workflow import services

pytestmark = pytest.mark.django_db


def detail(pk):
    return f"/analyse/demandes/{pk}/"


def perform(pk, name):
    return f"/analyse/demandes/{pk}/actions/{name}/"


@pytest.mark.parametrize(("persona", "status"), [
    ("analyst", 200), ("manager", 200), ("admin", 200),
    # The board sees a proposal from the decision stage on.
    ("board", 404), ("applicant", 404), ("other_applicant", 404), ("outside_analyst", 404), ("reviewer", 404),
    ("nobody", 404),
])
def test_staff_page_only_for_the_programs_staff(client, world, make_proposal, persona, status):
    proposal = make_proposal(State.SUBMITTED)
    client.force_login(getattr(world, persona))
    assert client.get(detail(proposal.pk)).status_code == status


def test_staff_page_shows_sections_attachments_actions_and_history(client, world, make_proposal):
    proposal = make_proposal(State.SUBMITTED)
    attachment = factories.AttachmentFactory(proposal=proposal, original_name="lettre-appui.pdf")
    services.transition(proposal, "start_analysis", world.analyst)
    client.force_login(world.analyst)
    page = client.get(detail(proposal.pk)).content.decode()
    assert proposal.problem_statement in page and proposal.gender_impact in page
    assert f"/demandes/{proposal.pk}/pieces/{attachment.pk}/" in page
    assert "Demander des compléments" in page and "Recommander" in page
    assert "Accorder le financement" not in page  # the board's, not the analyst's
    assert "Commencer l&#x27;analyse" in page  # in the history


def test_staff_page_lists_only_the_proposal_s_own_lines(client, world, make_proposal):
    proposal, other = make_proposal(State.SUBMITTED), make_proposal(State.SUBMITTED)
    for owner, mark in ((proposal, "ici"), (other, "ailleurs")):
        factories.PartnerFactory(proposal=owner, name=f"Partenaire {mark}")
        factories.BudgetLineFactory(proposal=owner, description=f"Ligne {mark}")
        factories.CoFundingFactory(proposal=owner, source=f"Bailleur {mark}")
        factories.IndicatorFactory(proposal=owner, label=f"Indicateur {mark}")
        factories.AttachmentFactory(proposal=owner, original_name=f"piece-{mark}.pdf")
    client.force_login(world.analyst)
    page = client.get(detail(proposal.pk)).content.decode()
    for shown in ("Partenaire ici", "Ligne ici", "Bailleur ici", "Indicateur ici", "piece-ici.pdf"):
        assert shown in page
    assert "ailleurs" not in page


def test_staff_page_shows_the_envelope_left_before_a_decision(client, world, make_proposal):
    from decimal import Decimal

    world.program.envelope = Decimal("50000")
    world.program.save()
    make_proposal(State.FUNDED, amount_granted=Decimal("20000"))
    proposal = make_proposal(State.RECOMMENDED)
    client.force_login(world.board)
    assert "30\u00a0000,00\u00a0$" in client.get(detail(proposal.pk)).content.decode()


def test_action_endpoint_performs_and_comes_back(client, world, make_proposal):
    proposal = make_proposal(State.UNDER_ANALYSIS)
    client.force_login(world.analyst)
    response = client.post(perform(proposal.pk, "request_changes"), {
        "comment": "Ajoutez le budget détaillé.", "expected_state": "under_analysis", "next": detail(proposal.pk)},
        follow=True)
    assert response.redirect_chain[-1][0] == detail(proposal.pk)
    assert Proposal.objects.get(pk=proposal.pk).state == State.CHANGES_REQUESTED
    assert "À compléter" in response.content.decode()


def test_action_endpoint_explains_a_race(client, world, make_proposal):
    proposal = make_proposal(State.UNDER_ANALYSIS)
    client.force_login(world.analyst)
    response = client.post(perform(proposal.pk, "recommend"), {"expected_state": "submitted"}, follow=True)
    assert "modifiée par une autre personne pendant votre action" in response.content.decode()
    assert Proposal.objects.get(pk=proposal.pk).state == State.UNDER_ANALYSIS


def test_action_endpoint_explains_a_guard(client, world, make_proposal):
    proposal = make_proposal(State.UNDER_ANALYSIS)
    client.force_login(world.analyst)
    response = client.post(perform(proposal.pk, "do_not_recommend"), {"comment": " "}, follow=True)
    assert "est obligatoire pour cette action" in response.content.decode()


def test_action_endpoint_refuses_outsiders_with_404_and_other_roles_with_a_message(client, world, make_proposal):
    proposal = make_proposal(State.UNDER_ANALYSIS)
    client.force_login(world.outside_analyst)
    assert client.post(perform(proposal.pk, "recommend")).status_code == 404
    client.force_login(world.board)  # the board does not see a proposal before the decision stage
    assert client.post(perform(proposal.pk, "recommend")).status_code == 404
    client.force_login(world.manager)
    response = client.post(perform(proposal.pk, "recommend"), follow=True)
    assert "est réservé au rôle" in response.content.decode()
    assert client.post(perform(proposal.pk, "publish")).status_code == 404


def test_action_endpoint_ignores_a_foreign_next(client, world, make_proposal):
    proposal = make_proposal(State.SUBMITTED)
    client.force_login(world.analyst)
    response = client.post(perform(proposal.pk, "start_analysis"), {"next": "https://evil.example/"})
    assert response.url == detail(proposal.pk)


def render(template, user, proposal):
    request = RequestFactory().get("/demandes/1/")
    request.user = user
    return Template("{% load workflow_tags %}" + template).render(Context({"request": request, "p": proposal}))


def test_applicant_tags_show_the_change_request_and_their_actions(world, make_proposal):
    proposal = make_proposal(State.UNDER_ANALYSIS)
    services.transition(proposal, "request_changes", world.analyst, comment="Précisez les partenaires.")
    proposal.refresh_from_db()
    html = render("{% change_request p %}{% proposal_actions p %}{% proposal_timeline p %}", world.applicant, proposal)
    assert "Précisez les partenaires." in html and 'role="alert"' in html
    assert "Déposer de nouveau" in html and "Raison du retrait" in html
    assert 'name="next" value="/demandes/1/"' in html
    assert "Recommander" not in html


def test_applicant_timeline_hides_internal_recommendations(world, make_proposal):
    proposal = make_proposal(State.UNDER_ANALYSIS)
    proposal = services.transition(proposal, "do_not_recommend", world.analyst, comment="Note interne au CA.")
    assert "Note interne au CA." not in render("{% proposal_timeline p %}", world.applicant, proposal)
    assert "Note interne au CA." in render("{% proposal_timeline p %}", world.board, proposal)


def test_nav_link_for_staff_only(client, world):
    client.force_login(world.board)
    assert 'href="/analyse/"' in client.get("/analyse/api-jeton/").content.decode()
    client.force_login(world.applicant)
    assert 'href="/analyse/"' not in client.get("/analyse/api-jeton/").content.decode()


def test_token_is_created_shown_once_and_revoked(client, world):
    from core import tokens
    from core.models import ApiToken

    client.force_login(world.applicant)
    page = client.post("/analyse/api-jeton/", {"action": "create", "name": "Tableur", "scope": "read"}).content.decode()
    token = ApiToken.objects.get(user=world.applicant)
    key = page.split('id="token-key" type="text" readonly value="')[1].split('"')[0]
    assert token.scope == "read" and token.name == "Tableur" and tokens.authenticate(key) == token
    assert key not in client.get("/analyse/api-jeton/").content.decode() and key not in token.key_hash
    other, _key = tokens.issue(world.other_applicant, name="autre")
    client.post("/analyse/api-jeton/", {"action": "revoke", "token": other.pk})
    assert ApiToken.objects.filter(pk=other.pk).exists()  # someone else's token is left alone
    client.post("/analyse/api-jeton/", {"action": "revoke", "token": token.pk})
    assert not ApiToken.objects.filter(user=world.applicant).exists()
