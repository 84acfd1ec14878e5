"""Reads of the accountability pages, each in a constant number of queries whatever the row count."""

from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Count, F, Min, Prefetch, Q, Sum
from django.db.models.functions import Coalesce, Lower, Trim
from django.http import Http404

from core import access
from grants.models import Axis, Indicator, Program

from .models import Agreement, PaymentTranche, Report, ReportAnswer, ReportAttachment, ReportIndicatorResult
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
    """Reports of the visible agreements, with their indicator results, spending and attachments (the
    API's list and detail)."""
    reports = (Report.objects.select_related(*(f"agreement__{p}" for p in PROPOSAL_PATH))
               .prefetch_related(Prefetch("indicator_results",
                                          queryset=ReportIndicatorResult.objects.select_related("indicator")),
                                 "spendings", "attachments",
                                 Prefetch("answers", queryset=ReportAnswer.objects.select_related("question__call__program")))
               .order_by("due_on", "id"))
    return reports if access.is_admin(user) else reports.filter(_visible(user, "agreement__proposal"))


def visible_tranches(user):
    """Tranches of the visible agreements (the API's list and detail)."""
    tranches = PaymentTranche.objects.select_related(*(f"agreement__{p}" for p in PROPOSAL_PATH)).order_by(
        "due_on", "id")
    return tranches if access.is_admin(user) else tranches.filter(_visible(user, "agreement__proposal"))


def attachment_of(report, pk):
    """One attachment of a report already checked visible; 404 for an attachment of another report."""
    attachment = ReportAttachment.objects.filter(pk=pk, report=report).first()
    if attachment is None:
        raise Http404
    return attachment


def reports_to_review(user, *staff_roles):
    """Submitted reports waiting in the programs where the person holds one of staff_roles (default: analyst),
    oldest first."""
    reports = Report.objects.filter(state=Report.State.SUBMITTED)
    if not access.is_admin(user):
        # The program copied onto the report: report_program_submitted_idx, no join to filter.
        reports = reports.filter(program_id__in=access.program_ids_with_role(
            user, *(staff_roles or (access.ANALYST,))))
    return reports.select_related(*(f"agreement__{p}" for p in PROPOSAL_PATH)).order_by("submitted_at", "id")


def result_programs(user):
    """Programs whose results page this person may read."""
    if access.is_admin(user):
        return Program.objects.all()
    return Program.objects.filter(pk__in=access.program_ids_with_role(user, *access.STAFF))


# What the agreements page shows of a row: never the proposal's long texts nor the agreement's conditions.
AGREEMENT_ROW = ("amount_granted", "starts_on", "ends_on", "created_at", "proposal__title",
                 "proposal__state",  # read by the proposal's concurrency check when loaded
                 "proposal__organisation__legal_name", "proposal__call__program__name_fr",
                 "proposal__call__program__name_en")
REPORT_ROW = ("kind", "order", "state", "submitted_at", "agreement__proposal__title", "agreement__proposal__state",
              "agreement__proposal__organisation__legal_name", "agreement__proposal__call__program__name_fr",
              "agreement__proposal__call__program__name_en")


def agreement_list_rows(user):
    """The agreements page: visible agreements with the shown columns only."""
    return visible_agreements(user).only(*AGREEMENT_ROW)


def reports_to_review_rows(user):
    """The agreements page's reports waiting for the person's review, with the shown columns only."""
    return reports_to_review(user).only(*REPORT_ROW)


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


INDICATORS_PER_PAGE = 50
MAX_INDICATOR_PAGE = 100_000  # a page number any database's integers hold


