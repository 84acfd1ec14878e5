"""Issue 16: a database connection that dies no longer costs a 500 on a read.

Connections are kept between requests (DATABASE_CONN_MAX_AGE) as in production; their server process is
killed with pg_terminate_backend from a second connection, as a database restart or a failover does.
CONN_HEALTH_CHECKS replaces a connection that died between two requests; core.read_retry runs a GET again
when its connection dies during the request, unless the request already wrote.
"""

import pytest
from django.db import OperationalError, close_old_connections, connection, connections
from django.http import JsonResponse
from django.test import Client
from django.urls import path, reverse

from grants.models import User
from tests import factories

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]
RETRY = "core.read_retry.RetryReadOnLostConnectionMiddleware"
CALLS = []


def terminate(conn):
    """End conn's server process from a second connection (waiting up to 5 s for it to be gone)."""
    pid = conn.connection.info.backend_pid
    other = connections.create_connection(conn.alias)
    try:
        with other.cursor() as cursor:
            cursor.execute("SELECT pg_terminate_backend(%s, 5000)", [pid])
    finally:
        other.close()


def count_users(request):
    CALLS.append(request.method)
    if "die" in request.GET and len(CALLS) == 1:
        terminate(connection)
    return JsonResponse({"users": User.objects.count()})


def write_then_read(request):
    CALLS.append(request.method)
    User.objects.filter(pk=0).update(full_name="Personne")
    if len(CALLS) == 1:
        terminate(connection)
    return JsonResponse({"users": User.objects.count()})


def fail_on_a_live_connection(request):
    CALLS.append(request.method)
    User.objects.exists()
    raise OperationalError("canceling statement due to lock timeout")


urlpatterns = [
    path("lecture/", count_users),
    path("ecriture/", write_then_read),
    path("verrou/", fail_on_a_live_connection),
]


@pytest.fixture(autouse=True)
def kept_connections(require_postgres):
    """Connections reused across requests and checked before reuse, as config/settings.py sets them."""
    CALLS.clear()
    conn = connections["default"]
    saved = {key: conn.settings_dict[key] for key in ("CONN_MAX_AGE", "CONN_HEALTH_CHECKS")}
    conn.settings_dict.update(CONN_MAX_AGE=60, CONN_HEALTH_CHECKS=True)
    conn.close()  # the next connection is opened with these settings
    yield conn
    conn.settings_dict.update(saved)
    conn.close()


@pytest.fixture
def client():
    return Client(raise_request_exception=False)


def between_requests():
    """What Django's handler does at the end and at the start of each request (the test client does not)."""
    close_old_connections()


@pytest.mark.urls(__name__)
def test_a_connection_dropped_between_two_reads_is_replaced_before_the_second(client, settings, kept_connections):
    settings.MIDDLEWARE = [name for name in settings.MIDDLEWARE if name != RETRY]  # the health check alone
    assert client.get("/lecture/").status_code == 200
    terminate(kept_connections)
    between_requests()
    assert client.get("/lecture/").status_code == 200


@pytest.mark.urls(__name__)
def test_without_health_check_nor_retry_the_dropped_connection_answers_500(client, settings, kept_connections):
    # What the issue measured: one 500 per process after the database dropped its connections.
    settings.MIDDLEWARE = [name for name in settings.MIDDLEWARE if name != RETRY]
    kept_connections.settings_dict["CONN_HEALTH_CHECKS"] = False
    kept_connections.close()
    assert client.get("/lecture/").status_code == 200
    terminate(kept_connections)
    between_requests()
    assert client.get("/lecture/").status_code == 500


def test_a_real_page_after_the_database_dropped_its_connection(client, world, kept_connections):
    client.force_login(world.applicant)
    assert client.get(reverse("home")).status_code == 200
    terminate(kept_connections)
    between_requests()
    assert client.get(reverse("home")).status_code == 200


@pytest.mark.urls(__name__)
def test_a_read_whose_connection_dies_during_the_request_runs_again(client):
    factories.UserFactory()
    response = client.get("/lecture/?die")
    assert response.status_code == 200 and response.json() == {"users": 1}
    assert CALLS == ["GET", "GET"]
    assert client.head("/lecture/").status_code == 200


@pytest.mark.urls(__name__)
def test_a_post_is_never_run_twice(client):
    assert client.post("/lecture/?die").status_code == 500
    assert CALLS == ["POST"]


@pytest.mark.urls(__name__)
def test_a_read_that_already_wrote_is_not_run_again(client):
    assert client.get("/ecriture/").status_code == 500
    assert CALLS == ["GET"]


@pytest.mark.urls(__name__)
def test_an_error_on_a_live_connection_is_not_retried(client):
    assert client.get("/verrou/").status_code == 500
    assert CALLS == ["GET"]
