"""Bulk work from the queue: choose an action for the selected proposals, run it, read its summary.

- GET /analyse/lot/: the selection (ticked ids, or every proposal matching the queue's filters), its
  count and states, and a form per action (the state changes offered are those open to every one of them);
- POST: records the batch (workflow.bulk.service): small ones run at once, larger ones in Celery;
- /analyse/lot/<pk>/: the batch's progress (polled by htmx, or reloaded) then its summary: the successes
  and each refusal with its reason. A batch is its requester's only (404 for anybody else).
"""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import translation
from django.utils.cache import patch_cache_control
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from grants.models import Tag

from ..bulk import forms as bulk_forms
from ..bulk import service
from ..bulk.selection import Selection, common_transitions, states_of


def _selection(request, params):
    if not request.user.has_perm("workflow.use_bulk"):
        raise PermissionDenied
    selection = Selection.from_request(request.user, params)
    if selection is None:
        raise Http404
    return selection


def _page(request, selection, *, bound=None, data=None, error="", status=200):
    rows = selection.rows(request.user)
    states = states_of(rows)
    transitions = common_transitions(request.user, selection.program, states)
    return render(request, "workflow/bulk.html", {
        "selection": selection, "program": selection.program, "count": rows.count(), "states": states,
        "transitions": transitions, "forms": bulk_forms.build(selection.program, transitions, data, only=bound),
        "has_tags": Tag.objects.filter(program=selection.program).exists(), "error": error,
        "sync_max": service.sync_max(), "background": selection.everything,
        "back": f"?programme={selection.program.code}" + (f"&{selection.query}" if selection.query else ""),
    }, status=status)


@login_required
@require_http_methods(["GET", "POST"])
def bulk(request):
    if request.method == "GET":
        return _page(request, _selection(request, request.GET))
    selection = _selection(request, request.POST)
    action = request.POST.get("action", "")
    if action not in bulk_forms.FORMS:
        return _page(request, selection, error=_("Choisissez une action."), status=400)
    rows = selection.rows(request.user)
    transitions = common_transitions(request.user, selection.program, states_of(rows))
    form = bulk_forms.build(selection.program, transitions, request.POST, only=action)[action]
    if not form.is_valid():
        return _page(request, selection, bound=action, data=request.POST, status=400)
    ids = selection.proposal_ids(request.user)
    if not ids:
        return _page(request, selection, error=_("Aucune demande n'est sélectionnée."), status=400)
    job = service.request_batch(
        request.user, selection.program, action=action, params=form.params(), label=form.label(),
        proposal_ids=ids, everything=selection.everything, language=translation.get_language() or "fr")
    return redirect("workflow:bulk_job", pk=job.pk)


@login_required
@require_GET
def bulk_job(request, pk):
    job = service.job_for(request.user, pk)
    template = "workflow/includes/bulk_status.html" if request.htmx else "workflow/bulk_job.html"
    response = render(request, template, {"job": job})
    patch_cache_control(response, private=True, no_store=True)
    return response
