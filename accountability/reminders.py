"""What notifications chases about reports and payment tranches: reminder sources and digest sections.

Registered with the notifications engine when the app is ready (AccountabilityConfig.ready()). The
sources are set-based (notifications.reminders.SetSource): which reminders are due, and that someone
receives them, is decided in SQL, so a scan over a million reports reads into Python only the reminders
it claims. Recipients are the organisation's members for what the organisation has to do, the program's
analysts for what waits on them. Each digest section is one query.
"""

from collections import defaultdict
from datetime import timedelta

from django.db.models import Case, Exists, F, OuterRef, Q, Value, When
from django.db.models.functions import Concat
from django.utils.functional import lazy
from django.utils.translation import gettext as _

from grants.models import Membership, ProgramRole
from notifications import timing
from notifications.digest import register_digest_section
from notifications.reminders import SetSource, register_source
from notifications.sources import Reminder, due_values, people_by, rows_with_proposal

from .models import PaymentTranche, Report

# What the reminders are about, on the outbox rows: the models' labels, as outbox.queue(obj=...) writes them.
REPORT, TRANCHE = Report._meta.label_lower, PaymentTranche._meta.label_lower
PROPOSAL = "agreement__proposal__"


def report_title(kind, order):
    if kind == Report.Kind.FINAL:
        return _("Rapport final")
    return _("Rapport d'étape %(number)s") % {"number": order}


# Evaluated by the engine in each recipient's language.
lazy_report_title = lazy(report_title, str)


def members_by_organisation(queryset):
    """The members of the organisations whose projects the reports or tranches of `queryset` belong to."""
    organisations = queryset.values(f"{PROPOSAL}organisation_id")
    return people_by(Membership.objects.filter(organisation_id__in=organisations), "organisation_id")


def analysts_by_program():
    return people_by(ProgramRole.objects.filter(role=ProgramRole.Role.ANALYST), "program_id")


def has_members():
    """SQL: the organisation of the report's or tranche's project has an active member."""
    return Exists(Membership.objects.filter(organisation_id=OuterRef(f"{PROPOSAL}organisation_id"),
                                            user__is_active=True))


def has_analysts():
    """SQL: the program of the report's or tranche's project has an active analyst."""
    return Exists(ProgramRole.objects.filter(role=ProgramRole.Role.ANALYST, user__is_active=True,
                                             program_id=OuterRef(f"{PROPOSAL}call__program_id")))


def open_reports(today, offsets):
    """Reports not filed (draft or sent back) whose first reminder window has opened."""
    return Report.objects.filter(state__in=[Report.State.DRAFT, Report.State.RETURNED],
                                 due_on__lte=today + timedelta(days=offsets[0] if offsets else 0))


def report_candidates(today, offsets, grace):
    """The window's reminder to the organisation; past the grace period, one escalation to it and the analysts."""
    dated = open_reports(today, offsets).annotate(days=timing.DaysUntil("due_on", today))
    due = (dated.annotate(occurrence=timing.occurrence_sql("days", offsets))
           .filter(has_members(), occurrence__isnull=False)
           .annotate(reminder=Case(When(days__lt=0, then=Value("report_overdue")), default=Value("report_reminder"))))
    late = today - timedelta(days=max(grace, 1))
    escalated = (open_reports(today, offsets).filter(Q(has_members()) | Q(has_analysts()), due_on__lte=late)
                 .annotate(reminder=Value("report_escalation"), occurrence=Value("escalation")))
    return [due.values_list("pk", "reminder", "occurrence"), escalated.values_list("pk", "reminder", "occurrence")]


