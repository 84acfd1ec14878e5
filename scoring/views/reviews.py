"""Reviewer screens: my assignments, the conflict declaration, the review form and the proposal's
attachments, others' reviews.

A reviewer reaches a proposal only through their assignment: pending, the declaration page (who applies
and with whom, never the content); active with no conflict detected, the proposal, its attachments and
the review. Anything else (recused, cancelled, unassigned, conflicted) is a 404, as for an outsider.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_http_methods

from core import access_log, links
from core.errors import Conflict, InvalidInput
from core.typography import labelled
from grants.answers import answer_rows
from grants.models import Attachment, Proposal
from grants.services import attachments as attachment_files

from .. import aggregation, conflicts, queries, reviewer_page
from ..forms.reviews import DeclarationForm, ReviewForm
from ..models import Review, ReviewerAssignment
from ..services import assignments as assignment_services
from ..services import reviews as review_services
from .access import may_read_reviews_or_refuse, open_assignment_or_404, reviewing_assignment_or_404

SUBMITTED_MESSAGE = _("Cette évaluation est déposée : elle ne peut plus être modifiée.")


def _save_draft(review, user, form):
    data = form.cleaned_data
    return review_services.save_draft(review, user, scores=form.answers(), overall_comment=data["overall_comment"],
                                      recommendation=data["recommendation"],
                                      suggested_amount=data["suggested_amount"])


def _started(assignment, user):
    """The reviewer's draft, created on the first save, with its scores for the form."""
    review = review_services.start_review(assignment, user)
    return Review.objects.prefetch_related("scores__criterion__axis").get(pk=review.pk)


def _proposal(pk):
    return get_object_or_404(Proposal.objects.select_related("call__program", "organisation", "primary_axis"),
                             pk=pk)


@login_required
def my_reviews(request):
    """The reviewer's assignments: a count and the next due date per group, one page of the group shown."""
    counts = reviewer_page.tallies(request.user)
    group = reviewer_page.chosen(request.GET.get("groupe", ""), counts)
    assignments = reviewer_page.page(request.user, group, after=request.GET.get("apres", ""),
                                     before=request.GET.get("avant", ""))
    # A tie found after the assignment: the row says so instead of offering a link that would be refused.
    conflicted = conflicts.conflicted_proposal_ids(
        request.user, Proposal.objects.filter(pk__in=[a.proposal_id for a in assignments]))
    declare, review = links.address_of("scoring:coi_declare"), links.address_of("scoring:review")
    for assignment in assignments:
        assignment.conflicted = assignment.proposal_id in conflicted
        assignment.url = (declare(assignment.pk) if assignment.state == ReviewerAssignment.State.PENDING
                          else review(assignment.proposal_id))
    return render(request, "scoring/review_list.html", {
        "tallies": counts, "group": group, "assignments": assignments, "today": timezone.localdate()})


@login_required
@require_http_methods(["GET", "POST"])
def declare(request, pk):
    assignment = get_object_or_404(ReviewerAssignment.objects.select_related("proposal__organisation",
                                                                             "proposal__call"),
                                   pk=pk, reviewer=request.user)
    proposal = assignment.proposal
    open_assignment_or_404(request.user, proposal)
    if assignment.state == ReviewerAssignment.State.ACTIVE:
        return redirect("scoring:review", pk=proposal.pk)
    form = DeclarationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        recuse = form.cleaned_data["decision"] == "recuse"
        try:
            assignment_services.declare(assignment, request.user, has_conflict=recuse,
                                        reason=form.cleaned_data["reason"])
        except (Conflict, InvalidInput) as refusal:
            form.add_error(None, refusal.message)
        else:
            if recuse:
                messages.success(request, _("Votre récusation est enregistrée. Cette demande ne vous est plus assignée."))
                return redirect("scoring:my_reviews")
            return redirect("scoring:review", pk=proposal.pk)
    # Only what a reviewer needs to recognise a conflict: who applies and with whom, never the content.
    return render(request, "scoring/coi_declare.html", {
        "assignment": assignment, "proposal": proposal, "form": form,
        "partners": proposal.partners.select_related("organisation"),
    })


def _with_answers(criteria, proposal):
    """Each criterion that refers to a question of the call carries the proposal's answer to it, shown
    beside it (two queries, whatever their number)."""
    if not any(criterion.question_id for criterion in criteria):
        return
    rows = {row.question.pk: row for row in answer_rows(proposal)}
    for criterion in criteria:
        criterion.answer_row = rows.get(criterion.question_id)


