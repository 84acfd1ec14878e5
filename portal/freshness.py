"""ETag and Last-Modified of the public pages and files, from four small queries.

A public record changes when its proposal is saved (a transition, a publication held back or released,
an admin edit: all bump `updated_at`) or when one of its reports is accepted. Funded files held back still
count, so holding one back changes the answer. Names kept without a date (organisations, territories,
axes) are picked up the next day: the day is part of the ETag.
"""

import hashlib

from django.db.models import Max, OuterRef, Subquery, Sum
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import get_language

from accountability.models import Report
from grants.models import CommitmentTotal, Program, Proposal
from grants.services.publication import PUBLIC_STATES


def _state(code=None):
    programs = Program.objects.all() if code is None else Program.objects.filter(code=code)
    # The programs' own fields the pages show have no modification date: their values are the version.
    described = list(programs.order_by("pk").values_list(
        "pk", "name_fr", "name_en", "envelope", "starts_on", "ends_on", "fund", "decision_body"))
    ids = [row[0] for row in described]
    # Each program's latest change, one probe of its index (grants.Proposal.Meta.indexes, the portal's), and
    # their number from the programs' kept commitments (grants.CommitmentTotal: `count` is the proposals in a
    # public state, held back or not), which moves when one leaves the public states or is deleted.
    latest = Proposal.objects.filter(program_id=OuterRef("pk"), state__in=PUBLIC_STATES).order_by("-updated_at")
    public = CommitmentTotal.objects.filter(program_id=OuterRef("pk"), dimension="axis").order_by().values(
        "program_id").annotate(count=Sum("count")).values("count")
    changed = Program.objects.filter(pk__in=ids).annotate(
        latest=Subquery(latest.values("updated_at")[:1]), public=Subquery(public)).aggregate(
        at=Max("latest"), count=Coalesce(Sum("public"), 0))
    # The latest acceptance alone, one probe of an index on the report's own program column: acceptance is final
    # and stamped with its moment, so a new one always moves the maximum; counting read every accepted report (a
    # million at scale). A report deleted by an admin shows the next day, as names do. Only a funded proposal
    # has an agreement, and a funded proposal stays public: every accepted report is a public one.
    accepted = Report.objects.filter(state=Report.State.ACCEPTED, program_id__in=ids).aggregate(at=Max("accepted_at"))
    return changed, accepted, described


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
