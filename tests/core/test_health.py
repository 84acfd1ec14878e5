"""The health endpoint (/sante/, /healthz) reports each component, and each failure by name."""

import time
from datetime import timedelta

import pytest
from django.core.files.storage import FileSystemStorage
from django.db import OperationalError, connections
from django.utils import timezone
from django_celery_beat.models import IntervalSchedule, PeriodicTask

from core import health
from tests import factories
from tests.notifications.conftest import celery_broker

pytestmark = pytest.mark.django_db
COMPONENTS = {"database", "broker", "worker", "storage"}


def check(client, path="/sante/", expected=200):
    response = client.get(path)
    assert response.status_code == expected, response.content
    assert response["Cache-Control"] == "no-store" and response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Security-Policy"] == "default-src 'none'; frame-ancestors 'none'"
    return response.json()


@pytest.fixture
def beat_ran():
    """A periodic task as beat leaves it after a run; set `last_run_at` to age it."""
    every_minute, _ = IntervalSchedule.objects.get_or_create(every=1, period="minutes")
    PeriodicTask.objects.update(enabled=False)
    return PeriodicTask.objects.create(name="Sweep (test)", task="notifications.sweep_outbox",
                                       interval=every_minute, last_run_at=timezone.now() - timedelta(minutes=1))


@pytest.fixture
def storage_lookup_finished():
    yield
    if health._storage_lookup is not None:
        health._storage_lookup.join()


def test_all_components_ok_answer_200_to_anyone(client, beat_ran):
    body = check(client)
    assert body["status"] == "ok" and body["failing"] == []
    assert set(body["components"]) == COMPONENTS
    assert all(state["ok"] for state in body["components"].values())
    worker = body["components"]["worker"]
    assert 0 < worker["beat_last_run_seconds"] < 600 and worker["backlog_seconds"] == {"outbox": 0}
    assert check(client, "/healthz")["status"] == "ok"
    assert client.head("/sante/").status_code == 200
    assert client.post("/sante/").status_code == 405


def test_probes_by_address_over_plain_http_are_answered(client, settings):
    settings.ALLOWED_HOSTS, settings.SECURE_SSL_REDIRECT = ["concerto.example.org"], True
    assert client.get("/sante/", HTTP_HOST="10.0.0.7:8000").status_code == 200
    # Any other page refuses that host name (the health paths are answered before the check).
    assert client.get("/public/", HTTP_HOST="10.0.0.7:8000").status_code == 400


def test_a_database_error_is_reported(client, monkeypatch):
    def refused(*args, **kwargs):
        raise OperationalError("connection refused")

    monkeypatch.setattr(connections["default"], "cursor", refused)
    body = check(client, expected=503)
    assert body["status"] == "failing"
    assert body["components"]["database"] == {"ok": False, "error": "OperationalError"}
    # The worker's figures come from the database too.
    assert body["failing"] == ["database", "worker"]


@pytest.mark.parametrize("fixture", ["closed_port", "hung_broker"])
def test_an_unreachable_broker_is_reported(client, request, fixture):
    url = request.getfixturevalue(fixture)
    with celery_broker(url if isinstance(url, str) else url[0]):
        body = check(client, expected=503)
    assert body["failing"] == ["broker"]
    assert body["components"]["broker"] == {"ok": False, "error": "OperationalError"}


def test_beat_that_stopped_is_reported(client, beat_ran, settings):
    settings.CONCERTO_HEALTH_BEAT_MINUTES = 10
    PeriodicTask.objects.filter(pk=beat_ran.pk).update(last_run_at=timezone.now() - timedelta(minutes=11))
    body = check(client, expected=503)
    assert body["failing"] == ["worker"]
    worker = body["components"]["worker"]
    assert worker["ok"] is False and 660 <= worker["beat_last_run_seconds"] < 720


def test_a_new_installation_is_healthy_until_beat_should_have_run(client, beat_ran, settings):
    settings.CONCERTO_HEALTH_BEAT_MINUTES = 10
    # Schedules created by the migrations a minute ago, no run recorded yet.
    PeriodicTask.objects.update(last_run_at=None, date_changed=timezone.now() - timedelta(minutes=1))
    body = check(client)
    assert body["components"]["worker"]["beat_last_run_seconds"] is None


def test_a_beat_that_never_started_is_reported(client, beat_ran, settings):
    settings.CONCERTO_HEALTH_BEAT_MINUTES = 10
    PeriodicTask.objects.update(last_run_at=None, date_changed=timezone.now() - timedelta(minutes=11))
    body = check(client, expected=503)
    assert body["failing"] == ["worker"]
    assert body["components"]["worker"]["ok"] is False


def test_a_message_waiting_too_long_for_a_worker_is_reported(client, beat_ran, settings):
    settings.CONCERTO_HEALTH_BACKLOG_MINUTES = 15
    now = timezone.now()
    # Neither a message waiting for its next retry nor one sent long ago is waiting for a worker.
    factories.OutboxMessageFactory(state="pending", available_at=now + timedelta(hours=1))
    factories.OutboxMessageFactory(state="sent", available_at=now - timedelta(days=2))
    factories.OutboxMessageFactory(state="pending", available_at=now - timedelta(minutes=14))
    assert check(client)["components"]["worker"]["backlog_seconds"]["outbox"] >= 14 * 60

    factories.OutboxMessageFactory(state="pending", available_at=now - timedelta(minutes=16))
    body = check(client, expected=503)
    assert body["failing"] == ["worker"]
    assert body["components"]["worker"]["backlog_seconds"]["outbox"] >= 16 * 60


def test_a_storage_failure_is_reported(client, monkeypatch, storage_lookup_finished):
    def denied(self, name):
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(FileSystemStorage, "exists", denied)
    body = check(client, expected=503)
    assert body["failing"] == ["storage"]
    assert body["components"]["storage"] == {"ok": False, "error": "PermissionError"}


def test_a_storage_that_does_not_answer_is_reported_without_piling_up_lookups(client, monkeypatch,
                                                                              storage_lookup_finished):
    lookups = []

    def hanging(self, name):
        lookups.append(name)
        time.sleep(1)
        return False

    monkeypatch.setattr(health, "STORAGE_SECONDS", 0.05)
    monkeypatch.setattr(FileSystemStorage, "exists", hanging)
    for _ in range(2):
        body = check(client, expected=503)
        assert body["components"]["storage"] == {"ok": False, "error": "TimeoutError"}
    # The second check waited on the first lookup instead of starting another.
    assert lookups == [health.STORAGE_PROBE]
