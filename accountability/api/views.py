"""The accountability API: agreements, tranches and reports, scoped exactly like their pages.

Applicants see their organisations' objects, program staff (analyst, board, manager) their programs';
anybody else gets an empty list, and an object they may not see is a JSON 404. Each write checks the
page's permission on the visible object (403), parses its body (400), then calls the page's service
(accountability.services), whose refusals answer 400 (a value) or 409 (the object's state).
Accepting or sending back a report spans apps: workflow.api.reports.
"""

from django.db.models import Prefetch
from django.http import FileResponse
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import parsers, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from accountability import selectors, services
from accountability.models import Agreement, PaymentTranche, Report
from accountability.rules import allowed
from core import access_log
from core.api import AccessLoggedRetrieve, ErrorSerializer, FileNegotiation
from core.errors import Forbidden, InvalidInput
from grants.upload_handlers import limit_upload_size
from grants.uploads import too_large_message

from .filters import AgreementFilter, ReportFilter, TrancheFilter
from .serializers import (
    AccountabilityCommentSerializer,
    AgreementSerializer,
    AgreementSignatureSerializer,
    ReportAttachmentUploadSerializer,
    ReportMissingSerializer,
    ReportSerializer,
    ReportUpdateSerializer,
    TrancheDetailSerializer,
    TranchePaymentSerializer,
)

NOT_FOUND = OpenApiResponse(ErrorSerializer, description="Introuvable ou invisible pour vous.")
ERRORS = {
    400: OpenApiResponse(ErrorSerializer, description="Valeur manquante ou refusée (date, fichier, montant…)."),
    403: OpenApiResponse(ErrorSerializer, description="Visible, mais cette action revient à un autre rôle."),
    404: NOT_FOUND,
    409: OpenApiResponse(ErrorSerializer, description="L'état de l'objet ne permet pas cette action."),
}
SCOPE = ("Applicants: their organisations' {what}; program staff (analyst, board, manager): their programs' "
         "{what}; everybody else: none.")
ATTACHMENT = OpenApiParameter("attachment_pk", OpenApiTypes.INT, OpenApiParameter.PATH,
                              description="Attachment id.")
UPLOADS = [parsers.MultiPartParser, parsers.FormParser, parsers.JSONParser]
# What the lists show of a project (serializers.ProposalBriefSerializer): never its long texts.
PROPOSAL_BRIEF = ("reference", "title", "state", "organisation__legal_name", "call__title", "call__program__code")
PROPOSAL_PATH = ("proposal__call__program", "proposal__organisation")
REPORT_COLUMNS = ("agreement", "kind", "order", "due_on", "state", "narrative", "objectives_progress",
                  "participants_women", "participants_men", "participants_other", "submitted_at", "accepted_at",
                  "review_comment", "updated_at")
TRANCHE_COLUMNS = ("agreement", "order", "amount", "condition", "due_on", "state", "report", "payable_at", "paid_on",
                   "payment_reference")


def require(user, permission, obj):
    """The page's permission on an object the person sees: a 403 before any value is read."""
    if not allowed(user, permission, obj):
        raise Forbidden()


def body(serializer_class, request):
    serializer = serializer_class(data=request.data)
    serializer.is_valid(raise_exception=True)
    return serializer


class ScopedViewSet(AccessLoggedRetrieve, viewsets.ReadOnlyModelViewSet):
    lookup_value_regex = r"[0-9]+"  # a malformed id is a JSON 404, never a 500
    upload_actions = ()

    def initial(self, request, *args, **kwargs):
        # The pages' streaming size check, in place before anything (the CSRF check too) reads the body.
        if self.action in self.upload_actions:
            self.upload_limiter = limit_upload_size(request._request)
        super().initial(request, *args, **kwargs)

    def upload_body(self, serializer_class, request):
        """The parsed body of an upload; a file dropped for its size is a 400 naming its field, never a
        write without it."""
        serializer = serializer_class(data=request.data)  # parsing the body is what fills the limiter
        dropped = getattr(self, "upload_limiter", None) and self.upload_limiter.too_large
        if dropped:
            raise InvalidInput(too_large_message(), details={name: [str(too_large_message())] for name in dropped})
        serializer.is_valid(raise_exception=True)
        return serializer


