"""Agreements of the funded proposals, their three tranches, their reports (the bulk of the dataset: about
twenty each, interim then final) and each accepted report's indicator result."""

from datetime import datetime, time, timedelta
from decimal import Decimal

from django.utils import timezone

from accountability import latest
from accountability.models import Agreement, PaymentTranche, Report, ReportIndicatorResult

from .bulk import Table, text
from .proposals import agreement_dates, steps_at
from .sizes import COMMITTED

REPORT = ("agreement", "organisation", "program", "kind", "order", "due_on", "state", "narrative", "objectives_progress", "participants_women",
          "participants_men", "participants_other", "submitted_at", "submitted_by", "reviewed_by", "review_comment",
          "accepted_at")


def write(planned, frame, reports, indicators):
    """Returns how many agreements were written."""
    funded = [p for p in planned if p.state in COMMITTED]
    if not funded:
        return 0
    table = Table(Agreement, ("proposal", "organisation", "program", "call", "amount_granted", "starts_on", "ends_on",
                              "signed_on", "signature_recorded_by", "created_by", "created_at"))
    first = table.next_id()
    table.copy((first + number, p.id, frame.organisations[p.organisation], frame.programs[p.program].pk, p.call, p.granted,
                *agreement_dates(p), agreement_dates(p)[0], frame.managers[p.program], frame.board[p.program],
                steps_at(p)["approve"]) for number, p in enumerate(funded))
    Table(PaymentTranche, ("agreement", "order", "amount", "condition", "due_on", "state", "paid_on"),
          with_id=False).copy(row for number, p in enumerate(funded) for row in _tranches(first + number, p))
    report_table, accepted = Table(Report, REPORT), []
    next_report, today = report_table.next_id(), timezone.localdate()
    base, extra = divmod(reports, len(funded))

    def report_rows():
        report_id = next_report
        for number, p in enumerate(funded):
            for kind, order, due in _schedule(p, base + (number < extra)):
                state = _state(p, due, today)
                if state == "accepted":
                    accepted.append((report_id, indicators[p.id]))
                yield (report_id, first + number, frame.organisations[p.organisation],
                       frame.programs[p.program].pk, *_report(p, frame, kind, order, due, state))
                report_id += 1

    report_table.copy(report_rows())
    Table(ReportIndicatorResult, ("report", "indicator", "actual", "comment"), with_id=False).copy(
        (report, indicator, 40 + report % 160, "") for report, indicator in accepted)
    latest.rebuild()  # COPY skips the acceptance service, which keeps these marks
    return len(funded)


def _schedule(p, count):
    """(kind, order, due date): interim reports spread over the agreement, the final one 60 days after it."""
    starts, ends = agreement_dates(p)
    span = (ends - starts).days
    yield from (("interim", order, starts + timedelta(days=order * span // count)) for order in range(1, count))
    if count:
        yield "final", 1, ends + timedelta(days=60)


def _state(p, due, today):
    if p.state != "funded":
        return "accepted"  # the final report of a reported or closed file was accepted
    if due >= today:
        return "draft"
    if due >= today - timedelta(days=30):
        return "submitted" if p.id % 2 else "draft"
    return ("submitted", "returned", *["accepted"] * 18)[(p.id + due.toordinal()) % 20]


def _report(p, frame, kind, order, due, state):
    filed = state != "draft"
    moment = datetime.combine(due, time(10), tzinfo=timezone.get_current_timezone())
    return (kind, order, due, state, text(p.id + order, 600) if filed else "",
            text(p.id + order + 3, 300) if filed else "", 12 + p.id % 30 if filed else None,
            9 + p.id % 25 if filed else None, p.id % 4 if filed else None,
            moment - timedelta(days=2) if filed else None, frame.applicants[p.organisation] if filed else None,
            p.analyst[0] if state in ("accepted", "returned") else None,
            "Merci, rapport complet." if state in ("accepted", "returned") else "",
            moment + timedelta(days=10) if state == "accepted" else None)


def _tranches(agreement, p):
    starts, ends = agreement_dates(p)
    second = "paid" if p.state != "funded" else "payable"
    third = {"closed": "paid", "reported": "payable"}.get(p.state, "scheduled")
    for order, (share, condition, due, state) in enumerate((
            ("0.4", "at_signature", starts, "paid"),
            ("0.4", "after_interim_report", starts + timedelta(days=365), second),
            ("0.2", "after_final_report", ends + timedelta(days=60), third)), start=1):
        yield (agreement, order, (p.granted * Decimal(share)).quantize(Decimal("0.01")), condition, due, state,
               due + timedelta(days=15) if state == "paid" else None)
