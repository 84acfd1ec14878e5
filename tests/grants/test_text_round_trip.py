"""Multi-line text is stored with LF line breaks exactly as typed, whether a browser (CR LF) or the API
sent it, and comes back identical on the page and through the API."""

import html
import re

import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from grants.models import Proposal
from tests import factories

pytestmark = pytest.mark.django_db

PARAGRAPH = ("Les familles monoparentales de la Côte-Nord vivent une insécurité alimentaire « chronique » ; "
             "l'hiver, l'accès aux épiceries à prix modique diminue — œuvre commune, façade, naïveté, Éric.")


def typed_text(length=4700):
    """What a person types: accents, blank lines between paragraphs, an indented list, LF line breaks."""
    text = "Préoccupations de la Table\n\n" + "\n\n".join(
        f"{n}. {PARAGRAPH}\n    - à l'été : « {n} » familles" for n in range(40))
    return text[:length - 1].rstrip() + "…"


def test_the_typed_text_is_what_the_test_claims():
    text = typed_text()
    assert len(text) == 4700 and "\n\n" in text and "\r" not in text and "é" in text


def test_a_browser_post_with_crlf_is_stored_with_lf_and_shown_back(client, world):
    proposal = factories.ProposalFactory(call=world.call, organisation=world.organisation)
    text = typed_text()
    sent = text.replace("\n", "\r\n")  # as every browser sends a text box
    client.force_login(world.applicant)
    response = client.post(reverse("proposal_step", args=[proposal.pk, "objectifs"]), {
        "version": proposal.version, "objectives": "Objectifs", "problem_statement": sent,
        "expected_results": "R", "concerns": sent, "complementarity": "C"})
    assert response.status_code == 302
    saved = Proposal.objects.get(pk=proposal.pk)
    assert saved.concerns == text and saved.problem_statement == text

    page = client.get(reverse("proposal_step", args=[proposal.pk, "objectifs"])).content.decode()
    # Django writes one line break after <textarea>, which browsers drop.
    shown = re.search(r'<textarea[^>]*id="id_concerns"[^>]*>\n(.*?)</textarea>', page, re.DOTALL).group(1)
    assert html.unescape(shown) == text

    api = APIClient()
    api.force_authenticate(world.applicant)
    body = api.get(f"/api/v1/proposals/{proposal.pk}/").json()
    assert body["concerns"] == text and body["problem_statement"] == text


def test_an_api_patch_with_crlf_or_cr_is_stored_with_lf(world):
    proposal = factories.ProposalFactory(call=world.call, organisation=world.organisation)
    text = typed_text()
    api = APIClient()
    api.force_authenticate(world.applicant)
    response = api.patch(f"/api/v1/proposals/{proposal.pk}/", {
        "version": proposal.version, "concerns": text.replace("\n", "\r\n"), "mission": text.replace("\n", "\r")},
        format="json")
    assert response.status_code == 200, response.json()
    saved = Proposal.objects.get(pk=proposal.pk)
    assert (saved.concerns, saved.mission) == (text, text)
    assert api.get(f"/api/v1/proposals/{proposal.pk}/").json()["concerns"] == text


def test_a_line_break_counts_once_against_a_length_limit(client, world):
    """The public summary allows 1,000 characters: 990 letters and 10 line breaks fit, as the browser
    counted them, although CR LF would have made 1,010."""
    proposal = factories.ProposalFactory(call=world.call, organisation=world.organisation)
    typed = "\n".join(["a" * 90] * 11)  # 990 letters, 10 line breaks
    assert len(typed) == 1000
    client.force_login(world.applicant)
    response = client.post(reverse("proposal_step", args=[proposal.pk, "projet"]), {
        "version": proposal.version, "title": proposal.title, "mission": "M",
        "public_summary": typed.replace("\n", "\r\n")})
    assert response.status_code == 302
    assert Proposal.objects.get(pk=proposal.pk).public_summary == typed


def test_partner_roles_pasted_or_typed_keep_lf(client, world):
    proposal = factories.ProposalFactory(call=world.call, organisation=world.organisation)
    client.force_login(world.applicant)
    response = client.post(reverse("proposal_step", args=[proposal.pk, "partenaires"]), {
        "version": proposal.version, "partners-TOTAL_FORMS": "1", "partners-INITIAL_FORMS": "0",
        "partners-0-name": "CISSS", "partners-0-kind": "public", "partners-0-role": "Accueil\r\n\r\n- transport",
        "partners-0-cash_contribution": "0", "partners-0-in_kind_contribution": "0"})
    assert response.status_code == 302
    assert proposal.partners.get().role == "Accueil\n\n- transport"


def test_through_the_api_a_line_break_counts_once_too(world):
    proposal = factories.ProposalFactory(call=world.call, organisation=world.organisation)
    typed = "\n".join(["a" * 90] * 11)  # 1,000 characters with LF, 1,010 with CR LF
    api = APIClient()
    api.force_authenticate(world.applicant)
    response = api.patch(f"/api/v1/proposals/{proposal.pk}/", {
        "version": proposal.version, "public_summary": typed.replace("\n", "\r\n")}, format="json")
    assert response.status_code == 200, response.json()
    assert Proposal.objects.get(pk=proposal.pk).public_summary == typed
    partners = api.put(f"/api/v1/proposals/{proposal.pk}/partners/", {"version": proposal.version + 1, "items": [
        {"name": "CISSS", "kind": "public", "role": "Accueil\r\n\r\nTransport"}]}, format="json")
    assert partners.status_code == 200, partners.json()
    assert proposal.partners.get().role == "Accueil\n\nTransport"