@extend_schema_view(
    list=extend_schema(summary="Conventions visibles", description=SCOPE.format(what="agreements")),
    retrieve=extend_schema(summary="Une convention, ses versements et ses rapports",
                           responses={200: AgreementSerializer, 404: NOT_FOUND}),
)
class AgreementViewSet(ScopedViewSet):
    """Agreements (conventions d'aide financière), their tranches and report schedule."""

    @staticmethod
    def program_id_of(obj):
        return obj.proposal.call.program_id

    serializer_class = AgreementSerializer
    queryset = Agreement.objects.none()  # for the schema's types; get_queryset scopes the real one
    not_found_message = _("Convention introuvable.")
    filterset_class = AgreementFilter
    ordering = ("-created_at", "-id")
    upload_actions = ("signature",)

    def get_queryset(self):
        agreements = selectors.agreements_with_schedule(self.request.user)
        if self.action != "list":
            return agreements
        # The schedule's reports without their texts (serializers.ScheduledReportSerializer).
        schedule = Report.objects.only("agreement", "kind", "order", "due_on", "state").order_by("due_on", "id")
        return (agreements.select_related(None).select_related(*PROPOSAL_PATH)
                .only("amount_granted", "starts_on", "ends_on", "conditions", "signed_on", "created_at",
                      *(f"proposal__{column}" for column in PROPOSAL_BRIEF))
                .prefetch_related(None)
                .prefetch_related(Prefetch("tranches", queryset=PaymentTranche.objects.only(
                    *TRANCHE_COLUMNS).order_by("order")), Prefetch("reports", queryset=schedule)))

    @extend_schema(summary="Consigner la signature", request={"multipart/form-data": AgreementSignatureSerializer,
                                                               "application/json": AgreementSignatureSerializer},
                   description="Analyst or manager of the program, or admin: the signature date and the "
                               "signed copy (optional); the tranches due at signature become payable.",
                   responses={200: AgreementSerializer, **ERRORS})
    @action(detail=True, methods=["post"], parser_classes=UPLOADS)
    def signature(self, request, pk=None):
        agreement = self.get_object()
        require(request.user, "accountability.record_agreement_signature", agreement)
        values = self.upload_body(AgreementSignatureSerializer, request).validated_data
        services.record_signature(agreement, request.user, signed_on=values["signed_on"],
                                  signed_file=values.get("signed_file"))
        return Response(self.get_serializer(self.get_object()).data)


@extend_schema_view(
    list=extend_schema(summary="Versements visibles", description=SCOPE.format(what="tranches")),
    retrieve=extend_schema(summary="Un versement", responses={200: TrancheDetailSerializer, 404: NOT_FOUND}),
)
class TrancheViewSet(ScopedViewSet):
    """Payment tranches (versements) of the visible agreements."""

    @staticmethod
    def program_id_of(obj):
        return obj.agreement.proposal.call.program_id

    serializer_class = TrancheDetailSerializer
    queryset = PaymentTranche.objects.none()
    not_found_message = _("Versement introuvable.")
    filterset_class = TrancheFilter
    ordering = ("due_on", "id")

    def get_queryset(self):
        tranches = selectors.visible_tranches(self.request.user)
        return tranches.select_related(None).only(*TRANCHE_COLUMNS) if self.action == "list" else tranches

    @extend_schema(summary="Consigner un versement", request=TranchePaymentSerializer,
                   description="Program manager or admin: a payable tranche is paid on a date (not in the "
                               "future) with a reference.",
                   responses={200: TrancheDetailSerializer, **ERRORS})
    @action(detail=True, methods=["post"])
    def payment(self, request, pk=None):
        tranche = self.get_object()
        require(request.user, "accountability.record_tranche_payment", tranche)
        values = body(TranchePaymentSerializer, request).validated_data
        services.record_tranche_payment(tranche, request.user, paid_on=values["paid_on"],
                                        reference=values["reference"])
        return Response(self.get_serializer(self.get_object()).data)

    @extend_schema(summary="Annuler un versement", request=AccountabilityCommentSerializer,
                   description="Program manager or admin: a tranche that will not be paid, with the reason "
                               "(required).",
                   responses={200: TrancheDetailSerializer, **ERRORS})
    @action(detail=True, methods=["post"])
    def cancel(self, request, pk=None):
        tranche = self.get_object()
        require(request.user, "accountability.record_tranche_payment", tranche)
        comment = body(AccountabilityCommentSerializer, request).validated_data["comment"]
        services.cancel_tranche(tranche, request.user, comment=comment)
        return Response(self.get_serializer(self.get_object()).data)


