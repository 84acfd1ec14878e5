"""The weekly digest to each analyst: overdue reports, reviews pending, tranches payable, per program.

The facts are read once per program (three queries in all); the lines are written once per recipient
language, so an English-speaking analyst reads English dates and $12,345.67 amounts.
"""

from collections import defaultdict

from django.conf import settings
from django.db import transaction
from django.db.models import Exists, OuterRef
from django.utils import timezone

from grants.models import PaymentTranche, Program, ProgramRole, Report
from grants.templatetags.concerto import format_money

from . import outbox
from .context import format_value


def _facts_by_program(today):
    """Per program id, three lists of (title, detail) pairs, the detail still a date, amount or name."""
    facts = defaultdict(lambda: {"overdue_reports": [], "pending_reviews": [], "payable_tranches": []})
    overdue = Report.objects.filter(state__in=[Report.State.DRAFT, Report.State.RETURNED], due_on__lt=today)
    for program_id, title, due_on in overdue.values_list(
            "agreement__proposal__call__program_id", "agreement__proposal__title", "due_on").order_by("due_on"):
        facts[program_id]["overdue_reports"].append((title, due_on))
    for program_id, title, amount in PaymentTranche.objects.filter(state=PaymentTranche.State.PAYABLE).values_list(
            "agreement__proposal__call__program_id", "agreement__proposal__title", "amount"):
        facts[program_id]["payable_tranches"].append((title, amount))
    try:
        from scoring.models import Review, ReviewerAssignment
    except ImportError:
        return facts
    submitted = Review.objects.filter(assignment=OuterRef("pk"), state=Review.State.SUBMITTED)
    pending = ReviewerAssignment.objects.filter(
        state__in=[ReviewerAssignment.State.PENDING, ReviewerAssignment.State.ACTIVE],
        proposal__state__in=["submitted", "under_analysis"]).exclude(Exists(submitted))
    for program_id, title, reviewer, email in pending.values_list(
            "proposal__call__program_id", "proposal__title", "reviewer__full_name", "reviewer__email"):
        facts[program_id]["pending_reviews"].append((title, reviewer or email))
    return facts


def lines_in(facts, language):
    """The digest's three lists as one-line strings in the language."""
    return {
        "overdue_reports": [f"{title} — {format_value('due_on', due_on, language)}"
                            for title, due_on in facts["overdue_reports"]],
        "pending_reviews": [f"{title} — {reviewer}" for title, reviewer in facts["pending_reviews"]],
        "payable_tranches": [f"{title} — {format_money(amount, language)}"
                             for title, amount in facts["payable_tranches"]],
    }


def _by_language(users):
    groups = defaultdict(list)
    for user in users:
        groups[user.language or settings.LANGUAGE_CODE].append(user)
    return groups


def send_weekly(today=None):
    """Queue this ISO week's digest for every analyst with something to read; once per week each."""
    today = today or timezone.localdate()
    year, week, _day = today.isocalendar()
    facts = _facts_by_program(today)
    programs = Program.objects.in_bulk([pid for pid, found in facts.items() if any(found.values())])
    analysts = defaultdict(list)
    for role in ProgramRole.objects.filter(role=ProgramRole.Role.ANALYST, program_id__in=list(programs)) \
            .select_related("user"):
        analysts[role.program_id].append(role.user)
    queued = 0
    with transaction.atomic():
        for program_id, program in programs.items():
            for language, recipients in _by_language(analysts[program_id]).items():
                queued += len(outbox.queue(kind="analyst_digest", recipients=recipients, obj=program,
                                           context=lines_in(facts[program_id], language),
                                           occurrence=f"{year}-W{week:02d}"))
    return queued
