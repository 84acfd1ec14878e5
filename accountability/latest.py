"""Each agreement's latest accepted report (with the people it says were reached) and each indicator's latest
filled-in accepted result, kept on the rows themselves (Agreement.latest_report and reached_*,
ReportIndicatorResult.is_latest) so the program results page reads one row per project and per indicator,
never the reports.

"Latest" is by due date, then id (a report is cumulative to its date), not by acceptance order: an interim
report accepted after a later one does not replace it. An accepted report never changes again (its due date,
state and results are fixed), so only an acceptance moves these marks: accountability.services.accept_report
calls record_acceptance in its transaction, which adds the difference to the program's totals
(accountability.totals). Rows written in bulk (data migration, benches, tests) take them from rebuild(), which
recomputes the totals of their programs.
"""

from django.db.models import F, OuterRef, Subquery, Window
from django.db.models.functions import RowNumber

from . import totals
from .models import Agreement, Report, ReportIndicatorResult

ACCEPTED = Report.State.ACCEPTED
# Agreement field ← its latest accepted report's field.
COPIED = (("reached_women", "participants_women"), ("reached_men", "participants_men"),
          ("reached_other", "participants_other"))


def _key(due_on, pk):
    return due_on, pk


def record_acceptance(report):
    """Move the marks to `report` (just accepted, locked) where it is the newest. The agreement row is locked
    (no key update: inserts referencing it go on) so that two acceptances of one agreement take turns."""
    agreement = Agreement.objects.filter(pk=report.agreement_id)
    # The lock alone, then the current latest report in a statement of its own: a row joined to the locked one
    # would be the one seen before waiting for the lock, not the other acceptance's.
    current, *before = agreement.select_for_update(no_key=True).values_list(
        "latest_report_id", *(reached for reached, _participants in COPIED)).get()
    newest = Report.objects.filter(pk=current).values_list("due_on", "pk").first() if current else None
    if newest is None or _key(report.due_on, report.pk) > newest:
        copies = {reached: getattr(report, participants) for reached, participants in COPIED}
        agreement.update(latest_report=report, **copies)
        totals.count_reached(report.agreement_id, before if current else None, list(copies.values()))
    filled = {indicator_id: (pk, actual) for indicator_id, pk, actual in ReportIndicatorResult.objects.filter(
        report=report, actual__isnull=False).values_list("indicator_id", "pk", "actual")}
    if not filled:
        return
    holders = ReportIndicatorResult.objects.filter(indicator_id__in=filled, is_latest=True).values_list(
        "indicator_id", "pk", "actual", "report__due_on", "report_id")
    beaten, kept, replaced = [], set(), {}
    for indicator_id, pk, actual, due_on, report_id in holders:
        if _key(due_on, report_id) > _key(report.due_on, report.pk):
            kept.add(indicator_id)
        else:
            beaten.append(pk)
            replaced[indicator_id] = actual
    # Unmark first: one latest result per indicator is a unique constraint.
    ReportIndicatorResult.objects.filter(pk__in=beaten).update(is_latest=False)
    marked = {indicator_id: mark for indicator_id, mark in filled.items() if indicator_id not in kept}
    ReportIndicatorResult.objects.filter(pk__in=[pk for pk, _actual in marked.values()]).update(is_latest=True)
    totals.count_results({indicator_id: actual - replaced.get(indicator_id, 0)
                          for indicator_id, (_pk, actual) in marked.items()})


def rebuild(agreement_ids=None):
    """Recompute the marks from the reports, a few set-based statements (for rows written in bulk), then the
    totals of the programs concerned."""
    agreements, results = Agreement.objects.all(), ReportIndicatorResult.objects.all()
    if agreement_ids is not None:
        agreements = agreements.filter(pk__in=agreement_ids)
        results = results.filter(report__agreement_id__in=agreement_ids)
    newest_report = (Report.objects.filter(agreement=OuterRef("pk"), state=ACCEPTED)
                     .order_by("-due_on", "-id").values("pk")[:1])
    agreements.update(latest_report=Subquery(newest_report))
    # order_by(): the reports' default order would join the agreements inside the subquery.
    agreements.update(**{reached: Subquery(Report.objects.filter(pk=OuterRef("latest_report_id")).order_by()
                                           .values(participants)) for reached, participants in COPIED})
    results.filter(is_latest=True).update(is_latest=False)
    # Numbered per indicator from the newest: one sort of the accepted results, not a lookup per row.
    newest_first = Window(RowNumber(), partition_by=F("indicator_id"),
                          order_by=[F("report__due_on").desc(), F("report_id").desc()])
    newest = (results.filter(report__state=ACCEPTED, actual__isnull=False).annotate(newness=newest_first)
              .filter(newness=1).values("pk"))
    ReportIndicatorResult.objects.filter(pk__in=newest).update(is_latest=True)
    totals.rebuild(None if agreement_ids is None else totals.programs_of(agreement_ids))
