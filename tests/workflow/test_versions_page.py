"""The versions on the staff page of a proposal and on its versions page: the last two compared by default,
any two on request, the change request next to the changes, the same queries whatever the application's
size."""

import re
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from grants.services import proposals as proposal_services
from tests import factories
from tests.workflow.helpers import fill_completely
from workflow import services

pytestmark = pytest.mark.django_db
REQUEST = "Ajoutez la lettre d'appui de la Ville et précisez la population ciblée."


def filed_twice(world, partners=2):
    world.call.required_attachment_types.add(factories.AttachmentTypeFactory(code="lettre"))
    proposal = fill_completely(factories.ProposalFactory(call=world.call, organisation=world.organisation),
                               world.program)
    for number in range(partners):
        factories.PartnerFactory(proposal=proposal, name=f"Partenaire {number:02d}")
    proposal = services.transition(proposal, "submit", world.applicant)
    proposal = services.transition(proposal, "start_analysis", world.analyst)
    proposal = services.transition(proposal, "request_changes", world.analyst, comment=REQUEST)
    proposal = proposal_services.save_step(
        proposal, world.applicant, version=proposal.version,
        fields={"target_population": "Familles à faible revenu et personnes aînées isolées."},
        lines={"partners": [{"id": None, "delete": False, "values": {
            "name": "Ville de Baie-Comeau", "kind": "municipal", "role": "Lettre d'appui",
            "cash_contribution": Decimal("0"), "in_kind_contribution": Decimal("0")}}]})
    return services.transition(proposal, "resubmit", world.applicant)


def text_of(response):
    return " ".join(re.sub(r"<[^>]+>", " ", response.content.decode()).split())


def test_the_staff_page_shows_what_changed_since_the_previous_version(client, world):
    proposal = filed_twice(world)
    client.force_login(world.analyst)
    response = client.get(reverse("workflow:detail", args=[proposal.pk]))
    html, text = response.content.decode(), text_of(response)
    assert "Ce qui a changé de la version 1 à la version 2" in text
    assert REQUEST.replace("'", "&#x27;") in html
    # The words added, between "revenu" and the period that stay.
    assert ('faible revenu<ins><span class="sr-only">[ajout] </span> et personnes aînées isolées<span '
            'class="sr-only"> [fin de l\'ajout]</span></ins>.</p>') in html
    assert "Ligne ajoutée [ajout] Ville de Baie-Comeau [fin de l'ajout]" in text
    assert "Partenaire 00" not in text.split("Ce qui a changé")[1].split("Historique")[0]  # unchanged rows left out


def test_any_two_versions_in_either_order(client, world):
    proposal = filed_twice(world)
    client.force_login(world.manager)
    url = reverse("workflow:versions", args=[proposal.pk])
    response = client.get(url, {"a": "2", "b": "1"})
    assert response.status_code == 200 and response.context["comparison"].older == 1
    assert "Ce qui a changé de la version 1 à la version 2" in text_of(response)
    refused = client.get(url, {"a": "1", "b": "9"})
    assert "Choisissez deux versions différentes" in text_of(refused)
    assert refused.context["comparison"].newer == 2


def test_one_version_only_is_listed_without_a_comparison(client, world):
    world.call.required_attachment_types.add(factories.AttachmentTypeFactory(code="lettre"))
    proposal = fill_completely(factories.ProposalFactory(call=world.call, organisation=world.organisation),
                               world.program)
    services.transition(proposal, "submit", world.applicant)
    client.force_login(world.analyst)
    text = text_of(client.get(reverse("workflow:versions", args=[proposal.pk])))
    assert "Version 1 — déposée" in text and "Ce qui a changé" not in text


def test_the_versions_page_costs_the_same_queries_at_2_and_40_partners(client, world):
    counts = []
    for partners in (2, 40):
        proposal = filed_twice(world, partners)
        client.force_login(world.analyst)
        url = reverse("workflow:versions", args=[proposal.pk])
        client.get(url)
        with CaptureQueriesContext(connection) as captured:
            assert client.get(url).status_code == 200
        counts.append(len(captured))
    assert counts[0] == counts[1]


def test_lists_dates_and_removed_rows_are_shown(world):
    from django.template.loader import render_to_string
    from django.utils import timezone

    from grants.versions import diff
    from workflow.versions import Comparison

    older = {"mrcs": [{"id": 1, "name": "La Haute-Côte-Nord"}], "title": "Cuisines", "start_date": "2026-01-05",
             "budget_lines": [{"id": 3, "description": "Loyer", "total_amount": "1000.00", "fund_amount": "500.00"}]}
    newer = {"mrcs": [{"id": 2, "name": "Manicouagan"}], "title": "Cuisines", "start_date": "2026-02-01",
             "budget_lines": []}
    filed = [{"number": number, "created_at": timezone.now(), "transition": "submit", "created_by__full_name": "",
              "redacted_at": None} for number in (1, 2)]
    proposal = factories.ProposalFactory(call=world.call, organisation=world.organisation)
    html = render_to_string("workflow/includes/versions.html", {"proposal": proposal, "comparison": Comparison(
        filed, 1, 2, diff.compare(older, newer))})
    text = " ".join(re.sub(r"<[^>]+>", " ", html).split())
    assert "Ajouté : [ajout] Manicouagan [fin de l'ajout]" in text.replace("\u00a0", " ")
    assert "Retiré : [retrait] La Haute-Côte-Nord [fin du retrait]" in text.replace("\u00a0", " ")
    assert "Ligne retirée" in text and "[retrait] Loyer [fin du retrait]" in text
    assert "Total — Montant demandé au fonds ($) : 500,00 $ → 0,00 $" in text.replace("\u00a0", " ")