def report_details(today, offsets, grace, object_ids):
    """Reports not filed: before, on and after the due date; one escalation."""
    reports = open_reports(today, offsets).filter(pk__in=object_ids)
    members = members_by_organisation(reports)
    analysts = analysts_by_program()
    own = {"id": "id", "due_on": "due_on", "report_kind": "kind", "report_order": "order"}
    for row in rows_with_proposal(reports, PROPOSAL, own):
        found = timing.occurrence(row["due_on"], today, offsets)
        if found is None:
            continue
        occurrence, days = found
        people = members.get(row["organisation_id"], [])
        late = occurrence.startswith("overdue")
        kind = "report_overdue" if late else "report_reminder"
        values = row | due_values(occurrence, days) | {
            "report_title": lazy_report_title(row["report_kind"], row["report_order"])}
        yield Reminder("report", REPORT, row["id"], kind, occurrence, row["program_id"], people, values)
        if late and days >= grace:
            yield Reminder("report", REPORT, row["id"], "report_escalation", "escalation",
                           row["program_id"], people + analysts.get(row["program_id"], []), values)


def held_tranches(today):
    """Tranches past their date, held by a report not accepted yet."""
    return PaymentTranche.objects.filter(
        state=PaymentTranche.State.SCHEDULED, report__isnull=False, due_on__lte=today,
    ).exclude(report__state=Report.State.ACCEPTED)


def tranche_candidates(today, offsets, grace):
    """Weekly, to whoever holds the tranche up: the analysts once its report is filed, else the organisation."""
    filed = Q(report__state=Report.State.SUBMITTED)
    held = (held_tranches(today).filter((filed & Q(has_analysts())) | (~filed & Q(has_members())))
            .annotate(days=timing.DaysUntil("due_on", today)))
    weekly = held.annotate(reminder=Value("tranche_waiting"), occurrence=Concat(
        Value("held-w"), timing.week_sql(-F("days"))))
    return [weekly.values_list("pk", "reminder", "occurrence")]


def tranche_details(today, offsets, grace, object_ids):
    """Tranches past their date, held by a report not accepted yet: weekly, to whoever holds it up."""
    held = held_tranches(today).filter(pk__in=object_ids)
    members = members_by_organisation(held)
    analysts = analysts_by_program()
    own = {"id": "id", "due_on": "due_on", "amount": "amount", "tranche_number": "order",
           "report_kind": "report__kind", "report_order": "report__order", "report_state": "report__state"}
    for row in rows_with_proposal(held, PROPOSAL, own):
        week = timing.weeks_since(row["due_on"], today)
        # A filed report waits for the analysts; otherwise the organisation has to file it.
        waiting_on_staff = row["report_state"] == Report.State.SUBMITTED
        people = analysts.get(row["program_id"], []) if waiting_on_staff else members.get(row["organisation_id"], [])
        values = row | {"report_title": lazy_report_title(row["report_kind"], row["report_order"])}
        yield Reminder("tranche", TRANCHE, row["id"], "tranche_waiting", f"held-w{week}",
                       row["program_id"], people, values)


report_reminders = SetSource("report", report_candidates, report_details)
tranche_reminders = SetSource("tranche", tranche_candidates, tranche_details)


def overdue_reports(today):
    """The digest's reports past their due date and not filed: title and due date, oldest first."""
    found = defaultdict(list)
    overdue = Report.objects.filter(state__in=[Report.State.DRAFT, Report.State.RETURNED], due_on__lt=today)
    for program_id, title, due_on in overdue.order_by("due_on").values_list(
            f"{PROPOSAL}call__program_id", f"{PROPOSAL}title", "due_on"):
        found[program_id].append((title, "due_on", due_on))
    return found


def payable_tranches(today):
    """The digest's tranches that can be paid: title and amount."""
    found = defaultdict(list)
    for program_id, title, amount in PaymentTranche.objects.filter(state=PaymentTranche.State.PAYABLE).values_list(
            f"{PROPOSAL}call__program_id", f"{PROPOSAL}title", "amount"):
        found[program_id].append((title, "amount", amount))
    return found


register_source(report_reminders)
register_source(tranche_reminders)
register_digest_section("overdue_reports", overdue_reports)
register_digest_section("payable_tranches", payable_tranches)
