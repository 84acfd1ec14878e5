"""Funding scenario screens: list, create, detail and side-by-side comparison.

The detail page's buttons (choose, recompute, recommend from the chosen scenario) post to the
`decisions:scenario_action` route: recommending runs the proposals' life cycle.
"""

from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from core.errors import Conflict, InvalidInput
from grants.models import Call
from grants.selectors import reserved_by_target

from ..forms.scenarios import CompareForm, ScenarioForm
from ..models import Scenario
from ..services import decisions as decision_services
from ..services import scenarios as services
from .access import require

PERM = "scoring.manage_scenarios"


def _call(request, pk):
    call = get_object_or_404(Call.objects.select_related("program"), pk=pk)
    require(request.user, PERM, call)
    return call


def scenario_or_refuse(request, pk):
    """The scenario for its call's analysts and managers (403 for the rest of the program's staff)."""
    scenario = get_object_or_404(Scenario.objects.select_related("call__program", "created_by"), pk=pk)
    require(request.user, PERM, scenario)
    return scenario


@login_required
def scenario_list(request, call_pk):
    call = _call(request, call_pk)
    return render(request, "scoring/scenario_list.html", {
        "call": call, "scenarios": services.scenarios_of(call), "compare_form": CompareForm(call=call),
    })


@login_required
@require_http_methods(["GET", "POST"])
def scenario_create(request, call_pk):
    call = _call(request, call_pk)
    initial = {"envelope": services.default_envelope(call), "name": _("Scénario")}
    reserved = reserved_by_target(call.program_id)
    if reserved and request.GET.get("planchers") == "reservations":
        # Prefilled only: the analyst sees the floors and may change them before computing.
        floors = decision_services.reservation_floors(call.program)
        initial.update({f"{dimension}_{pk}_floor": amount for (dimension, pk), amount in floors.items()})
    form = ScenarioForm(request.POST or None, call=call, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            scenario = services.create(call, request.user, limits=form.limits(), **form.scenario_values())
        except (Conflict, InvalidInput) as refusal:
            form.add_error(None, refusal.message)
        else:
            return redirect("scoring:scenario_detail", pk=scenario.pk)
    return render(request, "scoring/scenario_form.html", {"call": call, "form": form, "has_reservations": reserved})


@login_required
def scenario_detail(request, pk):
    return render_detail(request, scenario_or_refuse(request, pk))


def render_detail(request, scenario, outcomes=None):
    """The scenario's page; `outcomes`: what recommending from it did to each proposal, shown once."""
    results = scenario.results.select_related("proposal__organisation", "proposal__primary_axis").prefetch_related(
        "proposal__mrcs")
    return render(request, "scoring/scenario_detail.html", {
        "scenario": scenario, "call": scenario.call, "results": results,
        "constraints": scenario.constraints.select_related("territory", "axis"), "outcomes": outcomes,
    })


@login_required
def scenario_compare(request, call_pk):
    call = _call(request, call_pk)
    form = CompareForm(request.GET or None, call=call)
    chosen, rows = [], []
    if form.is_valid():
        chosen = list(form.cleaned_data["ids"].order_by("created_at", "id"))
        rows = services.comparison(chosen)
    return render(request, "scoring/scenario_compare.html", {
        "call": call, "form": form, "scenarios": chosen, "rows": rows,
    })
