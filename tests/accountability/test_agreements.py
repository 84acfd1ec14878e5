from datetime import date, timedelta
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from accountability.agreements import create_for_funded, plan_reports, plan_tranches, split_amount
from accountability.models import Agreement, PaymentCondition
from core.errors import Conflict
from grants.models import Proposal
from tests import factories

START, END = date(2025, 1, 1), date(2026, 12, 31)


def funded(proposal, amount):
    # The approve transition writes these; tests of the agreement itself set them directly.
    Proposal.objects.filter(pk=proposal.pk).update(state="funded", amount_granted=amount)
    proposal.refresh_from_db()
    return proposal


@st.composite
def percent_splits(draw):
    """1 to 6 positive percents with two decimals, summing to exactly 100."""
    count = draw(st.integers(min_value=1, max_value=6))
    cuts = sorted(draw(st.lists(st.integers(min_value=1, max_value=9999), min_size=count - 1,
                                max_size=count - 1, unique=True)))
    bounds = [0, *cuts, 10000]
    return [Decimal(high - low) / 100 for low, high in zip(bounds, bounds[1:], strict=False)]


amounts = st.integers(min_value=0, max_value=10**11).map(lambda cents: Decimal(cents) / 100)


@given(amount=amounts, percents=percent_splits())
def test_split_amount_always_sums_to_the_amount(amount, percents):
    shares = split_amount(amount, percents)
    assert sum(shares) == amount
    assert all(share >= 0 and share == share.quantize(Decimal("0.01")) for share in shares)
    # Only the last share takes rounding cents; the others never exceed their exact part.
    assert all(share <= amount * p / 100 for share, p in zip(shares[:-1], percents, strict=False))


@given(amount=amounts, percents=percent_splits(),
       conditions=st.lists(st.sampled_from(PaymentCondition.values), min_size=6, max_size=6))
def test_planned_tranches_total_the_amount_granted_for_any_template(amount, percents, conditions):
    reports = plan_reports(START, END)
    lines = [(p, conditions[i], 3) for i, p in enumerate(percents)]
    tranches = plan_tranches(amount, START, reports, lines)
    assert sum(t.amount for t in tranches) == amount
    for tranche in tranches:
        tied = tranche.condition in (PaymentCondition.AFTER_INTERIM_REPORT, PaymentCondition.AFTER_FINAL_REPORT)
        assert (tranche.report is not None) == tied


def test_default_schedule_is_50_40_10_with_midterm_and_final_reports():
    reports = plan_reports(START, END)
    assert [(r.kind, r.due_on) for r in reports] == [
        ("interim", START + (END - START) / 2), ("final", END + timedelta(days=60))]
    tranches = plan_tranches(Decimal("10000.01"), START, reports)
    assert [t.amount for t in tranches] == [Decimal("5000.00"), Decimal("4000.00"), Decimal("1000.01")]
    assert [t.report for t in tranches] == [None, reports[0], reports[1]]
    assert tranches[0].due_on == START and tranches[2].due_on == reports[1].due_on


def test_template_percents_not_summing_to_100_are_refused():
    with pytest.raises(Conflict, match="100"):
        plan_tranches(Decimal("1000"), START, plan_reports(START, END),
                      [(Decimal("60"), PaymentCondition.AT_SIGNATURE, 0)])


def test_create_for_funded_uses_defaults_and_schedules_no_payable_tranche(db):
    proposal = funded(factories.ProposalFactory(start_date=START, end_date=END), Decimal("33333.33"))
    actor = factories.UserFactory()
    agreement = create_for_funded(proposal, actor, amount=proposal.amount_granted,
                                  conditions="Remettre le bilan au comité.")
    assert (agreement.starts_on, agreement.ends_on, agreement.amount_granted) == (START, END, Decimal("33333.33"))
    assert agreement.conditions == "Remettre le bilan au comité." and agreement.created_by == actor
    tranches = list(agreement.tranches.order_by("order"))
    assert [t.amount for t in tranches] == [Decimal("16666.66"), Decimal("13333.33"), Decimal("3333.34")]
    assert {t.state for t in tranches} == {"scheduled"}
    interim, final = agreement.reports.order_by("due_on")
    assert (interim.kind, final.kind, final.due_on) == ("interim", "final", END + timedelta(days=60))
    assert [t.report for t in tranches] == [None, interim, final]
    # Idempotent: a second call returns the same agreement.
    assert create_for_funded(proposal, actor, amount=proposal.amount_granted) == agreement
    assert Agreement.objects.count() == 1 and agreement.tranches.count() == 3


def test_create_for_funded_follows_the_call_templates(db):
    call = factories.CallFactory()
    for order, (percent, condition, months) in enumerate(
            [("25", "at_signature", 0), ("25", "on_date", 6), ("25", "after_interim_report", 0),
             ("25", "after_interim_report", 0)], start=1):
        factories.PaymentTemplateLineFactory(call=call, order=order, percent=Decimal(percent),
                                             condition=condition, months_offset=months)
    factories.ReportTemplateLineFactory(call=call, kind="interim", months_after_start=4)
    factories.ReportTemplateLineFactory(call=call, kind="interim", months_after_start=16)
    factories.ReportTemplateLineFactory(call=call, kind="final", days_after_end=30)
    proposal = funded(factories.ProposalFactory(call=call, start_date=START, end_date=END), Decimal("1000"))
    agreement = create_for_funded(proposal, None, amount=proposal.amount_granted)
    reports = list(agreement.reports.order_by("due_on"))
    assert [(r.kind, r.order, r.due_on) for r in reports] == [
        ("interim", 1, date(2025, 5, 1)), ("interim", 2, date(2026, 5, 1)), ("final", 1, date(2027, 1, 30))]
    tranches = list(agreement.tranches.order_by("order"))
    assert [t.due_on for t in tranches[:2]] == [START, date(2025, 7, 1)]
    assert [t.report for t in tranches] == [None, None, reports[0], reports[1]]


def test_create_for_funded_without_amount_is_refused(db):
    proposal = factories.ProposalFactory()
    with pytest.raises(Conflict):
        create_for_funded(proposal, None, amount=None)
    assert not Agreement.objects.exists()


def test_proposal_link_include_shows_the_agreement_only_once_funded(db):
    from django.template.loader import render_to_string

    from accountability.agreements import final_report_accepted

    proposal = factories.ProposalFactory()
    assert render_to_string("accountability/agreements/_proposal_link.html", {"proposal": proposal}).strip() == ""
    agreement = create_for_funded(funded(proposal, Decimal("1000")), None, amount=Decimal("1000"))
    html = render_to_string("accountability/agreements/_proposal_link.html", {"proposal": proposal})
    assert f"/conventions/{agreement.pk}/" in html and "Montant accordé" in html
    assert not final_report_accepted(proposal)
    agreement.reports.filter(kind="final").update(state="accepted", accepted_at="2025-01-01T00:00Z")
    assert final_report_accepted(proposal)
