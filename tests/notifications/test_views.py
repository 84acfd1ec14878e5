import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from notifications import outbox
from notifications.context_processors import unread_count
from notifications.models import Notification, OutboxMessage
from notifications.tasks import send_message
from tests import factories

pytestmark = pytest.mark.django_db


def _notify(user, count):
    for _index in range(count):
        outbox.queue(kind="proposal_submit", recipients=[user], context={"proposal_title": "Cuisine"})


def test_header_shows_the_unread_count(client, world):
    _notify(world.applicant, 3)
    client.force_login(world.applicant)
    page = client.get(reverse("notifications:list")).content.decode()
    assert "Notifications (3)" in page
    assert page.count("Accusé de réception : Cuisine") == 3


def test_unread_count_and_list_cost_the_same_queries_for_1_or_15_notifications(
        client, world, django_assert_max_num_queries):
    client.force_login(world.applicant)
    _notify(world.applicant, 1)
    with CaptureQueriesContext(connection) as one:
        client.get(reverse("notifications:list"))
    _notify(world.applicant, 14)
    with django_assert_max_num_queries(len(one)):
        client.get(reverse("notifications:list"))


def test_unread_count_is_one_query(rf, world):
    request = rf.get("/")
    request.user = world.applicant
    _notify(world.applicant, 2)
    with CaptureQueriesContext(connection) as queries:
        assert int(str(unread_count(request)["unread_notifications"])) == 2
    assert len(queries) == 1


def test_mark_read_and_mark_all_read(client, world):
    _notify(world.applicant, 3)
    first = Notification.objects.filter(user=world.applicant).first()
    client.force_login(world.applicant)
    assert client.post(reverse("notifications:read", args=[first.pk])).status_code == 302
    assert Notification.objects.filter(user=world.applicant, read_at__isnull=True).count() == 2
    client.post(reverse("notifications:read_all"))
    assert not Notification.objects.filter(user=world.applicant, read_at__isnull=True).exists()
    assert "Notifications (0)" in client.get(reverse("notifications:list")).content.decode()


def test_someone_elses_notification_is_404(client, world):
    _notify(world.other_applicant, 1)
    theirs = Notification.objects.get()
    client.force_login(world.applicant)
    assert client.post(reverse("notifications:read", args=[theirs.pk])).status_code == 404
    assert Notification.objects.get().read_at is None


def test_mark_read_needs_post(client, world):
    _notify(world.applicant, 1)
    client.force_login(world.applicant)
    assert client.get(reverse("notifications:read", args=[Notification.objects.get().pk])).status_code == 405


def test_sent_notification_shows_the_text_that_was_sent(client, world):
    [message] = outbox.queue(kind="proposal_submit", recipients=[world.applicant],
                             context={"proposal_title": "Cuisine"})
    send_message(message.pk)
    client.force_login(world.applicant)
    assert "Nous avons bien reçu votre demande" in client.get(reverse("notifications:list")).content.decode()


@pytest.mark.parametrize("persona, status", [
    ("admin", 200), ("manager", 200), ("analyst", 403), ("applicant", 403), ("nobody", 403),
])
def test_outbox_page_is_for_admins_and_program_managers(client, world, persona, status):
    client.force_login(getattr(world, persona))
    assert client.get(reverse("notifications:outbox")).status_code == status


def test_manager_sees_own_program_messages_with_state_and_error(client, world):
    other_program = factories.ProgramFactory()
    factories.OutboxMessageFactory(program=world.program, state="failed", last_error="SMTPServerDisconnected",
                                   to_email="mine@example.org")
    factories.OutboxMessageFactory(program=other_program, to_email="theirs@example.org")
    client.force_login(world.manager)
    page = client.get(reverse("notifications:outbox") + "?state=failed").content.decode()
    assert "mine@example.org" in page and "SMTPServerDisconnected" in page
    assert "theirs@example.org" not in page


@pytest.mark.parametrize("persona, whose, status", [
    ("manager", "own", 302), ("manager", "other", 404), ("admin", "other", 302), ("analyst", "own", 403),
])
def test_retry_button_matrix(client, world, monkeypatch, persona, whose, status):
    monkeypatch.setattr(send_message, "apply_async", lambda *args, **kwargs: None)
    program = world.program if whose == "own" else factories.ProgramFactory()
    message = factories.OutboxMessageFactory(program=program, state="failed")
    client.force_login(getattr(world, persona))
    response = client.post(reverse("notifications:retry", args=[message.pk]))
    assert response.status_code == status
    expected = "pending" if status == 302 else "failed"
    assert OutboxMessage.objects.get(pk=message.pk).state == expected


def test_a_sent_message_is_not_resent(client, world):
    message = factories.OutboxMessageFactory(program=world.program, state="sent")
    client.force_login(world.manager)
    client.post(reverse("notifications:retry", args=[message.pk]))
    assert OutboxMessage.objects.get(pk=message.pk).state == "sent"


def test_outbox_page_query_count_does_not_grow_with_messages(client, world, django_assert_max_num_queries):
    client.force_login(world.manager)
    factories.OutboxMessageFactory(program=world.program)
    with CaptureQueriesContext(connection) as one:
        client.get(reverse("notifications:outbox"))
    for _index in range(20):
        factories.OutboxMessageFactory(program=world.program, state="failed", last_error="boom")
    with django_assert_max_num_queries(len(one)):
        client.get(reverse("notifications:outbox"))


def test_mark_read_with_htmx_returns_the_announced_partial(client, world):
    _notify(world.applicant, 1)
    client.force_login(world.applicant)
    response = client.post(reverse("notifications:read", args=[Notification.objects.get().pk]),
                           HTTP_HX_REQUEST="true")
    assert response.status_code == 200 and 'role="status"' in response.content.decode()
    assert Notification.objects.get().read_at is not None


def test_anonymous_visitors_are_sent_to_login(client):
    response = client.get(reverse("notifications:list"))
    assert response.status_code == 302 and "/comptes/login/" in response["Location"]
