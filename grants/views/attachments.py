from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core import access_log
from core.errors import Unavailable
from grants import selectors
from grants.forms.attachments import AttachmentForm
from grants.services import attachments as service
from grants.services.errors import ServiceRefused
from grants.upload_handlers import report_oversized, with_upload_limit

from .steps import render_step


@with_upload_limit
@login_required
@require_POST
def upload(request, pk):
    proposal = selectors.proposal_for_editor(request.user, pk)
    form = AttachmentForm(request.POST, request.FILES, call=proposal.call)
    report_oversized(form, request.upload_limiter)
    if not form.is_valid():
        return render_step(request, proposal, "pieces-jointes", upload_form=form, status=400)
    try:
        attachment = service.add_attachment(proposal, request.user, kind=form.cleaned_data["kind"],
                                            uploaded=form.cleaned_data["file"])
    except ServiceRefused as refusal:
        messages.error(request, refusal.message)
        return redirect("proposal_detail", pk=pk)
    except Unavailable as refusal:  # the file storage: the form again, to try once it is back
        form.add_error(None, refusal.message)
        return render_step(request, proposal, "pieces-jointes", upload_form=form, status=refusal.http_status)
    messages.success(request, _("« %(name)s » est ajouté.") % {"name": attachment.original_name})
    return redirect("proposal_step", pk=pk, slug="pieces-jointes")


@login_required
@require_POST
def delete(request, pk, attachment_pk):
    selectors.proposal_for_editor(request.user, pk)
    attachment = selectors.attachment_for_viewer(request.user, pk, attachment_pk)
    try:
        service.delete_attachment(attachment, request.user)
    except ServiceRefused as refusal:
        messages.error(request, refusal.message)
        return redirect("proposal_detail", pk=pk)
    messages.success(request, _("« %(name)s » est retiré.") % {"name": attachment.original_name})
    return redirect("proposal_step", pk=pk, slug="pieces-jointes")


@login_required
def download(request, pk, attachment_pk):
    """The only way to a stored file: checked per object, streamed, never shown inline."""
    attachment = selectors.attachment_for_viewer(request.user, pk, attachment_pk)
    access_log.record(request.user, attachment, attachment.proposal.call.program_id, access_log.What.ATTACHMENT)
    return service.open_for_download(attachment)
