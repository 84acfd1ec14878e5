"""An analyst's judgement on two similar proposals: not an overlap, or complementary (logged)."""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core import activity
from core.errors import InvalidInput, NotFound

from ..models import OverlapMark, Proposal


def mark(actor, proposal, other, kind, reason):
    """Record (or change) the pair's mark; the double-funding warning goes away for the pair. Who may not
    judge both proposals gets a 404, as for a proposal they do not see."""
    reason = (reason or "").strip()
    if kind not in OverlapMark.Kind.values:
        raise InvalidInput(_("Choisissez « pas un chevauchement » ou « complémentaires »."), code="kind")
    if not reason:
        raise InvalidInput(_("Indiquez le motif."), code="reason")
    with transaction.atomic():
        pair = list(Proposal.objects.select_related("call").filter(pk__in=OverlapMark.pair(proposal.pk, other.pk))
                    .select_for_update(of=("self",)).order_by("pk"))
        if proposal.pk == other.pk or len(pair) != 2 or not all(
                actor.has_perm("grants.mark_overlap", item) for item in pair):
            raise NotFound()
        first, second = pair
        found, _created = OverlapMark.objects.update_or_create(
            first=first, second=second, defaults={"kind": kind, "reason": reason, "by": actor, "at": timezone.now()})
        for item, peer in ((first, second), (second, first)):
            activity.record(item, actor, "overlap_marked", comment=reason,
                            data={"other": peer.pk, "kind": kind})
    return found
