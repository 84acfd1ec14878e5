"""The demo tells the whole story on first open, through the services, and a second run changes nothing."""

from datetime import timedelta
from io import StringIO

import pytest
from django.apps import apps
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from accountability.models import Agreement, PaymentTranche, Report
from grants.demo_proposals import demo_pdf
from grants.models import Call, Program, Proposal, User
from grants.states import State
from notifications.models import OutboxMessage
from scoring.models import BoardMeeting, ConflictDeclaration, Review, ReviewerAssignment, Scenario
from workflow import demo_shared as shared_story
from workflow.models import TransitionLog

pytestmark = pytest.mark.django_db


@pytest.fixture
def outbox_calls():
    """The real outbox here, not the workflow tests' recorder: the demo's messages are part of its story."""

LOGINS = {
    "applicant": "demandeur@demo.concerto.quebec", "applicant2": "demandeur2@demo.concerto.quebec",
    "analyst": "analyste@demo.concerto.quebec", "reviewer": "evaluateur@demo.concerto.quebec",
    "reviewer2": "evaluatrice@demo.concerto.quebec", "board": "ca@demo.concerto.quebec",
    "manager": "gestionnaire@demo.concerto.quebec", "admin": "admin@demo.concerto.quebec",
}


def seed():
    out = StringIO()
    call_command("seed_demo", stdout=out)
    return out.getvalue()


def snapshot():
    """Every row of every model, as values: a second run must leave each one as it was."""
    return {model._meta.label: list(model._base_manager.order_by("pk").values())
            for model in apps.get_models()}


def test_a_second_run_writes_nothing_and_sends_nothing():
    seed()
    before = snapshot()
    seed()
    after = snapshot()
    assert {label: len(rows) for label, rows in after.items()} == {
        label: len(rows) for label, rows in before.items()}
    changed = [label for label in before if before[label] != after[label]]
    assert changed == []


def test_the_demo_tells_the_whole_story(client):
    printed = seed()
    for email in LOGINS.values():
        assert email in printed
    today = timezone.localdate()

    # Every state of the life cycle, each reached through the service, which logs it.
    assert set(Proposal.objects.values_list("state", flat=True)) == set(State.values)
    for proposal in Proposal.objects.exclude(state=State.DRAFT):
        assert TransitionLog.objects.filter(proposal=proposal, to_state=proposal.state).exists()

    # Reviews by both reviewers on several proposals, a conflict declared, a ranking in a chosen scenario.
    reviewers = set(User.objects.filter(email__in=[LOGINS["reviewer"], LOGINS["reviewer2"]])
                    .values_list("pk", flat=True))
    submitted = Review.objects.filter(state=Review.State.SUBMITTED)
    twice = [pk for pk in set(submitted.values_list("proposal", flat=True))
             if set(submitted.filter(proposal=pk).values_list("reviewer", flat=True)) == reviewers]
    assert len(twice) >= 3
    assert ConflictDeclaration.objects.filter(has_conflict=True, assignment__state="recused").exists()
    scenario = Scenario.objects.get(chosen=True)
    assert scenario.results.filter(funded=True).exists() and scenario.results.filter(funded=False).exists()
    assert all(result.score > 0 for result in scenario.results.all())

    # Today's board meeting: one decision recorded, recommended and not recommended proposals pending.
    meeting = BoardMeeting.objects.get()
    assert meeting.date == today and meeting.decisions.count() == 1
    pending = Proposal.objects.filter(call__program=meeting.program, decision__isnull=True)
    assert {State.RECOMMENDED, State.NOT_RECOMMENDED} <= set(pending.values_list("state", flat=True))

    # Funded projects: an agreement to sign, tranches paid and payable, reports due, late, filed, accepted.
    assert Agreement.objects.filter(signed_on__isnull=True).exists()
    assert {PaymentTranche.State.PAID, PaymentTranche.State.PAYABLE, PaymentTranche.State.SCHEDULED} <= set(
        PaymentTranche.objects.values_list("state", flat=True))
    open_reports = Report.objects.filter(state=Report.State.DRAFT)
    assert open_reports.filter(due_on=today + timedelta(days=7)).exists()
    assert open_reports.filter(due_on__lt=today).exists()
    assert Report.objects.filter(state=Report.State.SUBMITTED).exists()
    assert Report.objects.filter(state=Report.State.ACCEPTED, kind=Report.Kind.FINAL).exists()

    # Results on the public program page, from the accepted reports.
    program = Program.objects.get(code="parsis-cn-2011")
    records = client.get(reverse("portal:public_program", args=[program.code])).context["records"]
    assert any(indicator.actual for record in records for indicator in record.indicators)

    # Messages in the outbox, none about a draft (no reviewer is told about a proposal not filed).
    assert OutboxMessage.objects.filter(kind="review_assigned").exists()
    assert OutboxMessage.objects.filter(kind="report_reminder").exists()
    drafts = set(Proposal.objects.filter(state=State.DRAFT).values_list("pk", flat=True))
    about = set(OutboxMessage.objects.filter(kind__startswith="proposal_")
                .values_list("object_id", flat=True))
    assert drafts and about and not drafts & about
    assigned = OutboxMessage.objects.filter(kind="review_assigned").values("object_id")
    assert not ReviewerAssignment.objects.filter(pk__in=assigned, proposal__state=State.DRAFT).exists()

    # Current plans, their calls inside them, each proposal filed while its call was open.
    for plan in Program.objects.all():
        assert plan.starts_on <= today <= plan.ends_on
        assert f"{plan.starts_on.year}-{plan.ends_on.year}" in plan.name_fr
    for call in Call.objects.select_related("program"):
        assert call.program.starts_on <= timezone.localdate(call.opens_at)
        assert timezone.localdate(call.closes_at) <= call.program.ends_on
    for proposal in Proposal.objects.exclude(submitted_at=None).select_related("call"):
        assert proposal.call.opens_at <= proposal.submitted_at <= proposal.call.closes_at


