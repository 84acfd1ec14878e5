"""Running a transition of scoring's state machines (assignments, reviews): the one way they change state.

The caller locks the row first; the transition, the save and its activity log row are one transaction.
"""

from django.db import transaction
from django.utils.translation import gettext as _
from django_fsm import ConcurrentTransition, TransitionNotAllowed

from core import activity
from core.errors import Conflict

from ..models.machine import SERVICE_MARK


def run(obj, name, actor, *, comment="", update_fields=(), **arguments):
    """Call the transition method `name` of the locked `obj`, save it and log who did it, from and to."""
    from_state = obj.state
    with transaction.atomic():
        obj.__dict__[SERVICE_MARK] = True
        try:
            getattr(obj, name)(**arguments)
        except TransitionNotAllowed as refused:
            raise Conflict(
                _("Cette action n'est pas possible quand l'état est « %(state)s ».")
                % {"state": obj.get_state_display()}, code="transition_not_allowed") from refused
        finally:
            obj.__dict__.pop(SERVICE_MARK, None)
        try:
            obj.save(update_fields=["state", *update_fields])
        except ConcurrentTransition as changed:  # only without row locks (SQLite): same answer as a race
            raise Conflict(_("Cette fiche a été modifiée par une autre personne pendant votre action."),
                           code="concurrent_change") from changed
        activity.record(obj, actor, name, from_state, obj.state, comment)
    return obj
