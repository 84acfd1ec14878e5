"""A stored file whose row is deleted goes after the commit; when the storage fails then, its name stays
recorded and the daily retention run deletes it later (core.file_deletions): a document a person removed,
or retention erased, never stays in the storage unnoticed."""

import logging

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import FileSystemStorage, default_storage

from core import file_deletions
from core.models import FileDeletion
from core.tasks import apply_retention
from grants.models import Attachment
from grants.services.attachments import delete_attachment
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def attachment(world):
    proposal = factories.ProposalFactory(call=world.call, organisation=world.organisation)
    stored = factories.AttachmentFactory(proposal=proposal, file=None, original_name="budget.pdf", size=5)
    stored.file.save("budget.pdf", ContentFile(b"%PDF-"), save=True)
    return stored


@pytest.fixture
def failing_storage(monkeypatch):
    def refuse(self, name):
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(FileSystemStorage, "delete", refuse)
    return monkeypatch


def test_a_deleted_attachment_s_file_goes_after_the_commit_and_leaves_no_record(
        world, attachment, django_capture_on_commit_callbacks):
    name = attachment.file.name
    with django_capture_on_commit_callbacks(execute=True):
        delete_attachment(attachment, world.applicant)
    assert not default_storage.exists(name)
    assert not FileDeletion.objects.exists()


def test_nothing_is_deleted_when_the_transaction_rolls_back(world, attachment, django_capture_on_commit_callbacks):
    name = attachment.file.name
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        delete_attachment(attachment, world.applicant)
    # The callbacks never ran, as after a rollback: the file is still there.
    assert callbacks and default_storage.exists(name)


def test_a_storage_failure_keeps_the_name_and_the_retention_run_deletes_it_later(
        world, attachment, failing_storage, django_capture_on_commit_callbacks, caplog):
    name = attachment.file.name
    with caplog.at_level(logging.WARNING, logger="core.file_deletions"), \
            django_capture_on_commit_callbacks(execute=True):
        delete_attachment(attachment, world.applicant)  # the person's removal succeeds all the same
    assert not Attachment.objects.filter(pk=attachment.pk).exists()
    assert default_storage.exists(name)
    [pending] = FileDeletion.objects.all()
    assert (pending.name, pending.attempts) == (name, 1) and "PermissionError" in pending.last_error
    assert f"Stored file {name} not deleted yet (PermissionError)" in caplog.text

    assert file_deletions.retry() == 0  # still failing: counted again, kept
    assert FileDeletion.objects.get().attempts == 2

    failing_storage.undo()  # the storage is back
    apply_retention()
    assert not default_storage.exists(name)
    assert not FileDeletion.objects.exists()


def test_the_retry_goes_through_every_batch_and_stops_at_a_batch_the_storage_refuses_whole(
        monkeypatch, failing_storage):
    monkeypatch.setattr(file_deletions, "BATCH", 2)
    names = [f"attachments/0/{index}.pdf" for index in range(5)]
    for name in names:
        default_storage.save(name, ContentFile(b"%PDF-"))
    FileDeletion.objects.bulk_create(FileDeletion(name=name) for name in names)
    assert file_deletions.retry() == 0  # the first batch failed whole: no further batch is tried
    assert list(FileDeletion.objects.values_list("attempts", flat=True)) == [1, 1, 0, 0, 0]
    failing_storage.undo()  # the storage is back (and the batch size with it: set again)
    monkeypatch.setattr(file_deletions, "BATCH", 2)
    assert file_deletions.retry() == 5  # three batches
    assert not FileDeletion.objects.exists() and not any(default_storage.exists(name) for name in names)
