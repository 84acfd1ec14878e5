from decimal import Decimal

import pytest
from django.core import mail
from django.db import IntegrityError, connection, transaction
from django.test.utils import CaptureQueriesContext

from grants.models import Proposal
from notifications import outbox
from notifications.models import Notification, OutboxMessage
from notifications.tasks import send_message, send_messages
from tests import factories

pytestmark = pytest.mark.django_db


def test_queue_writes_one_row_per_recipient_with_frozen_context(world):
    proposal = factories.ProposalFactory(call=world.call, organisation=world.organisation, title="Cuisine")
    rows = outbox.queue(kind="proposal_request_changes", recipients=[world.applicant, "partner@example.org"],
                        obj=proposal, context={"comment": "Précisez le budget."})
    assert [row.to_email for row in rows] == ["applicant@example.org", "partner@example.org"]
    first = OutboxMessage.objects.get(to_email="applicant@example.org")
    assert first.state == "pending" and first.program_id == world.program.id
    assert first.context["proposal_title"] == "Cuisine"
    assert first.context["comment"] == "Précisez le budget."
    assert first.context["program_name"] == world.program.name_fr


def test_in_app_notification_only_for_accounts(world):
    outbox.queue(kind="proposal_submit", recipients=[world.applicant, "someone@example.org"])
    assert Notification.objects.filter(user=world.applicant).count() == 1
    assert Notification.objects.count() == 1


def test_keyed_messages_get_their_copies_once_and_a_second_queueing_adds_none(world):
    first = outbox.queue(kind="proposal_submit", recipients=[world.applicant, "someone@example.org"], occurrence="x")
    again = outbox.queue(kind="proposal_submit", recipients=[world.applicant, "someone@example.org"], occurrence="x")
    assert len(first) == 2 and again == []
    [copy] = Notification.objects.all()
    assert copy.user == world.applicant and copy.message == OutboxMessage.objects.get(recipient=world.applicant)
    assert copy.read_at is None and copy.created_at is not None


def test_keyed_messages_and_their_copies_are_one_statement_on_postgresql(world, require_postgres):
    with CaptureQueriesContext(connection) as captured:
        rows = outbox.queue(kind="proposal_submit", recipients=[world.applicant, world.analyst], occurrence="y")
    assert len(captured) == 1
    assert set(Notification.objects.values_list("user_id", "message_id")) == {
        (row.recipient_id, row.id) for row in rows}


def test_keyed_rows_are_stored_whole_by_one_statement_of_the_same_text_whatever_their_number(world,
                                                                                            require_postgres):
    proposal = factories.ProposalFactory(call=world.call, organisation=world.organisation,
                                         title="L'« entraide » \\ 100 % \"jeunesse\"")
    sent = []
    for occurrence, recipients in (("a", [world.applicant]),
                                   ("b", [world.applicant, world.analyst, "un@example.org", "deux@example.org"])):
        with CaptureQueriesContext(connection) as captured:
            rows = outbox.queue(kind="proposal_submit", recipients=recipients, obj=proposal, occurrence=occurrence)
        assert len(rows) == len(recipients) and all(row.id for row in rows)
        sent.append(captured[0]["sql"].split(" FROM jsonb_populate_recordset")[0])
    assert sent[0] == sent[1]  # the rows travel as one parameter, not as a VALUES list
    stored = OutboxMessage.objects.get(pk=rows[1].pk)
    for name in ("kind", "recipient_id", "to_email", "language", "context", "object_type", "object_id",
                 "occurrence", "program_id", "dedupe_key", "state", "attempts", "created_at", "available_at",
                 "queued_at", "claimed_at", "needs_attention"):
        assert getattr(stored, name) == getattr(rows[1], name), name  # timestamps to the microsecond
    assert stored.context["proposal_title"] == proposal.title
    assert OutboxMessage.objects.get(pk=rows[3].pk).recipient_id is None
    assert set(Notification.objects.values_list("user_id", "message_id")) == {
        (row.recipient_id, row.id) for row in OutboxMessage.objects.exclude(recipient=None)}


def test_invitation_goes_to_a_bare_address_without_in_app_copy(world):
    outbox.queue(kind="invitation", recipients="new-person@example.org",
                 context={"organisation_name": "CAB", "invitation_url": "https://x/invitation/abc/"})
    message = OutboxMessage.objects.get()
    assert message.recipient is None and message.to_email == "new-person@example.org"
    assert not Notification.objects.exists()


