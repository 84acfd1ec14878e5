"""A board meeting's page (recording its decisions through the proposals' life cycle) and its packet.

Served under /evaluation/ with scoring's board screens (namespace "decisions"); the templates are
scoring's. Refusals follow scoring's rule: 403 for the program's staff, 404 for everybody else.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from core.typography import labelled
from scoring.forms.decisions import NO_DECISION, DecisionForm, decision_forms
from scoring.models import BoardMeeting
from scoring.services.decisions import meeting_proposals
from scoring.views.access import require

from .. import decisions, packet


def _meeting(request, pk, perm):
    meeting = get_object_or_404(BoardMeeting.objects.select_related("program"), pk=pk)
    require(request.user, perm, meeting)
    return meeting


@login_required
@require_http_methods(["GET", "POST"])
def meeting_detail(request, pk):
    meeting = _meeting(request, pk, "scoring.view_packet")
    proposals = list(meeting_proposals(meeting))
    pending = [proposal for proposal in proposals if not hasattr(proposal, "decision")]
    may_record = request.user.has_perm("scoring.record_decisions", meeting)
    if request.method == "POST" and not may_record:
        require(request.user, "scoring.record_decisions", meeting)  # 403: staff who do not decide
    forms = decision_forms(pending, request.POST if request.method == "POST" else None) if may_record else []
    if request.method == "POST" and all(form.is_valid() for form in forms):
        results = decisions.record_many(meeting, request.user, _entries(forms))
        for result in results:
            level = messages.success if result.ok else messages.error
            level(request, labelled(result.proposal.title, result.message))
        if not results:
            messages.warning(request, _("Aucune décision indiquée."))
        return redirect("decisions:meeting_detail", pk=meeting.pk)
    return render(request, "scoring/meeting_detail.html", {
        "meeting": meeting, "program": meeting.program, "forms": forms, "may_record": may_record,
        "decided": [proposal for proposal in proposals if hasattr(proposal, "decision")],
        "pending": pending,
    })


def _entries(forms: list[DecisionForm]):
    return [decisions.Entry(form.proposal, form.cleaned_data["outcome"], form.cleaned_data["amount_granted"],
                            form.cleaned_data["resolution_number"], form.cleaned_data["conditions"],
                            form.cleaned_data["comment"])
            for form in forms if form.cleaned_data["outcome"] != NO_DECISION]


@login_required
def meeting_packet(request, pk):
    meeting = _meeting(request, pk, "scoring.view_packet")
    response = HttpResponse(packet.render_pdf(meeting), content_type="application/pdf")
    name = slugify(f"cahier-{meeting.date:%Y-%m-%d}-{meeting.title}")[:80] or "cahier"
    response["Content-Disposition"] = f'attachment; filename="{name}.pdf"'
    return response
