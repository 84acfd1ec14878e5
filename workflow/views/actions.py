"""The POST endpoint behind every action button: thin, the service decides."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from grants import selectors as grants_selectors
from workflow import services
from workflow.errors import ProposalNotFound, TransitionRefused, UnknownTransition
from workflow.machine import spec_for
from workflow.rules import can_view_as_staff


@login_required
@require_POST
def perform(request, pk, name):
    spec = spec_for(name)
    if spec is None:
        raise Http404
    proposal = get_object_or_404(grants_selectors.visible_proposals(request.user), pk=pk)  # 404 for outsiders
    inputs = {item.name: request.POST.get(item.name, "") for item in spec.inputs}
    try:
        proposal = services.transition(
            proposal, name, request.user, comment=request.POST.get("comment", ""),
            expected_state=request.POST.get("expected_state") or None, **inputs)
    except (ProposalNotFound, UnknownTransition) as exc:
        raise Http404 from exc
    except TransitionRefused as exc:
        # The refusal is the answer, with its status (403 not your role, 409 state or guard, 400 input),
        # and a way back to the page the person came from.
        return render(request, "refusal.html", {"message": exc.message, "back": _next_url(request, proposal)},
                      status=exc.http_status)
    messages.success(request, _("« %(action)s » enregistré : la demande est maintenant « %(state)s ».") % {
        "action": spec.label, "state": proposal.get_state_display()})
    return redirect(_next_url(request, proposal))


def _next_url(request, proposal):
    target = request.POST.get("next", "")
    if target and url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()},
                                                  require_https=request.is_secure()):
        return target
    if can_view_as_staff.test(request.user, proposal):
        return reverse("workflow:detail", args=[proposal.pk])
    return reverse("home")
