"""Reads of the accountability pages, each in a constant number of queries whatever the row count."""

from collections import OrderedDict
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Prefetch, Q
from django.http import Http404

from core import access
from grants.models import Indicator, Program

from .models import Agreement, PaymentTranche, Report, ReportIndicatorResult
from .rules import allowed

PROPOSAL_PATH = ("proposal__call__program", "proposal__organisation")


def _visible(user, to_proposal):
    """The scope of grants.view_agreement as a filter: the person's organisations and staff programs."""
    return (Q(**{f"{to_proposal}__organisation_id__in": access.organisation_ids(user)})
            | Q(**{f"{to_proposal}__call__program_id__in": access.program_ids_with_role(user, *access.STAFF)}))


def visible_agreements(user):
    agreements = Agreement.objects.select_related(*PROPOSAL_PATH).order_by("-created_at")
    return agreements if access.is_admin(user) else agreements.filter(_visible(user, "proposal"))


def agreements_with_schedule(user):
    """Visible agreements with their tranches and report schedule (the API's list and detail)."""
    return visible_agreements(user).prefetch_related(
        Prefetch("tranches", queryset=PaymentTranche.objects.order_by("order")),
        Prefetch("reports", queryset=Report.objects.order_by("due_on", "id")))


def visible_reports(user):
    """Reports of the visible agreements, with their indicator results (the API's list and detail)."""
    reports = (Report.objects.select_related(*(f"agreement__{p}" for p in PROPOSAL_PATH))
               .prefetch_related(Prefetch("indicator_results",
                                          queryset=ReportIndicatorResult.objects.select_related("indicator")))
               .order_by("due_on", "id"))
    return reports if access.is_admin(user) else reports.filter(_visible(user, "agreement__proposal"))


def reports_to_review(user, *staff_roles):
    """Submitted reports waiting in the programs where the person holds one of staff_roles (default: analyst),
    oldest first."""
    reports = Report.objects.filter(state=Report.State.SUBMITTED)
    if not access.is_admin(user):
        reports = reports.filter(agreement__proposal__call__program_id__in=access.program_ids_with_role(
            user, *(staff_roles or (access.ANALYST,))))
    return reports.select_related(*(f"agreement__{p}" for p in PROPOSAL_PATH)).order_by("submitted_at", "id")


def result_programs(user):
    """Programs whose results page this person may read."""
    if access.is_admin(user):
        return Program.objects.all()
    return Program.objects.filter(pk__in=access.program_ids_with_role(user, *access.STAFF))


def agreement_for(user, pk):
    """The agreement page: parties, tranches (with their report) and the report schedule; 404 if not visible."""
    tranches = PaymentTranche.objects.select_related("report", "recorded_by").order_by("order")
    agreement = (Agreement.objects.select_related(*PROPOSAL_PATH, "signature_recorded_by")
                 .prefetch_related(Prefetch("tranches", queryset=tranches),
                                   Prefetch("reports", queryset=Report.objects.order_by("due_on", "id")))
                 .filter(pk=pk).first())
    if agreement is None or not allowed(user, "accountability.view_agreement", agreement):
        raise Http404
    return agreement


def tranche_for(user, pk):
    tranche = PaymentTranche.objects.select_related(*(f"agreement__{p}" for p in PROPOSAL_PATH), "report").filter(
        pk=pk).first()
    if tranche is None or not allowed(user, "accountability.view_agreement", tranche):
        raise Http404
    return tranche


def report_for(user, pk):
    """A report with everything its form and review page show; 404 if not visible."""
    report = (Report.objects.select_related(*(f"agreement__{p}" for p in PROPOSAL_PATH), "reviewed_by",
                                            "submitted_by")
              .prefetch_related("indicator_results", "spendings", "attachments", "tranches",
                                "agreement__proposal__indicators", "agreement__proposal__budget_lines")
              .filter(pk=pk).first())
    if report is None or not allowed(user, "accountability.view_agreement", report):
        raise Http404
    return report


