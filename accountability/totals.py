"""Each program's results (accountability.models.results), kept up to date in the transaction of every write that
changes them, so that the program results page reads a few rows whatever the number of projects and reports.

What counts: the indicators of the projects with an agreement, grouped by label and unit whatever their case and
spacing (their number, targets, and latest filled-in accepted results: ReportIndicatorResult.is_latest); the
people reached according to each project's latest accepted report (Agreement.reached_*), a project counting
under its primary axis and under each MRC it targets.

Who moves them:
- an agreement's creation (agreements.create_for_funded) adds its indicators: count_agreement;
- an acceptance that moves an agreement's latest report or an indicator's latest result (latest.record_acceptance)
  adds the difference: count_reached, count_results;
- a call moved to another program (agreements.follow_moved_call), a funded proposal's axis, MRCs or call
  changed in the admin (workflow.admin.ProposalAdmin.save_related) and rows written in bulk (latest.rebuild):
  the programs concerned are recomputed, rebuild(programs); `manage.py rebuild_program_results` repairs any.
An accepted report never changes again, and the services never edit a funded proposal's axis, MRCs or indicators
(grants.services.proposals.require_editable; the admin shows indicators read-only).

A program is read from the proposal's call: the proposal's copy (Proposal.program) follows a moved call only
after the call's post_save (grants.models.Call.save).
"""

from decimal import Decimal

from django.db import connection, transaction
from django.db.models import (
    Case,
    Count,
    DecimalField,
    F,
    FilteredRelation,
    IntegerField,
    Min,
    Q,
    Sum,
    Value,
    When,
)
from django.db.models.functions import Coalesce, Lower, Trim

from core.sql import table as quoted
from grants.models import Indicator, Proposal

from .models import Agreement, IndicatorTotal, ReachedByAxis, ReachedByMrc

REACHED = ("reached_women", "reached_men", "reached_other")
MODELS = (ReachedByAxis, ReachedByMrc, IndicatorTotal)
NO_AXIS = ReachedByAxis.NO_AXIS


def _same_indicator():
    """Indicators are added up by label and unit, whatever their case and spacing."""
    return {"v_label_key": Lower(Trim("label")), "v_unit_key": Lower(Trim("unit"))}


def _add(model, rows, keys):
    """Add `rows` (a values() queryset naming each field v_<field>, one row per key) to the model's rows, inserting
    those missing: one INSERT … ON CONFLICT, which a concurrent insert of the same key waits for then adds to.
    A group's label and unit keep the first in alphabetical order; every other field is added up. Rows go in key
    order: two transactions adding to the same rows lock them in the same order."""
    fields = [name.removeprefix("v_") for name in rows.query.annotation_select]
    quote, table = connection.ops.quote_name, quoted(model)
    column = {name: quote(model._meta.get_field(name).column) for name in fields}
    merged = ", ".join(
        f"{c} = CASE WHEN excluded.{c} < {table}.{c} THEN excluded.{c} ELSE {table}.{c} END" if name in ("label", "unit")
        else f"{c} = {table}.{c} + excluded.{c}" for name, c in column.items() if name not in keys)
    sql, params = rows.order_by(*(f"v_{key}" for key in keys)).query.sql_with_params()
    # WHERE true: SQLite would read the ON of ON CONFLICT as a join's.
    with connection.cursor() as cursor:
        cursor.execute(f"INSERT INTO {table} ({', '.join(column.values())}) "
                       f"SELECT {', '.join(quote(f'v_{name}') for name in fields)} FROM ({sql}) added WHERE true "
                       f"ON CONFLICT ({', '.join(column[key] for key in keys)}) DO UPDATE SET {merged}", params)


def _by_axis(agreements):
    return agreements.values(v_program=F("proposal__call__program"),
                             v_axis_key=Coalesce("proposal__primary_axis", NO_AXIS, output_field=IntegerField()))


def _by_mrc(agreements):
    return Proposal.mrcs.through.objects.filter(proposal__agreement__in=agreements).values(
        v_program=F("proposal__call__program"), v_mrc=F("territory"))


