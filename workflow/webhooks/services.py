"""Every change to webhook endpoints and deliveries: takes the acting person, one transaction, logged.

Refusals: who manages no program gets Forbidden (403); an endpoint or program outside the person's
programs is NotFound (404); a bad address or event list is InvalidInput (400).
"""

import secrets
from urllib.parse import urlsplit

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core import activity
from core.errors import Conflict, Forbidden, InvalidInput, NotFound
from grants.models import Program
from workflow import rules, tasks

from . import events
from .delivery import is_public_ip, private_addresses_allowed
from .models import SUBSCRIBABLE, WebhookDelivery, WebhookEndpoint

# A bound on the fan-out of one program's events.
MAX_ENDPOINTS_PER_PROGRAM = 10
_https = URLValidator(schemes=["https"])


def new_secret():
    return f"whsec_{secrets.token_urlsafe(32)}"


def require_manager(actor, endpoint):
    """403 for who manages no program; 404 for an endpoint (saved or about to be) of another program."""
    if not rules.can_use_webhooks.test(actor):
        raise Forbidden()
    if not rules.can_manage_endpoint.test(actor, endpoint):
        raise NotFound(_("Point de réception introuvable."))


def clean_url(url):
    url = (url or "").strip()
    try:
        _https(url)
    except ValidationError as error:
        raise InvalidInput(_("L'adresse doit être une URL HTTPS valide."), code="invalid_url",
                           details={"url": [_("L'adresse doit être une URL HTTPS valide.")]}) from error
    host = (urlsplit(url).hostname or "").lower()
    internal = host == "localhost" or host.endswith(".localhost") or is_public_ip(host) is False
    if internal and not private_addresses_allowed():
        message = _("L'adresse doit être celle d'un serveur public, pas d'un réseau interne.")
        raise InvalidInput(message, code="private_address", details={"url": [message]})
    return url


def clean_events(kinds):
    kinds = list(dict.fromkeys(kinds or ()))
    if not kinds or any(kind not in SUBSCRIBABLE for kind in kinds):
        message = _("Choisissez au moins un événement parmi ceux proposés.")
        raise InvalidInput(message, code="invalid_events", details={"events": [message]})
    return kinds


def register_endpoint(actor, *, program, url, events, description=""):
    """A new active endpoint of `program`; returns it with its secret, which is shown only this once."""
    endpoint = WebhookEndpoint(program=program, created_by=actor, secret=new_secret())
    require_manager(actor, endpoint)
    endpoint.url, endpoint.events = clean_url(url), clean_events(events)
    endpoint.description = (description or "").strip()[:200]
    with transaction.atomic():
        # The program row's lock serialises two registrations racing for the last place.
        Program.objects.select_for_update().filter(pk=program.pk).first()
        if WebhookEndpoint.objects.filter(program=program).count() >= MAX_ENDPOINTS_PER_PROGRAM:
            raise Conflict(_("Ce programme a déjà %(count)s points de réception.")
                           % {"count": MAX_ENDPOINTS_PER_PROGRAM}, code="too_many_endpoints")
        endpoint.save()
        activity.record(endpoint, actor, "webhook_registered", data={"url": endpoint.url, "events": endpoint.events})
    return endpoint


def rotate_secret(endpoint, actor):
    """A new secret, effective at once (the old one stops signing); returned to be shown once."""
    require_manager(actor, endpoint)
    with transaction.atomic():
        endpoint.secret = new_secret()
        endpoint.save(update_fields=["secret"])
        activity.record(endpoint, actor, "webhook_secret_rotated")
    return endpoint.secret


def set_active(endpoint, actor, active):
    """Deactivating stops every delivery still waiting (marked failed: "retry" sends it once reactivated)."""
    require_manager(actor, endpoint)
    with transaction.atomic():
        endpoint.active = active
        endpoint.save(update_fields=["active"])
        if not active:
            endpoint.deliveries.filter(state=WebhookDelivery.State.PENDING).update(
                state=WebhookDelivery.State.FAILED, last_error=_("Point de réception désactivé."))
        activity.record(endpoint, actor, "webhook_activated" if active else "webhook_deactivated")
    return endpoint


def delete_endpoint(endpoint, actor):
    """The endpoint and its delivery log; the events stay (other endpoints may have received them)."""
    require_manager(actor, endpoint)
    with transaction.atomic():
        activity.record(endpoint, actor, "webhook_deleted", data={"url": endpoint.url})
        endpoint.delete()


def send_ping(endpoint, actor):
    """A "ping" event to this endpoint only, sent like any other; returns its delivery."""
    require_manager(actor, endpoint)
    if not endpoint.active:
        raise Conflict(_("Réactivez ce point de réception avant de l'essayer."), code="endpoint_inactive")
    with transaction.atomic():
        event = events.ping(endpoint)
    return event.deliveries.get()


def retry_delivery(delivery, actor):
    """Send a failed (or waiting) delivery now. False when it was delivered or is being sent meanwhile."""
    require_manager(actor, delivery.endpoint)
    if not delivery.endpoint.active:
        raise Conflict(_("Réactivez ce point de réception avant de relancer ses envois."),
                       code="endpoint_inactive")
    with transaction.atomic():
        changed = WebhookDelivery.objects.filter(
            pk=delivery.pk, state__in=[WebhookDelivery.State.FAILED, WebhookDelivery.State.PENDING]).update(
            state=WebhookDelivery.State.PENDING, next_attempt_at=timezone.now())
        if changed:
            activity.record(delivery.endpoint, actor, "webhook_delivery_retried", data={"delivery": delivery.pk})
            transaction.on_commit(lambda: tasks.enqueue([delivery.pk]))
    return bool(changed)
