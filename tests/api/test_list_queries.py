"""Issue 17: every list of the API reads its page in the same number of queries at 10 and at 200 rows, and the
lists that show a project never read its long texts (nor a report's schedule, a message's HTML)."""

from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from rest_framework.request import Request
from rest_framework.test import APIClient, APIRequestFactory

from grants.models import Proposal
from grants.states import State
from notifications.models import Notification
from tests import factories
from workflow.api.serializers import ProposalSerializer
from workflow.webhooks.models import WebhookDelivery, WebhookEndpoint, WebhookEvent

pytestmark = pytest.mark.django_db

LONG_TEXTS = [f'"grants_proposal"."{column}"' for column in ("mission", "problem_statement", "objectives",
                                                              "gender_impact", "target_population")]


def proposal(world, state=State.SUBMITTED, **fields):
    """A proposal of the world's call (by an organisation of its own unless told), with a partner."""
    fields.setdefault("organisation", factories.OrganisationFactory())
    made = factories.ProposalFactory(call=world.call, state=state, **fields)
    factories.PartnerFactory(proposal=made)
    return made


def agreement(world):
    return factories.AgreementFactory(proposal=proposal(world, State.FUNDED))


def seed_agreement(world):
    made = agreement(world)
    factories.PaymentTrancheFactory(agreement=made)
    factories.ReportFactory(agreement=made)


def seed_tranche(world):
    made = agreement(world)
    factories.PaymentTrancheFactory(agreement=made, report=factories.ReportFactory(agreement=made))


def seed_report(world):
    report = factories.ReportFactory(agreement=agreement(world), narrative="Bilan " * 200)
    indicator = factories.IndicatorFactory(proposal=report.agreement.proposal)
    factories.ReportIndicatorResultFactory(report=report, indicator=indicator, actual=Decimal("12"))
    factories.ReportSpendingFactory(report=report, budget_line=factories.BudgetLineFactory(
        proposal=report.agreement.proposal))


def seed_notification(world):
    sent = Notification.objects.count() % 2 == 0  # half sent (their copy), half rendered for the page
    message = factories.OutboxMessageFactory(recipient=world.applicant, subject="Reçu" if sent else "",
                                             body_text="Texte" if sent else "", body_html="<p>Texte</p>")
    Notification.objects.create(user=world.applicant, message=message)


def seed_organisation(world):
    organisation = factories.OrganisationFactory(territory=factories.MrcFactory())
    factories.MembershipFactory(organisation=organisation, user=factories.UserFactory())


def seed_program(world):
    program = factories.ProgramFactory()
    factories.AxisFactory(program=program)
    plan = factories.LocalPlanFactory()
    factories.PriorityFactory(local_plan=plan)
    program.local_plans.add(plan)


def seed_call(world):
    call = factories.CallFactory(program=world.program)
    call.eligible_territories.add(factories.MrcFactory())
    call.required_attachment_types.add(factories.AttachmentTypeFactory())


def seed_assignment(world):
    assignment = factories.ReviewerAssignmentFactory(proposal=proposal(world, State.UNDER_ANALYSIS), state="active")
    factories.ConflictDeclarationFactory(assignment=assignment)
    factories.ReviewFactory(assignment=assignment)


def seed_review(world):
    review = factories.ReviewFactory(
        assignment=factories.ReviewerAssignmentFactory(proposal=proposal(world, State.UNDER_ANALYSIS), state="active"),
        state="submitted", overall_comment="Commentaire " * 100)
    factories.ScoreFactory(review=review)


def seed_scenario(world):
    scenario = factories.ScenarioFactory(call=world.call, created_by=world.analyst)
    factories.ScenarioResultFactory(scenario=scenario, proposal=proposal(world), funded=True)


def seed_meeting(world):
    factories.BoardMeetingFactory(program=world.program)


def seed_decision(world):
    factories.DecisionFactory(meeting=factories.BoardMeetingFactory(program=world.program),
                              proposal=proposal(world, State.FUNDED))


def seed_webhook(world):
    WebhookEndpoint.objects.create(program=world.program, url="https://example.org/hook", secret="s",
                                   events=["proposal.submitted"])


def seed_delivery(world):
    endpoint = WebhookEndpoint.objects.filter(program=world.program).first() or WebhookEndpoint.objects.create(
        program=world.program, url="https://example.org/hook", secret="s", events=["proposal.submitted"])
    event = WebhookEvent.objects.create(kind="proposal.submitted", program=world.program, payload={"id": 1})
    WebhookDelivery.objects.create(endpoint=endpoint, event=event)


def deliveries(world):
    return f"/api/v1/webhooks/{WebhookEndpoint.objects.get().pk}/deliveries/"


