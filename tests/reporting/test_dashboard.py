"""The program dashboard's figures equal sums computed here, in plain Python, over the objects the test made;
another program's data never counts; the page costs the same number of queries at two sizes."""

import re
import xml.etree.ElementTree as ET
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from django_celery_beat.models import PeriodicTask

from grants.models import EnvelopeReservation
from reporting.tasks import warm_dashboards
from tests import factories
from workflow.models import TransitionLog

TORONTO = ZoneInfo("America/Toronto")
URL = "/rapports-et-exportations/tableau-de-bord/"
SVG = "{http://www.w3.org/2000/svg}"
# Every log is at least a year old, whatever day the suite runs.
YEAR = timezone.localdate().year - 2

# transition: (from, to), written here rather than read from the life cycle's table.
STEPS = {
    "submit": ("draft", "submitted"), "start_analysis": ("submitted", "under_analysis"),
    "request_changes": ("under_analysis", "changes_requested"), "resubmit": ("changes_requested", "submitted"),
    "recommend": ("under_analysis", "recommended"), "do_not_recommend": ("under_analysis", "not_recommended"),
    "approve": ("recommended", "funded"), "decline": ("recommended", "declined"),
    "accept_final_report": ("funded", "reported"), "close": ("reported", "closed"),
    "withdraw": ("submitted", "withdrawn"),
}
ANALYSED = ["submit", "start_analysis"]
PATHS = [
    [], ["submit"], ANALYSED, ANALYSED + ["request_changes"], ANALYSED + ["request_changes", "resubmit"],
    ANALYSED + ["recommend"], ANALYSED + ["do_not_recommend"], ANALYSED + ["recommend", "approve"],
    ANALYSED + ["recommend", "decline"], ANALYSED + ["recommend", "approve", "accept_final_report"],
    ANALYSED + ["recommend", "approve", "accept_final_report", "close"], ["submit", "withdraw"],
]
FUNDED = ("funded", "reported", "closed")
KINDS = {"obnl": "Organisme à but non lucratif (OBNL)", "cooperative": "Coopérative",
         "municipality": "Municipalité ou MRC"}
FLOWS = {"submit": "Demandes déposées", "recommend": "Recommandations", "approve": "Financements accordés",
         "decline": "Refus"}
STATE_LABELS = {"submitted": "Déposé", "under_analysis": "En analyse", "changes_requested": "À compléter",
                "recommended": "Recommandé", "not_recommended": "Non recommandé", "funded": "Financé",
                "declined": "Refusé", "reported": "Rapport final accepté", "closed": "Fermé",
                "withdrawn": "Retiré"}


@dataclass
class Made:
    """What the test created in one program, kept on the side to compute the expected figures."""

    proposals: list = field(default_factory=list)  # (proposal, [(transition, from, to, at)])
    reports: list = field(default_factory=list)
    indicators: list = field(default_factory=list)
    results: list = field(default_factory=list)


def _at(day, hour=12):
    return datetime(day.year, day.month, day.day, hour, tzinfo=TORONTO)


