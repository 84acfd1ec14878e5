"""Funding scenario screens: list, create, detail (choose, recompute, recommend) and side-by-side comparison."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from grants.models import Call
from grants.selectors import reserved_by_target

from ..models import Scenario
from ..permissions import staff_or_404
from ..scenario_forms import CompareForm, ScenarioForm
from ..services import decisions as decision_services
from ..services import scenarios as services

PERM = "scoring.manage_scenarios"
ACTIONS = ("choose", "recompute", "recommend")


def _call(request, pk):
    call = get_object_or_404(Call.objects.select_related("program"), pk=pk)
    staff_or_404(request.user, call, PERM)
    return call


def _scenario(request, pk):
    scenario = get_object_or_404(Scenario.objects.select_related("call__program", "created_by"), pk=pk)
    staff_or_404(request.user, scenario, PERM)
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
        except ValidationError as error:
            form.add_error(None, error)
        else:
            return redirect("scoring:scenario_detail", pk=scenario.pk)
    return render(request, "scoring/scenario_form.html", {"call": call, "form": form, "has_reservations": reserved})


@login_required
def scenario_detail(request, pk, outcomes=None):
    scenario = _scenario(request, pk)
    results = scenario.results.select_related("proposal__organisation", "proposal__primary_axis").prefetch_related(
        "proposal__mrcs")
    return render(request, "scoring/scenario_detail.html", {
        "scenario": scenario, "call": scenario.call, "results": results,
        "constraints": scenario.constraints.select_related("territory", "axis"), "outcomes": outcomes,
    })


@login_required
@require_POST
def scenario_action(request, pk, action):
    scenario = _scenario(request, pk)
    if action not in ACTIONS:
        raise Http404
    try:
        if action == "choose":
            services.choose(scenario, request.user)
            messages.success(request, _("Ce scénario est maintenant la recommandation de l'équipe."))
        elif action == "recompute":
            services.recompute(scenario, request.user)
            messages.success(request, _("Le scénario a été recalculé avec les notes actuelles."))
        elif action == "recommend":
            outcomes = services.recommend_from(scenario, request.user)
            done = sum(1 for outcome in outcomes if outcome.ok)
            messages.success(request, _("%(done)s demande(s) traitée(s) sur %(total)s.")
                             % {"done": done, "total": len(outcomes)})
            # Shown on the page itself, not redirected: the per-proposal refusals must be read.
            return scenario_detail(request, pk, outcomes=outcomes)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    return redirect("scoring:scenario_detail", pk=scenario.pk)


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
