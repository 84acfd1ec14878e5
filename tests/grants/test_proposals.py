from datetime import timedelta
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from grants.models import Proposal
from grants.services import proposals as service
from grants.services.errors import NotEditable, StaleVersion
from tests import factories
from tests.concurrency import run_together
from tests.grants.intake_setup import complete_draft
from workflow import services as workflow

pytestmark = pytest.mark.django_db


def step_url(proposal, slug):
    return reverse("proposal_step", args=[proposal.pk, slug])


def fresh(proposal):
    return Proposal.objects.get(pk=proposal.pk)


def test_new_draft_is_prefilled_from_the_organisation_profile(client, world):
    client.force_login(world.applicant)
    response = client.post(reverse("proposal_new", args=[world.call.pk]),
                           {"title": "Cuisine collective", "organisation": world.organisation.pk})
    proposal = Proposal.objects.get(title="Cuisine collective")
    assert response.url == step_url(proposal, "projet")
    assert (proposal.state, proposal.organisation, proposal.created_by) == ("draft", world.organisation,
                                                                           world.applicant)
    assert proposal.mission == world.organisation.mission
    assert list(proposal.mrcs.all()) == [world.organisation.territory]


def test_draft_cannot_be_started_for_a_closed_call_or_another_organisation(client, world):
    closed = factories.CallFactory(closes_at=timezone.now() - timedelta(days=1),
                                   opens_at=timezone.now() - timedelta(days=30))
    client.force_login(world.applicant)
    assert client.get(reverse("proposal_new", args=[closed.pk])).status_code == 404
    response = client.post(reverse("proposal_new", args=[world.call.pk]),
                           {"title": "Détourné", "organisation": world.other_organisation.pk})
    assert response.status_code == 200 and "organisation" in response.context["form"].errors
    with pytest.raises(NotEditable):
        service.create_draft(closed, world.organisation, world.applicant, title="Trop tard")
    assert not Proposal.objects.exists()


def test_saving_a_step_bumps_the_version_and_can_continue(client, world):
    proposal = factories.ProposalFactory(call=world.call, organisation=world.organisation)
    client.force_login(world.applicant)
    response = client.post(step_url(proposal, "objectifs"), {
        "version": proposal.version, "objectives": "Objectifs « accentués » : œuvrer", "problem_statement": "P",
        "expected_results": "R", "complementarity": "C", "continue": "1"})
    assert response.url == step_url(proposal, "axes")
    saved = fresh(proposal)
    assert saved.objectives == "Objectifs « accentués » : œuvrer"
    assert saved.version == proposal.version + 1


def test_stale_version_is_refused_without_overwriting(client, world):
    proposal = factories.ProposalFactory(call=world.call, organisation=world.organisation, objectives="Version A")
    stale = proposal.version
    service.save_step(proposal, world.applicant, version=stale, fields={"objectives": "Version B"})
    client.force_login(world.applicant)
    response = client.post(step_url(proposal, "objectifs"), {
        "version": stale, "objectives": "Version C", "problem_statement": "P", "expected_results": "R",
        "complementarity": "C"})
    assert response.status_code == 409
    body = response.content.decode()
    assert "modifiée par une autre personne" in body and 'role="alert"' in body
    assert "Version C" in body  # what the person typed is still on the page
    assert fresh(proposal).objectives == "Version B"
    with pytest.raises(StaleVersion):
        service.save_step(proposal, world.applicant, version=stale, fields={"objectives": "Version D"})


def lines_post(proposal, rows, **extra):
    data = {"version": proposal.version, "budget_lines-TOTAL_FORMS": str(len(rows)),
            "budget_lines-INITIAL_FORMS": "0", "cofundings-TOTAL_FORMS": "0", "cofundings-INITIAL_FORMS": "0"}
    for index, (total, fund) in enumerate(rows):
        data.update({f"budget_lines-{index}-category": "salaries", f"budget_lines-{index}-description": "Poste",
                     f"budget_lines-{index}-total_amount": total, f"budget_lines-{index}-fund_amount": fund})
    data.update(extra)
    return data