def fill(world, program, calls, count, *, axes, mrcs, label=""):
    """`count` proposals of the program spread over every path, call, axis, MRC and type of organisation,
    with their history, and for the funded ones an agreement, reports, indicators and results. The program
    runs from the year before YEAR to this year, so that YEAR is one of its years whenever the suite runs."""
    program.starts_on, program.ends_on = date(YEAR - 1, 4, 1), date(YEAR + 2, 3, 31)
    program.save(update_fields=["starts_on", "ends_on"])
    made = Made()
    organisations = [factories.OrganisationFactory(kind=kind) for kind in KINDS]
    today = timezone.localdate()
    for number in range(count):
        path = PATHS[number % len(PATHS)]
        state = STEPS[path[-1]][1] if path else "draft"
        funded = state in FUNDED
        first = date(YEAR - (number % 5 == 0), (number * 5) % 12 + 1, 1 + number % 27)
        logs = []
        for step, name in enumerate(path):
            at = _at(first + timedelta(days=23 * step))
            if number == 3 and step == 0:  # late in the evening of a month's last day: that month, in Toronto
                at = datetime(YEAR, 3, 31, 23, 30, tzinfo=TORONTO)
            logs.append((name, *STEPS[name], at))
        submitted = [at for name, _f, _t, at in logs if name in ("submit", "resubmit")]
        proposal = factories.ProposalFactory(
            call=calls[number % len(calls)], organisation=organisations[number // 2 % len(organisations)],
            title=f"{label}Projet {number}", state=state, primary_axis=axes[number // 3 % len(axes)],
            requested_amount=Decimal(10000 + 1000 * number), submitted_at=submitted[-1] if submitted else None,
            suggested_amount=Decimal(9000 + 500 * number) if state == "recommended" else None,
            amount_granted=Decimal(8000 + 700 * number) if funded else None)
        proposal.mrcs.set(mrcs[: 1 + number % len(mrcs)])
        for name, source, target, at in logs:
            TransitionLog.objects.create(proposal=proposal, actor=world.analyst, transition=name,
                                         from_state=source, to_state=target, created_at=at)
        made.proposals.append((proposal, logs))
        if funded:
            _account(made, proposal, number, today)
    return made


def _account(made, proposal, number, today):
    agreement = factories.AgreementFactory(proposal=proposal, amount_granted=proposal.amount_granted)
    people = factories.IndicatorFactory(proposal=proposal, label="Personnes rejointes",
                                        unit=" Personnes " if number % 2 else "personnes", target=Decimal(100 + number))
    workshops = factories.IndicatorFactory(proposal=proposal, label="Ateliers", unit="ateliers", target=Decimal(10))
    made.indicators += [people, workshops]
    first_due = date(YEAR, 3, 1) + timedelta(days=number)
    # Interim 1 accepted; interim 2 accepted for some (on the same due date for one: the later id wins);
    # the final one late, to file, submitted or returned.
    second_due = first_due if number % 3 == 0 else first_due + timedelta(days=200)
    accepted_second = number % 2 == 1 or number % 3 == 0
    final_state = ("draft", "submitted", "returned")[number % 3]
    final_due = today - timedelta(days=5) if number % 4 == 1 else today + timedelta(days=30 + number)
    specs = [("interim", 1, first_due, "accepted"), ("interim", 2, second_due, "accepted" if accepted_second else "draft"),
             ("final", 1, final_due, final_state)]
    for kind, order, due_on, state in specs:
        extra = {"accepted_at": timezone.now()} if state == "accepted" else {}
        report = factories.ReportFactory(
            agreement=agreement, kind=kind, order=order, due_on=due_on, state=state,
            participants_women=10 * order + number, participants_men=5 * order,
            participants_other=None if number % 2 else order, **extra)
        made.reports.append(report)
        if state == "accepted":
            made.results.append(factories.ReportIndicatorResultFactory(
                report=report, indicator=people, actual=Decimal(60 * order + number)))
            made.results.append(factories.ReportIndicatorResultFactory(
                report=report, indicator=workshops, actual=None if order == 2 else Decimal(4 + number % 7)))


@pytest.fixture
def scene(world):
    """Program P (two calls) and, beside it, program Q with the same kind of data: Q must never count."""
    program = world.program
    other_call = factories.CallFactory(program=program, title="Deuxième appel")
    axes = [factories.AxisFactory(program=program, name_fr="Axe <1> & sécurité alimentaire", order=1),
            factories.AxisFactory(program=program, name_fr="Axe 2", order=2), None]
    mrcs = [factories.MrcFactory(parent=program.region, name="Manicouagan <b>"),
            factories.MrcFactory(parent=program.region, name="Sept-Rivières")]
    EnvelopeReservation.objects.create(program=program, dimension="mrc", territory=mrcs[0], amount=Decimal("60000"))
    EnvelopeReservation.objects.create(program=program, dimension="axis", axis=axes[0], amount=Decimal("40000"))
    made = fill(world, program, [world.call, other_call], 24, axes=axes, mrcs=mrcs)
    other_program = world.outside_analyst.program_roles.get().program
    fill(world, other_program, [factories.CallFactory(program=other_program)], 13,
         axes=[factories.AxisFactory(program=other_program), None],
         mrcs=[factories.MrcFactory(parent=other_program.region)], label="Q ")
    return {"program": program, "calls": (world.call, other_call), "axes": axes, "mrcs": mrcs, "made": made}


def page(client, user, **params):
    client.force_login(user)
    response = client.get(URL, params)
    assert response.status_code == 200
    return response.context


def figures(chart):
    return {series.name: list(series.values) for series in chart.series}


def rows(chart):
    return dict(zip(chart.categories, zip(*(series.values for series in chart.series), strict=True), strict=True))


def in_call(made, call):
    return [(p, logs) for p, logs in made.proposals if call is None or p.call_id == call.pk]


def month_starts(year):
    return [date(year, month, 1) for month in range(1, 13)]


def next_month(day):
    return date(day.year + (day.month == 12), day.month % 12 + 1, 1)


# --- the pipeline, from the transition log ------------------------------------------------------------------


def expected_stock(proposals, months):
    """Replay each proposal's history: its state at the end of each month is its last transition's target."""
    counts = defaultdict(lambda: [0] * len(months))
    for position, month in enumerate(months):
        end = _at(next_month(month), hour=0)
        for _proposal, logs in proposals:
            done = [target for _n, _f, target, at in logs if at < end]
            if done:
                counts[done[-1]][position] += 1
    return {STATE_LABELS[state]: values for state, values in counts.items() if any(values)}


def expected_flows(proposals, months):
    counts = {label: [0] * len(months) for label in FLOWS.values()}
    for _proposal, logs in proposals:
        for name, _f, _t, at in logs:
            local = at.astimezone(TORONTO)
            month = date(local.year, local.month, 1)
            if name in FLOWS and month in months:
                counts[FLOWS[name]][months.index(month)] += 1
    return counts


@pytest.mark.parametrize("call_index", [None, 1])
def test_the_pipeline_of_a_year_replays_the_transition_log(client, world, scene, call_index):
    call = None if call_index is None else scene["calls"][call_index]
    params = {"programme": scene["program"].code, "year": YEAR, **({"call": call.pk} if call else {})}
    context = page(client, world.analyst, **params)
    months = month_starts(YEAR)
    proposals = in_call(scene["made"], call)
    stock, flows = context["pipeline"]["stock"], context["pipeline"]["flows"]
    assert len(stock.categories) == 12 and stock.categories[0] == f"janvier {YEAR}"
    assert figures(stock) == expected_stock(proposals, months)
    assert figures(flows) == expected_flows(proposals, months)
    # The submission at 23:30 on March 31 (Toronto) is March's, although it is April in UTC.
    march = expected_flows(proposals, months)["Demandes déposées"][2]
    assert figures(flows)["Demandes déposées"][2] == march


def test_without_a_year_the_pipeline_runs_from_the_first_log_to_this_month(client, world, scene):
    context = page(client, world.manager, programme=scene["program"].code)
    proposals = scene["made"].proposals
    first = min(at for _p, logs in proposals for *_s, at in logs).astimezone(TORONTO)
    months, month = [], date(first.year, first.month, 1)
    while month <= timezone.localdate().replace(day=1):
        months.append(month)
        month = next_month(month)
    stock = context["pipeline"]["stock"]
    assert len(stock.categories) == len(months)
    assert figures(stock) == expected_stock(proposals, months)
    # Every proposal but the drafts is somewhere at the end of this month.
    assert sum(values[-1] for values in figures(stock).values()) == sum(1 for _p, logs in proposals if logs)


# --- proposals by type of organisation ------------------------------------------------------------------------


@pytest.mark.parametrize("year", [None, YEAR])
def test_proposals_and_amounts_per_type_of_organisation(client, world, scene, year):
    context = page(client, world.board, programme=scene["program"].code, **({"year": year} if year else {}))
    expected = defaultdict(lambda: [0, Decimal(0), 0, Decimal(0)])
    for proposal, _logs in scene["made"].proposals:
        if proposal.state == "draft" or (year and timezone.localtime(proposal.submitted_at).year != year):
            continue
        line = expected[KINDS[proposal.organisation.kind]]
        line[0] += 1
        line[1] += proposal.requested_amount
        if proposal.state in FUNDED:
            line[2] += 1
            line[3] += proposal.amount_granted
    counts, amounts = context["organisations"]["counts"], context["organisations"]["amounts"]
    assert {kind: (n, funded) for kind, (n, funded) in rows(counts).items()} == {
        kind: (line[0], line[2]) for kind, line in expected.items()}
    assert rows(amounts) == {kind: (line[1], line[3]) for kind, line in expected.items()}
    assert counts.table["footer"] == [str(sum(line[0] for line in expected.values())),
                                      str(sum(line[2] for line in expected.values()))]


# --- the envelope (scoring's commitments) -------------------------------------------------------------------


def test_envelope_committed_recommended_and_left_per_mrc_and_axis(client, world, scene):
    context = page(client, world.analyst, programme=scene["program"].code, year=YEAR)
    made, (first_mrc, second_mrc), axes = scene["made"], scene["mrcs"], scene["axes"]
    committed, pending, count = Counter(), Counter(), Counter()
    committed_axis, pending_axis, count_axis = Counter(), Counter(), Counter()
    for proposal, _logs in made.proposals:
        axis = proposal.primary_axis.name_fr if proposal.primary_axis else "Sans axe principal"
        for mrc in proposal.mrcs.all():
            if proposal.state in FUNDED:
                committed[mrc.name] += proposal.amount_granted
                count[mrc.name] += 1
            elif proposal.state == "recommended":
                pending[mrc.name] += proposal.suggested_amount
        if proposal.state in FUNDED:
            committed_axis[axis] += proposal.amount_granted
            count_axis[axis] += 1
        elif proposal.state == "recommended":
            pending_axis[axis] += proposal.suggested_amount
    by_mrc = rows(context["envelope"]["by_mrc"])
    assert by_mrc[first_mrc.name] == (committed[first_mrc.name], pending[first_mrc.name],
                                      Decimal("60000") - committed[first_mrc.name], Decimal("60000"),
                                      count[first_mrc.name])
    assert by_mrc[second_mrc.name] == (committed[second_mrc.name], pending[second_mrc.name], None, None,
                                       count[second_mrc.name])
    by_axis = rows(context["envelope"]["by_axis"])
    first_axis = axes[0].name_fr
    assert by_axis[first_axis] == (committed_axis[first_axis], pending_axis[first_axis],
                                   Decimal("40000") - committed_axis[first_axis], Decimal("40000"),
                                   count_axis[first_axis])
    assert {name: line[0] for name, line in by_axis.items()} == {name: committed_axis[name] for name in by_axis}
    summary = context["envelope"]["summary"]
    total = sum((p.amount_granted for p, _l in made.proposals if p.state in FUNDED), Decimal(0))
    assert (summary["committed"], summary["remaining"]) == (total, scene["program"].envelope - total)


# --- reports, indicators and participants -------------------------------------------------------------------


@pytest.mark.parametrize("year", [None, YEAR])
def test_reports_late_to_file_submitted_and_accepted(client, world, scene, year):
    context = page(client, world.analyst, programme=scene["program"].code, **({"year": year} if year else {}))
    today = timezone.localdate()
    expected = defaultdict(lambda: [0, 0, 0, 0])
    for report in scene["made"].reports:
        if year and report.due_on.year != year:
            continue
        line = expected["Rapport d'étape" if report.kind == "interim" else "Rapport final"]
        if report.state in ("draft", "returned"):
            line[0 if report.due_on < today else 1] += 1
        else:
            line[2 if report.state == "submitted" else 3] += 1
    assert rows(context["reports"]) == {kind: tuple(line) for kind, line in expected.items()}
    assert any(line[0] for line in expected.values())  # the data has late reports


def _latest(items, key):
    latest = {}
    for item in items:
        current = latest.get(key(item))
        if current is None or (item.report.due_on, item.report.pk) > (current.report.due_on, current.report.pk):
            latest[key(item)] = item
    return latest


def test_indicators_targets_against_latest_accepted_results_per_axis_and_unit(client, world, scene):
    context = page(client, world.manager, programme=scene["program"].code)
    made = scene["made"]
    name = {axis.pk: axis.name_fr for axis in scene["axes"] if axis}
    expected = defaultdict(lambda: [Decimal(0), Decimal(0), 0, 0, 0])
    for indicator in made.indicators:
        key = f"{name.get(indicator.proposal.primary_axis_id, 'Sans axe principal')} — {indicator.unit.strip().lower()}"
        expected[key][0] += indicator.target
        expected[key][2] += 1
    with_value = [r for r in made.results if r.actual is not None]
    for result in _latest(with_value, key=lambda r: r.indicator_id).values():
        indicator = result.indicator
        key = f"{name.get(indicator.proposal.primary_axis_id, 'Sans axe principal')} — {indicator.unit.strip().lower()}"
        expected[key][1] += result.actual
        expected[key][3] += 1
        expected[key][4] += result.actual >= indicator.target
    got = {label.replace("Personnes", "personnes"): values for label, values in rows(context["indicators"]).items()}
    assert got == {key: tuple(line) for key, line in expected.items()}


@pytest.mark.parametrize("call_index", [None, 1])
def test_participants_by_gender_from_each_projects_latest_accepted_report(client, world, scene, call_index):
    call = None if call_index is None else scene["calls"][call_index]
    context = page(client, world.admin, programme=scene["program"].code, **({"call": call.pk} if call else {}))
    name = {axis.pk: axis.name_fr for axis in scene["axes"] if axis}
    accepted = [r for r in scene["made"].reports
                if r.state == "accepted" and (call is None or r.agreement.proposal.call_id == call.pk)]

    class Row:  # _latest reads item.report
        def __init__(self, report):
            self.report = report

    expected = defaultdict(lambda: [0, 0, 0, 0])
    for row in _latest([Row(r) for r in accepted], key=lambda row: row.report.agreement_id).values():
        report = row.report
        line = expected[name.get(report.agreement.proposal.primary_axis_id, "Sans axe principal")]
        line[0] += report.participants_women or 0
        line[1] += report.participants_men or 0
        line[2] += report.participants_other or 0
        line[3] += 1
    chart = context["participants"]
    assert rows(chart) == {axis: tuple(line) for axis, line in expected.items()}
    women = sum(line[0] for line in expected.values())
    assert chart.table["footer"][0] == f"{women:,}".replace(",", "\u00a0")


# --- scope, filters and cost --------------------------------------------------------------------------------


def test_another_programs_staff_see_only_their_own_figures(client, world, scene):
    context = page(client, world.outside_analyst)
    assert context["program"] != scene["program"]
    counts = rows(context["organisations"]["counts"])
    assert sum(n for n, _funded in counts.values()) == 11  # Q: 13 proposals, two of them drafts
    assert "Manicouagan <b>" not in context["envelope"]["by_mrc"].categories
    client.force_login(world.outside_analyst)
    assert client.get(URL, {"programme": scene["program"].code}).status_code == 404


def test_a_call_of_another_program_is_ignored_with_an_error(client, world, scene):
    other_call = factories.CallFactory(program=world.outside_analyst.program_roles.get().program)
    context = page(client, world.analyst, programme=scene["program"].code, call=other_call.pk, year="1900")
    assert context["scope"].call is None and context["scope"].year is None
    assert set(context["form"].errors) == {"call", "year"}


@pytest.mark.parametrize("persona", ["applicant", "reviewer", "nobody"])
def test_people_without_a_staff_role_are_refused_the_dashboard(client, world, persona):
    client.force_login(getattr(world, persona))
    assert client.get(URL).status_code == 403
    assert client.get(URL, {"programme": world.program.code}).status_code == 403


def _queries(client, user, params):
    client.force_login(user)
    with CaptureQueriesContext(connection) as queries:
        assert client.get(URL, params).status_code == 200
    return len(queries)


def test_the_page_costs_the_same_queries_at_two_sizes(client, world, settings):
    settings.CONCERTO_DASHBOARD_CACHE_SECONDS = 0  # the figures read at each request, as on a cold cache
    program = world.program
    axes = [factories.AxisFactory(program=program), None]
    mrcs = [factories.MrcFactory(parent=program.region)]
    second_call = factories.CallFactory(program=program)
    fill(world, program, [world.call, second_call], 12, axes=axes, mrcs=mrcs)
    params = {"programme": program.code, "year": YEAR, "call": world.call.pk}
    small = (_queries(client, world.analyst, params), _queries(client, world.analyst, {"programme": program.code}))
    fill(world, program, [world.call, second_call], 48, axes=axes, mrcs=mrcs, label="B ")
    large = (_queries(client, world.analyst, params), _queries(client, world.analyst, {"programme": program.code}))
    assert small == large
    assert max(large) < 30


def test_the_page_shows_each_chart_as_named_svg_with_its_table_and_escapes_names(client, world, scene):
    client.force_login(world.analyst)
    html = client.get(URL, {"programme": scene["program"].code}).content.decode()
    svgs = re.findall(r"<svg\b.*?</svg>", html, re.S)
    assert len(svgs) == 9
    for svg in svgs:
        root = ET.fromstring(svg)
        assert root.get("role") == "img"
        assert root.find(f"{SVG}title").text and root.find(f"{SVG}desc").text
    assert html.count("<table") == 9 and html.count('<th scope="row">') > 10
    assert "Manicouagan &lt;b&gt;" in html and "Manicouagan <b>" not in html
    assert "Axe &lt;1&gt; &amp; sécurité alimentaire" in html
    assert not re.search(r"\sstyle=|<style|<script(?![^>]*\bsrc=)", html)
    assert "css/charts.css" in html
    ids = re.findall(r'\sid="([^"]+)"', html)  # the charts' titles are named by id
    assert len(ids) == len(set(ids))


def test_months_and_amounts_follow_the_readers_language(client, world, scene):
    world.manager.language = "en"
    world.manager.save(update_fields=["language"])
    client.force_login(world.manager)
    response = client.get(URL, {"programme": scene["program"].code, "year": YEAR})
    html = response.content.decode()
    assert response.context["pipeline"]["stock"].categories[0] == f"January {YEAR}"
    assert f"<th scope=\"row\">January {YEAR}</th>" in html
    assert re.search(r"\$[0-9]{1,3}(,[0-9]{3})*\.[0-9]{2}", html) and "\u00a0$" not in html


def _without_tokens(html):
    return re.sub(r'"X-CSRFToken": "[^"]+"|name="csrfmiddlewaretoken" value="[^"]+"', "", html)


def test_the_figures_are_kept_for_a_while_per_program_call_and_year_the_envelope_never(client, world, scene):
    client.force_login(world.analyst)
    params = {"programme": scene["program"].code, "year": YEAR}
    first = client.get(URL, params).content.decode()
    with CaptureQueriesContext(connection) as queries:
        again = client.get(URL, params).content.decode()
    read = " ".join(query["sql"] for query in queries)
    assert "workflow_transitionlog" not in read and "grants_report" not in read  # the kept figures
    assert "grants_commitmenttotal" in read  # the envelope, read at each request
    assert _without_tokens(again) == _without_tokens(first)
    assert "Chiffres calculés le" in again
    with CaptureQueriesContext(connection) as queries:
        client.get(URL, {"programme": scene["program"].code})  # another scope: its own figures
    assert "workflow_transitionlog" in " ".join(query["sql"] for query in queries)


def _reads_the_history(client, program):
    with CaptureQueriesContext(connection) as queries:
        assert client.get(URL, {"programme": program.code}).status_code == 200
    return "workflow_transitionlog" in " ".join(query["sql"] for query in queries)


def test_the_beat_keeps_each_current_programs_whole_view_warm_not_the_long_ended(client, world, scene):
    ended = factories.ProgramFactory(starts_on=date(2018, 4, 1), ends_on=date(2021, 3, 31))
    warm_dashboards()
    client.force_login(world.admin)
    assert not _reads_the_history(client, scene["program"])
    assert _reads_the_history(client, ended)
    assert PeriodicTask.objects.get(task="reporting.warm_dashboards").interval.every == 4


def test_without_keeping_the_beat_reads_nothing_and_every_request_sums_again(client, world, scene, settings):
    settings.CONCERTO_DASHBOARD_CACHE_SECONDS = 0
    assert warm_dashboards() == 0
    client.force_login(world.analyst)
    assert _reads_the_history(client, scene["program"]) and _reads_the_history(client, scene["program"])
