"""The conversation's two addresses: post a message (from the applicant's or the staff page), read a file."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core import access_log
from core.errors import Refusal
from grants import rules, selectors, thread_selectors
from grants.forms.thread import MessageForm
from grants.services import thread as service
from grants.services.attachments import open_for_download
from grants.upload_handlers import report_oversized, with_upload_limit


def _back(request, proposal):
    """The page the form was on, else the person's own page of the proposal."""
    wanted = request.POST.get("next", "")
    if wanted and url_has_allowed_host_and_scheme(wanted, {request.get_host()}, request.is_secure()):
        return wanted.split("#")[0]
    if rules.is_member(request.user, proposal):
        return reverse("proposal_detail", args=[proposal.pk])
    return reverse("workflow:detail", args=[proposal.pk])


@with_upload_limit
@login_required
@require_POST
def post(request, pk):
    proposal = selectors.proposal_for_viewer(request.user, pk)
    # The predicates themselves, not has_perm: Django grants every permission to a superuser, and even an
    # admin has nobody to write to on a draft.
    visibilities = rules.writable_visibilities(request.user, proposal)
    if not visibilities:
        raise PermissionDenied
    form = MessageForm(request.POST, request.FILES, visibilities=visibilities)
    report_oversized(form, request.upload_limiter)
    back = _back(request, proposal)
    if form.is_valid():
        try:
            message = service.post_message(proposal, request.user, body=form.cleaned_data["body"],
                                           visibility=form.cleaned_data["visibility"],
                                           uploaded=form.cleaned_data["file"] or None)
        except ValidationError as error:
            form.add_error("file", error)
        except Refusal as refusal:
            form.add_error(None, refusal.message)
        else:
            messages.success(request, _("Votre message est envoyé."))
            return redirect(f"{back}#message-{message.pk}")
    # What the person wrote comes back with the errors; only the file must be chosen again.
    return render(request, "grants/thread/retry.html", {"proposal": proposal, "form": form, "next": back},
                  status=400)


@login_required
def download(request, pk, message_pk, file_pk):
    stored = thread_selectors.message_file_for_viewer(request.user, pk, message_pk, file_pk)
    access_log.record(request.user, stored, stored.message.proposal.call.program_id, access_log.What.ATTACHMENT)
    return open_for_download(stored)
