"""Webhooks: events written with the change, signed deliveries, retries with backoff, sent once."""

import hashlib
import hmac
import json
from datetime import timedelta
from types import SimpleNamespace

import pytest
from django.db import transaction
from django.utils import timezone

from core.errors import Conflict, InvalidInput
from grants.states import State
from tests import factories
from tests.accountability.world import complete, funded_agreement
from workflow import services, tasks
from workflow.webhooks import delivery
from workflow.webhooks import services as webhooks
from workflow.webhooks.models import WebhookDelivery, WebhookEndpoint, WebhookEvent

pytestmark = pytest.mark.django_db
ALL_EVENTS = ["proposal.transitioned", "decision.recorded", "report.accepted"]


class Receiver:
    """Stands for the integrator's server: records each POST and answers the next status (200 by default)."""

    def __init__(self):
        self.requests, self.answers = [], []

    def __call__(self, url, body, headers, timeout):
        self.requests.append(SimpleNamespace(url=url, body=body, headers=headers, timeout=timeout))
        answer = self.answers.pop(0) if self.answers else 200
        if isinstance(answer, Exception):
            raise answer
        return answer


@pytest.fixture
def receiver(monkeypatch):
    fake = Receiver()
    monkeypatch.setattr(delivery, "http_post", fake)
    return fake


@pytest.fixture
def enqueued(monkeypatch):
    """Delivery ids handed to Celery (the broker is not under test here)."""
    ids = []
    monkeypatch.setattr(tasks.deliver_webhook, "apply_async", lambda args, **kwargs: ids.append(args[0]))
    monkeypatch.setattr(tasks.PUBLISHER, "down_until", 0.0)
    return ids


@pytest.fixture
def register(world):
    def make(url="https://hooks.example.org/concerto", events=ALL_EVENTS, program=None):
        return webhooks.register_endpoint(world.manager, program=program or world.program, url=url, events=events)

    return make


def later(delivery_row, **delta):
    return delivery_row.next_attempt_at + timedelta(**delta)


def test_a_transition_writes_one_event_and_one_delivery_per_active_subscribed_endpoint(
        world, make_proposal, register):
    listening = register()
    register(url="https://reports.example.org/", events=["report.accepted"])
    WebhookEndpoint.objects.filter(pk=register(url="https://off.example.org/").pk).update(active=False)
    other_manager, other_program = factories.UserFactory(), factories.ProgramFactory()
    factories.ProgramRoleFactory(user=other_manager, program=other_program, role="manager")
    webhooks.register_endpoint(other_manager, program=other_program, url="https://other.example.org/",
                               events=ALL_EVENTS)
    proposal = make_proposal(State.SUBMITTED, reference="FQIS-2026-0007")

    services.transition(proposal, "start_analysis", world.analyst, comment="Dossier complet, à moi.")

    event = WebhookEvent.objects.get()
    assert (event.kind, event.program_id) == ("proposal.transitioned", world.program.pk)
    assert list(WebhookDelivery.objects.values_list("endpoint_id", "state")) == [(listening.pk, "pending")]
    payload = event.payload
    assert (payload["transition"], payload["from_state"], payload["to_state"]) == (
        "start_analysis", "submitted", "under_analysis")
    assert payload["proposal"]["reference"] == "FQIS-2026-0007"
    assert payload["proposal"]["requested_amount"] == "20000.00"
    # Who acted and what they wrote stay in Concerto.
    assert "Dossier complet" not in json.dumps(payload) and world.analyst.email not in json.dumps(payload)


def test_a_first_filing_sends_the_number_it_was_given(world, complete_proposal, register):
    register()
    proposal = services.transition(complete_proposal(), "submit", world.applicant)
    assert proposal.reference
    assert WebhookEvent.objects.get().payload["proposal"]["reference"] == proposal.reference


