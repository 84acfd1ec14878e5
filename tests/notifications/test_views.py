from datetime import datetime, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from notifications import outbox, selectors
from notifications.context_processors import unread_count
from notifications.models import Notification, OutboxMessage
from notifications.tasks import send_message, send_messages, sweep_outbox
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


def test_past_99_unread_the_header_says_99_plus_and_counts_no_further(rf, client, world):
    def unread(count):
        messages = OutboxMessage.objects.bulk_create([OutboxMessage(
            kind="proposal_submit", recipient=world.applicant, to_email=world.applicant.email, language="fr",
            context={}) for _ in range(count)])
        Notification.objects.bulk_create([Notification(user=world.applicant, message=message)
                                          for message in messages])

    unread(99)
    client.force_login(world.applicant)
    assert "Notifications (99)" in client.get(reverse("notifications:list")).content.decode()
    unread(150)
    assert "Notifications (99+)" in client.get(reverse("notifications:list")).content.decode()
    request = rf.get("/")
    request.user = world.applicant
    assert str(unread_count(request)["unread_notifications"]) == "99+"
    # The count stops there, however many there are, and sorts nothing to find them (the statement compiled
    # once, core.compiled; on PostgreSQL the query log shows its EXECUTE).
    sql, _params = selectors._UNREAD.sql_with_params(world.applicant.pk)
    assert "LIMIT 100" in sql and "ORDER BY" not in sql


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
    monkeypatch.setattr(send_messages, "apply_async", lambda *args, **kwargs: None)
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


def _failed(program, **fields):
    return factories.OutboxMessageFactory(program=program, state="failed", needs_attention=True,
                                          last_error="SMTPConnectError", **fields)


def test_outbox_page_counts_the_messages_to_look_at_and_those_retried(client, world):
    for _index in range(2):
        _failed(world.program)
    factories.OutboxMessageFactory(program=world.program, state="pending", first_failed_at=timezone.now())
    _failed(factories.ProgramFactory())  # another program's
    client.force_login(world.manager)
    page = client.get(reverse("notifications:outbox")).content.decode()
    assert "2 messages à traiter" in page and "1 message en reprise automatique" in page
    assert "Renvoyer les 2 messages à traiter" in page


def test_resend_all_failed_puts_back_the_filtered_messages_of_the_managers_programs(client, world):
    day = timezone.make_aware(datetime(2027, 3, 10, 12))
    wanted = _failed(world.program, kind="report_reminder", created_at=day)
    other_kind = _failed(world.program, kind="proposal_submit", created_at=day)
    too_early = _failed(world.program, kind="report_reminder", created_at=day - timedelta(days=5))
    other_program = _failed(factories.ProgramFactory(), kind="report_reminder", created_at=day)
    closed_account = factories.OutboxMessageFactory(program=world.program, kind="report_reminder", state="failed",
                                                    created_at=day, last_error="Compte fermé : message annulé.")
    client.force_login(world.manager)
    response = client.post(reverse("notifications:resend_failed"), {
        "kind": "report_reminder", "created_from": "2027-03-09", "created_to": "2027-03-10"})
    assert response.status_code == 302 and "kind=report_reminder" in response["Location"]
    states = dict(OutboxMessage.objects.values_list("pk", "state"))
    assert states[wanted.pk] == "pending"
    assert {states[row.pk] for row in (other_kind, too_early, other_program, closed_account)} == {"failed"}
    wanted.refresh_from_db()
    assert not wanted.needs_attention and wanted.retry_step == 0 and wanted.queued_at is None
    assert "1 message sera renvoyé" in client.get(response["Location"]).content.decode()


def test_resend_all_failed_refuses_a_reversed_date_range(client, world):
    row = _failed(world.program)
    client.force_login(world.manager)
    client.post(reverse("notifications:resend_failed"), {"created_from": "2027-03-10", "created_to": "2027-03-01"})
    assert OutboxMessage.objects.get(pk=row.pk).state == "failed"


def test_resent_messages_go_out_with_the_next_sweep(client, world, monkeypatch):
    monkeypatch.setattr(send_messages, "apply_async", lambda args, **kwargs: send_messages(*args))
    row = _failed(world.program, created_at=timezone.now() - timedelta(hours=2))
    client.force_login(world.admin)
    client.post(reverse("notifications:resend_failed"))
    assert sweep_outbox()["enqueued"] == 1
    assert OutboxMessage.objects.get(pk=row.pk).state == "sent"


@pytest.mark.parametrize("persona, status", [("analyst", 403), ("applicant", 403), ("manager", 302)])
def test_resend_all_failed_is_for_managers_and_admins(client, world, persona, status):
    row = _failed(world.program)
    client.force_login(getattr(world, persona))
    assert client.post(reverse("notifications:resend_failed")).status_code == status
    assert OutboxMessage.objects.get(pk=row.pk).state == ("pending" if status == 302 else "failed")
    assert client.get(reverse("notifications:resend_failed")).status_code == 405


def test_resend_all_failed_needs_the_csrf_token(world):
    from django.test import Client

    _failed(world.program)
    client = Client(enforce_csrf_checks=True)
    client.force_login(world.manager)
    assert client.post(reverse("notifications:resend_failed")).status_code == 403
    assert OutboxMessage.objects.get().state == "failed"
