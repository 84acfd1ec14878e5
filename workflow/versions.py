"""Which version of an application a page or a file shows, and why a version followed another.

The board decides on what was filed: once a Decision exists, the printable PDF and the board packet show
the version current when it was recorded (grants.versions.frozen), not the live rows; before, the live
proposal (which the applicant cannot change outside "draft" and "changes requested").
"""

from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from grants.versions import diff, frozen
from grants.versions import selectors as versions
from scoring.models import Decision

from .models import TransitionLog


def decided(proposals):
    """`proposals` in order, each decided one replaced by its decided version: three queries at most."""
    moments = dict(Decision.objects.filter(proposal__in=[p.pk for p in proposals])
                   .values_list("proposal_id", "recorded_at"))
    chosen = versions.current_at(moments)
    return [frozen.as_proposal(chosen[p.pk], p) if p.pk in chosen else p for p in proposals]


def as_decided(proposal):
    return decided([proposal])[0]


def change_requests(proposal_id, after, until):
    """The change requests sent between two versions (filed at `after` and `until`): why the second one
    exists."""
    return list(TransitionLog.objects.filter(proposal_id=proposal_id, transition="request_changes",
                                             created_at__gt=after, created_at__lte=until)
                .select_related("actor").order_by("created_at", "id"))


@dataclass
class Comparison:
    """The versions of a proposal and the differences between two of them (`older` → `newer`)."""

    versions: list  # grants.versions.selectors.listed rows
    older: int | None = None
    newer: int | None = None
    diff: object = None  # grants.versions.diff.VersionDiff
    requests: list = field(default_factory=list)  # the change requests between the two
    error: str = ""


def compare(proposal_id, older=None, newer=None):
    """Two versions compared; by default the last two. Numbers that name no version of this proposal
    fall back to the default with a message; in reverse order, they are swapped."""
    listed = versions.listed(proposal_id)
    by_number = {row["number"]: row for row in listed}
    comparison = Comparison(listed)
    if len(listed) < 2:
        return comparison
    if older is None and newer is None:
        older, newer = listed[-2]["number"], listed[-1]["number"]
    elif older not in by_number or newer not in by_number or older == newer:
        comparison.error = _("Choisissez deux versions différentes parmi celles déposées ; voici les deux "
                             "dernières.")
        older, newer = listed[-2]["number"], listed[-1]["number"]
    older, newer = sorted((older, newer))
    snapshots = versions.snapshots(proposal_id, (older, newer))
    comparison.older, comparison.newer = older, newer
    comparison.diff = diff.compare(snapshots[older], snapshots[newer])
    comparison.requests = change_requests(proposal_id, by_number[older]["created_at"], by_number[newer]["created_at"])
    return comparison
