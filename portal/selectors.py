"""The public record of a funded project: the one read behind the portal's pages and its open data.

A proposal's public columns are selected with `.values()`, never as a model instance, so a confidential
field (problem statement, budget, partners, reviews...) cannot reach a page or a file by accident; programs
and axes, public by nature, are read with only the fields shown. A project is public
once funded (grants.services.publication.PUBLIC_STATES) unless staff held its publication back.
Every read costs a fixed number of queries, whatever the number of projects; the totals by axis and MRC are
read from the programs' kept commitments (grants.commitments), the others are sums in SQL.
"""

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.db.models import DateField, F, Q
from django.db.models.functions import Coalesce, ExtractYear
from django.utils.translation import get_language

from accountability.models import Report, ReportIndicatorResult
from grants import commitments
from grants.models import Axis, CommitmentTotal, Indicator, Program, Proposal, Territory
from grants.services.publication import PUBLIC_STATES
from grants.states import State

PAGE_SIZE = 25
MrcLink = Proposal.mrcs.through
NO_AXIS, NO_MRC = CommitmentTotal.NO_AXIS, CommitmentTotal.NO_MRC

# The agreement's dates once there is one, the application's before.
COLUMNS = {
    "start": Coalesce("agreement__starts_on", "start_date", output_field=DateField()),
    "end": Coalesce("agreement__ends_on", "end_date", output_field=DateField()),
    # When the money was granted, kept on the proposal (workflow.award_dates).
    "award": F("awarded_on"),
}
FIELDS = ("pk", "title", "public_summary", "state", "amount_granted", "updated_at", "organisation_id",
          "organisation__legal_name", "call__program__code", "call__program__name_fr",
          "primary_axis__code", "primary_axis__name_fr", "primary_axis__name_en", "application_id")


def _english():
    return (get_language() or "fr").startswith("en")


@dataclass(frozen=True)
class PublicIndicator:
    label: str
    unit: str
    target: Decimal
    actual: Decimal | None  # from the latest accepted report; None until one gives it


@dataclass(frozen=True)
class PublicRecord:
    pk: int
    title: str
    summary: str
    state: str
    amount: Decimal
    award_date: date | None
    start_date: date | None
    end_date: date | None
    updated_at: object
    organisation_id: int
    organisation: str
    program_code: str
    program_name: str  # French: the program's own name; pages show the program in the reader's language
    axis_code: str | None
    axis_name_fr: str | None
    axis_name_en: str | None
    mrcs: tuple  # ((code, name), ...)
    indicators: tuple  # (PublicIndicator, ...)
    # The other funders of a shared application (grants.funders) who fund it too: (pk, program name, amount).
    co_funders: tuple = ()

    @property
    def axis_name(self):
        return (self.axis_name_en if _english() and self.axis_name_en else self.axis_name_fr) or ""

    @property
    def state_label(self):
        return State(self.state).label


@dataclass(frozen=True)
class Filters:
    mrc: str = ""  # a territory code
    axis: str = ""  # an axis code
    year: int | None = None  # of the award
    state: str = ""


def published():
    return Proposal.objects.filter(state__in=PUBLIC_STATES, publication_withheld_at__isnull=True)


def _scoped(program=None, filters=Filters()):
    projects = published()
    if program is not None:
        projects = projects.filter(program=program)  # the call's program, kept on the proposal
    if filters.mrc:
        projects = projects.filter(mrcs__code=filters.mrc)
    if filters.axis:
        projects = projects.filter(primary_axis__code=filters.axis)
    if filters.state:
        projects = projects.filter(state=filters.state)
    if filters.year:
        projects = projects.filter(awarded_on__year=filters.year)
    return projects


def page(program=None, filters=Filters(), after=None, size=PAGE_SIZE):
    """One page of records, newest files first, and the key of the next page (None on the last): keyset
    pagination on the primary key, so page 400 costs what page 1 does."""
    projects = _scoped(program, filters)
    if after is not None:
        projects = projects.filter(pk__lt=after)
    rows = list(projects.order_by("-pk").values(*FIELDS, **COLUMNS)[:size + 1])
    following = rows[size - 1]["pk"] if len(rows) > size else None
    return _records(rows[:size]), following


def count(program=None, filters=Filters()):
    return _scoped(program, filters).count()


def all_records(program=None, batch=500):
    """Every public record (open data files), read one batch at a time."""
    after = None
    while True:
        records, after = page(program, after=after, size=batch)
        yield from records
        if after is None:
            return


