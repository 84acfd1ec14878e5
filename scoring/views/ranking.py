"""The call's ranking page: scores, filters, requested amounts against the envelope left."""

from decimal import Decimal

from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, render

from core import access
from grants.models import Call, Organisation, Territory
from grants.selectors import envelope_left

from .. import aggregation, ranking
from .access import require

SORTS = {
    "rank": lambda row: row.rank,
    "amount": lambda row: (row.proposal.requested_amount, row.rank),
    "title": lambda row: (row.proposal.title.casefold(), row.rank),
    "organisation": lambda row: (row.proposal.organisation.legal_name.casefold(), row.rank),
    "spread": lambda row: (-(row.spread or 0), row.rank),
}


@login_required
def calls(request):
    """The calls whose ranking this person may open."""
    program_ids = access.visible_program_ids(request.user, *access.ANALYSIS)  # None: every program (admin)
    found = Call.objects.select_related("program").order_by("-opens_at")
    if program_ids is not None:
        found = found.filter(program_id__in=program_ids)
    return render(request, "scoring/ranking_calls.html", {"calls": found})


@login_required
def call_ranking(request, pk):
    call = get_object_or_404(Call.objects.select_related("program"), pk=pk)
    require(request.user, "scoring.view_ranking", call)
    shown = ranking_table(call, request.GET)
    envelope = call.program.envelope
    return render(request, "scoring/ranking_page.html", {
        "call": call, **shown, "envelope": envelope, "committed": envelope - shown["envelope_left"],
        "threshold": aggregation.DISAGREEMENT_THRESHOLD,
        "mrcs": Territory.objects.filter(kind=Territory.Kind.MRC, parent_id=call.program.region_id),
        "axes": call.program.axes.all(), "kinds": Organisation.Kind.choices,
        "other_method": "zscore" if shown["method"] == "raw" else "raw",
    })


def ranking_table(call, params):
    """The ranking page's table (and the API's): the call's rows filtered and sorted as `params` ask
    (method, sort, mrc, axis, kind), each with the running total of requests against the envelope left."""
    method = params.get("method") if params.get("method") in ranking.METHODS else "raw"
    rows = ranking.rank_call(call, method=method)
    filters = _filters(params)
    shown = [row for row in rows if _matches(row, filters)]
    sort = params.get("sort") if params.get("sort") in SORTS else "rank"
    shown.sort(key=SORTS[sort])
    # The running total is held against what the program has not yet granted (funded proposals of all
    # its calls), the same figure the approve transition checks.
    left = envelope_left(call.program_id)
    running = Decimal("0")
    table = []
    for row in shown:
        running += row.proposal.requested_amount
        table.append({"row": row, "running": running, "within": running <= left,
                      "axis_score": row.axis_means.get(filters["axis"]) if filters["axis"] else None})
    return {"table": table, "method": method, "sort": sort, "filters": filters, "envelope_left": left,
            "total_requested": running, "count_all": len(rows)}


def _filters(params):
    def number(name):
        value = params.get(name, "")
        return int(value) if value.isdigit() else None

    kind = params.get("kind", "")
    return {"mrc": number("mrc"), "axis": number("axis"),
            "kind": kind if kind in Organisation.Kind.values else ""}


def _matches(row, filters):
    proposal = row.proposal
    if filters["mrc"] and filters["mrc"] not in {mrc.pk for mrc in proposal.mrcs.all()}:
        return False
    if filters["axis"] and proposal.primary_axis_id != filters["axis"]:
        return False
    return not (filters["kind"] and proposal.organisation.kind != filters["kind"])
