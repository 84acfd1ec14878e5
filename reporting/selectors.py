"""The program dashboard's figures, each counted or summed by the database (GROUP BY), one query per figure
whatever the number of proposals, logs or reports.

Where each figure comes from:
- the pipeline: workflow.TransitionLog, the record of every change of a proposal's state (who, from, to,
  when). The proposals in a state at the end of a month are the transitions into it minus the transitions
  out of it until then. A draft is its organisation's own: proposals count from their submission on.
- proposals by type of organisation: submitted proposals (not drafts), by year of their latest submission;
- reports: due date and state; late as Report.is_overdue says (still to file and past due);
- indicators and participants: each funded project's latest accepted report, as
  accountability.selectors.program_results reads them (a report is cumulative to its date).
The envelope is scoring's own reading (scoring.services.decisions.commitments).
"""

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime
from itertools import accumulate

from django.db.models import Count, DateField, Exists, F, Min, OuterRef, Q, Sum
from django.db.models.functions import Lower, Trim, TruncMonth
from django.utils import timezone

from accountability.models import Report, ReportIndicatorResult
from core import access
from grants.models import Axis, Call, Indicator, Program, Proposal
from grants.states import COMMITTED_STATES, State
from workflow.models import TransitionLog

ACCEPTED = Report.State.ACCEPTED
TO_FILE = (Report.State.DRAFT, Report.State.RETURNED)
# The pipeline's states: every state but the draft, in the life cycle's order.
PIPELINE_STATES = tuple(state for state in State if state != State.DRAFT)
# The monthly flows (transitions): first submissions, recommendations and the board's decisions.
FLOWS = ("submit", "recommend", "approve", "decline")


@dataclass(frozen=True)
class Scope:
    """What the dashboard shows: one program, optionally one of its calls and one calendar year."""

    program: Program
    call: Call | None = None
    year: int | None = None

    def of(self, to_proposal=""):
        """Filter keywords keeping the rows of the scope's program (and call), given the path to a proposal
        (through the proposal's own copy of its call's program: no join to the calls)."""
        if self.call is not None:
            return {f"{to_proposal}call_id": self.call.pk}
        return {f"{to_proposal}program_id": self.program.pk}

    def of_reports(self):
        """The same for reports, which keep their program's id: a whole program's need no join."""
        return self.of("agreement__proposal__") if self.call is not None else {"program_id": self.program.pk}


def dashboard_programs(user):
    """The programs whose dashboard the person reads: their staff programs, every program for an admin."""
    programs = Program.objects.order_by("-starts_on", "code").only("pk", "code", "name_fr", "name_en", "starts_on",
                                                                 "ends_on", "envelope")
    readers = access.visible_program_ids(user, *access.STAFF)
    return programs if readers is None else programs.filter(pk__in=readers)


def axis_names(program):
    return {axis.pk: axis.name for axis in Axis.objects.filter(program=program).order_by("order", "code")
            .only("pk", "name_fr", "name_en")}


def _month_start(moment):
    return timezone.make_aware(datetime(moment.year, moment.month, 1))


def _months(first, last):
    months, current = [], first
    while current <= last:
        months.append(current)
        current = date(current.year + (current.month == 12), current.month % 12 + 1, 1)
    return months


@dataclass(frozen=True)
class Pipeline:
    months: tuple  # first day of each month
    stock: dict  # state -> proposals in that state at the end of each month
    flows: dict  # transition -> transitions made during each month


def pipeline(scope, today):
    """Proposals in each state at the end of each month of the year (or from the first log to this month)."""
    logs = TransitionLog.objects.filter(**scope.of("proposal__"))
    if scope.year:
        logs = logs.filter(created_at__lt=_month_start(date(scope.year + 1, 1, 1)))
    rows = list(logs.annotate(month=TruncMonth("created_at", output_field=DateField()))
                .values("month", "transition", "from_state", "to_state").annotate(count=Count("id")).order_by())
    this_month = today.replace(day=1)
    if scope.year:
        first, last = date(scope.year, 1, 1), min(date(scope.year, 12, 1), this_month)
    else:
        first, last = min((row["month"] for row in rows), default=this_month), this_month
    months = _months(first, last)
    if not months:
        return Pipeline((), {}, {})
    index = {month: position for position, month in enumerate(months)}
    change = defaultdict(lambda: [0] * len(months))
    flows = {name: [0] * len(months) for name in FLOWS}
    for row in rows:
        if row["month"] > last:
            continue
        # Before the first month: part of the stock the first month starts with.
        position = index.get(row["month"], 0)
        change[row["to_state"]][position] += row["count"]
        change[row["from_state"]][position] -= row["count"]
        if row["month"] in index and row["transition"] in flows:
            flows[row["transition"]][position] += row["count"]
    stock = {state: list(accumulate(change[state])) for state in PIPELINE_STATES if state in change}
    return Pipeline(tuple(months), {s: v for s, v in stock.items() if any(v)}, flows)


