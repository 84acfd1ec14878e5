"""Celery tasks of reporting: thin, take ids, return quietly when there is nothing to do."""

from datetime import timedelta

from celery import shared_task
from django.conf import settings
from django.utils import timezone

from grants.models import Program

from . import dashboard
from .exports import service
from .selectors import Scope

# Programs ended longer ago than this are rarely read: their dashboard is computed when someone opens it.
WARM_AFTER_END = timedelta(days=365)


@shared_task(name="reporting.run_export")
def run_export(job_id):
    # A job already claimed, finished or deleted is left alone: run() returns False.
    return service.run(job_id)


@shared_task(name="reporting.warm_dashboards")
def warm_dashboards():
    """Every few minutes (beat, migration reporting 0002): each current program's dashboard as it first
    opens (all calls, all years) read again into the shared cache, so nobody waits for a whole program's
    sums (2.3 s at 100,000 proposals). Returns how many programs."""
    if not settings.CONCERTO_DASHBOARD_CACHE_SECONDS:
        return 0
    today = timezone.localdate()
    programs = list(Program.objects.filter(ends_on__gte=today - WARM_AFTER_END))
    for program in programs:
        dashboard.figures(Scope(program), today, refresh=True)
    return len(programs)
