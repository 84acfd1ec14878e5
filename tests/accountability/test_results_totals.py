"""Each program's results kept by the writes that change them (accountability.totals): funding, acceptances in any
order, a report sent back, a call moved to another program. They equal a recomputation from scratch and the page
shows what a row-by-row reading of the reports says."""

import importlib
from datetime import timedelta
from decimal import Decimal
from io import StringIO

import pytest
from django.apps import apps
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from accountability import services, totals
from accountability.agreements import create_for_funded
from accountability.models import IndicatorTotal, ReachedByAxis, ReachedByMrc, Report
from accountability.selectors import program_results
from grants.models import Proposal
from tests import factories
from tests.accountability.test_results_scale import reference_results, shown
from tests.admin_forms import edited_in_the_admin
from tests.concurrency import run_together

pytestmark = pytest.mark.django_db
TOTALS = ((ReachedByAxis, ("program", "axis_key", "women", "men", "other", "projects")),
          (ReachedByMrc, ("program", "mrc", "women", "men", "other", "projects")),
          (IndicatorTotal, ("program", "label_key", "unit_key", "label", "unit", "target", "actual", "projects")))


def funded(world, *indicators, call=None, axis=None, mrcs=()):
    """A proposal with its axis, MRCs and indicators (label, unit, target), then funded: its agreement's
    schedule is one interim report and the final one."""
    proposal = factories.ProposalFactory(call=call or world.call, organisation=world.organisation, primary_axis=axis)
    proposal.mrcs.set(mrcs)
    for label, unit, target in indicators:
        factories.IndicatorFactory(proposal=proposal, label=label, unit=unit, target=Decimal(target))
    Proposal.objects.filter(pk=proposal.pk).update(state="funded", amount_granted=Decimal("30000"))
    proposal.refresh_from_db()
    return create_for_funded(proposal, world.board, amount=Decimal("30000"))


def filed(world, report, *, women, actual):
    """The applicant fills the report in (every indicator at `actual`, one man, nobody else) and submits it."""
    indicators = report.agreement.proposal.indicators.all()
    services.save_report(report, world.applicant, data={
        "narrative": "Bilan.", "objectives_progress": "Atteints.", "participants_women": women,
        "participants_men": 1, "participants_other": 0},
        results={indicator.pk: (Decimal(actual), "") for indicator in indicators})
    services.submit_report(report, world.applicant)


def accepted(world, report, **figures):
    filed(world, report, **figures)
    services.accept_report(report, world.analyst)


def interim(agreement, order=1):
    return agreement.reports.get(kind="interim", order=order)


def final(agreement):
    return agreement.reports.get(kind="final")


def snapshot():
    return [sorted(model.objects.values_list(*fields)) for model, fields in TOTALS]


def recomputed():
    """The totals rebuilt from scratch (equal to the kept ones, when the test passes)."""
    totals.rebuild()
    return snapshot()


def by_hand(results):
    return ([(t.label, t.unit, t.target, t.actual, t.projects) for t in results.indicators],
            [(r.label, r.women, r.men, r.other, r.projects) for r in results.by_axis],
            [(r.label, r.women, r.men, r.other, r.projects) for r in results.by_mrc], results.reports_counted)


def test_kept_totals_equal_a_recomputation_after_funding_acceptances_a_return_and_a_moved_call(world):
    a1, a2 = (factories.AxisFactory(program=world.program, name_fr=name) for name in ("Axe A", "Axe B"))
    m1, m2, m3 = (factories.MrcFactory(name=name) for name in ("Haute-Côte", "Manicouagan", "Minganie"))
    other = factories.CallFactory()  # another program's call
    factories.ProgramRoleFactory(user=world.analyst, program=other.program, role="analyst")
    moving = factories.CallFactory(program=world.program)
    p1 = funded(world, ("Personnes rejointes", "personnes", 200), ("Repas servis", "repas", 1000), axis=a1,
                mrcs=[m1, m2])
    p2 = funded(world, (" personnes REJOINTES ", "Personnes ", 50), axis=a2, mrcs=[m2])
    p3 = funded(world, ("Ateliers", "ateliers", 10))
    p4 = funded(world, ("Personnes rejointes", "personnes", 30), call=moving, axis=a1, mrcs=[m3])
    p5 = funded(world, ("Personnes rejointes", "personnes", 70), call=other)

    filed(world, interim(p1), women=5, actual=10)
    services.return_report(interim(p1), world.analyst, comment="Incomplet.")
    accepted(world, interim(p1), women=10, actual=40)
    accepted(world, final(p1), women=20, actual=100)
    accepted(world, interim(p2), women=7, actual=30)
    accepted(world, interim(p3), women=3, actual=5)
    # Due before the first interim report, accepted after it: the first one stays the latest.
    earlier = factories.ReportFactory(agreement=p3, kind="interim", order=2, due_on=interim(p3).due_on - timedelta(1))
    accepted(world, earlier, women=50, actual=99)
    accepted(world, interim(p4), women=6, actual=12)
    accepted(world, interim(p5), women=4, actual=60)
    assert snapshot() == recomputed()

    moving.program = other.program
    moving.save()
    accepted(world, final(p4), women=8, actual=25)
    funded(world, ("Personnes rejointes", "personnes", 5), call=moving)  # funded after the move
    assert snapshot() == recomputed()

    for program in (world.program, other.program):
        assert shown(program_results(program)) == reference_results(program)
    assert by_hand(program_results(world.program)) == (
        # Labels and units grouped whatever their case and spacing; each shown as the first of its group.
        [("Personnes rejointes", "Personnes", Decimal("250"), Decimal("130"), 2),
         ("Ateliers", "ateliers", Decimal("10"), Decimal("5"), 1),
         ("Repas servis", "repas", Decimal("1000"), Decimal("100"), 1)],
        [("Axe A", 20, 1, 0, 1), ("Axe B", 7, 1, 0, 1), ("—", 3, 1, 0, 1)],
        [("Haute-Côte", 20, 1, 0, 1), ("Manicouagan", 27, 2, 0, 2)], 3)
    # The moved project counts under its primary axis and MRC wherever its call goes.
    assert by_hand(program_results(other.program)) == (
        [("Personnes rejointes", "personnes", Decimal("105"), Decimal("85"), 3)],
        [("Axe A", 8, 1, 0, 1), ("—", 4, 1, 0, 1)], [("Minganie", 8, 1, 0, 1)], 2)