def test_requested_amount_is_derived_from_the_budget_lines(client, world):
    proposal = factories.ProposalFactory(call=world.call, organisation=world.organisation)
    client.force_login(world.applicant)
    response = client.post(step_url(proposal, "budget"), lines_post(proposal, [("30000", "20000"),
                                                                               ("8000", "5000.50")]))
    assert response.status_code == 302
    assert fresh(proposal).requested_amount == Decimal("25000.50")
    assert "requested_amount" not in response.wsgi_request.POST  # never typed


def test_budget_over_the_call_maximum_is_shown_on_the_budget_step(client, world):
    proposal = factories.ProposalFactory(call=world.call, organisation=world.organisation)
    client.force_login(world.applicant)
    response = client.post(step_url(proposal, "budget"), lines_post(proposal, [("150000", "120000")]))
    assert response.status_code == 400
    assert "dépasse le maximum de l&#x27;appel" in response.content.decode()
    assert not proposal.budget_lines.exists() and fresh(proposal).requested_amount == 0


def test_lines_are_updated_and_deleted_through_the_formset(client, world):
    proposal = factories.ProposalFactory(call=world.call, organisation=world.organisation)
    keep = factories.PartnerFactory(proposal=proposal, name="Garder")
    drop = factories.PartnerFactory(proposal=proposal, name="Retirer")
    data = {"version": proposal.version, "partners-TOTAL_FORMS": "2", "partners-INITIAL_FORMS": "2"}
    for index, partner in enumerate([keep, drop]):
        data.update({f"partners-{index}-id": partner.pk, f"partners-{index}-name": partner.name + " !",
                     f"partners-{index}-kind": "public", f"partners-{index}-role": "Rôle",
                     f"partners-{index}-cash_contribution": "0", f"partners-{index}-in_kind_contribution": "100"})
    data["partners-1-DELETE"] = "on"
    client.force_login(world.applicant)
    assert client.post(step_url(proposal, "partenaires"), data).status_code == 302
    assert list(proposal.partners.values_list("name", flat=True)) == ["Garder !"]


def test_add_row_works_without_javascript_and_with_htmx(client, world):
    proposal = factories.ProposalFactory(call=world.call, organisation=world.organisation)
    client.force_login(world.applicant)
    data = {"version": proposal.version, "indicators-TOTAL_FORMS": "1", "indicators-INITIAL_FORMS": "0",
            "indicators-0-label": "Personnes", "indicators-0-target": "10", "indicators-0-unit": "personnes",
            "add_row": "indicators"}
    page = client.post(step_url(proposal, "indicateurs"), data)
    assert page.status_code == 200 and 'name="indicators-1-label"' in page.content.decode()
    assert 'value="Personnes"' in page.content.decode()
    assert "<html" in page.content.decode()
    fragment = client.post(step_url(proposal, "indicateurs"), data, headers={"HX-Request": "true"})
    assert 'id="formset-indicators"' in fragment.content.decode() and "<html" not in fragment.content.decode()
    assert 'name="indicators-1-label"' in fragment.content.decode()
    assert not proposal.indicators.exists()  # adding a row saves nothing


def test_remove_row_marks_the_line_for_deletion(client, world):
    proposal = factories.ProposalFactory(call=world.call, organisation=world.organisation)
    client.force_login(world.applicant)
    data = {"version": proposal.version, "indicators-TOTAL_FORMS": "1", "indicators-INITIAL_FORMS": "0",
            "indicators-0-label": "X", "indicators-0-target": "1", "indicators-0-unit": "u",
            "remove_row": "indicators-0"}
    fragment = client.post(step_url(proposal, "indicateurs"), data, headers={"HX-Request": "true"})
    assert 'name="indicators-0-DELETE" value="on"' in fragment.content.decode()


def test_submit_goes_through_the_workflow_and_makes_the_proposal_read_only(client, world):
    proposal = complete_draft(world)
    client.force_login(world.applicant)
    response = client.post(reverse("proposal_submit", args=[proposal.pk]))
    assert response.url == reverse("proposal_detail", args=[proposal.pk])
    assert fresh(proposal).state == "submitted"
    page = client.get(reverse("proposal_detail", args=[proposal.pk])).content.decode()
    assert '<span class="badge badge-submitted">Déposé</span>' in page
    assert client.get(step_url(proposal, "projet")).url == reverse("proposal_detail", args=[proposal.pk])
    client.post(step_url(proposal, "projet"), {"version": fresh(proposal).version, "title": "Changé"})
    assert fresh(proposal).title == proposal.title
    with pytest.raises(NotEditable):
        service.save_step(proposal, world.applicant, version=fresh(proposal).version, fields={"title": "Non"})