@dataclass
class Tally:
    label: str
    unit: str = ""
    target: Decimal = Decimal("0")
    actual: Decimal = Decimal("0")
    projects: int = 0


@dataclass
class Reached:
    label: str
    women: int = 0
    men: int = 0
    other: int = 0
    projects: int = 0

    @property
    def total(self):
        return self.women + self.men + self.other


@dataclass
class ProgramResults:
    indicators: list = field(default_factory=list)
    by_axis: list = field(default_factory=list)
    by_mrc: list = field(default_factory=list)
    reports_counted: int = 0


def _latest_accepted(rows, key):
    """rows ordered newest first: keep the first row per key (reports are cumulative to their date)."""
    latest = OrderedDict()
    for row in rows:
        latest.setdefault(key(row), row)
    return list(latest.values())


def program_results(program):
    """Indicators and participants reached, from each funded project's latest ACCEPTED report.

    Three queries whatever the number of projects: indicator results, their targets, the reports.
    A project counts under its primary axis, and under each MRC it targets.
    """
    accepted = Q(report__state=Report.State.ACCEPTED, report__agreement__proposal__call__program=program)
    results = _latest_accepted(
        ReportIndicatorResult.objects.filter(accepted).exclude(actual=None).select_related("indicator")
        .order_by("indicator_id", "-report__due_on", "-report_id"), key=lambda r: r.indicator_id)
    tallies = {}
    targets = Indicator.objects.filter(proposal__agreement__isnull=False, proposal__call__program=program)
    for indicator in targets.order_by("label", "unit", "id"):
        key = (indicator.label.strip().lower(), indicator.unit.strip().lower())
        tally = tallies.setdefault(key, Tally(indicator.label.strip(), indicator.unit.strip()))
        tally.target += indicator.target
        tally.projects += 1
    actual_by_indicator = {result.indicator_id: result for result in results}
    for result in actual_by_indicator.values():
        indicator = result.indicator
        key = (indicator.label.strip().lower(), indicator.unit.strip().lower())
        tallies.setdefault(key, Tally(indicator.label.strip(), indicator.unit.strip())).actual += result.actual

    reports = _latest_accepted(
        Report.objects.filter(state=Report.State.ACCEPTED, agreement__proposal__call__program=program)
        .select_related("agreement__proposal__primary_axis").prefetch_related("agreement__proposal__mrcs")
        .order_by("agreement_id", "-due_on", "-id"), key=lambda r: r.agreement_id)
    by_axis, by_mrc = {}, {}
    for report in reports:
        proposal = report.agreement.proposal
        axis = proposal.primary_axis
        _add(by_axis, axis.pk if axis else None, str(axis) if axis else "—", report)
        for mrc in proposal.mrcs.all():
            _add(by_mrc, mrc.pk, mrc.name, report)
    return ProgramResults(indicators=sorted(tallies.values(), key=lambda t: t.label.lower()),
                          by_axis=sorted(by_axis.values(), key=lambda r: r.label),
                          by_mrc=sorted(by_mrc.values(), key=lambda r: r.label), reports_counted=len(reports))


def _add(groups, key, label, report):
    reached = groups.setdefault(key, Reached(label))
    reached.women += report.participants_women or 0
    reached.men += report.participants_men or 0
    reached.other += report.participants_other or 0
    reached.projects += 1


def reports_to_file(organisation_ids):
    """The organisations' reports not yet accepted, soonest due first (applicant dashboard)."""
    return (Report.objects.filter(agreement__proposal__organisation_id__in=organisation_ids)
            .exclude(state=Report.State.ACCEPTED)
            .select_related("agreement__proposal__organisation").order_by("due_on", "id"))


def reports_awaiting_review(user):
    """Submitted reports of the programs where this person analyses or manages (staff dashboard)."""
    return reports_to_review(user, *access.ANALYSIS)