# endpoint: (address or a function of the world giving it, who reads, seed one row)
LISTS = {
    "proposals": ("/api/v1/proposals/", "manager", lambda world: proposal(world)),
    "agreements": ("/api/v1/agreements/", "manager", seed_agreement),
    "tranches": ("/api/v1/tranches/", "manager", seed_tranche),
    "reports": ("/api/v1/reports/", "manager", seed_report),
    "notifications": ("/api/v1/notifications/", "applicant", seed_notification),
    "organisations": ("/api/v1/organisations/", "admin", seed_organisation),
    "programs": ("/api/v1/programs/", "admin", seed_program),
    "calls": ("/api/v1/calls/", "admin", seed_call),
    "assignments": ("/api/v1/assignments/", "analyst", seed_assignment),
    "reviews": ("/api/v1/reviews/", "analyst", seed_review),
    "scenarios": ("/api/v1/scenarios/", "analyst", seed_scenario),
    "meetings": ("/api/v1/meetings/", "manager", seed_meeting),
    "decisions": ("/api/v1/decisions/", "manager", seed_decision),
    "webhooks": ("/api/v1/webhooks/", "manager", seed_webhook),
    "webhook deliveries": (deliveries, "manager", seed_delivery),
}


def read(world, name, who=None, size=None):
    """The list as its reader (or `who`) gets it: the rows shown and the queries it took."""
    address, reader, _seed = LISTS[name]
    api = APIClient()
    api.force_authenticate(getattr(world, who or reader))
    address = address(world) if callable(address) else address
    if size:
        address = f"{address}?page_size={size}"
    api.get(address)  # warm the per-process caches
    with CaptureQueriesContext(connection) as captured:
        response = api.get(address)
    assert response.status_code == 200, response.content
    return response.json()["results"], captured


@pytest.mark.parametrize("name", LISTS)
def test_the_same_queries_at_10_and_200_rows(world, name):
    seed = LISTS[name][2]
    for _ in range(10):
        seed(world)
    few_rows, few = read(world, name, size=200)
    for _ in range(190):
        seed(world)
    many_rows, many = read(world, name, size=200)
    # The world's own rows (its programs, organisations) come on top; the page holds 200 at most.
    assert len(few_rows) >= 10 and len(many_rows) == min(len(few_rows) + 190, 200)
    assert len(many) == len(few), [query["sql"] for query in many.captured_queries]


@pytest.mark.parametrize("name", ["proposals", "agreements", "reports", "assignments", "reviews", "decisions"])
def test_lists_of_project_rows_never_read_the_projects_long_texts(world, name):
    for _ in range(3):
        LISTS[name][2](world)
    _rows, captured = read(world, name)
    for query in captured.captured_queries:
        assert not [text for text in LONG_TEXTS if text in query["sql"]], query["sql"]


def test_the_agreements_list_reads_no_report_text_and_notifications_no_html(world):
    seed_agreement(world)
    seed_notification(world)
    _rows, agreements = read(world, "agreements")
    _rows, notifications = read(world, "notifications")
    for query in agreements.captured_queries:
        assert '"grants_report"."narrative"' not in query["sql"], query["sql"]
    for query in notifications.captured_queries:
        assert '"notifications_outboxmessage"."body_html"' not in query["sql"], query["sql"]


@pytest.mark.parametrize("name", ["agreements", "tranches", "reports", "notifications", "assignments", "reviews",
                                  "decisions"])
def test_each_listed_row_is_what_its_own_address_answers(world, name):
    """The lists read fewer columns; what they show is unchanged."""
    address, who, seed = LISTS[name]
    for _ in range(3):
        seed(world)
    rows, _captured = read(world, name)
    api = APIClient()
    api.force_authenticate(getattr(world, who))
    assert len(rows) == 3
    for row in rows:
        assert api.get(f"{address}{row['id']}/").json() == row


def test_each_listed_proposal_is_what_the_serializer_makes_of_the_whole_row(world):
    for state in (State.SUBMITTED, State.RECOMMENDED, State.FUNDED):
        proposal(world, state, suggested_amount=Decimal("1234.50"), organisation=world.organisation)
    request = Request(APIRequestFactory().get("/"))
    for who in ("manager", "board", "applicant"):  # the suggested amount is for staff only
        rows, _captured = read(world, "proposals", who)
        request.user = getattr(world, who)
        assert rows
        assert rows == [ProposalSerializer(whole, context={"request": request}).data
                        for whole in Proposal.objects.filter(pk__in=[row["id"] for row in rows]).order_by(
                            "-created_at", "-id")]