def test_submit_refusal_is_shown_in_french(client, world):
    proposal = factories.ProposalFactory(call=world.call, organisation=world.organisation, objectives="")
    client.force_login(world.applicant)
    response = client.post(reverse("proposal_submit", args=[proposal.pk]), follow=True)
    assert fresh(proposal).state == "draft"
    assert "incomplète" in response.content.decode()


def test_review_step_lists_missing_items_with_links(client, world):
    proposal = factories.ProposalFactory(call=world.call, organisation=world.organisation, objectives="")
    client.force_login(world.applicant)
    page = client.get(step_url(proposal, "verification")).content.decode()
    assert f'href="{step_url(proposal, "objectifs")}#field-objectives"' in page
    assert 'aria-current="step"' in page and '<ol class="steps">' in page


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_two_people_saving_the_same_version_at_once_one_wins(world, require_postgres):
    proposal = factories.ProposalFactory(call=world.call, organisation=world.organisation)
    colleague = factories.UserFactory()
    factories.MembershipFactory(user=colleague, organisation=world.organisation)

    def save(person, text):
        try:
            service.save_step(proposal, person, version=proposal.version, fields={"objectives": text})
            return text
        except StaleVersion:
            return "refused"

    outcomes = run_together(lambda: save(world.applicant, "A"), lambda: save(colleague, "B"))
    assert len(outcomes) == 2 and outcomes.count("refused") == 1
    winner = next(text for text in outcomes if text != "refused")
    assert (fresh(proposal).objectives, fresh(proposal).version) == (winner, proposal.version + 1)


def test_read_only_page_query_count_does_not_grow_with_lines(client, world):
    proposal = complete_draft(world)
    client.force_login(world.applicant)
    client.get(reverse("proposal_detail", args=[proposal.pk]))  # warms per-process caches (content types)
    counts = []
    for _round in range(2):
        for factory in (factories.PartnerFactory, factories.IndicatorFactory, factories.BudgetLineFactory,
                        factories.CoFundingFactory, factories.AttachmentFactory):
            factory.create_batch(3, proposal=proposal)
        proposal.mrcs.add(factories.MrcFactory())
        proposal.secondary_axes.add(factories.AxisFactory(program=world.program))
        with CaptureQueriesContext(connection) as captured:
            assert client.get(reverse("proposal_detail", args=[proposal.pk])).status_code == 200
        counts.append(len(captured))
    assert counts[0] == counts[1]


def test_changes_requested_are_shown_editable_and_resubmitted(client, world):
    proposal = complete_draft(world)
    workflow.transition(proposal, "submit", world.applicant)
    workflow.transition(fresh(proposal), "start_analysis", world.analyst)
    workflow.transition(fresh(proposal), "request_changes", world.analyst, comment="Précisez le budget.")
    client.force_login(world.applicant)
    page = client.get(step_url(proposal, "budget"))
    assert page.status_code == 200 and "Précisez le budget." in page.content.decode()
    response = client.post(step_url(proposal, "objectifs"), {
        "version": fresh(proposal).version, "objectives": "Objectifs précisés", "problem_statement": "P",
        "expected_results": "R", "concerns": "E", "complementarity": "C"})
    assert response.status_code == 302 and fresh(proposal).objectives == "Objectifs précisés"
    client.post(reverse("proposal_submit", args=[proposal.pk]))
    assert fresh(proposal).state == "submitted"


def test_submitted_proposal_offers_withdrawal_and_its_history(client, world):
    proposal = complete_draft(world)
    workflow.transition(proposal, "submit", world.applicant)
    client.force_login(world.applicant)
    page = client.get(reverse("proposal_detail", args=[proposal.pk])).content.decode()
    assert 'data-action="withdraw"' in page and "Historique" in page