@login_required
@require_http_methods(["GET", "POST"])
def review(request, pk):
    proposal = _proposal(pk)
    assignment = open_assignment_or_404(request.user, proposal)
    if assignment.state == ReviewerAssignment.State.PENDING:
        return redirect("scoring:coi_declare", pk=assignment.pk)
    try:
        # GET only reads (an unsaved draft if none yet); the first save creates the draft.
        if request.method == "POST":
            current, scores = _started(assignment, request.user), None
        else:
            current, scores = review_services.open_review(assignment, request.user)
    except (Conflict, InvalidInput) as refusal:
        return render(request, "scoring/review_unavailable.html", {"proposal": proposal, "error": refusal},
                      status=409)
    if request.method == "GET":
        access_log.record(request.user, proposal, proposal.call.program_id, access_log.What.REVIEW)
    form = ReviewForm(request.POST or None, review=current, scores=scores)
    _with_answers(form.criteria, proposal)
    problems = []
    if request.method == "POST" and current.is_submitted:
        problems = [SUBMITTED_MESSAGE]
    elif request.method == "POST" and form.is_valid():
        try:
            _save_draft(current, request.user, form)
            if "submit" in request.POST:
                review_services.submit(current, request.user)
                messages.success(request, _("Votre évaluation est déposée."))
            else:
                messages.success(request, _("Brouillon enregistré."))
            return redirect("scoring:review", pk=proposal.pk)
        except (Conflict, InvalidInput) as refusal:
            problems = refusal.messages
    return render(request, "scoring/review_form.html", {
        "proposal": proposal, "review": current, "form": form, "problems": problems,
        "can_see_others": request.user.has_perm("scoring.view_proposal_reviews", proposal),
        "attachments": proposal.attachments.select_related("kind"),
    })


@login_required
@require_http_methods(["POST"])
def autosave(request, pk):
    """htmx: save the draft when a field changes; answers with a status line, never a redirect."""
    proposal = _proposal(pk)
    assignment = reviewing_assignment_or_404(request.user, proposal)
    try:
        current = _started(assignment, request.user)
    except (Conflict, InvalidInput) as refusal:
        return render(request, "scoring/review_autosave.html", {"review": None, "problems": refusal.messages})
    form = ReviewForm(request.POST, review=current)
    problems = []
    if current.is_submitted:
        problems = [SUBMITTED_MESSAGE]
    elif not form.is_valid():
        problems = [labelled(form.fields[name].label, " ".join(errors)) for name, errors in form.errors.items()]
    else:
        try:
            current = _save_draft(current, request.user, form)
        except (Conflict, InvalidInput) as refusal:
            problems = refusal.messages
    return render(request, "scoring/review_autosave.html", {"review": current, "problems": problems})


@login_required
def proposal_reviews(request, pk):
    """Every submitted review of a proposal: staff always, a reviewer once theirs is submitted."""
    proposal = _proposal(pk)
    # Staff tied to the applicant are refused too: a conflict is about the person, not the role.
    may_read_reviews_or_refuse(request.user, proposal)
    access_log.record(request.user, proposal, proposal.call.program_id, access_log.What.REVIEWS)
    submitted = list(queries.reviews_of(proposal))
    summary = aggregation.summarise(item.weighted_total for item in submitted)
    axis_means = aggregation.axis_means(item.axis_scores for item in submitted)
    axes = {axis.pk: axis for axis in proposal.call.program.axes.all()}
    return render(request, "scoring/review_results.html", {
        "proposal": proposal, "reviews": submitted, "summary": summary,
        "threshold": aggregation.DISAGREEMENT_THRESHOLD,
        "axis_means": [(axes[axis_id], value) for axis_id, value in sorted(axis_means.items()) if axis_id in axes],
    })


@login_required
def attachment(request, pk, attachment_pk):
    """A document of the proposal, for its reviewer: allowed exactly when the review page is."""
    proposal = _proposal(pk)
    reviewing_assignment_or_404(request.user, proposal)
    found = Attachment.objects.filter(pk=attachment_pk, proposal=proposal).first()
    if found is None:
        raise Http404
    access_log.record(request.user, found, proposal.call.program_id, access_log.What.ATTACHMENT)
    return attachment_files.open_for_download(found)