def test_the_event_and_its_deliveries_roll_back_with_the_change(world, make_proposal, register):
    register()
    proposal = make_proposal(State.SUBMITTED)
    with pytest.raises(RuntimeError), transaction.atomic():
        services.transition(proposal, "start_analysis", world.analyst)
        assert WebhookDelivery.objects.count() == 1  # written inside the change's transaction
        raise RuntimeError("the request fails after the transition")
    assert (WebhookEvent.objects.count(), WebhookDelivery.objects.count()) == (0, 0)


def test_nothing_is_written_when_no_endpoint_listens(world, make_proposal):
    services.transition(make_proposal(State.SUBMITTED), "start_analysis", world.analyst)
    assert WebhookEvent.objects.count() == 0


def test_deliveries_are_enqueued_after_commit_only(world, make_proposal, register, enqueued,
                                                   django_capture_on_commit_callbacks):
    register()
    with django_capture_on_commit_callbacks(execute=True):
        services.transition(make_proposal(State.SUBMITTED), "start_analysis", world.analyst)
        assert enqueued == []
    assert enqueued == [WebhookDelivery.objects.get().pk]


def test_an_approval_sends_the_decision_and_the_transition(world, make_proposal, register):
    register()
    proposal = make_proposal(State.RECOMMENDED)
    services.transition(proposal, "approve", world.board, amount_granted="12000", resolution_number="CA-2026-041")
    by_kind = {event.kind: event.payload for event in WebhookEvent.objects.all()}
    assert set(by_kind) == {"decision.recorded", "proposal.transitioned"}
    decision = by_kind["decision.recorded"]["decision"]
    assert (decision["outcome"], decision["amount_granted"], decision["resolution_number"]) == (
        "approved", "12000.00", "CA-2026-041")
    assert by_kind["decision.recorded"]["proposal"]["state"] == "funded"


def test_accepting_a_report_sends_report_accepted(world, register):
    register(events=["report.accepted"])
    report = funded_agreement(world).reports.get(kind="interim")
    from accountability import services as accountability

    accountability.submit_report(complete(report), world.applicant)
    services.accept_report(report, world.analyst)
    event = WebhookEvent.objects.get()
    assert event.kind == "report.accepted"
    assert (event.payload["report"]["id"], event.payload["report"]["kind"]) == (report.pk, "interim")


def test_the_signature_verifies_with_the_secret(world, make_proposal, register, receiver):
    endpoint = register()
    services.transition(make_proposal(State.SUBMITTED), "start_analysis", world.analyst)
    row = WebhookDelivery.objects.get()

    assert delivery.deliver(row.pk) is True
    [request] = receiver.requests
    timestamp = request.headers["Concerto-Timestamp"]
    expected = hmac.new(endpoint.secret.encode(), f"{timestamp}.".encode() + request.body, hashlib.sha256).hexdigest()
    assert request.headers["Concerto-Signature"] == f"t={timestamp},v1={expected}"
    body = json.loads(request.body)
    assert body["id"] == request.headers["Concerto-Event-Id"] == str(row.event_id)
    assert body["type"] == request.headers["Concerto-Event"] == "proposal.transitioned"
    assert (request.url, request.timeout) == ("https://hooks.example.org/concerto", 10)
    # Another secret does not produce it.
    forged = hmac.new(b"whsec_other", f"{timestamp}.".encode() + request.body, hashlib.sha256).hexdigest()
    assert forged != expected


def test_a_server_error_is_retried_with_backoff_then_delivered(world, make_proposal, register, receiver):
    register()
    services.transition(make_proposal(State.SUBMITTED), "start_analysis", world.analyst)
    row = WebhookDelivery.objects.get()
    receiver.answers = [500]

    before = timezone.now()
    assert delivery.deliver(row.pk) is False
    row.refresh_from_db()
    assert (row.state, row.attempts, row.last_status_code, row.last_error) == ("pending", 1, 500, "HTTP 500")
    assert before + timedelta(minutes=1) <= row.next_attempt_at <= timezone.now() + timedelta(minutes=1)

    # Not before its time, even if a task runs early.
    assert delivery.deliver(row.pk) is False and len(receiver.requests) == 1
    assert delivery.deliver(row.pk, now=later(row, seconds=1)) is True
    row.refresh_from_db()
    assert (row.state, row.attempts, row.last_status_code, row.last_error) == ("delivered", 2, 200, "")
    assert row.delivered_at is not None and len(receiver.requests) == 2


