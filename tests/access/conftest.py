"""The world of the access matrix: one program P with call C, organisation A owning one proposal per
state, every persona of table.PERSONAS, and the objects the routes need (built with tests.factories).

Built once per test (pytest-django's db is function-scoped); each probe of the matrix runs in a
savepoint rolled back afterwards, so one persona's permitted POST never changes what the next one sees.
"""

from dataclasses import dataclass
from datetime import timedelta
from decimal import Decimal

import pytest
from django.core.files.base import ContentFile
from django.utils import timezone

from tests import factories

from .table import DECISION_STATES, STATES
from .table_bulk import objects as bulk_objects
from .table_questions import objects as question_objects
from .table_reporting_exports import objects as export_objects
from .table_thread import objects as thread_objects
from .table_webhooks import objects as webhook_objects

PDF = b"%PDF-1.4\n%test\n"


@dataclass
class AccessWorld:
    users: dict  # persona -> user, None for anonymous
    base: dict  # placeholders of every row
    by_state: dict  # state -> placeholders about the proposal in that state

    def context(self, state):
        return {**self.base, **self.by_state.get(state, {})}


def _reviewer(program, email):
    person = factories.UserFactory(email=email)
    factories.ProgramRoleFactory(user=person, program=program, role="reviewer")
    return person


def _assignment(proposal, reviewer, state, assigned_by):
    assignment = factories.ReviewerAssignmentFactory(proposal=proposal, reviewer=reviewer, state=state,
                                                     assigned_by=assigned_by)
    if state in ("active", "recused"):
        factories.ConflictDeclarationFactory(assignment=assignment, has_conflict=state == "recused",
                                             reason="Membre du conseil de l'organisme." if state == "recused" else "")
    return assignment


def _review(assignment, rubric, submitted):
    extra = {"state": "submitted", "submitted_at": timezone.now(), "weighted_total": Decimal("72.50"),
             "recommendation": "fund"} if submitted else {"state": "draft"}
    return factories.ReviewFactory(assignment=assignment, rubric=rubric, overall_comment="Projet solide.", **extra)