def login(client, key):
    client.force_login(User.objects.get(email=LOGINS[key]))


def test_each_demo_login_lands_on_work_to_do(client):
    seed()
    # Applicants: their proposals, one sent back to them, and reports to file (one due in a week, one late).
    login(client, "applicant")
    home = client.get(reverse("home")).context
    assert {proposal.state for proposal in home["proposals"]} >= {State.DRAFT, State.FUNDED}
    in_a_week = timezone.localdate() + timedelta(days=7)
    assert any(report.due_on == in_a_week for report in home["reports_to_file"])
    login(client, "applicant2")
    home = client.get(reverse("home")).context
    assert State.CHANGES_REQUESTED in {proposal.state for proposal in home["proposals"]}
    assert any(report.is_overdue for report in home["reports_to_file"])

    # The analyst: the queue opens on the program with work, with a proposal to take up; a report to read.
    login(client, "analyst")
    queue = client.get(reverse("workflow:queue")).context
    assert queue["program"].code == "parsis-cn-2011"
    assert State.SUBMITTED in {proposal.state for proposal in queue["page"]}
    assert client.get(reverse("home")).context["reports_to_review"]

    # Reviewers: one has a review to finish, the other a declaration to make.
    login(client, "reviewer")
    mine = client.get(reverse("scoring:my_reviews")).context["assignments"]
    assert any(a.state == ReviewerAssignment.State.ACTIVE and not a.review.is_submitted for a in mine
               if hasattr(a, "review"))
    login(client, "reviewer2")
    mine = client.get(reverse("scoring:my_reviews")).context["assignments"]
    assert any(a.state == ReviewerAssignment.State.PENDING for a in mine)

    # The board: from the decisions page to today's meeting, with decisions pending.
    login(client, "board")
    meeting = BoardMeeting.objects.get()
    programs_page = client.get(reverse("scoring:decision_programs")).content.decode()
    assert reverse("scoring:meeting_list", args=[meeting.program_id]) in programs_page
    meetings_page = client.get(reverse("scoring:meeting_list", args=[meeting.program_id])).content.decode()
    assert reverse("decisions:meeting_detail", args=[meeting.pk]) in meetings_page
    page = client.get(reverse("decisions:meeting_detail", args=[meeting.pk])).context
    assert page["pending"] and len(page["decided"]) == 1 and page["may_record"]

    # The manager: an agreement to sign, tranches to pay, a report to read.
    login(client, "manager")
    agreements = client.get(reverse("agreement_list")).context["agreements"]
    assert any(not agreement.is_signed for agreement in agreements)
    unsigned = Agreement.objects.get(signed_on__isnull=True)
    assert client.get(reverse("agreement_detail", args=[unsigned.pk])).context["can_sign"]
    payable = PaymentTranche.objects.filter(state=PaymentTranche.State.PAYABLE).first()
    assert client.get(reverse("agreement_detail", args=[payable.agreement_id])).context["can_pay"]
    assert client.get(reverse("home")).context["reports_to_review"]

    # The admin: the messages the story sent.
    login(client, "admin")
    assert client.get(reverse("notifications:outbox")).context["page"].object_list


def test_demo_pdf_is_a_readable_pdf(tmp_path):
    path = tmp_path / "demo.pdf"
    path.write_bytes(demo_pdf("Résolution du CA - Épicerie"))
    assert "solution du CA" in PdfReader(path).pages[0].extract_text()


def test_the_demo_shows_a_shared_call_between_the_parsis_and_a_second_funder(client):
    seed()
    application = Proposal.objects.get(title=shared_story.TITLE, application=None)
    guest = Proposal.objects.get(application=application)
    assert (application.program.code, guest.program.code) == ("parsis-cn-2011", "rr-cn")
    assert guest.call.lead_call == application.call
    assert (application.state, guest.state) == (State.UNDER_ANALYSIS, State.FUNDED)
    assert Agreement.objects.filter(proposal=guest).exists()
    seen_by_parsis = application.cofundings.get(funder_file=guest)
    assert (seen_by_parsis.status, seen_by_parsis.amount) == ("confirmed", shared_story.GRANTED)
    login(client, "applicant")
    page = client.get(reverse("proposal_detail", args=[application.pk])).content.decode()
    assert "Votre demande auprès de chaque bailleur" in page and guest.reference in page
