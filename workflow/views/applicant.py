from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from grants import selectors

from .. import services
from ..errors import TransitionRefused
from ..machine import filing_transition


@login_required
@require_POST
def submit(request, pk):
    """The last step of the applicant's form: a draft is submitted (a letter of intent in a two-stage call), a
    completed one resubmitted."""
    proposal = selectors.proposal_to_file(request.user, pk)
    name = filing_transition(proposal)
    try:
        services.transition(proposal, name, request.user)
    except TransitionRefused as refusal:
        messages.error(request, refusal.message)
        return redirect("proposal_step", pk=pk, slug="verification")
    messages.success(request, _("Votre lettre d'intention est déposée. Merci !") if name == "submit_intent"
                     else _("Votre demande est déposée. Merci !"))
    return redirect("proposal_detail", pk=pk)
