"""Celery tasks of core: thin, return quietly when there is nothing to do."""

from celery import shared_task

from . import file_deletions, retention


@shared_task(name=retention.TASK)
def apply_retention():
    """The daily beat run of every active retention rule, then of the stored files whose deletion failed
    before (core.file_deletions); returns {kind: count}."""
    summary = retention.summary(retention.apply(source="beat"))
    file_deletions.retry()
    return summary
