"""The staff search page, and marking two similar proposals as not overlapping or complementary."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core.errors import InvalidInput
from grants.services import overlaps
from workflow import search as search_selectors
from workflow import selectors


@login_required
def search(request):
    if not request.user.has_perm("workflow.view_queue"):
        raise PermissionDenied
    form = search_selectors.SearchForm(request.user, request.GET or None)
    results = search_selectors.search(request.user, form.cleaned_data) if form.is_valid() else None
    return render(request, "workflow/search.html", {"form": form, "results": results,
                                                    "candidates": search_selectors.CANDIDATES})


@login_required
@require_POST
def mark_overlap(request, pk, other_pk):
    proposal, other = selectors.proposal_detail(pk), selectors.proposal_detail(other_pk)
    if not all(item is not None and request.user.has_perm("workflow.view_proposal_as_staff", item)
               for item in (proposal, other)):
        raise Http404
    if not request.user.has_perm("grants.mark_overlap", proposal):
        raise PermissionDenied  # the board sees the file but does not judge overlaps
    try:
        overlaps.mark(request.user, proposal, other, request.POST.get("kind", ""), request.POST.get("reason", ""))
    except InvalidInput as refusal:
        messages.error(request, refusal.message)
    else:
        messages.success(request, _("Jugement enregistré : l'avertissement ne s'affiche plus pour ces deux demandes."))
    return redirect(f"{reverse('workflow:detail', args=[pk])}#projets-semblables")
