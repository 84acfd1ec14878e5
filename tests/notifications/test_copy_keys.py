"""The in-app copy's keys and the message's program are not checked by the database (a reminder scan writes
hundreds of thousands of rows); Django still removes the copies and empties the program when their row goes."""

import pytest

from notifications import outbox
from notifications.models import Notification, OutboxMessage
from tests import factories

pytestmark = pytest.mark.django_db


def queued(recipient, program):
    [message] = outbox.queue(kind="report_overdue", recipients=[recipient], about=("accountability.report", 7),
                             program_id=program.pk, context={"days_late": 3})
    return message


def test_a_deleted_person_takes_their_in_app_copies_along():
    person, other = factories.UserFactory(), factories.UserFactory()
    program = factories.ProgramFactory()
    mine, theirs = queued(person, program), queued(other, program)
    assert Notification.objects.filter(user=person, message=mine).exists()
    person.delete()
    assert not Notification.objects.filter(message=mine).exists()
    assert OutboxMessage.objects.get(pk=mine.pk).recipient_id is None  # the record of what was sent stays
    assert Notification.objects.filter(user=other, message=theirs).exists()


def test_a_deleted_message_takes_its_copy_along_and_a_deleted_program_is_emptied():
    person, program = factories.UserFactory(), factories.ProgramFactory()
    message = queued(person, program)
    assert OutboxMessage.objects.get(pk=message.pk).program_id == program.pk
    program.delete()
    assert OutboxMessage.objects.get(pk=message.pk).program_id is None
    OutboxMessage.objects.filter(pk=message.pk).delete()
    assert not Notification.objects.filter(user=person).exists()