def test_same_address_twice_and_inactive_users_are_skipped(world):
    world.nobody.is_active = False
    world.nobody.save()
    rows = outbox.queue(kind="proposal_submit", recipients=[world.applicant, "APPLICANT@example.org", world.nobody])
    assert len(rows) == 1


def test_rows_roll_back_with_the_callers_transaction(world):
    with pytest.raises(RuntimeError), transaction.atomic():
        outbox.queue(kind="proposal_submit", recipients=[world.applicant])
        raise RuntimeError("the event failed")
    assert not OutboxMessage.objects.exists()
    assert not Notification.objects.exists()


def test_nothing_is_sent_before_commit(world, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        [row] = outbox.queue(kind="proposal_submit", recipients=[world.applicant])
    assert mail.outbox == []
    assert OutboxMessage.objects.get(pk=row.pk).state == "pending"
    assert len(callbacks) == 1
    send_message(row.pk)
    assert len(mail.outbox) == 1


def test_commit_hands_the_events_rows_over_in_one_task(world, django_capture_on_commit_callbacks, monkeypatch):
    tasks = []
    monkeypatch.setattr(send_messages, "apply_async", lambda args, **kw: tasks.append(args[0]))
    with django_capture_on_commit_callbacks(execute=True):
        rows = outbox.queue(kind="proposal_submit", recipients=[world.applicant, world.analyst])
    assert tasks == [[row.pk for row in rows]]


def test_many_rows_are_handed_over_in_tasks_of_a_batch_each(monkeypatch):
    tasks = []
    monkeypatch.setattr(send_messages, "apply_async", lambda args, **kw: tasks.append(args[0]))
    assert outbox.enqueue(list(range(1, 46))) == 45
    assert tasks == [list(range(1, 21)), list(range(21, 41)), list(range(41, 46))]


def test_an_occurrence_makes_the_message_exist_once(world):
    report = factories.ReportFactory()
    for _attempt in range(2):
        outbox.queue(kind="report_reminder", recipients=[world.applicant], obj=report, occurrence="before-7")
    assert OutboxMessage.objects.count() == 1
    outbox.queue(kind="report_reminder", recipients=[world.applicant], obj=report, occurrence="before-1")
    assert OutboxMessage.objects.count() == 2


def test_without_occurrence_each_event_is_a_new_message(world):
    proposal = factories.ProposalFactory(call=world.call, organisation=world.organisation)
    for _request in range(2):
        outbox.queue(kind="proposal_request_changes", recipients=[world.applicant], obj=proposal)
    assert OutboxMessage.objects.count() == 2


def test_the_dedupe_key_is_unique_in_the_database(world):
    [row] = outbox.queue(kind="report_reminder", recipients=[world.applicant], occurrence="due")
    twin = OutboxMessage(kind=row.kind, to_email=row.to_email, dedupe_key=row.dedupe_key)
    with pytest.raises(IntegrityError), transaction.atomic():
        twin.save()


def test_unknown_kind_is_refused(world):
    with pytest.raises(KeyError):
        outbox.queue(kind="no_such_kind", recipients=[world.applicant])


def test_decision_letter_carries_the_amount_granted(world):
    proposal = factories.ProposalFactory(call=world.call, organisation=world.organisation)
    Proposal.objects.filter(pk=proposal.pk).update(amount_granted=Decimal("25000"))
    proposal.refresh_from_db()
    [row] = outbox.queue(kind="proposal_approve", recipients=[world.applicant], obj=proposal,
                         context={"actor": "Julie Gagnon", "conditions": "Rapport à mi-parcours."})
    assert row.context["amount"] == "25\xa0000,00\xa0$"
    assert row.context["actor_name"] == "Julie Gagnon"
    send_message(row.pk)
    assert "25\xa0000,00\xa0$" in mail.outbox[0].body and "Rapport à mi-parcours." in mail.outbox[0].body


def test_a_report_fills_its_placeholders_from_the_object(world):
    report = factories.ReportFactory(kind="final", agreement=factories.AgreementFactory(
        proposal=factories.ProposalFactory(call=world.call, organisation=world.organisation, title="Cuisine")))
    [row] = outbox.queue(kind="report_returned", recipients=[world.applicant], obj=report,
                         context={"comment": "Ajoutez les dépenses."})
    assert row.program_id == world.program.id and row.object_type == "accountability.report"
    assert row.context["report_title"] == "Rapport final" and row.context["proposal_title"] == "Cuisine"
    send_message(row.pk)
    assert mail.outbox[0].subject == "Rapport retourné pour correction : Rapport final"
    assert "Ajoutez les dépenses." in mail.outbox[0].body
