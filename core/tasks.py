"""Celery tasks of core: thin, return quietly when there is nothing to do."""

from celery import shared_task

from . import retention


@shared_task(name=retention.TASK)
def apply_retention():
    """The daily beat run of every active retention rule; returns {kind: count}."""
    return retention.summary(retention.apply(source="beat"))