def test_an_acceptance_adds_to_three_rows_of_totals_whatever_the_program_size(world):
    axis, mrc = factories.AxisFactory(program=world.program), factories.MrcFactory()
    agreements = [funded(world, ("Personnes rejointes", "personnes", 10), axis=axis, mrcs=[mrc]) for _ in range(4)]
    accepted(world, interim(agreements[0]), women=1, actual=1)
    filed(world, interim(agreements[1]), women=2, actual=2)
    with CaptureQueriesContext(connection) as captured:
        services.accept_report(interim(agreements[1]), world.analyst)
    on_totals = [query["sql"] for query in captured.captured_queries if "accountability_" in query["sql"]]
    # One INSERT … ON CONFLICT each for the axis, the MRCs and the indicators: no other project read.
    assert len(on_totals) == 3 and all(sql.startswith("INSERT") for sql in on_totals), on_totals
    assert by_hand(program_results(world.program))[1][0][1:] == (3, 2, 0, 2)


def test_the_data_migration_computes_what_the_rebuild_does(world):
    axis, mrc = factories.AxisFactory(program=world.program), factories.MrcFactory()
    agreement = funded(world, ("Repas", "repas", 10), ("Ateliers ", "Ateliers", 3), axis=axis, mrcs=[mrc])
    funded(world, ("repas", "REPAS", 4))
    accepted(world, interim(agreement), women=9, actual=7)
    kept = snapshot()
    for model, _fields in TOTALS:
        model.objects.all().delete()
    importlib.import_module("accountability.migrations.0012_program_totals_fill").fill(apps, None)
    assert snapshot() == kept


def test_the_command_rebuilds_the_programs(world):
    funded(world, ("Repas", "repas", 10))
    IndicatorTotal.objects.update(target=0, projects=7)  # as if edited behind the services' back
    call_command("rebuild_program_results", program=[world.program.pk], stdout=StringIO())
    assert list(IndicatorTotal.objects.values_list("target", "projects")) == [(Decimal("10"), 1)]


def test_a_funded_proposal_edited_in_the_admin_counts_where_it_now_belongs(world):
    a1, a2 = (factories.AxisFactory(program=world.program, name_fr=name) for name in ("Axe A", "Axe B"))
    m1, m2 = factories.MrcFactory(name="Haute-Côte"), factories.MrcFactory(name="Minganie")
    agreement = funded(world, ("Repas", "repas", 10), axis=a1, mrcs=[m1])
    accepted(world, interim(agreement), women=4, actual=3)
    other = factories.CallFactory()
    edited_in_the_admin(world.admin, agreement.proposal, primary_axis=a2.pk, mrcs=[m2.pk])
    assert by_hand(program_results(world.program))[1:] == ([("Axe B", 4, 1, 0, 1)], [("Minganie", 4, 1, 0, 1)], 1)
    edited_in_the_admin(world.admin, Proposal.objects.get(pk=agreement.proposal_id), call=other.pk)
    assert by_hand(program_results(world.program)) == ([], [], [], 0)
    assert by_hand(program_results(other.program))[0] == [("Repas", "repas", Decimal("10"), Decimal("3"), 1)]


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_two_first_acceptances_at_once_in_one_program_both_count(world, require_postgres):
    axis, mrc = factories.AxisFactory(program=world.program), factories.MrcFactory(name="Minganie")
    reports = []
    for women in (2, 5):
        agreement = funded(world, ("Nouvel indicateur", "unités", 10), axis=axis, mrcs=[mrc])
        filed(world, interim(agreement), women=women, actual=women)
        reports.append(interim(agreement))
    outcomes = run_together(*(lambda report=report: services.accept_report(report, world.analyst)
                              for report in reports))
    assert all(isinstance(outcome, Report) for outcome in outcomes), outcomes
    assert by_hand(program_results(world.program))[2] == [("Minganie", 7, 2, 0, 2)]
    assert list(IndicatorTotal.objects.values_list("actual", "projects")) == [(Decimal("7"), 2)]
