"""Freeze what a message says at queue time: model objects become plain strings in the recipient's language.

Known objects (proposal, report, tranche, assignment, agreement, invitation) fill their placeholders, read
from their attributes (this app imports none of theirs); the caller's context adds or overrides values
(comment, amount…). Values end up as str or list of str.
"""

import functools
import logging
from datetime import date, datetime
from decimal import Decimal

from django.conf import settings
from django.db import models
from django.urls import NoReverseMatch, reverse
from django.utils import formats, timezone, translation

from core.money import format_money

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


def program_name(name_fr, name_en, language):
    """A program's name in the language: the English one when there is one, else the French one."""
    return (name_en if (language or "").startswith("en") else None) or name_fr or ""


def is_proposal(obj):
    return hasattr(obj, "call") and hasattr(obj, "reference")


def absolute_url(obj):
    getter = getattr(obj, "get_absolute_url", None)
    try:
        if getter is not None:
            return settings.SITE_URL + getter()
        if is_proposal(obj):
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


def proposal_of(obj):
    """The proposal an object is, or belongs to (through `proposal` or `agreement`); None for others."""
    if is_proposal(obj):
        return obj
    if getattr(obj, "proposal_id", None) is not None:  # an agreement, a reviewer assignment
        return obj.proposal
    if getattr(obj, "agreement_id", None) is not None:  # a report, a payment tranche
        return obj.agreement.proposal
    return None


def own_values(obj):
    """What an object of a proposal adds to the proposal's placeholders, read from its attributes."""
    values = {}
    if hasattr(obj, "due_on"):
        values["due_on"] = obj.due_on
    if hasattr(obj, "amount_granted"):  # an agreement
        values["amount"] = obj.amount_granted
    if hasattr(obj, "amount"):  # a payment tranche: its amount, its number, the report that holds it
        values |= {"amount": obj.amount, "tranche_number": obj.order}
        if getattr(obj, "report_id", None) is not None:
            values["report_title"] = str(obj.report)
    elif hasattr(obj, "agreement_id") and hasattr(obj, "kind"):  # a report: its name
        values["report_title"] = str(obj)
    return values | _url(obj)


def object_values(obj):
    """Placeholders known from the object itself, and the program it belongs to (or None).

    Read from the object's attributes, never its class: notifications sits below the apps whose objects
    it describes. A proposal (it has a `call` and a `reference`) gives the proposal placeholders; an
    object of a proposal (an agreement, a reviewer assignment) or of an agreement (a report, a payment
    tranche) adds its own: due date, amount, tranche number, report title and its page as `url`.
    Anything else gives its page, and the name of its `organisation` when it has one (an invitation).
    """
    proposal = proposal_of(obj)
    if proposal is obj:
        return proposal_values(proposal), proposal.call.program_id
    if proposal is not None:
        return proposal_values(proposal) | own_values(obj), proposal.call.program_id
    values = _url(obj)
    organisation = getattr(obj, "organisation", None)
    if organisation is not None:
        values["organisation_name"] = organisation.legal_name
    return values, None


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
