"""Sending one delivery: claim it, POST the signed body, record the outcome.

A delivery is sent only by the worker whose UPDATE … WHERE state='pending' AND next_attempt_at <= now
changed exactly one row (notifications.sending's pattern): a task run twice, a sweep and a retry racing
each other send it once, and a delivered row never goes back to pending.

The body is the event as JSON; Concerto-Signature is `t=<unix time>,v1=<hex HMAC-SHA256(secret,
"<unix time>.<body>")>`, so a receiver checks both the sender and the freshness of the request.
"""

import hashlib
import hmac
import ipaddress
import json
import socket
import time
import urllib.error
import urllib.request
from datetime import timedelta
from urllib.parse import urlsplit

from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .models import WebhookDelivery

State = WebhookDelivery.State
# The wait after the 1st, 2nd … failed attempt; the attempt after the last wait is the final one.
BACKOFF = (timedelta(minutes=1), timedelta(minutes=5), timedelta(minutes=30), timedelta(hours=2),
           timedelta(hours=12))
MAX_ATTEMPTS = len(BACKOFF) + 1
TIMEOUT_SECONDS = 10
# A row "sending" for longer than this was left by a worker that died mid-request: the sweep takes it back.
STUCK_AFTER = timedelta(minutes=10)
# Deliveries just written have their own task, enqueued after commit: the sweep leaves them that long.
FRESH_FOR = timedelta(minutes=1)
SWEEP_BATCH = 1000
USER_AGENT = "Concerto-Webhooks/1.0"
ENDPOINT_INACTIVE = _("Point de réception désactivé.")


class BlockedAddress(OSError):
    """The endpoint's host resolves to a private, loopback or link-local address."""


def signature(secret, timestamp, body):
    digest = hmac.new(secret.encode(), f"{timestamp}.".encode() + body, hashlib.sha256).hexdigest()
    return f"t={timestamp},v1={digest}"


def body_of(event):
    return json.dumps({"id": str(event.id), "type": event.kind, "created_at": event.created_at,
                       "program_id": event.program_id, "data": event.payload},
                      cls=DjangoJSONEncoder, ensure_ascii=False, sort_keys=True, separators=(",", ":")).encode()


def headers_for(delivery, timestamp, body):
    return {"Content-Type": "application/json; charset=utf-8", "User-Agent": USER_AGENT,
            "Concerto-Event-Id": str(delivery.event_id), "Concerto-Event": delivery.event.kind,
            "Concerto-Timestamp": str(timestamp),
            "Concerto-Signature": signature(delivery.endpoint.secret, timestamp, body)}


def private_addresses_allowed():
    # An intranet integrator needs this on; by default a manager cannot make Concerto call its own network.
    return getattr(settings, "CONCERTO_WEBHOOK_ALLOW_PRIVATE_ADDRESSES", False)


def is_public_ip(value):
    try:
        return ipaddress.ip_address(value).is_global
    except ValueError:
        return None  # not an IP address: a host name


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    # A redirect is an answer like any other non-2xx: never follow it to another (maybe internal) address.
    def redirect_request(self, *args, **kwargs):
        return None


def http_post(url, body, headers, timeout):
    """POST `body` and return the HTTP status; raises OSError (URLError, timeout…) without an answer."""
    parts = urlsplit(url)
    if not private_addresses_allowed():
        addresses = {info[4][0] for info in socket.getaddrinfo(parts.hostname, parts.port or 443,
                                                                type=socket.SOCK_STREAM)}
        if not all(is_public_ip(address) for address in addresses):
            raise BlockedAddress(f"{parts.hostname} resolves to a non-public address")
    request = urllib.request.Request(url, data=body, headers=headers, method="POST")
    try:
        with urllib.request.build_opener(_NoRedirect).open(request, timeout=timeout) as response:
            response.read(1024)
            return response.status
    except urllib.error.HTTPError as error:
        error.close()
        return error.code


def claim(delivery_id, now):
    changed = WebhookDelivery.objects.filter(
        pk=delivery_id, state=State.PENDING, next_attempt_at__lte=now).update(
        state=State.SENDING, claimed_at=now, attempts=F("attempts") + 1)
    return changed == 1


def deliver(delivery_id, *, now=None):
    """Claim and send one delivery. True when this call delivered it, False otherwise (nothing to do,
    or a failed attempt, recorded on the row with its next attempt)."""
    now = now or timezone.now()
    if not claim(delivery_id, now):
        return False
    delivery = WebhookDelivery.objects.select_related("endpoint", "event").get(pk=delivery_id)
    if not delivery.endpoint.active:
        _record(delivery_id, state=State.FAILED, last_error=str(ENDPOINT_INACTIVE))
        return False
    timestamp = int(time.time())
    body = body_of(delivery.event)
    try:
        status = http_post(delivery.endpoint.url, body, headers_for(delivery, timestamp, body), TIMEOUT_SECONDS)
    except Exception as error:  # noqa: BLE001 - no answer, whatever the reason: retried later
        _attempt_failed(delivery, None, f"{type(error).__name__}: {error}", now)
        return False
    if 200 <= status < 300:
        _record(delivery_id, state=State.DELIVERED, last_status_code=status, last_error="",
                delivered_at=timezone.now())
        return True
    _attempt_failed(delivery, status, f"HTTP {status}", now)
    return False


def _attempt_failed(delivery, status, error, now):
    values = {"last_status_code": status, "last_error": error[:500]}
    if delivery.attempts >= MAX_ATTEMPTS:
        values["state"] = State.FAILED
    else:
        values |= {"state": State.PENDING, "next_attempt_at": now + BACKOFF[delivery.attempts - 1]}
    _record(delivery.pk, **values)


def _record(delivery_id, **values):
    WebhookDelivery.objects.filter(pk=delivery_id, state=State.SENDING).update(**values)


def sweep(now=None):
    """Take back deliveries stuck in "sending", then list the due ones (not the fresh ones: they have a
    task). Returns the counts and the ids to enqueue."""
    now = now or timezone.now()
    reclaimed = WebhookDelivery.objects.filter(state=State.SENDING, claimed_at__lt=now - STUCK_AFTER).update(
        state=State.PENDING, next_attempt_at=now, last_error="interrupted while sending")
    due = WebhookDelivery.objects.filter(state=State.PENDING, next_attempt_at__lte=now,
                                         created_at__lt=now - FRESH_FOR, endpoint__active=True)
    ids = list(due.order_by("next_attempt_at", "id").values_list("id", flat=True)[:SWEEP_BATCH])
    return {"reclaimed": reclaimed, "due": len(ids), "ids": ids}
