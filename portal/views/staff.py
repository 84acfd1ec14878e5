"""Program staff hold back a project's publication on the portal, with a reason, or release it."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_http_methods

from core import activity
from core.errors import Conflict, InvalidInput
from grants import selectors as grants_selectors
from grants.services import publication
from portal.forms import PublicationForm

ACTIONS = {"hold": publication.hold_back, "release": publication.release}
DONE = {"hold": _("La publication du projet est retenue."), "release": _("Le projet sera publié s'il est financé.")}


@login_required
@require_http_methods(["GET", "POST"])
def publication_page(request, pk):
    proposal = grants_selectors.proposal_for_viewer(request.user, pk)
    if not request.user.has_perm("grants.hold_back_publication", proposal):
        raise PermissionDenied
    form = PublicationForm(request.POST if request.method == "POST" else None)
    status = 200
    if form.is_bound:
        status = 400
        if form.is_valid():
            action = form.cleaned_data["action"]
            try:
                ACTIONS[action](proposal, request.user, reason=form.cleaned_data["reason"])
            except InvalidInput as refusal:
                form.add_error("reason", refusal.message)
            except Conflict as refusal:
                messages.info(request, refusal.message)
                return redirect("portal:publication", pk=proposal.pk)
            else:
                messages.success(request, DONE[action])
                return redirect("portal:publication", pk=proposal.pk)
    return render(request, "portal/publication.html", {
        "proposal": proposal, "form": form, "public": proposal.state in publication.PUBLIC_STATES,
        "history": activity.history(proposal).filter(action__in=("hold_back_publication", "release_publication")),
    }, status=status)
