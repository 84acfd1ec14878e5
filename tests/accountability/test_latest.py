"""Each agreement's latest accepted report and each indicator's latest filled-in result, marked on the rows by
the acceptance service (accountability.latest): by due date, whatever order the reports are accepted in."""

from datetime import date
from decimal import Decimal

import pytest

from accountability import latest, services
from accountability.models import Agreement, Report, ReportIndicatorResult
from accountability.selectors import program_results
from tests import factories
from tests.accountability.world import complete, funded_agreement
from tests.concurrency import run_together

pytestmark = pytest.mark.django_db


def three_interims(world):
    """An agreement with interim reports due in March, June and September 2025, and two indicators."""
    agreement = funded_agreement(world)
    second = factories.IndicatorFactory(proposal=agreement.proposal, label="Repas servis", unit="repas")
    first = agreement.reports.get(kind="interim")  # the call's schedule: one interim and the final report
    Report.objects.filter(pk=first.pk).update(due_on=date(2025, 3, 1))
    first.refresh_from_db()
    reports = [first, *(factories.ReportFactory(agreement=agreement, kind="interim", order=order, due_on=day)
                        for order, day in ((2, date(2025, 6, 1)), (3, date(2025, 9, 1))))]
    for report in reports:
        complete(report)  # every indicator at 120
        services.submit_report(report, world.applicant)
    return agreement, second, reports


def marks(agreement):
    agreement.refresh_from_db()
    return agreement.latest_report_id, dict(ReportIndicatorResult.objects.filter(
        report__agreement=agreement, is_latest=True).values_list("indicator__label", "report_id"))


def test_the_newest_by_due_date_stays_marked_whatever_the_order_of_acceptance(world):
    agreement, second, (march, june, september) = three_interims(world)
    assert marks(agreement) == (None, {})
    # September leaves the second indicator blank: June's value stays the latest for it.
    ReportIndicatorResult.objects.filter(report=september, indicator=second).update(actual=None)
    services.accept_report(june, world.analyst)
    assert marks(agreement) == (june.pk, {"Personnes rejointes": june.pk, "Repas servis": june.pk})
    services.accept_report(september, world.analyst)
    assert marks(agreement) == (september.pk, {"Personnes rejointes": september.pk, "Repas servis": june.pk})
    services.accept_report(march, world.analyst)  # accepted last, due first: changes nothing
    assert marks(agreement) == (september.pk, {"Personnes rejointes": september.pk, "Repas servis": june.pk})
    by_service = marks(agreement)
    latest.rebuild()  # what the data migration computes agrees
    assert marks(agreement) == by_service


def test_a_tie_on_the_due_date_goes_to_the_later_report_and_the_page_counts_it(world):
    agreement, _second, (march, june, _september) = three_interims(world)
    Report.objects.filter(pk=june.pk).update(due_on=march.due_on)
    ReportIndicatorResult.objects.filter(report=june).update(actual=Decimal("30"))
    Report.objects.filter(pk=june.pk).update(participants_women=5)
    services.accept_report(june, world.analyst)
    services.accept_report(march, world.analyst)
    assert marks(agreement)[0] == june.pk
    results = program_results(world.program)
    assert sorted((t.label, t.actual) for t in results.indicators) == [
        ("Personnes rejointes", Decimal("30")), ("Repas servis", Decimal("30"))]
    assert [(r.women, r.projects) for r in results.by_axis] == [(5, 1)]


def test_a_report_not_accepted_never_counts(world):
    agreement, _second, (march, _june, september) = three_interims(world)
    services.accept_report(march, world.analyst)
    services.return_report(september, world.analyst, comment="Incomplet.")
    assert marks(agreement)[0] == march.pk
    assert program_results(world.program).reports_counted == 1


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_two_reports_of_one_agreement_accepted_at_once_leave_one_mark_on_the_newest(world, require_postgres):
    agreement, _second, (_march, june, september) = three_interims(world)
    outcomes = run_together(lambda: services.accept_report(june, world.analyst),
                            lambda: services.accept_report(september, world.analyst))
    assert all(isinstance(outcome, Report) for outcome in outcomes), outcomes
    both = {"Personnes rejointes": september.pk, "Repas servis": september.pk}
    assert marks(agreement) == (september.pk, both)
    assert Agreement.objects.filter(latest_report=september).count() == 1
