"""Funding starts the accountability cycle: the agreement, its payment tranches and its report schedule.

create_for_funded(proposal, actor, amount=…, conditions=…) is what the approve transition calls inside its
transaction, with the board decision's values.
The schedule arithmetic is kept in pure functions (plan_tranches, plan_reports, split_amount) so it can be
tested for every amount and template without a database.
"""

from dataclasses import dataclass
from datetime import date, timedelta
from decimal import ROUND_DOWN, Decimal

from dateutil.relativedelta import relativedelta
from django.db.models import Exists, OuterRef
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.errors import Conflict

from . import totals
from .models import Agreement, PaymentCondition, PaymentTranche, Report, ReportKind

CENT = Decimal("0.01")
HUNDRED = Decimal("100")

# Used when a call defines no template of its own (the usual FQIS convention).
DEFAULT_PAYMENTS = [
    (Decimal("50"), PaymentCondition.AT_SIGNATURE, 0),
    (Decimal("40"), PaymentCondition.AFTER_INTERIM_REPORT, 0),
    (Decimal("10"), PaymentCondition.AFTER_FINAL_REPORT, 0),
]
DEFAULT_REPORTS = [(ReportKind.INTERIM, None, 0), (ReportKind.FINAL, None, 60)]


@dataclass(frozen=True)
class PlannedReport:
    kind: str
    order: int
    due_on: date


@dataclass(frozen=True)
class PlannedTranche:
    order: int
    amount: Decimal
    condition: str
    due_on: date
    report: PlannedReport | None


def split_amount(amount, percents):
    """Amounts per percent, rounded down to the cent; the last one takes the remaining cents.

    Rounding down keeps the last share non-negative, and the shares always sum to `amount` exactly.
    """
    amount = Decimal(amount).quantize(CENT)
    shares = [(amount * Decimal(p) / HUNDRED).quantize(CENT, rounding=ROUND_DOWN) for p in percents[:-1]]
    shares.append(amount - sum(shares, Decimal("0")))
    return shares


def check_percents(percents):
    total = sum((Decimal(p) for p in percents), Decimal("0"))
    if not percents or total != HUNDRED:
        raise Conflict(
            _("Les versements types de l'appel totalisent %(total)s %% au lieu de 100 %%.") % {"total": total},
            code="payment_template_invalid")


def plan_reports(starts_on, ends_on, lines=DEFAULT_REPORTS):
    """lines: (kind, months_after_start or None for mid-term, days_after_end) → reports sorted by due date."""
    midterm = starts_on + (ends_on - starts_on) / 2
    interims = sorted(
        midterm if months is None else starts_on + relativedelta(months=months)
        for kind, months, _days in lines if kind == ReportKind.INTERIM
    )
    reports = [PlannedReport(ReportKind.INTERIM, number, due) for number, due in enumerate(interims, start=1)]
    finals = [days for kind, _months, days in lines if kind == ReportKind.FINAL]
    # Every agreement ends with exactly one final report, whatever the template says.
    final_days = finals[0] if finals else 60
    reports.append(PlannedReport(ReportKind.FINAL, 1, ends_on + timedelta(days=final_days)))
    return reports


def plan_tranches(amount, starts_on, reports, lines=DEFAULT_PAYMENTS):
    """lines: (percent, condition, months_offset) in payment order → tranches whose amounts sum to `amount`.

    The n-th tranche "after the interim report" is tied to the n-th interim report (the last one when there
    are more such tranches than interim reports, the final report when there is no interim report).
    """
    check_percents([percent for percent, _c, _m in lines])
    amounts = split_amount(amount, [percent for percent, _c, _m in lines])
    interims = [report for report in reports if report.kind == ReportKind.INTERIM]
    final = next(report for report in reports if report.kind == ReportKind.FINAL)
    tranches, interim_index = [], 0
    for order, ((_percent, condition, months), share) in enumerate(zip(lines, amounts, strict=True), start=1):
        report = None
        if condition == PaymentCondition.AFTER_INTERIM_REPORT:
            report = interims[min(interim_index, len(interims) - 1)] if interims else final
            interim_index += 1
        elif condition == PaymentCondition.AFTER_FINAL_REPORT:
            report = final
        if report is not None:
            due_on = report.due_on
        elif condition == PaymentCondition.ON_DATE:
            due_on = starts_on + relativedelta(months=months)
        else:
            due_on = starts_on
        tranches.append(PlannedTranche(order, share, condition, due_on, report))
    return tranches


