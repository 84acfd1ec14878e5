"""The accountability API, read-only: agreements and reports, scoped exactly like their pages.

Applicants see their organisations' objects, program staff (analyst, board, manager) their programs';
anybody else gets an empty list, and an object they may not see is a JSON 404, never a 403.
Writes (signature, payments, filing and review) stay on the pages, through accountability.services.
"""

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import viewsets

from accountability import selectors
from accountability.models import Agreement, Report
from core.api import AccessLoggedRetrieve, ErrorSerializer

from .serializers import AgreementSerializer, ReportSerializer

NOT_FOUND = OpenApiResponse(ErrorSerializer, description="Introuvable ou invisible pour vous.")
SCOPE = ("Applicants: their organisations' {what}; program staff (analyst, board, manager): their programs' "
         "{what}; everybody else: none.")


@extend_schema_view(
    list=extend_schema(summary="Conventions visibles", description=SCOPE.format(what="agreements")),
    retrieve=extend_schema(summary="Une convention, ses versements et ses rapports",
                           responses={200: AgreementSerializer, 404: NOT_FOUND}),
)
class AgreementViewSet(AccessLoggedRetrieve, viewsets.ReadOnlyModelViewSet):
    @staticmethod
    def program_id_of(obj):
        return obj.proposal.call.program_id

    serializer_class = AgreementSerializer
    queryset = Agreement.objects.none()  # for the schema's types; get_queryset scopes the real one
    not_found_message = _("Convention introuvable.")

    def get_queryset(self):
        return selectors.agreements_with_schedule(self.request.user).order_by("-created_at", "-id")


@extend_schema_view(
    list=extend_schema(summary="Rapports visibles", description=SCOPE.format(what="reports")),
    retrieve=extend_schema(summary="Un rapport et ses résultats d'indicateurs",
                           responses={200: ReportSerializer, 404: NOT_FOUND}),
)
class ReportViewSet(AccessLoggedRetrieve, viewsets.ReadOnlyModelViewSet):
    @staticmethod
    def program_id_of(obj):
        return obj.agreement.proposal.call.program_id

    serializer_class = ReportSerializer
    queryset = Report.objects.none()
    not_found_message = _("Rapport introuvable.")

    def get_queryset(self):
        return selectors.visible_reports(self.request.user)
