"""Celery tasks of reporting: thin, take ids, return quietly when there is nothing to do."""

from celery import shared_task

from .exports import service


@shared_task(name="reporting.run_export")
def run_export(job_id):
    # A job already claimed, finished or deleted is left alone: run() returns False.
    return service.run(job_id)
