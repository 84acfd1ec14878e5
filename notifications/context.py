"""Freeze what a message says at queue time: model objects become plain strings in the recipient's language.

Known objects (proposal, report, tranche, assignment, agreement, invitation) fill their placeholders; the
caller's context adds or overrides values (comment, amount…). Values end up as str or list of str.
"""

import functools
import logging
from datetime import date, datetime
from decimal import Decimal

from django.conf import settings
from django.db import models
from django.urls import NoReverseMatch, reverse
from django.utils import formats, timezone, translation

from grants.templatetags.concerto import format_money

MONEY_KEYS = {"amount"}
logger = logging.getLogger(__name__)


def format_value(key, value, language):
    if value is None:
        return ""
    if isinstance(value, (list, tuple)):
        return [str(item) for item in value]
    if key in MONEY_KEYS and isinstance(value, (Decimal, int, float)):
        return format_money(value, language)
    if isinstance(value, datetime):
        return formats.date_format(timezone.localtime(value), "DATETIME_FORMAT")
    if isinstance(value, date):
        return _date_text(value, language)
    if isinstance(value, models.Model):
        return str(value)
    return str(value)


@functools.lru_cache(maxsize=4096)
def _date_text(value, language):
    # Cached: a reminder scan formats the same few hundred due dates thousands of times.
    with translation.override(language):
        return formats.date_format(value, "DATE_FORMAT")


def absolute_url(obj):
    getter = getattr(obj, "get_absolute_url", None)
    try:
        if getter is not None:
            return settings.SITE_URL + getter()
        if obj._meta.label_lower == "grants.proposal":
            return proposal_url(obj.pk)
    except Exception:  # noqa: BLE001 - a missing URL must never block the event's transaction
        logger.warning("No URL for %r", obj, exc_info=True)
    return ""


def proposal_url(proposal_id):
    try:
        return settings.SITE_URL + reverse("proposal_detail", args=[proposal_id])
    except NoReverseMatch:
        return ""


def proposal_values(proposal):
    return {
        "program_name": proposal.call.program.name,
        "call_title": proposal.call.title,
        "proposal_title": proposal.title,
        "proposal_reference": proposal.reference,
        "organisation_name": proposal.organisation.legal_name,
        "url": absolute_url(proposal),
        # The decision letter shows the amount granted; a recommendation, the suggested amount.
        "amount": proposal.amount_granted if proposal.amount_granted is not None else proposal.suggested_amount,
    }


def object_values(obj):
    """Placeholders known from the object itself, and the program it belongs to."""
    label = obj._meta.label_lower
    if label == "grants.proposal":
        return proposal_values(obj), obj.call.program_id
    if label == "grants.agreement":
        values = proposal_values(obj.proposal) | {"amount": obj.amount_granted}
        return values, obj.proposal.call.program_id
    if label == "grants.report":
        proposal = obj.agreement.proposal
        values = proposal_values(proposal) | {"report_title": str(obj), "due_on": obj.due_on}
        return values | _url(obj), proposal.call.program_id
    if label == "grants.paymenttranche":
        proposal = obj.agreement.proposal
        values = proposal_values(proposal) | {"amount": obj.amount, "tranche_number": obj.order,
                                              "due_on": obj.due_on}
        if obj.report_id:
            values["report_title"] = str(obj.report)
        return values, proposal.call.program_id
    if label == "scoring.reviewerassignment":
        values = proposal_values(obj.proposal) | {"due_on": obj.due_on}
        return values | _url(obj), obj.proposal.call.program_id
    if label == "grants.program":
        return {"program_name": obj.name}, obj.pk
    if label == "grants.invitation":
        return {"organisation_name": obj.organisation.legal_name}, None
    return _url(obj), None


def _url(obj):
    url = absolute_url(obj)
    return {"url": url} if url else {}


def build(*, obj, context, language, recipient_name):
    """The frozen context of one message, and the program id it belongs to (or None)."""
    values = {"site_url": settings.SITE_URL, "recipient_name": recipient_name}
    program_id = None
    with translation.override(language):
        if obj is not None:
            found, program_id = object_values(obj)
            values.update(found)
        extra = dict(context or {})
        actor = extra.pop("actor", None)
        if actor is not None:
            values["actor_name"] = actor.get_full_name() if hasattr(actor, "get_full_name") else actor
        # Objects passed in the context fill what the main object left empty; plain values then win.
        for value in [v for v in extra.values() if isinstance(v, models.Model)]:
            found, found_program = object_values(value)
            values = found | values
            program_id = program_id or found_program
        values.update({k: v for k, v in extra.items() if not isinstance(v, models.Model)})
        frozen = {key: format_value(key, value, language) for key, value in values.items()}
    return frozen, program_id


def object_ref(obj):
    if obj is None:
        return "", None
    return obj._meta.label_lower, obj.pk
