"""Copying rows from one of the organisation's earlier proposals."""

from decimal import Decimal

import pytest
from django.urls import reverse

from core.errors import Forbidden, InvalidInput, NotFound
from grants.models import Proposal
from grants.services.errors import NotEditable, StaleVersion
from grants.services.line_copies import copy_lines, copy_sources
from grants.states import State
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def earlier(world):
    """A funded proposal of the same organisation, with partners, budget lines and indicators."""
    proposal = factories.ProposalFactory(call=world.call, organisation=world.organisation, state=State.FUNDED,
                                         title="Cuisines collectives 2024")
    for n in range(3):
        factories.PartnerFactory(proposal=proposal, name=f"Partenaire {n}", role=f"Rôle {n}",
                                 cash_contribution=Decimal("0"), in_kind_contribution=Decimal(100 * n))
    factories.BudgetLineFactory(proposal=proposal, total_amount=Decimal("30000"), fund_amount=Decimal("20000"))
    factories.IndicatorFactory(proposal=proposal)
    return proposal


def test_the_rows_are_added_after_the_drafts_own_and_the_version_moves(world, earlier):
    draft = factories.ProposalFactory(call=world.call, organisation=world.organisation)
    factories.PartnerFactory(proposal=draft, name="Déjà là", role="", in_kind_contribution=Decimal("0"))
    saved, source, count = copy_lines(draft, world.applicant, source_id=earlier.pk, kind="partners",
                                      version=draft.version)
    assert (count, source.pk, saved.version) == (3, earlier.pk, draft.version + 1)
    assert list(draft.partners.order_by("id").values_list("name", "role", "in_kind_contribution")) == [
        ("Déjà là", "", Decimal("0")), ("Partenaire 0", "Rôle 0", Decimal("0")),
        ("Partenaire 1", "Rôle 1", Decimal("100")), ("Partenaire 2", "Rôle 2", Decimal("200"))]
    assert earlier.partners.count() == 3  # the source is untouched


def test_copied_budget_lines_update_the_requested_amount_within_the_maximum(world, earlier):
    draft = factories.ProposalFactory(call=world.call, organisation=world.organisation)
    copy_lines(draft, world.applicant, source_id=earlier.pk, kind="budget_lines", version=draft.version)
    assert Proposal.objects.get(pk=draft.pk).requested_amount == Decimal("20000")
    world.call.max_amount = Decimal("30000")
    world.call.save()
    draft = Proposal.objects.get(pk=draft.pk)
    with pytest.raises(InvalidInput):
        copy_lines(draft, world.applicant, source_id=earlier.pk, kind="budget_lines", version=draft.version)
    assert draft.budget_lines.count() == 1


def test_refusals(world, earlier):
    draft = factories.ProposalFactory(call=world.call, organisation=world.organisation)
    elsewhere = factories.ProposalFactory(call=world.call, organisation=world.other_organisation)
    factories.PartnerFactory(proposal=elsewhere)
    with pytest.raises(NotFound):  # another organisation's proposal is as if it did not exist
        copy_lines(draft, world.applicant, source_id=elsewhere.pk, kind="partners", version=draft.version)
    with pytest.raises(Forbidden):  # someone who may not edit the draft
        copy_lines(draft, world.other_applicant, source_id=earlier.pk, kind="partners", version=draft.version)
    with pytest.raises(StaleVersion):
        copy_lines(draft, world.applicant, source_id=earlier.pk, kind="partners", version=draft.version + 1)
    with pytest.raises(NotEditable):
        copy_lines(earlier, world.applicant, source_id=draft.pk, kind="partners", version=earlier.version)
    assert not draft.partners.exists()


def test_sources_are_the_organisations_other_proposals_with_such_rows(world, earlier):
    draft = factories.ProposalFactory(call=world.call, organisation=world.organisation)
    factories.ProposalFactory(call=world.call, organisation=world.organisation)  # no partners
    factories.PartnerFactory(proposal=factories.ProposalFactory(call=world.call,
                                                                organisation=world.other_organisation))
    sources = copy_sources(draft, "partners")
    assert [(source.pk, source.line_count) for source in sources] == [(earlier.pk, 3)]
    assert copy_sources(draft, "cofundings") == []


def test_the_step_page_offers_the_copy_and_the_copy_is_saved(client, world, earlier):
    draft = factories.ProposalFactory(call=world.call, organisation=world.organisation)
    client.force_login(world.applicant)
    url = reverse("proposal_step", args=[draft.pk, "partenaires"])
    page = client.get(url).content.decode()
    assert "Reprendre les partenaires d'une demande précédente" in page
    assert f'<option value="{earlier.pk}">Cuisines collectives 2024 — 3 lignes</option>' in page
    response = client.post(url, {"version": draft.version, "copy_rows": "partners",
                                 "partners-source": earlier.pk}, follow=True)
    assert "3 lignes copiées de « Cuisines collectives 2024 »" in response.content.decode()
    assert draft.partners.count() == 3
    # A stale page is told so and copies nothing more.
    stale = client.post(url, {"version": draft.version, "copy_rows": "partners", "partners-source": earlier.pk},
                        follow=True)
    assert "modifiée par une autre personne" in stale.content.decode() and draft.partners.count() == 3
