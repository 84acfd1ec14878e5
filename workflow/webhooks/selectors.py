"""Reads for the webhook pages and API, scoped to the programs the person manages (every one for admins)."""

from django.db.models import Count, Q

from core import access
from core.errors import Forbidden, NotFound
from grants.models import Program
from workflow import rules

from .models import WebhookDelivery, WebhookEndpoint


def managed_programs(user):
    programs = Program.objects.order_by("code").only("id", "code", "name_fr", "name_en")
    program_ids = access.visible_program_ids(user, access.MANAGER)
    return programs if program_ids is None else programs.filter(pk__in=program_ids)


def endpoints_for(user):
    """The endpoints of the person's programs, with how many deliveries failed or wait (one query)."""
    endpoints = WebhookEndpoint.objects.select_related("program").defer("secret").annotate(
        failed_count=Count("deliveries", filter=Q(deliveries__state=WebhookDelivery.State.FAILED)),
        pending_count=Count("deliveries", filter=Q(deliveries__state__in=[
            WebhookDelivery.State.PENDING, WebhookDelivery.State.SENDING])))
    program_ids = access.visible_program_ids(user, access.MANAGER)
    return endpoints if program_ids is None else endpoints.filter(program_id__in=program_ids)


def endpoint_for(user, pk):
    """One endpoint the person manages: Forbidden (403) for who manages nothing, else NotFound (404)."""
    if not rules.can_use_webhooks.test(user):
        raise Forbidden()
    endpoint = WebhookEndpoint.objects.select_related("program").filter(pk=pk).first()
    if endpoint is None or not rules.can_manage_endpoint.test(user, endpoint):
        raise NotFound()
    return endpoint


def delivery_for(user, pk):
    if not rules.can_use_webhooks.test(user):
        raise Forbidden()
    delivery = WebhookDelivery.objects.select_related("endpoint").filter(pk=pk).first()
    if delivery is None or not rules.can_manage_endpoint.test(user, delivery.endpoint):
        raise NotFound()
    return delivery


def deliveries_of(endpoint):
    """The delivery log, newest first: each with its event's kind and id, not its payload."""
    return (WebhookDelivery.objects.filter(endpoint=endpoint).select_related("event")
            .only("id", "state", "attempts", "next_attempt_at", "last_status_code", "last_error", "delivered_at",
                  "created_at", "endpoint_id", "event__id", "event__kind", "event__created_at")
            .order_by("-id"))
