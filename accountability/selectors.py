"""Reads of the accountability pages, each in a constant number of queries whatever the row count."""

from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import F, Prefetch, Q
from django.http import Http404

from core import access
from grants.models import Axis, Program

from .models import (
    Agreement,
    IndicatorTotal,
    PaymentTranche,
    ReachedByAxis,
    ReachedByMrc,
    Report,
    ReportAnswer,
    ReportAttachment,
    ReportIndicatorResult,
)
from .rules import allowed

PROPOSAL_PATH = ("proposal__call__program", "proposal__organisation")


def _visible(user, to_agreement=""):
    """The scope of grants.view_agreement as a filter: the person's organisations and staff programs, on the
    copies of its proposal's an agreement (or a report) keeps (each read from their own indexes)."""
    prefix = f"{to_agreement}__" if to_agreement else ""
    return (Q(**{f"{prefix}organisation_id__in": access.organisation_ids(user)})
            | Q(**{f"{prefix}program_id__in": access.program_ids_with_role(user, *access.STAFF)}))


def visible_agreements(user):
    agreements = Agreement.objects.select_related(*PROPOSAL_PATH).order_by("-created_at")
    return agreements if access.is_admin(user) else agreements.filter(_visible(user))


def agreements_with_schedule(user):
    """Visible agreements with their tranches and report schedule (the API's list and detail)."""
    return visible_agreements(user).prefetch_related(
        Prefetch("tranches", queryset=PaymentTranche.objects.order_by("order")),
        Prefetch("reports", queryset=Report.objects.order_by("due_on", "id")))


def visible_reports(user):
    """Reports of the visible agreements, with their indicator results, spending and attachments (the
    API's list and detail)."""
    # Lists in attributes (to_attr): Django then builds no queryset per report and relation, which cost more
    # CPU than the rest of an API page of 50 reports.
    reports = (Report.objects.select_related(*(f"agreement__{p}" for p in PROPOSAL_PATH))
               .prefetch_related(Prefetch("indicator_results", to_attr="indicator_result_list",
                                          queryset=ReportIndicatorResult.objects.select_related("indicator")),
                                 Prefetch("spendings", to_attr="spending_list"),
                                 Prefetch("attachments", to_attr="attachment_list"),
                                 Prefetch("answers", to_attr="answer_list",
                                          queryset=ReportAnswer.objects.select_related("question__call__program")))
               .order_by("due_on", "id"))
    if access.is_admin(user):
        return reports
    # The organisation and program copied onto the report: one range of an index on (…, due_on, id) serves
    # the API's pages at any depth, where the path through agreement and proposal sorted every visible report.
    return reports.filter(_visible(user))


def visible_tranches(user):
    """Tranches of the visible agreements (the API's list and detail)."""
    tranches = PaymentTranche.objects.select_related(*(f"agreement__{p}" for p in PROPOSAL_PATH)).order_by(
        "due_on", "id")
    return tranches if access.is_admin(user) else tranches.filter(_visible(user, "agreement"))


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
                 "proposal__organisation__legal_name")
REPORT_ROW = ("kind", "order", "state", "submitted_at", "agreement__proposal__title", "agreement__proposal__state",
              "agreement__proposal__organisation__legal_name")


def agreement_list_rows(user):
    """The agreements page: visible agreements with the shown columns only; the program's names as values
    (program_name_fr, program_name_en) rather than a call and a program loaded for each row."""
    return (visible_agreements(user).select_related(None).select_related("proposal__organisation")
            .only(*AGREEMENT_ROW).annotate(program_name_fr=F("proposal__call__program__name_fr"),
                                           program_name_en=F("proposal__call__program__name_en")))


def reports_to_review_rows(user):
    """The agreements page's reports waiting for the person's review, with the shown columns only."""
    # Not the program: the page does not show it (two model instances less per row, of fifty).
    return reports_to_review(user).select_related(None).select_related(
        "agreement__proposal__organisation").only(*REPORT_ROW)


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


def program_results(program, *, page=1):
    """Indicators and participants reached, from each funded project's latest ACCEPTED report, as the program's
    totals say (kept by accountability.totals): a few rows whatever the number of projects and reports. A project
    counts under its primary axis, and under each MRC it targets. Indicator labels are typed by applicants (one
    per project at worst): they come a page at a time, those shared by the most projects first."""
    groups = IndicatorTotal.objects.filter(program=program)
    start = (page - 1) * INDICATORS_PER_PAGE
    shown = groups.order_by("-projects", "label_key", "unit_key")[start:start + INDICATORS_PER_PAGE]
    tallies = [Tally(row["label"], row["unit"], row["target"], row["actual"], row["projects"])
               for row in shown.values("label", "unit", "target", "actual", "projects")]
    reached = ("women", "men", "other", "projects")
    axis_rows = list(ReachedByAxis.objects.filter(program=program).values("axis_key", *reached))
    axes = Axis.objects.in_bulk([row["axis_key"] for row in axis_rows])
    by_axis = [_reached(str(axes[row["axis_key"]]) if row["axis_key"] in axes else "—", row) for row in axis_rows]
    by_mrc = [_reached(row["name"], row) for row in ReachedByMrc.objects.filter(program=program).values(
        *reached, name=F("mrc__name"))]
    return ProgramResults(indicators=tallies, by_axis=sorted(by_axis, key=lambda r: r.label),
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
