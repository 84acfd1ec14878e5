"""The health endpoint for load balancers and monitoring: /sante/ (also /healthz).

JSON about four components, each {"ok": bool, ...}: the database (SELECT 1), the broker (one connection
with the publishing timeouts: a second at most), the worker (beat's latest run of a periodic task and the
oldest work waiting for a worker) and the storage of attachments (a lookup, given up after a second).
200 when all are ok, 503 naming the failing ones. With a read replica, a fifth component says whether this
process reads from it or has passed it over for the primary (status "degraded", still 200). Anonymous and
cheap; no personal data: ages, figures and error types only (the errors themselves go to the log).

Beat writes its last runs to the database every few minutes; a schedule that never ran (a new
installation) is not a failure. Apps register the work that waits for a worker with register_backlog
(notifications: the outbox), as with the other registries of core.
"""

import logging
import threading
from datetime import timedelta

from celery import current_app
from django.conf import settings
from django.core.files.storage import default_storage
from django.db import connection
from django.db.models import Max, Min
from django.http import JsonResponse
from django.utils import timezone
from django.views.decorators.http import require_safe
from django_celery_beat.models import PeriodicTask

from . import broker, replica

logger = logging.getLogger(__name__)
PATHS = frozenset({"/sante/", "/healthz"})
STORAGE_SECONDS = 1.0
STORAGE_PROBE = "sante/probe"  # looked up, never written

# Answered before the security middleware: the headers every answer carries, for a JSON document.
HEADERS = {"Cache-Control": "no-store", "X-Content-Type-Options": "nosniff",
           "Content-Security-Policy": "default-src 'none'; frame-ancestors 'none'"}

_backlogs = {}
_storage_lookup = None  # the lookup still running from an earlier check, if any


def register_backlog(name, oldest_due):
    """oldest_due(now) -> the time the longest-waiting item became due for a worker, or None."""
    _backlogs[name] = oldest_due


def check_database():
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return {}


def check_broker():
    broker.broker_answers(current_app)
    return {}


def check_worker():
    now = timezone.now()
    schedules = PeriodicTask.objects.filter(enabled=True).aggregate(last=Max("last_run_at"),
                                                                       since=Min("date_changed"))
    last_run = schedules["last"]
    figures = {"beat_last_run_seconds": _seconds(now - last_run) if last_run else None, "backlog_seconds": {}}
    # Before beat's first run, the schedules' age stands in for it: a new installation is healthy for as
    # long as a stopped beat would be, and a beat that never started fails then.
    waited_for_beat = now - (last_run or schedules["since"] or now)
    ok = waited_for_beat <= timedelta(minutes=settings.CONCERTO_HEALTH_BEAT_MINUTES)
    for name, oldest_due in sorted(_backlogs.items()):
        due = oldest_due(now)
        waited = max(0, _seconds(now - due)) if due else 0
        figures["backlog_seconds"][name] = waited
        ok = ok and waited <= settings.CONCERTO_HEALTH_BACKLOG_MINUTES * 60
    return {"ok": ok, **figures}


def check_storage():
    """An S3 lookup can wait minutes on an endpoint that does not answer: it runs in a thread of its own,
    one at a time per process, and the check fails when it has not answered in STORAGE_SECONDS."""
    global _storage_lookup
    if _storage_lookup is None or not _storage_lookup.is_alive():
        _storage_lookup = _Lookup()
        _storage_lookup.start()
    _storage_lookup.join(STORAGE_SECONDS)
    if _storage_lookup.is_alive():
        raise TimeoutError(f"no answer from the storage in {STORAGE_SECONDS} s")
    if _storage_lookup.error is not None:
        raise _storage_lookup.error
    return {}


class _Lookup(threading.Thread):
    def __init__(self):
        super().__init__(name="health-storage", daemon=True)
        self.error = None

    def run(self):
        try:
            default_storage.exists(STORAGE_PROBE)
        except Exception as error:  # noqa: BLE001 - reported by check_storage
            # The storage's own error (PermissionError, EndpointConnectionError…), not core.storage's refusal.
            self.error = error.__cause__ or error


CHECKS = {"database": check_database, "broker": check_broker, "worker": check_worker, "storage": check_storage}


def _seconds(delta):
    return int(delta.total_seconds())


def _run(name, check):
    try:
        return {"ok": True, **check()}
    except Exception as error:  # noqa: BLE001 - any failure is the component's state
        logger.warning("Health check %s failed", name, exc_info=True)
        return {"ok": False, "error": type(error).__name__}


@require_safe
def health(request):
    components = {name: _run(name, check) for name, check in CHECKS.items()}
    failing = [name for name, state in components.items() if not state["ok"]]
    status = "failing" if failing else "ok"
    if replica.configured():
        # Passed over, the replica's reads go to the primary: the site still answers, so no 503 for it.
        components["replica"] = replica.health()
        if not failing and not components["replica"]["ok"]:
            status = "degraded"
    return JsonResponse({"status": status, "failing": failing, "components": components},
                        status=503 if failing else 200, headers=HEADERS)


class HealthProbeMiddleware:
    """First in MIDDLEWARE: load balancers probe by address and over plain HTTP, which the host check and
    the HTTPS redirect would refuse, and a probe needs no session."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.path_info in PATHS:
            return health(request)
        return self.get_response(request)