@dataclass
class ProgramResults:
    indicators: list = field(default_factory=list)  # one page of them
    by_axis: list = field(default_factory=list)
    by_mrc: list = field(default_factory=list)
    reports_counted: int = 0
    indicator_count: int = 0  # labels and units, every page
    page: int = 1

    @property
    def pages(self):
        return max(1, -(-self.indicator_count // INDICATORS_PER_PAGE))

    @property
    def previous_page(self):
        return self.page - 1

    @property
    def next_page(self):
        return self.page + 1 if self.page < self.pages else 0


def reporting_agreements(program):
    """The program's agreements with an accepted report: what each one's latest says (copied onto the agreement
    by accountability.latest) is what counts, a report being cumulative to its date."""
    return Agreement.objects.filter(proposal__program=program, latest_report__isnull=False).order_by()


def _latest_accepted_results(program):
    """Each indicator's latest accepted, filled-in result (a report may leave one blank), marked on the row
    (ReportIndicatorResult.is_latest): one row per indicator of the program, whatever the number of reports."""
    return ReportIndicatorResult.objects.filter(is_latest=True, indicator__proposal__program=program).order_by()


def _same_indicator(prefix=""):
    """Indicators are added up by label and unit, whatever their case and spacing."""
    return {"label_key": Lower(Trim(f"{prefix}label")), "unit_key": Lower(Trim(f"{prefix}unit"))}


def program_results(program, *, page=1):
    """Indicators and participants reached, from each funded project's latest ACCEPTED report, added up in
    the database: the same queries whatever the number of projects and reports, and a row per indicator label,
    axis or MRC in Python. A project counts under its primary axis, and under each MRC it targets. Indicator
    labels are typed by applicants (one per project at worst): they come a page at a time, those shared by
    the most projects first."""
    groups = (Indicator.objects.filter(proposal__program=program, proposal__agreement__isnull=False).order_by()
              .values(**_same_indicator())
              .annotate(label=Min(Trim("label")), unit=Min(Trim("unit")), target=Sum("target"), projects=Count("id")))
    start = (page - 1) * INDICATORS_PER_PAGE
    shown = groups.order_by("-projects", "label_key", "unit_key")[start:start + INDICATORS_PER_PAGE]
    tallies = {(row["label_key"], row["unit_key"]): Tally(row["label"], row["unit"], row["target"], Decimal("0"),
                                                          row["projects"]) for row in shown}
    actuals = (_latest_accepted_results(program).annotate(**_same_indicator("indicator__"))
               .filter(label_key__in={label for label, _unit in tallies})
               .values("label_key", "unit_key").annotate(actual=Sum("actual")))
    for row in actuals:
        tally = tallies.get((row["label_key"], row["unit_key"]))
        if tally is not None:
            tally.actual += row["actual"]

    reached = {"women": Sum(Coalesce("reached_women", 0)), "men": Sum(Coalesce("reached_men", 0)),
               "other": Sum(Coalesce("reached_other", 0)), "projects": Count("id")}
    reporting = reporting_agreements(program)
    axis_rows = list(reporting.values(key=F("proposal__primary_axis")).annotate(**reached))
    axes = Axis.objects.in_bulk([row["key"] for row in axis_rows if row["key"] is not None])
    by_axis = [_reached(str(axes[row["key"]]) if row["key"] else "—", row) for row in axis_rows]
    by_mrc = [_reached(row["name"], row) for row in reporting.filter(proposal__mrcs__isnull=False).values(
        key=F("proposal__mrcs"), name=F("proposal__mrcs__name")).annotate(**reached)]
    return ProgramResults(indicators=list(tallies.values()), by_axis=sorted(by_axis, key=lambda r: r.label),
                          by_mrc=sorted(by_mrc, key=lambda r: r.label),
                          reports_counted=sum(row.projects for row in by_axis), indicator_count=groups.count(),
                          page=page)


def _reached(label, row):
    return Reached(label, women=row["women"], men=row["men"], other=row["other"], projects=row["projects"])


# What the dashboards show of a report: never its narrative nor the review's comment.
DASHBOARD_REPORT = ("kind", "order", "state", "due_on", "submitted_at", "agreement__proposal__title",
                    "agreement__proposal__state",  # read by the proposal's concurrency check when loaded
                    "agreement__proposal__organisation__legal_name")


def reports_to_file(organisation_ids):
    """The organisations' reports not yet accepted, soonest due first (applicant dashboard)."""
    # The organisation copied onto the report: one range of report_to_file_idx, whatever the table's size.
    return (Report.objects.filter(organisation_id__in=organisation_ids)
            .exclude(state=Report.State.ACCEPTED)
            .select_related("agreement__proposal__organisation").only(*DASHBOARD_REPORT).order_by("due_on", "id"))


def reports_awaiting_review(user):
    """Submitted reports of the programs where this person analyses or manages (staff dashboard)."""
    return reports_to_review(user, *access.ANALYSIS).only(
        *DASHBOARD_REPORT, "agreement__proposal__call__program__name_fr",
        "agreement__proposal__call__program__name_en")
