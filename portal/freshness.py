"""ETag and Last-Modified of the public pages and files, from one statement (two for one program's pages).

A public record changes when its proposal is saved (a transition, a publication held back or released,
an admin edit: all bump `updated_at`) or when one of its reports is accepted. Funded files held back still
count, so holding one back changes the answer. Names kept without a date (organisations, territories,
axes) are picked up the next day: the day is part of the ETag.
"""

import hashlib

from django.db import router
from django.db.models import OuterRef, Subquery, Sum
from django.utils import timezone
from django.utils.translation import get_language

from accountability.models import Report
from core.compiled import Compiled
from grants.models import CommitmentTotal, Program, Proposal
from grants.services.publication import PUBLIC_STATES

DESCRIBED = ("pk", "name_fr", "name_en", "envelope", "starts_on", "ends_on", "fund", "decision_body")


def _per_program(programs):
    """Each program's shown fields (they have no modification date: their values are the version), its latest
    change, its number of public proposals and its latest acceptance of a report."""
    # The latest change, one probe of the program's index (grants.Proposal.Meta.indexes, the portal's), and the
    # number from the program's kept commitments (grants.CommitmentTotal: `count` is the proposals in a public
    # state, held back or not), which moves when one leaves the public states or is deleted.
    latest = Proposal.objects.filter(program_id=OuterRef("pk"), state__in=PUBLIC_STATES).order_by("-updated_at")
    public = CommitmentTotal.objects.filter(program_id=OuterRef("pk"), dimension="axis").order_by().values(
        "program_id").annotate(count=Sum("count")).values("count")
    # The latest acceptance alone, one probe of an index on the report's own program column: acceptance is final
    # and stamped with its moment, so a new one always moves the maximum; counting read every accepted report (a
    # million at scale). A report deleted by an admin shows the next day, as names do. Only a funded proposal
    # has an agreement, and a funded proposal stays public: every accepted report is a public one.
    accepted = Report.objects.filter(program_id=OuterRef("pk"), state=Report.State.ACCEPTED).order_by("-accepted_at")
    return programs.order_by("pk").annotate(
        latest=Subquery(latest.values("updated_at")[:1]), public=Subquery(public),
        accepted=Subquery(accepted.values("accepted_at")[:1])).values_list(*DESCRIBED, "latest", "public", "accepted")


# Read at every public request: compiled once per process and connection (core.compiled), not by the ORM each
# time (2.6 of a cached page's 4.6 ms).
_ALL = Compiled(lambda: _per_program(Program.objects.all()), arguments=0)
_ONE = Compiled(lambda pk: _per_program(Program.objects.filter(pk=pk)))


def _state(code=None):
    using = router.db_for_read(Program)  # the replica's, inside the portal's views (core.replica)
    if code is None:
        rows = _ALL.rows(using=using)
    else:
        found = Program.objects.using(using).filter(code=code).values_list("pk", flat=True).first()
        rows = [] if found is None else _ONE.rows(found, using=using)
    described = [row[:len(DESCRIBED)] for row in rows]
    latest = [row[-3] for row in rows if row[-3] is not None]
    accepted = [row[-1] for row in rows if row[-1] is not None]
    changed = {"at": max(latest, default=None), "count": sum(row[-2] or 0 for row in rows)}
    return changed, {"at": max(accepted, default=None)}, described


def _state_for(request, code):
    # Django's `condition` asks for the ETag and for Last-Modified separately: read once per request.
    known = request.__dict__.setdefault("_portal_freshness", {})
    if code not in known:
        known[code] = _state(code)
    return known[code]


def last_modified(request, code=None, **kwargs):
    changed, accepted, _described = _state_for(request, code)
    moments = [moment for moment in (changed["at"], accepted["at"]) if moment is not None]
    return max(moments) if moments else None


def version(request, code=None):
    """The published data of one program (or of all) as a key, without the address or the language: what
    every page of the program reads alike."""
    changed, accepted, described = _state_for(request, code)
    key = repr((code, timezone.localdate(), changed, accepted, described))
    return hashlib.sha256(key.encode()).hexdigest()[:32]


def etag(request, code=None, **kwargs):
    changed, accepted, described = _state_for(request, code)
    key = repr((get_language(), request.get_full_path(), timezone.localdate(), changed, accepted, described))
    return hashlib.sha256(key.encode()).hexdigest()[:32]
