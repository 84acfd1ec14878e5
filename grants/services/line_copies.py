"""Copying partners, budget lines, other funding sources or indicators from one of the organisation's
earlier proposals: the rows are added to the draft's own, through save_step (lock, version, maximum)."""

from django.db.models import Count, Exists, OuterRef
from django.utils.translation import gettext_lazy as _

from core import access
from core.errors import NotFound
from grants.models import Proposal

from .proposals import LINE_MODELS, require_editable, save_step

# What a copy carries over: the values people typed (and a partner's registered organisation).
COPIED_FIELDS = {
    "partners": ("name", "kind", "role", "cash_contribution", "in_kind_contribution", "organisation_id"),
    "budget_lines": ("category", "description", "total_amount", "fund_amount"),
    "cofundings": ("source", "amount", "status"),
    "indicators": ("label", "target", "unit"),
}


def copy_sources(proposal, kind, limit=20):
    """The organisation's other proposals with lines of this kind, newest first, with how many."""
    lines = LINE_MODELS[kind].objects.filter(proposal=OuterRef("pk"))
    return list(Proposal.objects.filter(organisation_id=proposal.organisation_id)
                .exclude(pk=proposal.pk).filter(Exists(lines))
                .annotate(line_count=Count(kind)).only("id", "title", "reference", "created_at")
                .order_by("-created_at", "-id")[:limit])


def copy_lines(proposal, actor, *, source_id, kind, version):
    """Add the `kind` lines of the organisation's proposal `source_id` to `proposal` (a draft the actor may
    edit, at the version read). Another organisation's
    proposal is answered as one that does not exist. Returns (saved proposal, source, number copied)."""
    require_editable(proposal, actor)
    source = Proposal.objects.filter(pk=source_id, organisation_id=proposal.organisation_id).exclude(
        pk=proposal.pk).only("id", "organisation_id", "title").first()
    if source is None or not access.is_member(actor, source.organisation_id):
        raise NotFound(_("Demande introuvable parmi celles de votre organisme."))
    fields = COPIED_FIELDS[kind]
    rows = [{"id": None, "delete": False, "values": values} for values in
            LINE_MODELS[kind].objects.filter(proposal=source).order_by("id").values(*fields)]
    saved = save_step(proposal, actor, version=version, lines={kind: rows})
    return saved, source, len(rows)
