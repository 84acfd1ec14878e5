"""A person's own data (Loi 25): the export of everything Concerto holds about them, and closing their
account by anonymising them.

Core owns the two registries; each app contributes for the data it owns, from its AppConfig.ready():

    register_exporter(fn)    fn(user) -> {"section": data, ...}, JSON-serialisable (DjangoJSONEncoder)
    register_anonymiser(fn)  fn(user): erases or replaces what identifies the person in the app's tables

An exporter returns only what is about the person (their profile, what they wrote, decided or opened),
never another person's data. An anonymiser never deletes history: logs, decisions, reviews and
transitions keep pointing at the (anonymised) account; the account row is never deleted.
"""

import json

from django.contrib.auth import get_user_model
from django.core.exceptions import ImproperlyConfigured
from django.core.serializers.json import DjangoJSONEncoder
from django.db import transaction
from django.utils import timezone

from . import access, activity
from .errors import Forbidden

FORMAT = "concerto-donnees-personnelles/1"
CLOSED_NAME = "Compte fermé"
CLOSED_DOMAIN = "invalid"  # RFC 2606: never deliverable

_EXPORTERS = []
_ANONYMISERS = []


def register_exporter(fn):
    if fn not in _EXPORTERS:
        _EXPORTERS.append(fn)
    return fn


def register_anonymiser(fn):
    if fn not in _ANONYMISERS:
        _ANONYMISERS.append(fn)
    return fn


def closed_email(user):
    """The unique, non-deliverable address a closed account keeps (the e-mail field stays unique)."""
    return f"closed-{user.pk}@{CLOSED_DOMAIN}"


def is_closed(user):
    return getattr(user, user.get_email_field_name(), "") == closed_email(user)


def export(user):
    """Every app's part, in one dict ready for json.dumps(..., cls=DjangoJSONEncoder)."""
    data = {"format": FORMAT, "genere_le": timezone.now(), "compte_id": user.pk}
    for exporter in _EXPORTERS:
        part = exporter(user)
        clash = set(part) & set(data)
        if clash:
            raise ImproperlyConfigured(f"{exporter!r} exports sections already present: {sorted(clash)}")
        data.update(part)
    return data


def export_json(user):
    return json.dumps(export(user), cls=DjangoJSONEncoder, ensure_ascii=False, indent=2)


def record_export(user, actor):
    """The export leaves a trace on the account (who downloaded it, when)."""
    with transaction.atomic():
        return activity.record(user, actor, "personal_data_export")


def close_account(user, actor, *, reason="closed"):
    """Anonymise the person: every registered anonymiser, then a trace in the activity log.

    `actor` is the person themself (their own closure page), an admin (on request), or None for the
    system (the inactive-accounts retention rule). The account row stays, so every log, decision and
    review keeps its author, now shown as the closed account. Returns the anonymised user.
    """
    if actor is not None and actor.pk != user.pk and not access.is_admin(actor):
        raise Forbidden()
    with transaction.atomic():
        locked = get_user_model()._default_manager.select_for_update().get(pk=user.pk)
        already = is_closed(locked)
        for anonymiser in _ANONYMISERS:
            anonymiser(locked)
        locked.refresh_from_db()
        if locked.is_active or locked.has_usable_password() or not is_closed(locked):
            raise ImproperlyConfigured("No anonymiser closed the account: is the owning app's registered?")
        if not already:
            activity.record(locked, actor, "account_closed" if reason == "closed" else "account_anonymised",
                            data={"reason": reason})
    access.forget(user)
    return locked
