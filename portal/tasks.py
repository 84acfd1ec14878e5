"""Celery tasks of the portal: thin, return quietly when there is nothing to do."""

from celery import shared_task

from . import stored_files


@shared_task(name="portal.write_open_data")
def write_open_data():
    return stored_files.write_current()
