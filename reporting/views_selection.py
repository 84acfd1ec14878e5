"""Exporting the proposals selected in the analyst queue (workflow.bulk): the export service's file, for
the ticked proposals or every one matching the queue's filters, within what the person may export.

Posted from the bulk page: CSV is the proposals' table, XLSX every table of those proposals. A small
export streams at once; a large one goes to its job's page (reporting.views_exports), like any export.
"""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect
from django.utils import translation
from django.views.decorators.http import require_POST

from core.replica import from_replica
from workflow.bulk.selection import Selection

from .exports import service
from .models import ExportJob
from .views_exports import _streamed


@login_required
@require_POST
@from_replica
def selection_export(request):
    if not request.user.has_perm("reporting.export"):
        raise PermissionDenied
    selection = Selection.from_request(request.user, request.POST)
    if selection is None:
        raise Http404
    fmt = request.POST.get("format") if request.POST.get("format") in ExportJob.Format.values else "csv"
    job = service.request_export(
        request.user, table="demandes" if fmt == ExportJob.Format.CSV else "", fmt=fmt,
        filters={"program": selection.program.pk, "proposals": selection.proposal_ids(request.user)},
        language=translation.get_language() or "fr")
    if job.state == ExportJob.State.STREAMED:
        return _streamed(job)
    return redirect("reporting:export_job", pk=job.pk)
