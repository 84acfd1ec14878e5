"""The analyst's assignment page for one proposal: manual assignment, suggestion, cancellation."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from core.errors import Conflict, InvalidInput
from grants.models import Proposal

from .. import conflicts, queries
from ..forms.reviews import AssignForm, TieForm
from ..models import ReviewerAssignment
from ..services import assignments as services
from .access import require


@login_required
@require_http_methods(["GET", "POST"])
def assignments(request, pk):
    proposal = get_object_or_404(
        queries.with_review_stats(Proposal.objects.select_related("call__program", "organisation")), pk=pk)
    require(request.user, "scoring.manage_assignments", proposal)
    candidates = services.candidates(proposal)
    action = request.POST.get("action")
    form = AssignForm(request.POST if action == "assign" else None, candidates=candidates)
    tie_form = TieForm(request.POST if action == "tie" else None, reviewers=services.eligible_reviewers(proposal),
                       organisation_ids=conflicts.tied_organisation_ids(proposal))
    if request.method == "POST":
        try:
            done = _act(request, proposal, form, tie_form)
        except (Conflict, InvalidInput) as refusal:
            for message in refusal.messages:
                messages.error(request, message)
            done = True
        if done:
            return redirect("scoring:assignments", pk=proposal.pk)
    current = (ReviewerAssignment.objects.filter(proposal=proposal)
               .exclude(state=ReviewerAssignment.State.CANCELLED)
               .select_related("reviewer", "declaration", "review"))
    conflicted = services.eligible_reviewers(proposal).filter(pk__in=conflicts.conflicted_user_ids(proposal))
    return render(request, "scoring/assignment_page.html", {
        "proposal": proposal, "assignments": current, "form": form, "conflicted": conflicted,
        "suggestion": services.suggest(proposal, proposal.call.required_reviews or 2, candidates),
        "candidates": candidates, "tie_form": tie_form,
    })


def _act(request, proposal, form, tie_form):
    """Run the posted action; False when a form has errors to show."""
    action = request.POST.get("action")
    if action == "assign":
        if not form.is_valid():
            return False
        assignment = services.assign(proposal, form.cleaned_data["reviewer"], request.user,
                                     due_on=form.cleaned_data["due_on"])
        messages.success(request, _("%(name)s est assigné·e à cette demande.")
                         % {"name": assignment.reviewer.get_full_name()})
    elif action == "suggest":
        made = services.accept_suggestion(proposal, request.user, count=proposal.call.required_reviews or 2)
        messages.success(request, _("%(count)s assignation(s) créée(s) selon la suggestion.") % {"count": len(made)})
    elif action == "tie":
        if not tie_form.is_valid():
            return False
        data = tie_form.cleaned_data
        tie = services.record_tie(data["reviewer"], data["organisation"], request.user, note=data["note"])
        messages.success(request, _("Lien consigné : %(name)s ne pourra pas évaluer les demandes de « %(org)s ».")
                         % {"name": tie.reviewer.get_full_name(), "org": tie.organisation})
    elif action == "cancel":
        assignment = get_object_or_404(ReviewerAssignment, pk=request.POST.get("assignment"), proposal=proposal)
        services.cancel(assignment, request.user)
        messages.success(request, _("L'assignation est annulée."))
    return True
