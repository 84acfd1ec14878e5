"""The buttons of a funding scenario's page: choose it, recompute it, recommend from it.

Recommending runs each proposal's recommend or do_not_recommend transition (workflow.scenarios); the
page is scoring's, shown again with what happened to each proposal.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core.errors import Conflict, InvalidInput
from scoring.services import scenarios as scenario_services
from scoring.views.scenarios import render_detail, scenario_or_refuse

from .. import scenarios

ACTIONS = ("choose", "recompute", "recommend")


@login_required
@require_POST
def scenario_action(request, pk, action):
    scenario = scenario_or_refuse(request, pk)
    if action not in ACTIONS:
        raise Http404
    try:
        if action == "choose":
            scenario_services.choose(scenario, request.user)
            messages.success(request, _("Ce scénario est maintenant la recommandation de l'équipe."))
        elif action == "recompute":
            scenario_services.recompute(scenario, request.user)
            messages.success(request, _("Le scénario a été recalculé avec les notes actuelles."))
        elif action == "recommend":
            outcomes = scenarios.recommend_from(scenario, request.user)
            done = sum(1 for outcome in outcomes if outcome.ok)
            messages.success(request, _("%(done)s demande(s) traitée(s) sur %(total)s.")
                             % {"done": done, "total": len(outcomes)})
            # Shown on the page itself, not redirected: the per-proposal refusals must be read.
            return render_detail(request, scenario_or_refuse(request, pk), outcomes=outcomes)
    except (Conflict, InvalidInput) as refusal:
        messages.error(request, " ".join(refusal.messages))
    return redirect("scoring:scenario_detail", pk=scenario.pk)
