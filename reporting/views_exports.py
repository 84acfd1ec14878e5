"""Staff exports and printable files. Thin: reporting.exports reads and writes, reporting.pdf prints.

- the export page (analysts, managers, admins; 403 for anyone else signed in): what can be exported,
  filters, the person's recent exports; posting it streams a small file or sends to the job's page;
- a job's page (its requester only, 404 for anybody else) polls its progress with htmx and links to
  the file when it is ready;
- an application or a report as a PDF, for whoever may open its page (404 otherwise), access-logged
  like the page, in the reader's language.
"""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, HttpResponse, StreamingHttpResponse
from django.shortcuts import redirect, render
from django.utils import translation
from django.utils.cache import patch_cache_control
from django.views.decorators.http import require_GET, require_http_methods

from accountability import selectors as accountability_selectors
from core import access_log
from core.replica import from_replica
from grants import selectors as grants_selectors
from workflow import versions as workflow_versions

from . import pdf
from .exports import service
from .exports.forms import ExportForm
from .exports.tables import TABLES
from .models import ExportJob

Format = ExportJob.Format


def _private(response, file_name, disposition="attachment"):
    """A confidential file: never kept by a shared cache, never by the browser."""
    response["Content-Disposition"] = f'{disposition}; filename="{file_name}"'
    patch_cache_control(response, private=True, no_store=True)
    return response


def _page(request, form, status=200):
    return render(request, "reporting/exports/index.html", {
        "form": form, "tables": TABLES.values(), "jobs": service.recent_jobs(request.user),
        "sync_max": service.sync_max()}, status=status)


def _streamed(job):
    if job.format == Format.CSV:
        response = StreamingHttpResponse(service.stream_csv(job), content_type=service.CONTENT_TYPES[job.format])
    else:
        # openpyxl writes the workbook in write-only mode into a temporary file, streamed from disk.
        response = FileResponse(service.xlsx_file(job), content_type=service.CONTENT_TYPES[job.format])
    return _private(response, job.file_name)


@login_required
@require_http_methods(["GET", "POST"])
@from_replica  # the rows of an export, streamed ones included, come from the replica when there is one
def export_page(request):
    if not request.user.has_perm("reporting.export"):
        raise PermissionDenied
    if request.method == "GET":
        return _page(request, ExportForm(request.user))
    form = ExportForm(request.user, request.POST)
    if not form.is_valid():
        return _page(request, form, status=400)
    job = service.request_export(request.user, table=form.cleaned_data["table"], fmt=form.cleaned_data["format"],
                                 filters=form.filters(), language=translation.get_language() or "fr")
    if job.state == ExportJob.State.STREAMED:
        return _streamed(job)
    return redirect("reporting:export_job", pk=job.pk)


@login_required
@require_GET
def export_job(request, pk):
    job = service.job_for(request.user, pk)
    template = "reporting/exports/_job_status.html" if request.htmx else "reporting/exports/job.html"
    response = render(request, template, {"job": job, "table": TABLES.get(job.table)})
    patch_cache_control(response, private=True, no_store=True)
    return response


@login_required
@require_GET
def export_file(request, pk):
    job = service.file_for(request.user, pk)
    content_type = service.CONTENT_TYPES[job.format]
    return _private(FileResponse(job.file.open("rb"), content_type=content_type), job.file_name)


def _pdf(content, file_name):
    return _private(HttpResponse(content, content_type="application/pdf"), file_name, disposition="inline")


@login_required
@require_GET
def proposal_pdf(request, pk):
    proposal = grants_selectors.proposal_detail(request.user, pk)  # 404 unless the person sees its page
    access_log.record(request.user, proposal, proposal.call.program_id, access_log.What.PROPOSAL)
    # Once decided, the application the board decided on (workflow.versions), else the live one.
    printed = workflow_versions.as_decided(proposal)
    return _pdf(pdf.proposal_pdf(printed, translation.get_language()), pdf.file_name("demande", proposal))


@login_required
@require_GET
def report_pdf(request, pk):
    report = accountability_selectors.report_for(request.user, pk)  # 404 unless the person sees its page
    proposal = report.agreement.proposal
    access_log.record(request.user, report, proposal.call.program_id, access_log.What.REPORT)
    return _pdf(pdf.report_pdf(report, translation.get_language()), pdf.file_name("rapport", proposal))
