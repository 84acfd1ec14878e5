from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from grants import selectors
from grants.states import State

from .. import services
from ..errors import TransitionRefused


@login_required
@require_POST
def submit(request, pk):
    """The last step of the applicant's form: a draft is submitted, a completed one resubmitted."""
    proposal = selectors.proposal_for_editor(request.user, pk)
    name = "resubmit" if proposal.state == State.CHANGES_REQUESTED else "submit"
    try:
        services.transition(proposal, name, request.user)
    except TransitionRefused as refusal:
        messages.error(request, refusal.message)
        return redirect("proposal_step", pk=pk, slug="verification")
    messages.success(request, _("Votre demande est déposée. Merci !"))
    return redirect("proposal_detail", pk=pk)
