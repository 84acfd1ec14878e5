"""Board screens kept with scoring: the programs, their meetings, the commitments.

A meeting's own page (recording its decisions) and its packet run the proposals' life cycle: they are
served from the `decisions` URL namespace, under the same /evaluation/ addresses.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Prefetch
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from core import access
from grants.models import Call, Program

from ..forms.decisions import MeetingForm
from ..services import decisions as services
from .access import require


def _program(request, pk, perm):
    program = get_object_or_404(Program, pk=pk)
    require(request.user, perm, program)
    return program


@login_required
def programs(request):
    queryset = Program.objects.order_by("code").prefetch_related(
        Prefetch("calls", queryset=Call.objects.order_by("-opens_at")))
    readers = access.visible_program_ids(request.user, *access.STAFF)  # None: every program (admin)
    if readers is not None:
        queryset = queryset.filter(pk__in=readers)
    # Scenarios are the analysts' and managers'; the board sees meetings and commitments.
    analysis = access.visible_program_ids(request.user, *access.ANALYSIS)
    entries = [(program, analysis is None or program.pk in analysis) for program in queryset]
    return render(request, "scoring/decision_programs.html", {"entries": entries})


@login_required
@require_http_methods(["GET", "POST"])
def meeting_list(request, program_pk):
    program = _program(request, program_pk, "scoring.manage_meetings")
    form = MeetingForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        meeting = services.create_meeting(program, request.user, **form.cleaned_data)
        messages.success(request, _("La séance est créée."))
        return redirect("decisions:meeting_detail", pk=meeting.pk)
    return render(request, "scoring/meeting_list.html", {
        "program": program, "form": form, "meetings": program.board_meetings.all(),
    })


@login_required
def commitments(request, program_pk):
    program = _program(request, program_pk, "scoring.view_commitments")
    return render(request, "scoring/commitments.html", {"program": program, **services.commitments(program)})
