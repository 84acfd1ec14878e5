"""The weekly digest to each analyst: overdue reports, reviews pending, tranches payable, per program."""

from collections import defaultdict

from django.db import transaction
from django.db.models import Exists, OuterRef
from django.utils import timezone

from grants.models import PaymentTranche, Program, ProgramRole, Report
from grants.templatetags.concerto import format_money

from . import outbox


def _lines_by_program(today):
    """Three lists of one-line descriptions per program id: three queries in all."""
    lines = defaultdict(lambda: {"overdue_reports": [], "pending_reviews": [], "payable_tranches": []})
    overdue = Report.objects.filter(state__in=[Report.State.DRAFT, Report.State.RETURNED], due_on__lt=today)
    for program_id, title, due_on in overdue.values_list(
            "agreement__proposal__call__program_id", "agreement__proposal__title", "due_on").order_by("due_on"):
        lines[program_id]["overdue_reports"].append(f"{title} — {due_on:%Y-%m-%d}")
    for program_id, title, amount in PaymentTranche.objects.filter(state=PaymentTranche.State.PAYABLE).values_list(
            "agreement__proposal__call__program_id", "agreement__proposal__title", "amount"):
        lines[program_id]["payable_tranches"].append(f"{title} — {format_money(amount, 'fr')}")
    try:
        from scoring.models import Review, ReviewerAssignment
    except ImportError:
        return lines
    submitted = Review.objects.filter(assignment=OuterRef("pk"), state=Review.State.SUBMITTED)
    pending = ReviewerAssignment.objects.filter(
        state__in=[ReviewerAssignment.State.PENDING, ReviewerAssignment.State.ACTIVE],
        proposal__state__in=["submitted", "under_analysis"]).exclude(Exists(submitted))
    for program_id, title, reviewer, email in pending.values_list(
            "proposal__call__program_id", "proposal__title", "reviewer__full_name", "reviewer__email"):
        lines[program_id]["pending_reviews"].append(f"{title} — {reviewer or email}")
    return lines


def send_weekly(today=None):
    """Queue this ISO week's digest for every analyst with something to read; once per week each."""
    today = today or timezone.localdate()
    year, week, _day = today.isocalendar()
    lines = _lines_by_program(today)
    programs = Program.objects.in_bulk([pid for pid, found in lines.items() if any(found.values())])
    analysts = defaultdict(list)
    for role in ProgramRole.objects.filter(role=ProgramRole.Role.ANALYST, program_id__in=list(programs)) \
            .select_related("user"):
        analysts[role.program_id].append(role.user)
    queued = 0
    with transaction.atomic():
        for program_id, program in programs.items():
            queued += len(outbox.queue(kind="analyst_digest", recipients=analysts[program_id], obj=program,
                                       context=lines[program_id], occurrence=f"{year}-W{week:02d}"))
    return queued
