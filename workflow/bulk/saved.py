"""Saved queue filters: a person's named shortcuts, and the two every analyst gets."""

from dataclasses import dataclass

from django.db import IntegrityError, transaction
from django.http import QueryDict
from django.utils.translation import gettext as _

from core import access
from core.errors import Conflict, InvalidInput, NotFound
from grants.states import State

from .models import SavedFilter
from .selection import filter_query

MAX_PER_PERSON = 30
STALE_DAYS = 14


@dataclass(frozen=True)
class Shortcut:
    name: str
    query: str
    pk: int | None = None  # None: a built-in shortcut, not deletable


def shortcuts(user, program):
    """The built-in shortcuts, then the person's own in this program, in name order (one query)."""
    built_in = []
    if access.has_program_role(user, program.pk, access.ANALYST):
        mine = QueryDict(mutable=True)
        mine.update({"programme": program.code, "analyst": str(user.pk), "state": State.UNDER_ANALYSIS})
        built_in.append(Shortcut(_("Mes dossiers en analyse"), mine.urlencode()))
    stale = QueryDict(mutable=True)
    stale.update({"programme": program.code, "state": State.CHANGES_REQUESTED, "idle": str(STALE_DAYS)})
    built_in.append(Shortcut(_("À compléter depuis plus de %(days)s jours") % {"days": STALE_DAYS}, stale.urlencode()))
    own = SavedFilter.objects.filter(user_id=user.pk, program=program).only("pk", "name", "query")
    return built_in + [Shortcut(item.name, item.query, item.pk) for item in own]


def save(user, program, *, name, params):
    """Save the queue filters of `params` (a QueryDict) under a name; the same name replaces them."""
    if not user.has_perm("workflow.view_queue"):
        raise NotFound
    name = " ".join((name or "").split())
    if not name or len(name) > SavedFilter._meta.get_field("name").max_length:
        raise InvalidInput(_("Donnez à ce filtre un nom de 1 à 80 caractères."), code="filter_name")
    kept = QueryDict(mutable=True)
    kept["programme"] = program.code  # the program first: the link reads as the page's own
    for key, values in QueryDict(filter_query(params)).lists():
        if key != "programme":
            kept.setlist(key, values)
    with transaction.atomic():
        existing = SavedFilter.objects.select_for_update().filter(user=user, program=program, name=name).first()
        if existing is not None:
            existing.query = kept.urlencode()[:1000]
            existing.save(update_fields=["query"])
            return existing
        if SavedFilter.objects.filter(user=user).count() >= MAX_PER_PERSON:
            raise Conflict(_("Vous avez déjà %(count)s filtres enregistrés : supprimez-en un d'abord.")
                           % {"count": MAX_PER_PERSON}, code="too_many_filters")
        try:
            with transaction.atomic():
                return SavedFilter.objects.create(user=user, program=program, name=name,
                                                  query=kept.urlencode()[:1000])
        except IntegrityError:  # saved by a twin request meanwhile: same result
            return SavedFilter.objects.get(user=user, program=program, name=name)


def delete(user, pk):
    """A person deletes their own saved filter; anybody else's is not found."""
    found = SavedFilter.objects.filter(pk=pk, user_id=user.pk).first() if user.is_authenticated else None
    if found is None:
        raise NotFound
    found.delete()
    return found
