"""The notifications API: each person's own in-app notifications, read and marked read."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from rest_framework.test import APIClient

from notifications import outbox
from notifications.models import Notification
from notifications.tasks import send_message

pytestmark = pytest.mark.django_db


@pytest.fixture
def api():
    return APIClient()


def notify(user, count, title="Cuisine"):
    return [message for _index in range(count) for message in outbox.queue(
        kind="proposal_submit", recipients=[user], context={"proposal_title": title, "url": "/demandes/7/"})]


def mine(user):
    return Notification.objects.filter(user=user)


def test_list_shows_only_the_callers_notifications_rendered_newest_first(api, world):
    notify(world.applicant, 2)
    notify(world.other_applicant, 1, title="Pas la vôtre")
    api.force_authenticate(world.applicant)
    body = api.get("/api/v1/notifications/").json()
    assert [row["id"] for row in body["results"]] == list(mine(world.applicant).order_by("-created_at", "-id")
                                                          .values_list("pk", flat=True))
    row = body["results"][0]
    assert (row["kind"], row["title"], row["url"], row["read_at"]) == (
        "proposal_submit", "Accusé de réception : Cuisine", "/demandes/7/", None)
    assert "Cuisine" in row["text"]


def test_a_sent_notification_shows_the_text_that_was_sent(api, world):
    [message] = notify(world.applicant, 1)
    send_message(message.pk)
    message.refresh_from_db()
    api.force_authenticate(world.applicant)
    [row] = api.get("/api/v1/notifications/").json()["results"]
    assert (row["title"], row["text"]) == (message.subject, message.body_text)


def test_unread_filter_mark_read_and_read_all(api, world):
    notify(world.applicant, 3)
    first = mine(world.applicant).first()
    api.force_authenticate(world.applicant)
    response = api.post(f"/api/v1/notifications/{first.pk}/read/")
    assert response.status_code == 200 and response.json()["read_at"] is not None
    first.refresh_from_db()
    assert first.read_at is not None
    again = api.post(f"/api/v1/notifications/{first.pk}/read/")  # already read: same answer, same date
    assert again.status_code == 200 and again.json()["read_at"] == response.json()["read_at"]
    assert len(api.get("/api/v1/notifications/?unread=true").json()["results"]) == 2
    assert [row["id"] for row in api.get("/api/v1/notifications/?unread=false").json()["results"]] == [first.pk]
    assert api.post("/api/v1/notifications/read-all/").json() == {"marked": 2}
    assert not mine(world.applicant).filter(read_at__isnull=True).exists()
    assert api.post("/api/v1/notifications/read-all/").json() == {"marked": 0}


def test_someone_elses_notification_is_a_json_404(api, world):
    notify(world.other_applicant, 1)
    theirs = Notification.objects.get()
    api.force_authenticate(world.applicant)
    for response in (api.get(f"/api/v1/notifications/{theirs.pk}/"),
                     api.post(f"/api/v1/notifications/{theirs.pk}/read/")):
        assert response.status_code == 404
        assert response.json() == {"code": "not_found", "message": "Notification introuvable.", "details": {}}
    assert api.post("/api/v1/notifications/read-all/").json() == {"marked": 0}
    assert Notification.objects.get().read_at is None


def test_anonymous_callers_are_refused(api):
    assert api.get("/api/v1/notifications/").status_code == 403
    assert api.post("/api/v1/notifications/read-all/").status_code == 403


def test_list_query_count_does_not_grow_with_rows(api, world):
    api.force_authenticate(world.applicant)
    counts = []
    for batch in (1, 15):
        notify(world.applicant, batch)
        with CaptureQueriesContext(connection) as captured:
            assert api.get("/api/v1/notifications/").status_code == 200
        counts.append(len(captured))
    assert counts[0] == counts[1]
