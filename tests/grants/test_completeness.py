from datetime import timedelta
from decimal import Decimal

import pytest
from django.urls import reverse

from grants.completeness import missing_items
from grants.models import Proposal
from grants.services.proposals import create_draft
from tests import factories
from tests.grants.intake_setup import complete_draft

pytestmark = pytest.mark.django_db


def reported(proposal):
    return {(item.step, item.field) for item in missing_items(Proposal.objects.get(pk=proposal.pk))}


def test_complete_draft_has_nothing_missing(world):
    assert missing_items(complete_draft(world)) == []


@pytest.mark.parametrize("field, step", [
    ("mission", "projet"), ("project_lead_name", "projet"), ("contact_name", "projet"), ("contact_email", "projet"),
    ("target_population", "territoire"), ("objectives", "objectifs"), ("problem_statement", "objectifs"),
    ("expected_results", "objectifs"), ("concerns", "objectifs"), ("complementarity", "objectifs"),
    ("gender_impact", "adsplus"),
])
def test_each_empty_text_section_is_reported_with_its_step(world, field, step):
    proposal = complete_draft(world, **{field: "   "})
    assert reported(proposal) == {(step, field)}


def test_missing_mrc_axis_indicator_and_budget_are_reported(world):
    proposal = complete_draft(world)
    proposal.mrcs.clear()
    proposal.indicators.all().delete()
    proposal.budget_lines.all().delete()
    Proposal.objects.filter(pk=proposal.pk).update(primary_axis=None)
    assert reported(proposal) == {("territoire", "mrcs"), ("axes", "primary_axis"),
                                  ("indicateurs", "indicators"), ("budget", "budget_lines")}


def test_gender_counts_all_empty_are_reported(world):
    proposal = complete_draft(world, expected_women=None, expected_men=None, expected_other=None)
    assert reported(proposal) == {("adsplus", "expected_women")}


def test_partners_are_optional(world):
    proposal = complete_draft(world)
    assert not proposal.partners.exists()
    assert reported(proposal) == set()


def test_missing_dates_are_reported(world):
    proposal = complete_draft(world, start_date=None, end_date=None)
    assert reported(proposal) == {("echeancier", "start_date"), ("echeancier", "end_date")}


def test_end_date_must_follow_start_date(world):
    proposal = complete_draft(world)
    Proposal.objects.filter(pk=proposal.pk).update(end_date=proposal.start_date)
    assert reported(proposal) == {("echeancier", "end_date")}
    Proposal.objects.filter(pk=proposal.pk).update(end_date=proposal.start_date + timedelta(days=1))
    assert reported(proposal) == set()


def test_each_required_attachment_type_must_be_present(world):
    proposal = complete_draft(world)
    letters = factories.AttachmentTypeFactory(code="support-letter")
    world.call.required_attachment_types.add(letters)
    assert reported(proposal) == {("pieces-jointes", "attachment-support-letter")}


def test_amount_above_the_call_maximum_is_reported(world):
    proposal = complete_draft(world)
    factories.BudgetLineFactory(proposal=proposal, total_amount=Decimal("90000"), fund_amount=Decimal("90000"))
    assert world.call.max_amount == Decimal("100000")
    assert reported(proposal) == {("budget", "budget_lines")}


def test_a_new_draft_names_the_person_who_starts_it_as_contact(world):
    world.applicant.full_name = "Julie Bérubé"
    world.applicant.save(update_fields=["full_name"])
    draft = create_draft(world.call, world.organisation, world.applicant, title="Épicerie solidaire")
    assert (draft.contact_name, draft.contact_email) == ("Julie Bérubé", world.applicant.email)
    assert reported(draft) >= {("projet", "project_lead_name"), ("objectifs", "concerns")}
    assert not reported(draft) & {("projet", "contact_name"), ("projet", "contact_email")}


def test_messages_are_french_sentences(world):
    proposal = complete_draft(world, objectives="")
    [item] = missing_items(proposal)
    assert str(item.message) == "Les objectifs du projet sont à préciser."


def test_each_item_points_at_an_element_of_its_step(client, world):
    empty = dict.fromkeys(["mission", "project_lead_name", "contact_name", "contact_email", "target_population",
                           "objectives", "problem_statement", "expected_results", "concerns", "complementarity",
                           "gender_impact"], "")
    proposal = factories.ProposalFactory(call=world.call, organisation=world.organisation, start_date=None,
                                         end_date=None, expected_women=None, expected_men=None,
                                         expected_other=None, **empty)
    world.call.required_attachment_types.add(factories.AttachmentTypeFactory(code="support-letter"))
    items = missing_items(proposal)
    assert len(items) == 19  # 8 texts, 3 people fields, MRC, axis, indicator, ADS+ counts, budget, 2 dates, document
    client.force_login(world.applicant)
    pages = {}
    for item in items:
        if item.step not in pages:
            pages[item.step] = client.get(reverse("proposal_step", args=[proposal.pk, item.step])).content.decode()
        assert f'id="{item.anchor}"' in pages[item.step], item
