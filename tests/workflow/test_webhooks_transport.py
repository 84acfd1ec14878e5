"""The real HTTP transport against a local server, and a broker down when the event happens."""

import hashlib
import hmac
import threading
from datetime import timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from django.utils import timezone
from rest_framework.test import APIClient

from grants.states import State
from tests.notifications.conftest import celery_broker
from workflow import services, tasks
from workflow.webhooks import delivery
from workflow.webhooks import services as webhooks
from workflow.webhooks.models import WebhookDelivery, WebhookEndpoint

CLOSED_PORT = "redis://127.0.0.1:1/0"


class Handler(BaseHTTPRequestHandler):
    def do_POST(self):
        body = self.rfile.read(int(self.headers["Content-Length"]))
        self.server.received.append((self.path, dict(self.headers), body))
        status = self.server.statuses.pop(0) if self.server.statuses else 204
        self.send_response(status)
        if status == 302:
            self.send_header("Location", "http://127.0.0.1:1/elsewhere")
        self.send_header("Content-Length", "0")
        self.end_headers()

    def log_message(self, *args):
        pass


@pytest.fixture
def server():
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    httpd.received, httpd.statuses = [], []
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield httpd
    httpd.shutdown()
    httpd.server_close()


def url_of(server, path="/hook"):
    return f"http://127.0.0.1:{server.server_address[1]}{path}"


def test_posts_the_body_and_headers_and_returns_the_status(server, settings):
    settings.CONCERTO_WEBHOOK_ALLOW_PRIVATE_ADDRESSES = True
    server.statuses = [204, 500, 302]
    answers = [delivery.http_post(url_of(server), b'{"a":1}', {"Concerto-Event": "ping"}, 5) for _ in range(3)]
    assert answers == [204, 500, 302]  # the redirect is an answer, not followed
    path, headers, body = server.received[0]
    assert (path, headers["Concerto-Event"], body) == ("/hook", "ping", b'{"a":1}')
    assert len(server.received) == 3


def test_a_host_on_a_private_network_is_not_called(server):
    with pytest.raises(delivery.BlockedAddress):
        delivery.http_post(url_of(server), b"{}", {}, 5)
    assert server.received == []


@pytest.mark.django_db
def test_a_transition_reaches_the_receiver_signed(world, make_proposal, server, settings):
    settings.CONCERTO_WEBHOOK_ALLOW_PRIVATE_ADDRESSES = True
    # The service accepts https only; this local server speaks plain HTTP, so the row is written directly.
    endpoint = WebhookEndpoint.objects.create(program=world.program, url=url_of(server), secret="whsec_test",
                                              events=["proposal.transitioned"])
    services.transition(make_proposal(State.SUBMITTED), "start_analysis", world.analyst)
    assert delivery.deliver(WebhookDelivery.objects.get().pk) is True
    [(_, headers, body)] = server.received
    timestamp = headers["Concerto-Timestamp"]
    expected = hmac.new(endpoint.secret.encode(), f"{timestamp}.".encode() + body, hashlib.sha256).hexdigest()
    assert headers["Concerto-Signature"] == f"t={timestamp},v1={expected}"
    assert headers["Content-Type"] == "application/json; charset=utf-8"


@pytest.mark.django_db(transaction=True)
def test_broker_down_the_request_succeeds_and_the_sweep_delivers_later(world, make_proposal, monkeypatch,
                                                                       caplog):
    monkeypatch.setattr(tasks.PUBLISHER, "down_until", 0.0)
    webhooks.register_endpoint(world.manager, program=world.program, url="https://hooks.example.org/",
                               events=["proposal.transitioned"])
    proposal = make_proposal(State.SUBMITTED)
    api = APIClient()
    api.force_authenticate(world.analyst)
    with celery_broker(CLOSED_PORT):
        response = api.post(f"/api/v1/proposals/{proposal.pk}/transitions/start_analysis/", {}, format="json")
    assert response.status_code == 200 and response.json()["state"] == "under_analysis"
    assert "Broker unreachable" in caplog.text
    row = WebhookDelivery.objects.get()
    assert (row.state, row.attempts) == ("pending", 0)

    # A minute later, with the broker back, the periodic sweep hands it to a worker.
    WebhookDelivery.objects.filter(pk=row.pk).update(created_at=timezone.now() - timedelta(minutes=2))
    sent = []
    monkeypatch.setattr(delivery, "http_post", lambda url, body, headers, timeout: sent.append(url) or 200)
    monkeypatch.setattr(tasks.deliver_webhook, "apply_async", lambda args, **kwargs: tasks.deliver_webhook(*args))
    assert tasks.sweep_webhooks() == {"reclaimed": 0, "due": 1, "enqueued": 1}
    row.refresh_from_db()
    assert row.state == "delivered" and sent == ["https://hooks.example.org/"]
