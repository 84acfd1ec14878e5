from decimal import Decimal

import pytest

from grants.forms.lines import line_formset
from grants.forms.organisations import OrganisationForm
from grants.forms.proposals import AxesForm, ScheduleForm, TerritoryForm
from tests import factories

pytestmark = pytest.mark.django_db


def organisation_data(**overrides):
    data = {"legal_name": "Maison des familles", "neq": "1140000001", "kind": "obnl", "address": "12, rue Arnaud",
            "city": "Sept-Îles", "postal_code": "g4r 3a1", "email": "info@example.org", "phone": "418 555-0100",
            "mission": "Soutenir les familles."}
    data.update(overrides)
    return data


@pytest.mark.parametrize("neq, valid, stored", [
    ("1140000001", True, "1140000001"), ("114 000 0001", True, "1140000001"), ("", True, ""),
    ("114000000", False, None), ("11400000011", False, None), ("11400000AB", False, None),
])
def test_neq_is_ten_digits(neq, valid, stored):
    form = OrganisationForm(organisation_data(neq=neq))
    assert form.is_valid() is valid
    if valid:
        assert form.cleaned_data["neq"] == stored
    else:
        assert form.errors["neq"] == ["Le NEQ compte exactement 10 chiffres."]


@pytest.mark.parametrize("code, stored", [
    ("G4R 3A1", "G4R 3A1"), ("g4r3a1", "G4R 3A1"), ("H2X 1Y4", "H2X 1Y4"), ("", ""),
    ("D4R 3A1", None), ("G4R 3O1", None), ("12345", None), ("W1A 1A1", None),
])
def test_postal_code_is_canadian(code, stored):
    form = OrganisationForm(organisation_data(postal_code=code))
    assert form.is_valid() is (stored is not None)
    if stored is not None:
        assert form.cleaned_data["postal_code"] == stored
    else:
        assert "postal_code" in form.errors


def budget_data(rows):
    data = {"budget_lines-TOTAL_FORMS": str(len(rows)), "budget_lines-INITIAL_FORMS": "0"}
    for index, (total, fund) in enumerate(rows):
        data.update({f"budget_lines-{index}-category": "salaries", f"budget_lines-{index}-description": "Poste",
                     f"budget_lines-{index}-total_amount": total, f"budget_lines-{index}-fund_amount": fund})
    return data


def test_budget_line_fund_cannot_exceed_its_total():
    proposal = factories.ProposalFactory()
    formset = line_formset("budget_lines", proposal, budget_data([("1000", "1500")]))
    assert not formset.is_valid()
    assert formset.forms[0].errors["fund_amount"] == [
        "Le montant demandé au fonds ne peut dépasser le coût total du poste."]


def test_budget_fund_total_above_call_maximum_is_refused():
    proposal = factories.ProposalFactory(call__max_amount=Decimal("50000"))
    formset = line_formset("budget_lines", proposal, budget_data([("40000", "30000"), ("30000", "25000")]))
    assert not formset.is_valid()
    assert "dépasse le maximum de l'appel" in formset.non_form_errors()[0]


def test_budget_within_maximum_is_valid_and_negative_amounts_are_not():
    proposal = factories.ProposalFactory(call__max_amount=Decimal("50000"))
    assert line_formset("budget_lines", proposal, budget_data([("40000", "30000")])).is_valid()
    assert not line_formset("budget_lines", proposal, budget_data([("-10", "-20")])).is_valid()


def test_end_date_must_follow_start_date():
    proposal = factories.ProposalFactory()
    form = ScheduleForm({"start_date": "2027-05-01", "end_date": "2027-04-01"}, proposal=proposal)
    assert not form.is_valid()
    assert form.errors["end_date"] == [
        "La date de fin doit suivre la date de début : choisissez une date de fin plus tardive."]


def test_axes_offered_are_the_program_axes_and_priorities_of_its_local_plans():
    proposal = factories.ProposalFactory()
    own = factories.AxisFactory(program=proposal.call.program)
    foreign = factories.AxisFactory()
    plan = factories.LocalPlanFactory()
    proposal.call.program.local_plans.add(plan)
    priority = factories.PriorityFactory(local_plan=plan)
    other_priority = factories.PriorityFactory()
    form = AxesForm(proposal=proposal)
    assert list(form.fields["primary_axis"].queryset) == [own]
    assert list(form.fields["priorities"].queryset) == [priority]
    refused = AxesForm({"primary_axis": foreign.pk, "priorities": [other_priority.pk]}, proposal=proposal)
    assert not refused.is_valid()
    assert {"primary_axis", "priorities"} <= set(refused.errors)


def test_primary_axis_cannot_also_be_secondary():
    proposal = factories.ProposalFactory()
    axis = factories.AxisFactory(program=proposal.call.program)
    form = AxesForm({"primary_axis": axis.pk, "secondary_axes": [axis.pk]}, proposal=proposal)
    assert not form.is_valid()
    assert "secondary_axes" in form.errors


def test_municipalities_must_be_in_a_chosen_mrc():
    proposal = factories.ProposalFactory()
    town = factories.MunicipalityFactory()
    other_mrc = factories.MrcFactory()
    form = TerritoryForm({"mrcs": [other_mrc.pk], "municipalities": [town.pk], "target_population": "Aînés"},
                         proposal=proposal)
    assert not form.is_valid()
    assert "municipalities" in form.errors
    ok = TerritoryForm({"mrcs": [town.parent.pk], "municipalities": [town.pk]}, proposal=proposal)
    assert ok.is_valid(), ok.errors