@pytest.fixture
def access_world(world):
    program, call = world.program, world.call
    other_program = factories.ProgramRoleFactory._meta.model.objects.get(user=world.outside_analyst).program
    call.required_reviews = 1  # `recommend` needs one submitted review
    call.save(update_fields=["required_reviews"])
    # Managers are admin staff (grants.services.roles gives every manager is_staff).
    world.manager.is_staff = True
    world.manager.save(update_fields=["is_staff"])

    users = {
        "anonymous": None, "applicant": world.applicant, "other_applicant": world.other_applicant,
        "analyst": world.analyst, "outside_analyst": world.outside_analyst, "reviewer": world.reviewer,
        "reviewer_pending": _reviewer(program, "reviewer-pending@example.org"),
        "reviewer_recused": _reviewer(program, "reviewer-recused@example.org"),
        "reviewer_unassigned": _reviewer(program, "reviewer-unassigned@example.org"),
        "board": world.board, "manager": world.manager, "admin": world.admin,
    }
    peer = _reviewer(program, "peer-reviewer@example.org")

    kind = factories.AttachmentTypeFactory(code="access-matrix-document")
    axis = factories.AxisFactory(program=program)
    mrc = factories.MrcFactory(parent=program.region)
    rubric = factories.RubricFactory(call=call, version=1)
    factories.CriterionFactory(rubric=rubric, section="axis", axis=axis, weight=Decimal("1"), scale_max=5)
    factories.CriterionFactory(rubric=rubric, section="feasibility", weight=Decimal("1"), scale_max=10)

    by_state = {}
    proposals = {}
    for state in STATES:
        granted = {"amount_granted": Decimal("15000")} if state in ("funded", "reported") else {}
        proposal = factories.ProposalFactory(
            call=call, organisation=world.organisation, state=state, title=f"Projet {state}",
            requested_amount=Decimal("20000"), primary_axis=axis, **granted)
        # Complete, so that submit and resubmit pass their guards.
        proposal.mrcs.add(mrc)
        factories.BudgetLineFactory(proposal=proposal)
        factories.IndicatorFactory(proposal=proposal)
        attachment = factories.AttachmentFactory(proposal=proposal, kind=kind)
        proposal.refresh_from_db()
        proposals[state] = proposal
        context = {"proposal": proposal.pk, "attachment": attachment.pk, "version": proposal.version}
        if state != "draft":
            own = _assignment(proposal, users["reviewer"], "active", world.analyst)
            context["assignment_own"] = own.pk
            context["review_own"] = _review(own, rubric, submitted=state in DECISION_STATES).pk
            context["assignment_pending"] = _assignment(proposal, users["reviewer_pending"], "pending",
                                                        world.analyst).pk
            _assignment(proposal, users["reviewer_recused"], "recused", world.analyst)
            context["review_peer"] = _review(_assignment(proposal, peer, "active", world.analyst), rubric,
                                             submitted=True).pk
        by_state[state] = context
    for state, placeholders in thread_objects(proposals, world.analyst).items():
        by_state[state].update(placeholders)  # the conversation's messages and files (table_thread.py)
    question_base, question_states = question_objects(call, proposals, world.manager)  # table_questions.py
    for state, placeholders in question_states.items():
        by_state[state].update(placeholders)

    today = timezone.localdate()
    # The funded proposal's agreement: unsigned, a tranche payable on its date, reports to file, to review,
    # and the accepted final one.
    funded = factories.AgreementFactory(proposal=proposals["funded"], amount_granted=Decimal("15000"))
    report_draft = factories.ReportFactory(agreement=funded, kind="interim", order=1, state="draft")
    report_submitted = factories.ReportFactory(agreement=funded, kind="interim", order=2, state="submitted",
                                               submitted_at=timezone.now(), submitted_by=world.applicant)
    factories.ReportFactory(agreement=funded, kind="final", order=1, state="accepted",
                            accepted_at=timezone.now())
    report_attachment = factories.ReportAttachmentFactory(report=report_draft)
    tranche = factories.PaymentTrancheFactory(agreement=funded, order=1, condition="on_date", due_on=today,
                                              state="payable", payable_at=timezone.now())
    by_state["funded"].update(agreement=funded.pk, report_draft=report_draft.pk, tranche=tranche.pk,
                              report_submitted=report_submitted.pk, report_attachment=report_attachment.pk)

    # The reported proposal's agreement: signed, paid, its final report accepted (ready to be closed).
    reported = factories.AgreementFactory(proposal=proposals["reported"], amount_granted=Decimal("15000"),
                                          signed_on=today - timedelta(days=30),
                                          signature_recorded_by=world.analyst,
                                          signed_file_name="convention.pdf")
    reported.signed_file.save("convention.pdf", ContentFile(PDF), save=True)
    report_accepted = factories.ReportFactory(agreement=reported, kind="final", order=1, state="accepted",
                                              accepted_at=timezone.now())
    factories.PaymentTrancheFactory(agreement=reported, order=1, state="paid", paid_on=today - timedelta(days=20),
                                    payment_reference="VIR-2025-117", recorded_by=world.manager)
    by_state["reported"].update(agreement=reported.pk, report_accepted=report_accepted.pk)

    # Organisation B's funded proposal in Q, with its agreement and a report.
    other_call = factories.CallFactory(program=other_program)
    other_proposal = factories.ProposalFactory(call=other_call, organisation=world.other_organisation,
                                               state="funded", requested_amount=Decimal("20000"),
                                               amount_granted=Decimal("10000"))
    other_agreement = factories.AgreementFactory(proposal=other_proposal, amount_granted=Decimal("10000"))
    factories.ReportFactory(agreement=other_agreement, kind="interim", order=1, state="draft")

    from notifications.models import Notification

    notice = factories.OutboxMessageFactory(recipient=world.applicant, program=program, state="sent")
    notification = Notification.objects.create(user=world.applicant, message=notice)
    message_p = factories.OutboxMessageFactory(recipient=world.applicant, program=program, state="failed")
    message_q = factories.OutboxMessageFactory(recipient=world.other_applicant, program=other_program,
                                               state="failed")
    invitation = world.organisation.invitations.create(email="invitee@example.org", invited_by=world.applicant)
    join_request = world.organisation.join_requests.create(person=world.other_applicant, message="Bonjour.")

    base = {
        "program": program.pk, "other_program": other_program.pk, "call": call.pk, "program_code": program.code,
        "organisation": world.organisation.pk,
        "attachment_type": kind.pk, "invitation": invitation.token, "today": today.isoformat(),
        "join_request": join_request.pk, "municipality": factories.MunicipalityFactory().pk,
        "meeting": factories.BoardMeetingFactory(program=program).pk,
        "scenario": factories.ScenarioFactory(call=call, created_by=world.analyst).pk,
        "notification": notification.pk, "message_p": message_p.pk, "message_q": message_q.pk,
    }
    # The board's decision on the funded proposal, taken at the meeting; someone assignable to any proposal.
    base["decision"] = factories.DecisionFactory(
        meeting=factories.BoardMeetingFactory._meta.model.objects.get(pk=base["meeting"]),
        proposal=proposals["funded"], amount_granted=Decimal("15000"), recorded_by=world.board).pk
    base["reviewer_unassigned"] = users["reviewer_unassigned"].pk
    base["funded_proposal"] = proposals["funded"].pk  # a second proposal to pair with (table_search.py)
    base.update(webhook_objects(program, other_program))  # webhook endpoints and deliveries in P, Q
    base.update(export_objects(world.analyst))  # the analyst's prepared export
    base.update(bulk_objects(program, world.analyst))  # a tag of P, the analyst's batch and saved filter
    base.update(question_base)  # the call's own questions and a library question
    return AccessWorld(users=users, base=base, by_state=by_state)
