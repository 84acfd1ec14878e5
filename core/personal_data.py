"""A person's own data (Loi 25): the export of everything Concerto holds about them, and closing their
account by anonymising them.

Core owns the two registries; each app contributes for the data it owns, from its AppConfig.ready():

    register_exporter(fn)    fn(user) -> {"section": data, ...}, JSON-serialisable (DjangoJSONEncoder);
                             a section of one entry per row is a Rows (a query and the entry of a row)
    register_anonymiser(fn)  fn(user): erases or replaces what identifies the person in the app's tables

An exporter returns only what is about the person (their profile, what they wrote, decided or opened),
never another person's data. A Rows section is counted in SQL for the "Mes données" page and read in
chunks for the download, so a person with 100,000 reports filed costs neither a whole read. An anonymiser
never deletes history: logs, decisions, reviews and transitions keep pointing at the (anonymised) account;
the account row is never deleted.
"""

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

CHUNK = 2000  # rows read at a time for the download

_EXPORTERS = []
_ANONYMISERS = []


class Rows:
    """A section with one entry per row of `query`: `entry(row)` makes the entry, from a model instance, or
    with `fields` from a dict of only these (.values(), related ones included: counting needs no join).
    `count`, when given, counts the rows another way (a callable returning their number)."""

    def __init__(self, query, entry, *fields, count=None):
        self.query, self.entry, self.fields, self._count = query, entry, fields, count

    def count(self):
        return self._count() if self._count else self.query.order_by().count()

    def __iter__(self):
        rows = self.query.values(*self.fields) if self.fields else self.query
        return (self.entry(row) for row in rows.iterator(chunk_size=CHUNK))


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


def sections(user):
    """Every app's part, in one dict, its Rows sections not read yet."""
    data = {"format": FORMAT, "genere_le": timezone.now(), "compte_id": user.pk}
    for exporter in _EXPORTERS:
        part = exporter(user)
        clash = set(part) & set(data)
        if clash:
            raise ImproperlyConfigured(f"{exporter!r} exports sections already present: {sorted(clash)}")
        data.update(part)
    return data


def export(user):
    """Every app's part, read whole, in one dict ready for json.dumps(..., cls=DjangoJSONEncoder)."""
    return {key: list(value) if isinstance(value, Rows) else value for key, value in sections(user).items()}


def summary(user):
    """(section, how many entries) for the page that offers the download, counted without reading them."""
    found = []
    for key, value in sections(user).items():
        if key in ("format", "genere_le", "compte_id"):
            continue
        found.append((key, value.count() if isinstance(value, Rows) else
                      len(value) if isinstance(value, list | dict) else value))
    return found


def export_json(user):
    """The export as JSON text in pieces of about 64 KB (one entry of a Rows section per line), for a
    streamed download."""
    piece, size = [], 0
    for text in _json_parts(user):
        piece.append(text)
        size += len(text)
        if size >= 65536:
            yield "".join(piece)
            piece, size = [], 0
    yield "".join(piece)


def _json_parts(user):
    encoder = DjangoJSONEncoder(ensure_ascii=False)
    separator = "{"
    for key, value in sections(user).items():
        yield f"{separator}\n{encoder.encode(key)}: "
        separator = ","
        if not isinstance(value, Rows):
            yield encoder.encode(value)
            continue
        yield "["
        first = True
        for entry in value:
            yield ("\n" if first else ",\n") + encoder.encode(entry)
            first = False
        yield "\n]"
    yield "\n}\n"


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