def test_waits_grow_and_the_last_attempt_fails_the_delivery(world, make_proposal, register, receiver):
    register()
    services.transition(make_proposal(State.SUBMITTED), "start_analysis", world.analyst)
    row = WebhookDelivery.objects.get()
    receiver.answers = [OSError("Connection refused")] + [503] * 5
    waits = []
    now = timezone.now()
    for _ in range(6):
        delivery.deliver(row.pk, now=now)
        row.refresh_from_db()
        waits.append(row.next_attempt_at - now if row.state == "pending" else None)
        now = row.next_attempt_at
    assert waits == [timedelta(minutes=1), timedelta(minutes=5), timedelta(minutes=30), timedelta(hours=2),
                     timedelta(hours=12), None]
    assert (row.state, row.attempts, row.last_status_code) == ("failed", 6, 503)
    assert len(receiver.requests) == 6
    # A failed delivery waits for the manager: nothing sends it again on its own.
    assert delivery.deliver(row.pk, now=now + timedelta(days=1)) is False
    assert delivery.sweep(now + timedelta(days=1))["ids"] == []


def test_a_network_error_is_recorded_and_retried(world, make_proposal, register, receiver):
    register()
    services.transition(make_proposal(State.SUBMITTED), "start_analysis", world.analyst)
    receiver.answers = [TimeoutError("timed out")]
    row = WebhookDelivery.objects.get()
    delivery.deliver(row.pk)
    row.refresh_from_db()
    assert (row.state, row.last_status_code, row.last_error) == ("pending", None, "TimeoutError: timed out")


def test_a_delivered_event_is_never_sent_twice(world, make_proposal, register, receiver):
    register()
    services.transition(make_proposal(State.SUBMITTED), "start_analysis", world.analyst)
    row = WebhookDelivery.objects.get()
    assert tasks.deliver_webhook(row.pk) is True
    # The task delivered twice by the broker, a sweep, a manager's retry: none sends it again.
    assert tasks.deliver_webhook(row.pk) is False
    assert delivery.sweep(timezone.now() + timedelta(days=1))["ids"] == []
    assert webhooks.retry_delivery(row, world.manager) is False
    assert tasks.deliver_webhook(row.pk) is False
    assert len(receiver.requests) == 1


def test_only_one_of_two_claims_wins(world, make_proposal, register):
    register()
    services.transition(make_proposal(State.SUBMITTED), "start_analysis", world.analyst)
    row = WebhookDelivery.objects.get()
    now = timezone.now()
    assert [delivery.claim(row.pk, now), delivery.claim(row.pk, now)] == [True, False]


def test_the_manager_retries_a_failed_delivery_now(world, make_proposal, register, receiver, enqueued,
                                                   django_capture_on_commit_callbacks):
    register()
    services.transition(make_proposal(State.SUBMITTED), "start_analysis", world.analyst)
    row = WebhookDelivery.objects.get()
    WebhookDelivery.objects.filter(pk=row.pk).update(state="failed", attempts=6)
    with django_capture_on_commit_callbacks(execute=True):
        assert webhooks.retry_delivery(row, world.manager) is True
    assert enqueued == [row.pk]
    assert delivery.deliver(row.pk) is True
    row.refresh_from_db()
    assert (row.state, row.attempts) == ("delivered", 7)


def test_the_sweep_enqueues_due_deliveries_and_takes_back_stuck_ones(world, make_proposal, register, enqueued):
    register()
    register(url="https://second.example.org/")
    services.transition(make_proposal(State.SUBMITTED), "start_analysis", world.analyst)
    fresh, stuck = WebhookDelivery.objects.order_by("id")
    now = timezone.now()
    # Just written: it has its own task; the sweep leaves it alone for a minute.
    assert tasks.sweep_webhooks()["due"] == 0
    WebhookDelivery.objects.filter(pk=stuck.pk).update(state="sending", claimed_at=now - timedelta(minutes=11))
    WebhookDelivery.objects.update(created_at=now - timedelta(minutes=2))
    assert tasks.sweep_webhooks() == {"reclaimed": 1, "due": 2, "enqueued": 2}
    assert sorted(enqueued) == [fresh.pk, stuck.pk]


