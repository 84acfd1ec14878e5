"""Reads of the versions for pages and printable files: the list (a few columns, never the snapshots),
two snapshots for a comparison, the version current at a moment."""

from ..models import ProposalVersion
from .snapshot import normalise


def listed(proposal_id):
    """Number, date, action and who filed it: the snapshots stay in the database."""
    return list(ProposalVersion.objects.filter(proposal_id=proposal_id).order_by("number")
                .values("number", "created_at", "transition", "created_by__full_name", "redacted_at"))


def snapshots(proposal_id, numbers):
    """{number: normalised snapshot} of these versions, in one query."""
    rows = ProposalVersion.objects.filter(proposal_id=proposal_id, number__in=numbers).values_list(
        "number", "snapshot")
    return {number: normalise(snapshot) for number, snapshot in rows}


def current_at(moments):
    """{proposal id: the ProposalVersion filed last at or before moments[proposal id]}, in two queries:
    the versions' numbers and dates first, then only the chosen snapshots."""
    chosen = {}
    if not moments:
        return chosen
    rows = (ProposalVersion.objects.filter(proposal_id__in=list(moments)).order_by("proposal_id", "number")
            .values_list("pk", "proposal_id", "created_at"))
    for pk, proposal_id, created_at in rows:
        if created_at <= moments[proposal_id]:
            chosen[proposal_id] = pk
    if not chosen:
        return {}
    return {version.proposal_id: version for version in ProposalVersion.objects.filter(pk__in=chosen.values())}
