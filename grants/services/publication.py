"""Publication of funded projects on the public portal (the portal app reads; this module decides).

A project is published once funded (PUBLIC_STATES) unless program staff hold its publication back, with
a reason; who and when are kept on the proposal, and every hold and release in its activity log.
"""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core import activity
from core.errors import Conflict, Forbidden, InvalidInput, NotFound
from grants.models import Proposal
from grants.states import COMMITTED_STATES

# Funded projects, whether their final report is accepted or their file closed.
PUBLIC_STATES = COMMITTED_STATES
# The application form's fields the portal publishes (the form marks them "Publié"); the portal also
# shows the organisation's name, the amount granted, the state and the indicators with their results.
PUBLISHED_FIELDS = ("title", "public_summary", "mrcs", "primary_axis", "start_date", "end_date")


def _check(proposal, actor):
    if not actor.has_perm("grants.view_proposal", proposal):
        raise NotFound()
    if not actor.has_perm("grants.hold_back_publication", proposal):
        raise Forbidden(_("Seules l'équipe régionale et la gestion du programme décident de la publication."))


def _locked(proposal):
    return Proposal.objects.select_for_update().select_related("call").get(pk=proposal.pk)


def hold_back(proposal, actor, *, reason):
    """Keep the project off the public portal and the open data, whatever its state."""
    _check(proposal, actor)
    reason = (reason or "").strip()
    if not reason:
        raise InvalidInput(_("Indiquez pourquoi la publication est retenue."), code="reason")
    with transaction.atomic():
        locked = _locked(proposal)
        if locked.publication_withheld_at is not None:
            raise Conflict(_("La publication de ce projet est déjà retenue."), code="already_withheld")
        locked.publication_withheld_at, locked.publication_withheld_by = timezone.now(), actor
        locked.publication_withheld_reason = reason
        # updated_at too: the portal's pages and files change (their ETag and Last-Modified follow it).
        locked.save(update_fields=["publication_withheld_at", "publication_withheld_by",
                                   "publication_withheld_reason", "updated_at"])
        activity.record(locked, actor, "hold_back_publication", from_state="published", to_state="withheld",
                        comment=reason)
    return locked


def release(proposal, actor, *, reason=""):
    """Publish the project again (once funded); the earlier hold stays in the activity log."""
    _check(proposal, actor)
    with transaction.atomic():
        locked = _locked(proposal)
        if locked.publication_withheld_at is None:
            raise Conflict(_("La publication de ce projet n'est pas retenue."), code="not_withheld")
        locked.publication_withheld_at, locked.publication_withheld_by = None, None
        locked.publication_withheld_reason = ""
        locked.save(update_fields=["publication_withheld_at", "publication_withheld_by",
                                   "publication_withheld_reason", "updated_at"])
        activity.record(locked, actor, "release_publication", from_state="withheld", to_state="published",
                        comment=(reason or "").strip())
    return locked
