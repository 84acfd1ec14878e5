"""Deleting a stored file once the transaction that dropped its row has committed, without losing it when
the storage fails: the name is recorded (core.models.FileDeletion) in that transaction, the bytes are
deleted just after the commit, and the record goes once the storage confirmed. A deletion that failed
stays recorded, logged, and the daily retention run (core.tasks.apply_retention) tries it again: a file
that retention or a person removed never stays in the storage unnoticed."""

import logging

from django.core.files.storage import default_storage
from django.db import transaction
from django.db.models import F

from .errors import Unavailable
from .models import FileDeletion

logger = logging.getLogger(__name__)
BATCH = 500  # rows read at a time


def delete_after_commit(*names):
    pending = FileDeletion.objects.bulk_create(FileDeletion(name=name) for name in names if name)
    if pending:
        transaction.on_commit(lambda: _delete(pending))


def retry():
    """The deletions still pending, oldest first, until a whole batch fails (the storage is still down: the
    next run tries again); returns how many are done."""
    done, after = 0, 0
    while batch := list(FileDeletion.objects.filter(pk__gt=after).order_by("id")[:BATCH]):
        deleted = _delete(batch)
        if not deleted:
            break
        done, after = done + deleted, batch[-1].pk
    return done


def _delete(pending):
    done = []
    for row in pending:
        try:
            default_storage.delete(row.name)
        except Unavailable as refusal:  # core.storage: the storage failed, its own error is the cause
            error = refusal.__cause__ or refusal
            logger.warning("Stored file %s not deleted yet (%s): tried again by the retention run", row.name,
                           type(error).__name__)
            FileDeletion.objects.filter(pk=row.pk).update(attempts=F("attempts") + 1,
                                                          last_error=repr(error)[:200])
        else:
            done.append(row.pk)
    FileDeletion.objects.filter(pk__in=done).delete()
    return len(done)
