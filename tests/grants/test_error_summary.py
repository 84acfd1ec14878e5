"""After a failed save: one summary at the top, focused, each entry linking to an element that exists."""

import html
import re

import pytest
from django.urls import reverse

from tests import factories

pytestmark = pytest.mark.django_db


def summary_of(page):
    match = re.search(r'<div class="alert alert-error error-summary" id="error-summary"([^>]*)>(.*?)</div>', page,
                      re.DOTALL)
    assert match, "no error summary"
    attributes, body = match.groups()
    links = [(anchor, html.unescape(re.sub(r"\s+", " ", text)).strip())
             for anchor, text in re.findall(r'<a href="#([^"]+)">(.*?)</a>', body, re.DOTALL)]
    return attributes, links


def ids_in(page):
    return set(re.findall(r'\sid="([^"]+)"', page))


def test_formset_errors_are_listed_with_links_to_each_field(client, world):
    proposal = factories.ProposalFactory(call=world.call, organisation=world.organisation)
    client.force_login(world.applicant)
    response = client.post(reverse("proposal_step", args=[proposal.pk, "partenaires"]), {
        "version": proposal.version, "stay": "1", "partners-TOTAL_FORMS": "2", "partners-INITIAL_FORMS": "0",
        "partners-0-name": "CISSS", "partners-0-kind": "public", "partners-0-cash_contribution": "1 000 $",
        "partners-0-in_kind_contribution": "0",
        "partners-1-name": "", "partners-1-kind": "", "partners-1-cash_contribution": "mille",
        "partners-1-in_kind_contribution": "0"})
    assert response.status_code == 400
    page = response.content.decode()
    attributes, links = summary_of(page)
    assert 'tabindex="-1"' in attributes and "autofocus" in attributes and "data-error-summary" in attributes
    assert links == [
        ("id_partners-1-name", "Partenaire 2 — Nom du partenaire : Inscrivez le nom du partenaire."),
        ("id_partners-1-kind", "Partenaire 2 — Type : Choisissez le type de partenaire dans la liste."),
        ("id_partners-1-cash_contribution", "Partenaire 2 — Contribution en argent ($) : Inscrivez un montant en "
                                            "dollars, par exemple 60 000,00 ou 60 000 $."),
    ]
    assert {anchor for anchor, _text in links} <= ids_in(page)
    assert "Corrigez les 3 points suivants, puis enregistrez de nouveau" in page
    assert "<title>Erreur :" in page


def test_section_and_group_errors_link_to_the_field_and_to_the_group(client, world):
    world.call.max_amount = 1000
    world.call.save()
    proposal = factories.ProposalFactory(call=world.call, organisation=world.organisation)
    client.force_login(world.applicant)
    budget = client.post(reverse("proposal_step", args=[proposal.pk, "budget"]), {
        "version": proposal.version, "budget_lines-TOTAL_FORMS": "1", "budget_lines-INITIAL_FORMS": "0",
        "budget_lines-0-category": "salaries", "budget_lines-0-description": "Poste",
        "budget_lines-0-total_amount": "5 000", "budget_lines-0-fund_amount": "5 000",
        "cofundings-TOTAL_FORMS": "0", "cofundings-INITIAL_FORMS": "0"}).content.decode()
    _attributes, links = summary_of(budget)
    assert links[0][0] == "formset-budget_lines" and "réduisez les montants demandés au fonds" in links[0][1]
    assert {anchor for anchor, _text in links} <= ids_in(budget)

    project = client.post(reverse("proposal_step", args=[proposal.pk, "projet"]), {
        "version": proposal.version, "title": "", "mission": "M", "contact_email": "pas-un-courriel"}).content.decode()
    _attributes, links = summary_of(project)
    assert links == [("id_title", "Titre du projet : Inscrivez le titre du projet."),
                     ("id_contact_email", "Courriel de la personne-ressource : Inscrivez une adresse courriel "
                                          "complète, par exemple nom@organisme.org.")]
    assert {anchor for anchor, _text in links} <= ids_in(project)


def test_a_checkbox_group_error_links_to_its_wrapper(client, world):
    mrc = factories.MrcFactory(parent=world.program.region)
    town = factories.MunicipalityFactory(parent=factories.MrcFactory(parent=world.program.region))
    proposal = factories.ProposalFactory(call=world.call, organisation=world.organisation)
    client.force_login(world.applicant)
    page = client.post(reverse("proposal_step", args=[proposal.pk, "territoire"]), {
        "version": proposal.version, "mrcs": [mrc.pk], "municipalities": [town.pk],
        "target_population": "Familles"}).content.decode()
    _attributes, links = summary_of(page)
    assert [anchor for anchor, _text in links] == ["field-municipalities"]
    assert "Cochez leur MRC ou décochez-les." in links[0][1]
    assert "field-municipalities" in ids_in(page)


def test_no_summary_on_a_plain_visit_or_after_adding_a_row(client, world):
    proposal = factories.ProposalFactory(call=world.call, organisation=world.organisation)
    client.force_login(world.applicant)
    url = reverse("proposal_step", args=[proposal.pk, "partenaires"])
    assert "error-summary" not in client.get(url).content.decode()
    added = client.post(url, {"version": proposal.version, "partners-TOTAL_FORMS": "1", "partners-INITIAL_FORMS": "0",
                              "add_row": "partners"})
    assert "error-summary" not in added.content.decode()
