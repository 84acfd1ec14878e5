"""Where reminders come from: each source turns ONE query into candidate reminders.

Recipients are read with joins (no per-row queries, no huge IN lists): organisation members of funded
projects, program analysts, and the assigned reviewer.
"""

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import timedelta

from django.db.models import Exists, OuterRef

from grants.models import Membership, PaymentTranche, ProgramRole, Report

from . import timing


@dataclass(frozen=True)
class Person:
    id: int
    email: str
    name: str
    language: str


@dataclass
class Reminder:
    source: str
    object_type: str
    object_id: int
    kind: str
    occurrence: str
    program_id: int
    recipients: list = field(default_factory=list)
    # Raw values (dates, amounts, report slot); notifications.reminders formats them per language.
    values: dict = field(default_factory=dict)

    @property
    def key(self):
        return (self.source, self.object_id, self.kind, self.occurrence)


PERSON_FIELDS = ("user_id", "user__email", "user__full_name", "user__language")
PROPOSAL_FIELDS = {
    "proposal_title": "title", "proposal_reference": "reference", "organisation_id": "organisation_id",
    "organisation_name": "organisation__legal_name", "call_title": "call__title",
    "program_id": "call__program_id", "program_name_fr": "call__program__name_fr",
    "program_name_en": "call__program__name_en", "proposal_id": "id",
}


def _people(queryset, group_field):
    grouped = defaultdict(list)
    for group, user_id, email, name, language in queryset.filter(user__is_active=True).values_list(
            group_field, *PERSON_FIELDS):
        grouped[group].append(Person(user_id, email, name or email, language or "fr"))
    return grouped


def members_by_organisation(report_qs):
    organisations = report_qs.values("agreement__proposal__organisation_id")
    return _people(Membership.objects.filter(organisation_id__in=organisations), "organisation_id")


def analysts_by_program():
    return _people(ProgramRole.objects.filter(role=ProgramRole.Role.ANALYST), "program_id")


def _values(queryset, prefix, own):
    fields = {name: f"{prefix}{path}" for name, path in PROPOSAL_FIELDS.items()} | own
    for row in queryset.values(*fields.values()):
        yield {name: row[path] for name, path in fields.items()}


def report_reminders(today, offsets, grace):
    """Reports not filed (draft or sent back): before, on and after the due date; one escalation."""
    open_reports = Report.objects.filter(
        state__in=[Report.State.DRAFT, Report.State.RETURNED],
        due_on__lte=today + timedelta(days=offsets[0] if offsets else 0))
    members = members_by_organisation(open_reports)
    analysts = analysts_by_program()
    own = {"id": "id", "due_on": "due_on", "report_kind": "kind", "report_order": "order"}
    for row in _values(open_reports, "agreement__proposal__", own):
        found = timing.occurrence(row["due_on"], today, offsets)
        if found is None:
            continue
        occurrence, days = found
        people = members.get(row["organisation_id"], [])
        late = occurrence.startswith("overdue")
        kind = "report_overdue" if late else "report_reminder"
        values = row | ({"days_late": days} if late else {"days_left": days})
        yield Reminder("report", "grants.report", row["id"], kind, occurrence, row["program_id"], people, values)
        if late and days >= grace:
            yield Reminder("report", "grants.report", row["id"], "report_escalation", "escalation",
                           row["program_id"], people + analysts.get(row["program_id"], []), values)


def tranche_reminders(today, offsets, grace):
    """Tranches past their date, held by a report not accepted yet: weekly, to whoever holds it up."""
    held = PaymentTranche.objects.filter(
        state=PaymentTranche.State.SCHEDULED, report__isnull=False, due_on__lte=today,
    ).exclude(report__state=Report.State.ACCEPTED)
    members = _people(Membership.objects.filter(
        organisation_id__in=held.values("agreement__proposal__organisation_id")), "organisation_id")
    analysts = analysts_by_program()
    own = {"id": "id", "due_on": "due_on", "amount": "amount", "tranche_number": "order",
           "report_kind": "report__kind", "report_order": "report__order", "report_state": "report__state"}
    for row in _values(held, "agreement__proposal__", own):
        week = timing.weeks_since(row["due_on"], today)
        # A filed report waits for the analysts; otherwise the organisation has to file it.
        waiting_on_staff = row["report_state"] == Report.State.SUBMITTED
        people = analysts.get(row["program_id"], []) if waiting_on_staff else members.get(row["organisation_id"], [])
        yield Reminder("tranche", "grants.paymenttranche", row["id"], "tranche_waiting", f"held-w{week}",
                       row["program_id"], people, row)


def review_reminders(today, offsets, grace):
    """Open assignments without a submitted review, while the proposal is being analysed."""
    try:
        from scoring.models import Review, ReviewerAssignment
    except ImportError:  # the scoring app is optional for the reminder engine
        return
    submitted = Review.objects.filter(assignment=OuterRef("pk"), state=Review.State.SUBMITTED)
    open_assignments = ReviewerAssignment.objects.filter(
        state__in=[ReviewerAssignment.State.PENDING, ReviewerAssignment.State.ACTIVE],
        due_on__isnull=False, due_on__lte=today + timedelta(days=offsets[0] if offsets else 0),
        proposal__state__in=["submitted", "under_analysis"],
    ).exclude(Exists(submitted))
    own = {"id": "id", "due_on": "due_on", "reviewer_id": "reviewer_id", "reviewer_email": "reviewer__email",
           "reviewer_name": "reviewer__full_name", "reviewer_language": "reviewer__language"}
    for row in _values(open_assignments, "proposal__", own):
        found = timing.occurrence(row["due_on"], today, offsets)
        if found is None:
            continue
        occurrence, days = found
        person = Person(row["reviewer_id"], row["reviewer_email"], row["reviewer_name"] or row["reviewer_email"],
                        row["reviewer_language"] or "fr")
        values = row | ({"days_late": days} if occurrence.startswith("overdue") else {"days_left": days})
        yield Reminder("review", "scoring.reviewerassignment", row["id"], "review_reminder", occurrence,
                       row["program_id"], [person], values)


SOURCES = [report_reminders, tranche_reminders, review_reminders]