def _add_reached(agreements, figures):
    _add(ReachedByAxis, _by_axis(agreements).annotate(**figures()), ["program", "axis_key"])
    _add(ReachedByMrc, _by_mrc(agreements).annotate(**figures("proposal__agreement__")), ["program", "mrc"])


def _indicators(indicators):
    return indicators.values(v_program=F("proposal__call__program"), **_same_indicator()).annotate(
        v_label=Min(Trim("label")), v_unit=Min(Trim("unit")))


def _deposit(agreements):
    """Add what these agreements count for (none of them counted yet)."""
    def reached(prefix=""):
        return {**{f"v_{name.removeprefix('reached_')}": Sum(Coalesce(f"{prefix}{name}", 0)) for name in REACHED},
                "v_projects": Count("pk")}

    _add_reached(agreements.filter(latest_report__isnull=False), reached)
    # Joined on its condition, an indicator's latest result is one row at most: targets are not repeated.
    indicators = Indicator.objects.filter(proposal__agreement__in=agreements).alias(
        latest=FilteredRelation("results", condition=Q(results__is_latest=True)))
    rows = _indicators(indicators).annotate(
        v_target=Sum("target"), v_projects=Count("pk"),
        v_actual=Coalesce(Sum("latest__actual"), Decimal("0"), output_field=DecimalField()))
    _add(IndicatorTotal, rows, ["program", "label_key", "unit_key"])


def count_agreement(agreement):
    """A new agreement: its proposal's indicators now count (no report is accepted yet)."""
    rows = _indicators(Indicator.objects.filter(proposal_id=agreement.proposal_id)).annotate(
        v_target=Sum("target"), v_projects=Count("pk"))
    _add(IndicatorTotal, rows, ["program", "label_key", "unit_key"])


def count_reached(agreement_id, before, after):
    """An agreement's latest accepted report changed from `before` (its reached_* figures, None without one) to
    `after`: the difference goes to its axis and MRCs, and one more project if it had none."""
    difference = [(new or 0) - (old or 0) for new, old in zip(after, before or (0, 0, 0), strict=True)]
    difference.append(1 if before is None else 0)
    if not any(difference):
        return

    def figures(_prefix=""):
        return {f"v_{name}": Value(value, output_field=IntegerField())
                for name, value in zip(("women", "men", "other", "projects"), difference, strict=True)}

    _add_reached(Agreement.objects.filter(pk=agreement_id), figures)


def count_results(differences):
    """{indicator id: its latest result's actual minus the one it replaced (0 without one)}."""
    differences = {pk: value for pk, value in differences.items() if value}
    if not differences:
        return
    actual = Sum(Case(*(When(pk=pk, then=Value(value)) for pk, value in differences.items()),
                      output_field=DecimalField()))
    _add(IndicatorTotal, _indicators(Indicator.objects.filter(pk__in=differences)).annotate(v_actual=actual),
         ["program", "label_key", "unit_key"])


def _lock():
    """Other writes to the totals wait until the transaction ends: a concurrent acceptance then adds its
    difference to the recomputed rows, rather than to rows it would be recomputed into."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            tables = ", ".join(quoted(model) for model in MODELS)
            cursor.execute(f"LOCK TABLE {tables} IN SHARE ROW EXCLUSIVE MODE")


@transaction.atomic
def rebuild(programs=None):
    """Recompute the totals of these programs (every program: None) from the agreements, reports and indicators,
    in a few set-based statements."""
    _lock()
    agreements = Agreement.objects.order_by()
    for model in MODELS:
        rows = model.objects.all()
        rows = rows if programs is None else rows.filter(program__in=programs)
        rows.delete()
    if programs is not None:
        agreements = agreements.filter(proposal__call__program__in=programs)
    _deposit(agreements)


def programs_of(agreement_ids):
    """The programs whose totals these agreements count in."""
    return set(Agreement.objects.filter(pk__in=agreement_ids).values_list("proposal__call__program", flat=True))


@transaction.atomic
def count_moved_call(call, old_programs):
    """A call moved from old_programs to call.program: those are recomputed without its agreements, which the new
    program adds."""
    rebuild(old_programs)
    _deposit(Agreement.objects.filter(proposal__call=call))