@extend_schema_view(
    list=extend_schema(summary="Rapports visibles", description=SCOPE.format(what="reports")),
    retrieve=extend_schema(summary="Un rapport, ses résultats d'indicateurs, dépenses et pièces",
                           responses={200: ReportSerializer, 404: NOT_FOUND}),
)
class ReportViewSet(ScopedViewSet):
    """Reports (reddition de comptes) of the visible agreements."""

    @staticmethod
    def program_id_of(obj):
        return obj.agreement.proposal.call.program_id

    serializer_class = ReportSerializer
    queryset = Report.objects.none()
    not_found_message = _("Rapport introuvable.")
    filterset_class = ReportFilter
    ordering = ("due_on", "id")
    upload_actions = ("attachments",)

    def get_queryset(self):
        reports = selectors.visible_reports(self.request.user)
        if self.action != "list":
            return reports
        return (reports.select_related(None).select_related(*(f"agreement__{path}" for path in PROPOSAL_PATH))
                .only(*REPORT_COLUMNS, *(f"agreement__proposal__{column}" for column in PROPOSAL_BRIEF)))

    def _editable(self, request):
        report = self.get_object()
        require(request.user, "accountability.file_report", report)
        return report

    def _fresh(self):
        return Response(self.get_serializer(self.get_object()).data)

    @extend_schema(summary="Remplir le rapport", request=ReportUpdateSerializer,
                   description="A member of the organisation, while the report is a draft or returned: only "
                               "the fields sent change; text is stored exactly as sent.",
                   responses={200: ReportSerializer, **ERRORS})
    def partial_update(self, request, pk=None):
        report = self._editable(request)
        services.save_report(report, request.user, **body(ReportUpdateSerializer, request).service_arguments())
        return self._fresh()

    @extend_schema(summary="Déposer le rapport", request=None,
                   description="A member of the organisation: a complete draft or returned report goes to the "
                               "analysts. 409 `incomplete` lists what is missing in details.messages.",
                   responses={200: ReportSerializer, 403: ERRORS[403], 404: NOT_FOUND, 409: ERRORS[409]})
    @action(detail=True, methods=["post"])
    def submit(self, request, pk=None):
        services.submit_report(self._editable(request), request.user)
        return self._fresh()

    @extend_schema(summary="Ce qu'il manque pour déposer", request=None,
                   responses={200: ReportMissingSerializer, 404: NOT_FOUND})
    @action(detail=True, methods=["get"], pagination_class=None)
    def missing(self, request, pk=None):
        return Response(ReportMissingSerializer({"missing": services.missing_for_submission(self.get_object())}).data)

    @extend_schema(summary="Joindre un document", request={"multipart/form-data": ReportAttachmentUploadSerializer},
                   description="A member of the organisation, while the report may be edited; the file is "
                               "checked like on the page (size, type, content).",
                   responses={201: ReportSerializer, **ERRORS})
    @action(detail=True, methods=["post"], parser_classes=UPLOADS[:2])
    def attachments(self, request, pk=None):
        report = self._editable(request)
        uploaded = self.upload_body(ReportAttachmentUploadSerializer, request).validated_data["file"]
        services.save_report(report, request.user, data={}, attachments=[uploaded])
        return Response(self.get_serializer(self.get_object()).data, status=201)

    @extend_schema(methods=["get"], summary="Télécharger un document", parameters=[ATTACHMENT], request=None,
                   responses={(200, "*/*"): OpenApiResponse(OpenApiTypes.BINARY, description="The file, in "
                                                            "its own type (PDF, DOCX…)."), 404: NOT_FOUND})
    @extend_schema(methods=["delete"], summary="Retirer un document", parameters=[ATTACHMENT], request=None,
                   description="A member of the organisation, while the report may be edited.",
                   responses={204: None, 403: ERRORS[403], 404: NOT_FOUND, 409: ERRORS[409]})
    @action(detail=True, methods=["get", "delete"], url_path=r"attachments/(?P<attachment_pk>[0-9]+)",
            url_name="attachment", content_negotiation_class=FileNegotiation)
    def attachment(self, request, pk=None, attachment_pk=None):
        report = self.get_object()
        attachment = selectors.attachment_of(report, attachment_pk)
        if request.method == "DELETE":
            require(request.user, "accountability.file_report", report)
            services.remove_report_attachment(attachment, request.user)
            return Response(status=204)
        access_log.record(request.user, attachment, self.program_id_of(report), access_log.What.REPORT_ATTACHMENT)
        response = FileResponse(attachment.file.open("rb"), as_attachment=True, filename=attachment.original_name,
                                content_type=attachment.content_type)
        response["X-Content-Type-Options"] = "nosniff"
        response["Cache-Control"] = "private, no-store"
        return response
