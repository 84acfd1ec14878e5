"""A proposal's documents through the API: the page's upload checks, its download rule and access log."""

from django.http import Http404
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import serializers, status
from rest_framework.decorators import action
from rest_framework.response import Response

from core import access_log
from core.api import FileNegotiation
from core.errors import NotFound
from grants import selectors as grants_selectors
from grants.api.proposals import AttachmentSerializer
from grants.forms.attachments import AttachmentForm
from grants.services import attachments as service
from grants.services.proposals import require_editable
from grants.upload_handlers import limit_upload_size, report_oversized

from .proposal_common import ERRORS, WRITE_ERRORS

ATTACHMENT = r"attachments/(?P<attachment_pk>[0-9]+)"


class ProposalAttachmentUploadSerializer(serializers.Serializer):
    """The multipart body of an upload (read by the page's form, grants.forms.attachments)."""

    kind = serializers.IntegerField(help_text="An attachment type id (the call's required ones first).")
    file = serializers.FileField(help_text="PDF, DOCX, XLSX, ODT, ODS, PNG or JPEG; its content must match.")


def _attachment(user, proposal_pk, pk):
    try:
        return grants_selectors.attachment_for_viewer(user, proposal_pk, pk)
    except Http404:
        raise NotFound(_("Document introuvable.")) from None


class ProposalAttachmentsMixin:
    def initial(self, request, *args, **kwargs):
        # The size check must be in place before anything (the CSRF check included) reads the body.
        if self.action == "add_attachment":
            self.upload_limiter = limit_upload_size(request._request)
        super().initial(request, *args, **kwargs)

    @extend_schema(summary="Joindre un document", request={"multipart/form-data": ProposalAttachmentUploadSerializer},
                   responses={201: AttachmentSerializer, **WRITE_ERRORS})
    @action(detail=True, methods=["post"], url_path="attachments", url_name="attachments")
    def add_attachment(self, request, pk=None):
        proposal = self.get_object()
        require_editable(proposal, request.user)
        form = AttachmentForm(request.data, request.FILES, call=proposal.call)
        report_oversized(form, getattr(self, "upload_limiter", None))
        if not form.is_valid():
            raise serializers.ValidationError({name: list(messages) for name, messages in form.errors.items()})
        attachment = service.add_attachment(proposal, request.user, kind=form.cleaned_data["kind"],
                                            uploaded=form.cleaned_data["file"])
        return Response(AttachmentSerializer(attachment, context=self.get_serializer_context()).data,
                        status=status.HTTP_201_CREATED)

    @extend_schema(summary="Retirer un document", request=None,
                   responses={204: OpenApiResponse(description="Retiré."), **WRITE_ERRORS})
    @action(detail=True, methods=["delete"], url_path=ATTACHMENT, url_name="attachment")
    def remove_attachment(self, request, pk=None, attachment_pk=None):
        proposal = self.get_object()
        attachment = _attachment(request.user, proposal.pk, attachment_pk)
        require_editable(proposal, request.user)
        service.delete_attachment(attachment, request.user)
        return Response(status=status.HTTP_204_NO_CONTENT)

    @extend_schema(summary="Télécharger un document", request=None,
                   responses={(200, "*/*"): OpenApiTypes.BINARY, 404: ERRORS[404]})
    @action(detail=True, methods=["get"], url_path=f"{ATTACHMENT}/download", url_name="attachment-download",
            content_negotiation_class=FileNegotiation)
    def download_attachment(self, request, pk=None, attachment_pk=None):
        """The file itself, for whoever may read the proposal; each reading is written to the access log."""
        attachment = _attachment(request.user, pk, attachment_pk)
        access_log.record(request.user, attachment, attachment.proposal.call.program_id,
                          access_log.What.ATTACHMENT)
        return service.open_for_download(attachment)
