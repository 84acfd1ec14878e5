"""Board screens: the programs, their meetings, recording decisions, the packet PDF, the commitments."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Prefetch
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from grants import roles
from grants.models import Call, Program

from .. import packet
from ..decision_forms import NO_DECISION, DecisionForm, MeetingForm, decision_forms
from ..models import BoardMeeting
from ..permissions import DECISION_READERS, STAFF_ROLES, staff_or_404
from ..services import decisions as services
from ..services.decisions import Entry


def _program(request, pk, perm):
    program = get_object_or_404(Program, pk=pk)
    staff_or_404(request.user, program, perm)
    return program


def _meeting(request, pk, perm):
    meeting = get_object_or_404(BoardMeeting.objects.select_related("program"), pk=pk)
    staff_or_404(request.user, meeting, perm)
    return meeting


@login_required
def programs(request):
    queryset = Program.objects.order_by("code").prefetch_related(
        Prefetch("calls", queryset=Call.objects.order_by("-opens_at")))
    if not request.user.is_superuser:
        queryset = queryset.filter(pk__in=roles.program_ids_with_role(request.user, *DECISION_READERS))
    # Scenarios are the analysts' and managers' (scoring staff); the board sees meetings and commitments.
    staff_ids = roles.program_ids_with_role(request.user, *STAFF_ROLES)
    entries = [(program, request.user.is_superuser or program.pk in staff_ids) for program in queryset]
    return render(request, "scoring/decision_programs.html", {"entries": entries})


@login_required
@require_http_methods(["GET", "POST"])
def meeting_list(request, program_pk):
    program = _program(request, program_pk, "scoring.manage_meetings")
    form = MeetingForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        meeting = services.create_meeting(program, request.user, **form.cleaned_data)
        messages.success(request, _("La séance est créée."))
        return redirect("scoring:meeting_detail", pk=meeting.pk)
    return render(request, "scoring/meeting_list.html", {
        "program": program, "form": form, "meetings": program.board_meetings.all(),
    })


@login_required
@require_http_methods(["GET", "POST"])
def meeting_detail(request, pk):
    meeting = _meeting(request, pk, "scoring.view_packet")
    proposals = list(services.meeting_proposals(meeting))
    pending = [proposal for proposal in proposals if not hasattr(proposal, "decision")]
    may_record = request.user.has_perm("scoring.record_decisions", meeting)
    forms = decision_forms(pending, request.POST if request.method == "POST" else None) if may_record else []
    if request.method == "POST":
        if not may_record:
            staff_or_404(request.user, meeting, "scoring.record_decisions")
        if all(form.is_valid() for form in forms):
            results = services.record_many(meeting, request.user, _entries(forms))
            for result in results:
                level = messages.success if result.ok else messages.error
                level(request, f"{result.proposal.title} : {result.message}")
            if not results:
                messages.warning(request, _("Aucune décision indiquée."))
            return redirect("scoring:meeting_detail", pk=meeting.pk)
    return render(request, "scoring/meeting_detail.html", {
        "meeting": meeting, "program": meeting.program, "forms": forms, "may_record": may_record,
        "decided": [proposal for proposal in proposals if hasattr(proposal, "decision")],
        "pending": pending,
    })


def _entries(forms: list[DecisionForm]):
    return [Entry(form.proposal, form.cleaned_data["outcome"], form.cleaned_data["amount_granted"],
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


@login_required
def commitments(request, program_pk):
    program = _program(request, program_pk, "scoring.view_commitments")
    return render(request, "scoring/commitments.html", {"program": program, **services.commitments(program)})