def by_organisation_kind(scope):
    """Per type of organisation: submitted proposals and the amount requested, funded ones and the amount
    granted."""
    proposals = Proposal.objects.filter(**scope.of()).exclude(state=State.DRAFT)
    if scope.year:
        proposals = proposals.filter(submitted_at__year=scope.year)
    committed = Q(state__in=COMMITTED_STATES)
    return list(proposals.values(kind=F("organisation__kind")).annotate(
        proposals=Count("id"), requested=Sum("requested_amount"), funded=Count("id", filter=committed),
        granted=Sum("amount_granted", filter=committed)).order_by("kind"))


def reports_by_kind(scope, today):
    """Per kind of report: late, still to file, submitted (awaiting review) and accepted, by due year."""
    reports = Report.objects.filter(**scope.of_reports())
    if scope.year:
        reports = reports.filter(due_on__year=scope.year)
    to_file = Q(state__in=TO_FILE)
    return list(reports.values("kind").annotate(
        late=Count("id", filter=to_file & Q(due_on__lt=today)), due=Count("id", filter=to_file & Q(due_on__gte=today)),
        submitted=Count("id", filter=Q(state=Report.State.SUBMITTED)),
        accepted=Count("id", filter=Q(state=ACCEPTED))).order_by("kind"))


def _latest_accepted_results():
    """Each indicator's result in the latest accepted report that gives one (latest due, then latest id)."""
    mine = Q(indicator=OuterRef("indicator"), report__state=ACCEPTED, actual__isnull=False)
    later = ReportIndicatorResult.objects.filter(mine).filter(
        Q(report__due_on__gt=OuterRef("report__due_on"))
        | Q(report__due_on=OuterRef("report__due_on"), report_id__gt=OuterRef("report_id")))
    return ReportIndicatorResult.objects.filter(report__state=ACCEPTED, actual__isnull=False).filter(~Exists(later))


@dataclass
class IndicatorLine:
    axis_id: int | None
    unit: str
    indicators: int = 0
    target: object = 0
    reported: int = 0
    actual: object = 0
    reached: int = 0


def indicators_by_axis(scope):
    """Targets of the funded projects' indicators against their latest accepted results, per primary axis
    and unit (units are compared without case or surrounding spaces; only like units are added up)."""
    unit_key = Lower(Trim("unit"))
    targets = (Indicator.objects.filter(proposal__agreement__isnull=False, **scope.of("proposal__"))
               .values(axis_id=F("proposal__primary_axis"), unit_key=unit_key)
               .annotate(indicators=Count("id"), target_total=Sum("target"), unit_label=Min(Trim("unit"))).order_by())
    actuals = (_latest_accepted_results().filter(**scope.of("indicator__proposal__"))
               .values(axis_id=F("indicator__proposal__primary_axis"), unit_key=Lower(Trim("indicator__unit")))
               .annotate(reported=Count("id"), actual_total=Sum("actual"),
                         reached=Count("id", filter=Q(actual__gte=F("indicator__target")))).order_by())
    lines = {}
    for row in targets:
        lines[row["axis_id"], row["unit_key"]] = IndicatorLine(row["axis_id"], row["unit_label"], row["indicators"],
                                                               row["target_total"])
    for row in actuals:
        line = lines.setdefault((row["axis_id"], row["unit_key"]), IndicatorLine(row["axis_id"], row["unit_key"]))
        line.reported, line.actual, line.reached = row["reported"], row["actual_total"], row["reached"]
    return list(lines.values())


def participants_by_axis(scope):
    """Women, men and people of other identities reached, from each project's latest accepted report, per
    primary axis (ADS+)."""
    later = Report.objects.filter(agreement=OuterRef("agreement"), state=ACCEPTED).filter(
        Q(due_on__gt=OuterRef("due_on")) | Q(due_on=OuterRef("due_on"), pk__gt=OuterRef("pk")))
    return list(Report.objects.filter(state=ACCEPTED, **scope.of_reports()).filter(~Exists(later))
                .values(axis_id=F("agreement__proposal__primary_axis"))
                .annotate(women=Sum("participants_women"), men=Sum("participants_men"),
                          other=Sum("participants_other"), projects=Count("id")).order_by())
