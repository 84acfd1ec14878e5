"""The versions of one proposal and what changed between two of them (staff: who sees its staff page)."""

from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import render
from django.views.decorators.http import require_GET

from core import access_log
from grants.models import Proposal
from workflow import versions


def _number(request, name):
    value = request.GET.get(name, "").strip()
    return int(value) if value.isdigit() else (None if value == "" else -1)


@login_required
@require_GET
def compare(request, pk):
    proposal = (Proposal.objects.select_related("call").only("title", "reference", "state", "organisation_id",
                                                             "program_id", "call__program_id")
                .filter(pk=pk).first())
    if proposal is None or not request.user.has_perm("workflow.view_proposal_as_staff", proposal):
        raise Http404
    # The versions name the project lead and the contact person: a read of personal information.
    access_log.record(request.user, proposal, proposal.call.program_id, access_log.What.PROPOSAL_STAFF)
    comparison = versions.compare(proposal.pk, _number(request, "a"), _number(request, "b"))
    return render(request, "workflow/versions.html", {"proposal": proposal, "comparison": comparison})