def test_https_is_required(world, register):
    for url in ("http://hooks.example.org/", "ftp://hooks.example.org/", "hooks.example.org", ""):
        with pytest.raises(InvalidInput) as refused:
            register(url=url)
        assert refused.value.code == "invalid_url", url
    assert WebhookEndpoint.objects.count() == 0


def test_an_internal_address_is_refused(world, register, settings):
    for url in ("https://localhost/hook", "https://127.0.0.1/hook", "https://10.1.2.3/hook", "https://[::1]/hook",
                "https://169.254.169.254/latest/meta-data/"):
        with pytest.raises(InvalidInput) as refused:
            register(url=url)
        assert refused.value.code == "private_address", url
    settings.CONCERTO_WEBHOOK_ALLOW_PRIVATE_ADDRESSES = True
    assert register(url="https://10.1.2.3/hook").url == "https://10.1.2.3/hook"


def test_events_must_be_known(world, register):
    for kinds in ([], ["ping"], ["proposal.deleted"]):
        with pytest.raises(InvalidInput):
            register(events=kinds)


def test_a_program_has_at_most_ten_endpoints(world, register):
    for number in range(webhooks.MAX_ENDPOINTS_PER_PROGRAM):
        register(url=f"https://hooks.example.org/{number}")
    with pytest.raises(Conflict):
        register(url="https://hooks.example.org/one-more")


def test_deactivating_stops_waiting_deliveries_and_new_events(world, make_proposal, register, receiver):
    endpoint = register()
    services.transition(make_proposal(State.SUBMITTED), "start_analysis", world.analyst)
    webhooks.set_active(endpoint, world.manager, False)
    row = WebhookDelivery.objects.get()
    assert (row.state, row.last_error) == ("failed", "Point de réception désactivé.")
    services.transition(make_proposal(State.SUBMITTED), "start_analysis", world.analyst)
    assert WebhookDelivery.objects.count() == 1
    with pytest.raises(Conflict):
        webhooks.retry_delivery(row, world.manager)
    assert receiver.requests == []


def test_a_ping_goes_to_its_endpoint_only(world, register, receiver):
    endpoint = register()
    register(url="https://second.example.org/")
    ping = webhooks.send_ping(endpoint, world.manager)
    assert (ping.endpoint_id, ping.event.kind) == (endpoint.pk, "ping")
    assert delivery.deliver(ping.pk) is True
    assert receiver.requests[0].headers["Concerto-Event"] == "ping"


def test_a_rotated_secret_signs_the_next_deliveries(world, make_proposal, register, receiver):
    endpoint = register()
    old = endpoint.secret
    new = webhooks.rotate_secret(endpoint, world.manager)
    assert new != old and new.startswith("whsec_") and len(new) > 40
    services.transition(make_proposal(State.SUBMITTED), "start_analysis", world.analyst)
    delivery.deliver(WebhookDelivery.objects.get().pk)
    request = receiver.requests[0]
    timestamp = request.headers["Concerto-Timestamp"]
    expected = hmac.new(new.encode(), f"{timestamp}.".encode() + request.body, hashlib.sha256).hexdigest()
    assert request.headers["Concerto-Signature"].endswith(f"v1={expected}")


def test_deleting_an_endpoint_is_logged_with_who_did_it(world, register):
    from core.models import ActivityLog

    endpoint = register()
    pk = endpoint.pk
    webhooks.delete_endpoint(endpoint, world.manager)
    assert not WebhookEndpoint.objects.filter(pk=pk).exists()
    actions = list(ActivityLog.objects.filter(object_id=pk).values_list("action", "actor"))
    assert actions == [("webhook_registered", world.manager.pk), ("webhook_deleted", world.manager.pk)]