def _records(rows):
    ids = [row["pk"] for row in rows]
    mrcs, indicators = {}, {}
    for link in MrcLink.objects.filter(proposal_id__in=ids).values(
            "proposal_id", "territory__code", "territory__name").order_by("territory__name"):
        mrcs.setdefault(link["proposal_id"], []).append((link["territory__code"], link["territory__name"]))
    actuals = _accepted_actuals(ids)
    co_funders = _co_funders(rows)
    for item in Indicator.objects.filter(proposal_id__in=ids).values(
            "pk", "proposal_id", "label", "unit", "target").order_by("pk"):
        indicators.setdefault(item["proposal_id"], []).append(
            PublicIndicator(item["label"], item["unit"], item["target"], actuals.get(item["pk"])))
    return [PublicRecord(
        pk=row["pk"], title=row["title"], summary=row["public_summary"], state=row["state"],
        amount=row["amount_granted"] or Decimal("0"), award_date=row["award"], start_date=row["start"],
        end_date=row["end"], updated_at=row["updated_at"], organisation_id=row["organisation_id"],
        organisation=row["organisation__legal_name"], program_code=row["call__program__code"],
        program_name=row["call__program__name_fr"], axis_code=row["primary_axis__code"],
        axis_name_fr=row["primary_axis__name_fr"], axis_name_en=row["primary_axis__name_en"],
        mrcs=tuple(mrcs.get(row["pk"], ())), indicators=tuple(indicators.get(row["pk"], ())),
        co_funders=tuple(funder for funder in co_funders.get(row["application_id"] or row["pk"], ())
                         if funder[0] != row["pk"]),
    ) for row in rows]


def _co_funders(rows):
    """{application id: [(pk, program name, amount)]} of the published files of the page's shared applications:
    one query, and none when the page holds no shared application."""
    groups = {row["application_id"] for row in rows if row["application_id"]}
    groups |= set(Proposal.objects.filter(application_id__in=[row["pk"] for row in rows if not row["application_id"]])
                  .values_list("application_id", flat=True).distinct())
    if not groups:
        return {}
    found = {}
    for file in published().filter(Q(pk__in=groups) | Q(application_id__in=groups)).order_by("pk").values(
            "pk", "application_id", "call__program__name_fr", "amount_granted"):
        found.setdefault(file["application_id"] or file["pk"], []).append(
            (file["pk"], file["call__program__name_fr"], file["amount_granted"] or Decimal("0")))
    return found


def _accepted_actuals(proposal_ids):
    """{indicator id: actual} from each indicator's latest ACCEPTED report (reports are cumulative)."""
    results = (ReportIndicatorResult.objects
               .filter(indicator__proposal_id__in=proposal_ids, report__state=Report.State.ACCEPTED)
               .exclude(actual=None).order_by("indicator_id", "-report__due_on", "-report_id")
               .values_list("indicator_id", "actual"))
    actuals = {}
    for indicator_id, actual in results:
        actuals.setdefault(indicator_id, actual)
    return actuals


# --- the program's summary -----------------------------------------------------------------------------


@dataclass(frozen=True)
class Line:
    code: str
    name: str
    projects: int
    granted: Decimal


@dataclass(frozen=True)
class Summary:
    envelope: Decimal
    projects: int
    granted: Decimal
    by_mrc: list  # [Line]; a project in several MRCs counts in each of them
    without_mrc: Line
    by_axis: list  # [Line], every axis of the program, its primary axis only
    without_axis: Line

    @property
    def percent(self):
        """The part of the envelope granted to the published projects, in percent."""
        return self.granted * 100 / self.envelope if self.envelope else Decimal("0")


def summary(program):
    """Amounts and numbers of projects per MRC and per axis, and the totals against the envelope: read from the
    program's kept commitments (grants.commitments), a few rows whatever the number of projects."""
    kept = commitments.published(program.pk)
    by_axis, by_mrc = kept["axis"], kept["mrc"]
    none = (0, Decimal("0"))
    mrcs = Territory.objects.filter(pk__in=[key for key in by_mrc if key != NO_MRC]).order_by("name").values_list(
        "pk", "code", "name")
    axes = Axis.objects.filter(program=program).only("code", "name_fr", "name_en").order_by("order", "code")
    return Summary(
        envelope=program.envelope, projects=sum(count for count, _granted in by_axis.values()),
        granted=sum((granted for _count, granted in by_axis.values()), Decimal("0")),
        by_mrc=[Line(code, name, *by_mrc[pk]) for pk, code, name in mrcs],
        without_mrc=Line("", "", *by_mrc.get(NO_MRC, none)),
        by_axis=[Line(axis.code, axis.name, *by_axis.get(axis.pk, none)) for axis in axes],
        without_axis=Line("", "", *by_axis.get(NO_AXIS, none)))


def award_years(program):
    """The years in which the program's published projects were granted, latest first (an index's range)."""
    return list(published().filter(program=program, awarded_on__isnull=False)
                .annotate(year=ExtractYear("awarded_on")).values_list("year", flat=True).distinct().order_by("-year"))


def programs():
    """Every program with its number of published projects and the amount granted to them."""
    published = commitments.published_by_program()
    found = list(Program.objects.only("code", "name_fr", "name_en", "envelope", "starts_on", "ends_on").order_by(
        "-starts_on", "code"))
    for program in found:
        program.projects, program.granted = published.get(program.pk, (0, Decimal("0")))
    return found


def program(code):
    return Program.objects.only("code", "name_fr", "name_en", "envelope", "starts_on", "ends_on",
                                "decision_body", "fund").filter(code=code).first()