def call_templates(call):
    payments = [(line.percent, line.condition, line.months_offset)
                for line in call.payment_template_lines.order_by("order")]
    reports = [(line.kind, line.months_after_start, line.days_after_end)
               for line in call.report_template_lines.all()]
    return payments or DEFAULT_PAYMENTS, reports or DEFAULT_REPORTS


def create_for_funded(proposal, actor, *, amount, conditions=""):
    """Create the agreement, tranches and report schedule of a proposal just approved (idempotent).

    Runs inside the approve transition's transaction. No tranche is payable yet: the "at signature"
    tranche becomes payable when staff record the signed date (accountability.services).
    `amount` and `conditions` are the board decision's own values.
    """
    existing = Agreement.objects.filter(proposal=proposal).first()
    if existing is not None:
        return existing
    if amount is None:
        raise Conflict(_("Le montant accordé est requis pour créer la convention."), code="amount_missing")
    # A proposal without dates starts on the decision day and lasts a year.
    starts_on = proposal.start_date or timezone.localdate()
    ends_on = proposal.end_date or starts_on + relativedelta(years=1)
    payment_lines, report_lines = call_templates(proposal.call)
    planned_reports = plan_reports(starts_on, ends_on, report_lines)
    planned_tranches = plan_tranches(amount, starts_on, planned_reports, payment_lines)

    agreement = Agreement.objects.create(
        proposal=proposal, amount_granted=amount, starts_on=starts_on, ends_on=ends_on,
        conditions=conditions, created_by=actor)
    reports = {}
    for planned in planned_reports:
        reports[planned] = Report.objects.create(agreement=agreement, kind=planned.kind, order=planned.order,
                                                 due_on=planned.due_on, organisation_id=proposal.organisation_id,
                                                 program_id=proposal.program_id)
    PaymentTranche.objects.bulk_create(
        PaymentTranche(agreement=agreement, order=t.order, amount=t.amount, condition=t.condition,
                       due_on=t.due_on, report=reports.get(t.report)) for t in planned_tranches)
    totals.count_agreement(agreement)
    return agreement


def final_report_accepted(proposal):
    """True once the agreement's final report is accepted: a guard for the accept_final_report transition
    (from the final_report_acceptance() annotation when the proposal was read with it)."""
    known = getattr(proposal, "final_report_is_accepted", None)
    if known is not None:
        return known
    return Report.objects.filter(agreement__proposal=proposal, kind=ReportKind.FINAL,
                                 state=Report.State.ACCEPTED).exists()


def final_report_acceptance():
    """An annotation (final_report_is_accepted) for the pages that load a proposal and offer its actions:
    the guard's answer read with the row rather than by one more query. A transition reads it afresh."""
    return Exists(Report.objects.filter(agreement__proposal=OuterRef("pk"), kind=ReportKind.FINAL,
                                        state=Report.State.ACCEPTED))


def follow_moved_call(sender, instance, created, update_fields=None, **kwargs):
    """post_save of a call: its proposals follow a call moved to another program (grants.models.Call.save),
    their reports' copy of the program follows too (one UPDATE), and the programs' results (accountability.totals)."""
    if not created and (update_fields is None or {"program", "program_id"} & set(update_fields)):
        moved = Report.objects.filter(agreement__proposal__call=instance).exclude(program_id=instance.program_id)
        # Read before they follow: the programs the call's funded projects counted in.
        old_programs = set(moved.order_by().values_list("program_id", flat=True).distinct())
        if old_programs:
            moved.update(program_id=instance.program_id)
            totals.count_moved_call(instance, old_programs)
        Agreement.objects.filter(proposal__call=instance).exclude(program_id=instance.program_id).update(
            program_id=instance.program_id)
