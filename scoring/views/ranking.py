"""The call's ranking page: scores, filters, requested amounts against the envelope left, a page at a time."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, render
from django.template.defaultfilters import floatformat
from django.utils.translation import gettext as _

from core import access, links
from core.money import format_money
from grants.models import Call, Organisation, Territory

from .. import aggregation
from ..ranking_pages import Query, ranking_page
from ..services import decisions
from .access import require


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
    shown = ranking_table(call, Query.read(request.GET))
    _written_out(shown["table"], call)
    return render(request, "scoring/ranking_page.html", {
        "call": call, **shown, "threshold": aggregation.DISAGREEMENT_THRESHOLD,
        "mrcs": Territory.objects.filter(kind=Territory.Kind.MRC, parent_id=call.program.region_id),
        "axes": call.program.axes.all(), "kinds": Organisation.Kind.choices,
        "other_method": "zscore" if shown["method"] == "raw" else "raw",
    })


def ranking_table(call, query):
    """The ranking page's figures and rows (and the API's): one page of the call's rows as `query` asks, each
    with the running total of requests against what the program has not yet granted (funded proposals of all
    its calls, the same figure the approve transition checks)."""
    envelope = call.program.envelope
    committed, pending = decisions.engaged(call.program_id)
    left = envelope - committed
    page = ranking_page(call, query, left)
    return {"page": page, "table": page.lines, "method": query.method, "sort": query.sort, "section": query.section,
            "filters": {"mrc": query.mrc, "axis": query.axis, "kind": query.kind},
            "envelope": envelope, "committed": committed, "pending": pending, "envelope_left": left,
            "total_requested": page.total_requested, "count_all": page.count_all}


def _written_out(lines, call):
    """Each line's cells as text, written here rather than by filters and lookups in the template: the page
    shows fifty rows of a call of thousands, and every lookup and filter there costs per row."""
    address, axis = links.address_of("scoring:assignments"), _("Axe")
    kinds = {value: str(label) for value, label in Organisation.Kind.choices}
    for line in lines:
        row, proposal = line["row"], line["row"].proposal
        organisation, code = proposal.organisation, proposal.primary_axis.code if proposal.primary_axis else ""
        line.update(
            url=address(proposal.pk), organisation=f"{organisation.legal_name} · {kinds.get(organisation.kind, organisation.kind)}",
            mrc_names=", ".join(mrc.name for mrc in line["mrcs"]) or "—", axis=f"{axis} {code or '—'}",
            reviews=f"{row.review_count} / {call.required_reviews}", requested=format_money(proposal.requested_amount),
            running_text=format_money(line["running"]), score=_points(row.score), spread=_points(row.spread),
            mean_median="—" if row.mean is None else f"{floatformat(row.mean, 1)} / {floatformat(row.median, 1)}",
            axis_text=_points(line["axis_score"]))


def _points(value):
    """A score as floatformat:1 writes it, or — without one."""
    return "—" if value is None else floatformat(value, 1)
