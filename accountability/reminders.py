"""What notifications chases about reports and payment tranches: reminder sources and digest sections.

Registered with the notifications engine when the app is ready (AccountabilityConfig.ready()). The
sources are set-based (notifications.reminders.SetSource): which reminders are due, that someone receives
them, and what their messages say are decided in SQL, so a scan over a million reports reads none of them
into Python. Recipients are the organisation's members for what the organisation has to do, the program's
analysts for what waits on them. Each digest section is one query.
"""

from collections import defaultdict
from datetime import timedelta

from django.db.models import Case, Exists, F, OuterRef, Q, Value, When
from django.db.models.functions import Concat
from django.utils.translation import gettext as _

from grants.models import Membership, ProgramRole
from notifications import timing
from notifications.digest import register_digest_section
from notifications.reminders import SetSource, register_source
from notifications.set_messages import Audience, Messages
from notifications.sources import PROPOSAL_FIELDS

from .models import PaymentTranche, Report

# What the reminders are about, on the outbox rows: the models' labels, as outbox.queue(obj=...) writes them.
REPORT, TRANCHE = Report._meta.label_lower, PaymentTranche._meta.label_lower
PROPOSAL = "agreement__proposal__"


def report_title(kind, order):
    if kind == Report.Kind.FINAL:
        return _("Rapport final")
    return _("Rapport d'étape %(number)s") % {"number": order}


def proposal_values(**own):
    """The placeholders of the report's or tranche's project, and `own` {name: path or expression}."""
    return {name: f"{PROPOSAL}{path}" for name, path in PROPOSAL_FIELDS.items()} | own


# The report's name, formatted by the engine in each recipient's language from these values.
REPORT_TITLE = {"report_title": (("report_kind", "report_order"), report_title)}
MEMBERS = Membership.objects.all()
ANALYSTS = ProgramRole.objects.filter(role=ProgramRole.Role.ANALYST)


# A report carries its project's organisation and program (copied when scheduled): its scan joins neither
# the agreement nor the proposal to find who receives it. A tranche reaches them through its proposal.
REPORT_ORGANISATION, REPORT_PROGRAM = "organisation_id", "program_id"
TRANCHE_ORGANISATION, TRANCHE_PROGRAM = f"{PROPOSAL}organisation_id", f"{PROPOSAL}call__program_id"


def has_members(organisation=TRANCHE_ORGANISATION):
    """SQL: the organisation of the report's or tranche's project (at `organisation`) has an active member."""
    return Exists(Membership.objects.filter(organisation_id=OuterRef(organisation), user__is_active=True))


def has_analysts(program=TRANCHE_PROGRAM):
    """SQL: the program of the report's or tranche's project (at `program`) has an active analyst."""
    return Exists(ProgramRole.objects.filter(role=ProgramRole.Role.ANALYST, user__is_active=True,
                                             program_id=OuterRef(program)))


def open_reports(today, offsets):
    """Reports not filed (draft or sent back) whose first reminder window has opened."""
    return Report.objects.filter(state__in=[Report.State.DRAFT, Report.State.RETURNED],
                                 due_on__lte=today + timedelta(days=offsets[0] if offsets else 0))


def report_candidates(today, offsets, grace):
    """The window's reminder to the organisation; past the grace period, one escalation to it and the analysts."""
    dated = open_reports(today, offsets).annotate(days=timing.DaysUntil("due_on", today))
    due = (dated.annotate(occurrence=timing.occurrence_sql("days", offsets))
           .filter(has_members(REPORT_ORGANISATION), occurrence__isnull=False)
           .annotate(reminder=Case(When(days__lt=0, then=Value("report_overdue")), default=Value("report_reminder"))))
    late = today - timedelta(days=max(grace, 1))
    escalated = (open_reports(today, offsets)
                 .filter(Q(has_members(REPORT_ORGANISATION)) | Q(has_analysts(REPORT_PROGRAM)), due_on__lte=late)
                 .annotate(reminder=Value("report_escalation"), occurrence=Value("escalation")))
    return [due.values_list("pk", "reminder", "occurrence"), escalated.values_list("pk", "reminder", "occurrence")]


def report_messages(today, offsets, grace, object_ids):
    """Reports not filed: to the organisation's members; the escalation to the program's analysts too, and
    instead of the members' overdue reminder of the same scan."""
    days = timing.DaysUntil("due_on", today)
    return Messages(
        objects=Report.objects.filter(pk__in=object_ids),
        values=proposal_values(due_on="due_on", days_left=days, days_late=-days, report_kind="kind",
                               report_order="order"),
        labels=REPORT_TITLE,
        audiences=(Audience(MEMBERS, "organisation_id", REPORT_ORGANISATION),
                   Audience(ANALYSTS, "program_id", REPORT_PROGRAM, kinds=("report_escalation",))),
        # The escalation tells the members their report is late, and that the team knows: on a scan that wins
        # both (the first after a pause), the week's overdue reminder would be a second message about it.
        supersedes={"report_escalation": ("report_overdue",)})


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


def tranche_messages(today, offsets, grace, object_ids):
    """Tranches held by a report: a filed report waits for the analysts, else the organisation has to file it."""
    filed = Q(report__state=Report.State.SUBMITTED)
    return Messages(
        objects=PaymentTranche.objects.filter(pk__in=object_ids),
        values=proposal_values(due_on="due_on", amount="amount", tranche_number="order",
                               report_kind="report__kind", report_order="report__order"),
        labels=REPORT_TITLE,
        audiences=(Audience(MEMBERS, "organisation_id", Case(When(filed, then=None),
                                                               default=F(TRANCHE_ORGANISATION))),
                   Audience(ANALYSTS, "program_id", Case(When(filed, then=F(TRANCHE_PROGRAM)), default=None))))


report_reminders = SetSource("report", REPORT, report_candidates, report_messages)
tranche_reminders = SetSource("tranche", TRANCHE, tranche_candidates, tranche_messages)


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
