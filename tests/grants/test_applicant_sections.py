"""The "préoccupations / enjeux soulevés" section and the people a proposal names (project lead, contact
person): on the form, the applicant's page, the staff page, the printable version and the API; their
personal data in the export and the retention rules."""

import pytest
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from rest_framework.test import APIClient

from core import personal_data
from grants import privacy
from grants.models import Proposal
from grants.states import State
from tests import factories

pytestmark = pytest.mark.django_db

PEOPLE = {"project_lead_name": "Nayeth Foglia", "project_lead_role": "Coordonnatrice de la Table",
          "contact_name": "Louise Tremblay", "contact_role": "Agente de développement",
          "contact_email": "louise@tlpj.example.org", "contact_phone": "418 555-0142"}
CONCERNS = "Regrouper les organismes communautaires ;\nfaire de la pauvreté une préoccupation du milieu."


def filled(world, state=State.DRAFT):
    return factories.ProposalFactory(call=world.call, organisation=world.organisation, state=state,
                                     concerns=CONCERNS, **PEOPLE)


def test_the_project_step_names_the_lead_and_the_contact(client, world):
    proposal = factories.ProposalFactory(call=world.call, organisation=world.organisation)
    client.force_login(world.applicant)
    url = reverse("proposal_step", args=[proposal.pk, "projet"])
    page = client.get(url).content.decode()
    for label in ("Personne responsable du projet", "Fonction de la personne responsable",
                  "Personne-ressource pour la demande", "Courriel de la personne-ressource",
                  "Téléphone de la personne-ressource"):
        assert label in page
    assert 'type="tel" name="contact_phone"' in page and 'autocomplete="email"' in page
    response = client.post(url, {"version": proposal.version, "title": proposal.title, "mission": "M", **PEOPLE})
    assert response.status_code == 302
    saved = Proposal.objects.get(pk=proposal.pk)
    assert {name: getattr(saved, name) for name in PEOPLE} == PEOPLE


def test_the_concerns_are_part_of_the_objectives_step_in_the_applications_order(client, world):
    proposal = factories.ProposalFactory(call=world.call, organisation=world.organisation)
    client.force_login(world.applicant)
    page = client.get(reverse("proposal_step", args=[proposal.pk, "objectifs"])).content.decode()
    assert page.index('name="expected_results"') < page.index('name="concerns"') < page.index(
        'name="complementarity"')
    assert "Préoccupations / enjeux soulevés" in page


def test_the_applicant_page_the_staff_page_and_the_print_show_them(client, world):
    proposal = filled(world, State.UNDER_ANALYSIS)
    client.force_login(world.applicant)
    mine = client.get(reverse("proposal_detail", args=[proposal.pk])).content.decode()
    assert "Préoccupations / enjeux soulevés" in mine and "faire de la pauvreté une préoccupation" in mine
    assert "Nayeth Foglia, Coordonnatrice de la Table" in mine
    assert 'href="mailto:louise@tlpj.example.org"' in mine and "418 555-0142" in mine

    client.force_login(world.analyst)
    staff = client.get(reverse("workflow:detail", args=[proposal.pk])).content.decode()
    assert "Personne responsable et personne-ressource" in staff
    assert "Louise Tremblay" in staff and "louise@tlpj.example.org" in staff
    assert "Préoccupations / enjeux soulevés" in staff and "faire de la pauvreté une préoccupation" in staff

    printed = render_to_string("reporting/print/proposal.html", {"proposal": proposal, "html_lang": "fr-CA",
                                                                  "printed_at": timezone.now()})
    assert "Préoccupations / enjeux soulevés" in printed and "faire de la pauvreté une préoccupation" in printed
    assert "Louise Tremblay, Agente de développement · louise@tlpj.example.org · 418 555-0142" in printed


def test_the_api_reads_and_writes_them(world):
    proposal = factories.ProposalFactory(call=world.call, organisation=world.organisation)
    api = APIClient()
    api.force_authenticate(world.applicant)
    response = api.patch(f"/api/v1/proposals/{proposal.pk}/", {"version": proposal.version, "concerns": CONCERNS,
                                                               **PEOPLE}, format="json")
    assert response.status_code == 200, response.json()
    body = api.get(f"/api/v1/proposals/{proposal.pk}/").json()
    assert body["concerns"] == CONCERNS and {name: body[name] for name in PEOPLE} == PEOPLE
    refused = api.patch(f"/api/v1/proposals/{proposal.pk}/", {"version": body["version"],
                                                              "contact_email": "pas un courriel"}, format="json")
    assert refused.status_code == 400 and "contact_email" in refused.json()["details"]


def test_a_partner_role_is_optional_on_the_page_and_in_the_api(client, world):
    proposal = factories.ProposalFactory(call=world.call, organisation=world.organisation)
    api = APIClient()
    api.force_authenticate(world.applicant)
    response = api.put(f"/api/v1/proposals/{proposal.pk}/partners/", {"version": proposal.version, "items": [
        {"name": "Citoyens intéressés", "kind": "other"}]}, format="json")
    assert response.status_code == 200, response.json()
    assert proposal.partners.get().role == ""


def test_the_contact_person_finds_themself_in_their_export_the_creator_does_not_see_them(world):
    contact = factories.UserFactory(email="Louise@tlpj.example.org")
    proposal = filled(world)
    proposal.created_by = world.applicant
    proposal.save()
    export = personal_data.export(contact)
    assert export["personne_ressource_de"] == [{
        "demande": proposal.pk, "titre": proposal.title, "organisme": world.organisation.legal_name,
        "nom": "Louise Tremblay", "fonction": "Agente de développement", "courriel": "louise@tlpj.example.org",
        "telephone": "418 555-0142"}]
    mine = personal_data.export(world.applicant)
    assert mine["personne_ressource_de"] == []
    created = mine["demandes_creees"][0]
    assert created["concerns"] == CONCERNS
    assert "Louise Tremblay" not in str(mine) and "418 555-0142" not in str(mine)


def test_retention_blanks_the_concerns_and_the_named_people(world):
    proposal = filled(world, State.DECLINED)
    Proposal.objects.filter(pk=proposal.pk).update(mission="", territory_details="", target_population="",
                                                   objectives="", problem_statement="", expected_results="",
                                                   complementarity="", gender_impact="", public_summary="")
    assert privacy.ended_unfunded_proposals(timezone.now() + timezone.timedelta(days=1), dry_run=True) == 1
    privacy.ended_unfunded_proposals(timezone.now() + timezone.timedelta(days=1), dry_run=False)
    proposal.refresh_from_db()
    assert proposal.concerns == "" and all(getattr(proposal, name) == "" for name in PEOPLE)
    assert privacy.ended_unfunded_proposals(timezone.now() + timezone.timedelta(days=1), dry_run=True) == 0
