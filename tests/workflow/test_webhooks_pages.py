"""The manager's webhook pages and the /api/v1/webhooks/ endpoints: who may, what they show."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from rest_framework.test import APIClient

from grants.states import State
from tests import factories
from workflow import services
from workflow.webhooks import services as webhooks
from workflow.webhooks.models import WebhookDelivery, WebhookEndpoint

pytestmark = pytest.mark.django_db
URL = "https://hooks.example.org/concerto"
ALL_EVENTS = ["proposal.transitioned", "decision.recorded", "report.accepted"]


@pytest.fixture
def endpoint(world):
    return webhooks.register_endpoint(world.manager, program=world.program, url=URL, events=ALL_EVENTS)


@pytest.fixture
def other_manager(world):
    """The manager of another program."""
    person = factories.UserFactory(email="other-manager@example.org")
    factories.ProgramRoleFactory(user=person, program=factories.ProgramFactory(), role="manager")
    return person


@pytest.fixture
def api():
    return APIClient()


def test_the_manager_registers_an_endpoint_and_sees_its_secret_once(client, world):
    client.force_login(world.manager)
    assert client.get("/analyse/webhooks/nouveau/").status_code == 200
    response = client.post("/analyse/webhooks/nouveau/", {
        "program": world.program.pk, "url": URL, "events": ["proposal.transitioned", "report.accepted"],
        "description": "Système du ministère"})
    endpoint = WebhookEndpoint.objects.get()
    assert response.status_code == 200 and endpoint.secret in response.content.decode()
    assert (endpoint.created_by, endpoint.events) == (world.manager, ["proposal.transitioned", "report.accepted"])
    for page in ("/analyse/webhooks/", f"/analyse/webhooks/{endpoint.pk}/"):
        shown = client.get(page)
        assert shown.status_code == 200 and URL in shown.content.decode()
        assert endpoint.secret not in shown.content.decode()


def test_a_plain_http_address_is_refused_on_the_form(client, world):
    client.force_login(world.manager)
    response = client.post("/analyse/webhooks/nouveau/", {
        "program": world.program.pk, "url": "http://hooks.example.org/", "events": ALL_EVENTS})
    assert response.status_code == 200
    assert "L&#x27;adresse doit être une URL HTTPS valide." in response.content.decode()
    assert WebhookEndpoint.objects.count() == 0


def test_the_form_offers_only_the_managers_programs(client, world, other_manager):
    client.force_login(other_manager)
    response = client.post("/analyse/webhooks/nouveau/", {"program": world.program.pk, "url": URL,
                                                           "events": ALL_EVENTS})
    assert response.status_code == 200 and WebhookEndpoint.objects.count() == 0


@pytest.mark.parametrize(("persona", "status"), [
    ("analyst", 403), ("board", 403), ("reviewer", 403), ("applicant", 403), ("outside_analyst", 403),
    ("nobody", 403), ("manager", 200), ("admin", 200),
])
def test_pages_are_for_managers_and_admins(client, world, endpoint, persona, status):
    client.force_login(getattr(world, persona))
    for page in ("/analyse/webhooks/", "/analyse/webhooks/nouveau/", f"/analyse/webhooks/{endpoint.pk}/"):
        assert client.get(page).status_code == status, page


def test_another_programs_manager_gets_404(client, endpoint, other_manager):
    client.force_login(other_manager)
    assert client.get("/analyse/webhooks/").status_code == 200
    assert URL not in client.get("/analyse/webhooks/").content.decode()
    assert client.get(f"/analyse/webhooks/{endpoint.pk}/").status_code == 404
    for action in ("secret", "essai", "activation", "supprimer"):
        assert client.post(f"/analyse/webhooks/{endpoint.pk}/{action}/").status_code == 404, action
    assert WebhookEndpoint.objects.filter(pk=endpoint.pk, active=True).exists()


def test_the_delivery_log_shows_state_attempts_and_error_and_retries_now(client, world, make_proposal, endpoint):
    services.transition(make_proposal(State.SUBMITTED), "start_analysis", world.analyst)
    row = WebhookDelivery.objects.get()
    WebhookDelivery.objects.filter(pk=row.pk).update(state="failed", attempts=6, last_status_code=502,
                                                     last_error="HTTP 502")
    client.force_login(world.manager)
    page = client.get(f"/analyse/webhooks/{endpoint.pk}/").content.decode()
    assert "Échec" in page and "HTTP 502" in page and str(row.event_id) in page and "Relancer maintenant" in page
    response = client.post(f"/analyse/webhooks/envois/{row.pk}/relancer/")
    assert response.status_code == 302 and response.url == f"/analyse/webhooks/{endpoint.pk}/"
    row.refresh_from_db()
    assert row.state == "pending"


def test_the_log_costs_the_same_whatever_its_length(client, world, make_proposal, endpoint,
                                                   django_assert_max_num_queries):
    client.force_login(world.manager)
    services.transition(make_proposal(State.SUBMITTED), "start_analysis", world.analyst)
    with CaptureQueriesContext(connection) as one:
        client.get(f"/analyse/webhooks/{endpoint.pk}/")
    for _index in range(15):
        services.transition(make_proposal(State.SUBMITTED), "start_analysis", world.analyst)
    with django_assert_max_num_queries(len(one)):
        client.get(f"/analyse/webhooks/{endpoint.pk}/")
    with django_assert_max_num_queries(len(one)):
        client.get("/analyse/webhooks/")


def test_rotate_deactivate_ping_and_delete_from_the_page(client, world, endpoint):
    client.force_login(world.manager)
    old = endpoint.secret
    response = client.post(f"/analyse/webhooks/{endpoint.pk}/secret/")
    endpoint.refresh_from_db()
    assert endpoint.secret != old and endpoint.secret in response.content.decode()
    client.post(f"/analyse/webhooks/{endpoint.pk}/essai/")
    assert WebhookDelivery.objects.get().event.kind == "ping"
    client.post(f"/analyse/webhooks/{endpoint.pk}/activation/", {"active": "0"})
    endpoint.refresh_from_db()
    assert not endpoint.active and WebhookDelivery.objects.get().state == "failed"
    # A ping to a deactivated endpoint is refused with the reason.
    assert client.post(f"/analyse/webhooks/{endpoint.pk}/essai/").status_code == 409
    client.post(f"/analyse/webhooks/{endpoint.pk}/activation/", {"active": "1"})
    endpoint.refresh_from_db()
    assert endpoint.active
    assert client.post(f"/analyse/webhooks/{endpoint.pk}/supprimer/").url == "/analyse/webhooks/"
    assert not WebhookEndpoint.objects.exists() and not WebhookDelivery.objects.exists()


# The API.

def test_api_register_list_read_and_delete(api, world):
    api.force_authenticate(world.manager)
    created = api.post("/api/v1/webhooks/", {"program": world.program.pk, "url": URL, "events": ALL_EVENTS},
                       format="json")
    assert created.status_code == 201
    body = created.json()
    endpoint = WebhookEndpoint.objects.get()
    assert body["secret"] == endpoint.secret and body["events"] == ALL_EVENTS and body["active"] is True
    listed = api.get("/api/v1/webhooks/").json()["results"]
    assert [row["id"] for row in listed] == [endpoint.pk] and "secret" not in listed[0]
    assert "secret" not in api.get(f"/api/v1/webhooks/{endpoint.pk}/").json()
    assert api.delete(f"/api/v1/webhooks/{endpoint.pk}/").status_code == 204
    assert not WebhookEndpoint.objects.exists()


def test_api_refuses_http_and_unknown_events(api, world):
    api.force_authenticate(world.manager)
    http = api.post("/api/v1/webhooks/", {"program": world.program.pk, "url": "http://hooks.example.org/",
                                          "events": ALL_EVENTS}, format="json")
    assert http.status_code == 400 and http.json()["code"] == "invalid_url"
    assert "url" in http.json()["details"]
    unknown = api.post("/api/v1/webhooks/", {"program": world.program.pk, "url": URL, "events": ["ping"]},
                       format="json")
    assert unknown.status_code == 400 and unknown.json()["code"] == "invalid_input"


def test_api_delivery_log(api, world, make_proposal, endpoint):
    services.transition(make_proposal(State.SUBMITTED), "start_analysis", world.analyst)
    row = WebhookDelivery.objects.get()
    api.force_authenticate(world.manager)
    [entry] = api.get(f"/api/v1/webhooks/{endpoint.pk}/deliveries/").json()["results"]
    assert (entry["id"], entry["event_id"], entry["event"], entry["state"], entry["attempts"]) == (
        row.pk, str(row.event_id), "proposal.transitioned", "pending", 0)


def test_api_refusals(api, world, endpoint, other_manager):
    api.force_authenticate(other_manager)
    assert api.get("/api/v1/webhooks/").json()["results"] == []
    for path in (f"/api/v1/webhooks/{endpoint.pk}/", f"/api/v1/webhooks/{endpoint.pk}/deliveries/"):
        assert api.get(path).status_code == 404, path
    assert api.delete(f"/api/v1/webhooks/{endpoint.pk}/").status_code == 404
    # Registering for a program one does not manage: not found, like the program's endpoints.
    response = api.post("/api/v1/webhooks/", {"program": world.program.pk, "url": URL, "events": ALL_EVENTS},
                        format="json")
    assert response.status_code == 404 and response.json()["code"] == "not_found"
    for persona in ("analyst", "applicant", "board", "reviewer"):
        api.force_authenticate(getattr(world, persona))
        assert api.get("/api/v1/webhooks/").status_code == 403, persona
        assert api.get(f"/api/v1/webhooks/{endpoint.pk}/").status_code == 403, persona
        assert api.post("/api/v1/webhooks/", {"program": world.program.pk, "url": URL, "events": ALL_EVENTS},
                        format="json").status_code == 403, persona
    api.force_authenticate(world.manager)
    assert api.get("/api/v1/webhooks/abc/").status_code == 404
    assert WebhookEndpoint.objects.count() == 1
