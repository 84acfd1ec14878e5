"""Accepting or sending back a report through the API, as the report review page does: accepting the final
report also moves the proposal to "reported" (workflow.services.accept_report), hence its place here.

Registered on the accountability viewset's prefix ("reports"), with only these two routes.
"""

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema
from rest_framework import viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from accountability import selectors
from accountability import services as accountability
from accountability.api.serializers import AccountabilityCommentSerializer, ReportSerializer
from accountability.api.views import ERRORS, body, require
from accountability.models import Report
from workflow import services

DECIDE = ("Analyst of the program or admin, on a submitted report. {what} 409 when the report is not "
          "submitted (or, accepting the final one, while an interim report is not accepted).")


class ReportReviewViewSet(viewsets.GenericViewSet):
    """The analyst's review of a submitted report."""

    serializer_class = ReportSerializer
    queryset = Report.objects.none()  # for the schema's types; get_queryset scopes the real one
    lookup_value_regex = r"[0-9]+"
    not_found_message = _("Rapport introuvable.")

    def get_queryset(self):
        return selectors.visible_reports(self.request.user)

    def _decide(self, request, decide):
        report = self.get_object()
        require(request.user, "accountability.review_report", report)
        decide(report, request.user, comment=body(AccountabilityCommentSerializer, request).validated_data["comment"])
        return Response(self.get_serializer(self.get_object()).data)

    @extend_schema(summary="Accepter un rapport", request=AccountabilityCommentSerializer, responses={200: ReportSerializer, **ERRORS},
                   description=DECIDE.format(what="The comment is optional; the tranches tied to the report "
                                             "become payable and the final report moves the proposal to "
                                             "`reported`."))
    @action(detail=True, methods=["post"])
    def accept(self, request, pk=None):
        return self._decide(request, services.accept_report)

    @extend_schema(summary="Retourner un rapport pour correction", request=AccountabilityCommentSerializer,
                   responses={200: ReportSerializer, **ERRORS},
                   description=DECIDE.format(what="The comment (what to correct) is required."))
    @action(detail=True, methods=["post"], url_path="return", url_name="return")
    def send_back(self, request, pk=None):
        return self._decide(request, accountability.return_report)
