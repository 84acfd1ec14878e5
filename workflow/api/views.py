"""The proposals API: scoped like the pages, transitions through the same service."""

from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from core.api import AccessLoggedRetrieve, ErrorSerializer
from grants import selectors as grants_selectors
from grants.models import Proposal
from workflow import services
from workflow.machine import TRANSITIONS

from .serializers import (
    AvailableTransitionSerializer,
    ProposalSerializer,
    TransitionRequestSerializer,
)

ERRORS = {
    400: OpenApiResponse(ErrorSerializer, description="Valeur illisible (montant, date…)."),
    403: OpenApiResponse(ErrorSerializer, description="Action réservée à un autre rôle."),
    404: OpenApiResponse(ErrorSerializer, description="Demande introuvable ou invisible pour vous."),
    409: OpenApiResponse(ErrorSerializer, description="Garde non satisfaite, état changé ou course perdue."),
}
NAME = OpenApiParameter("name", OpenApiTypes.STR, OpenApiParameter.PATH,
                        enum=[spec.name for spec in TRANSITIONS], description="Transition name.")


@extend_schema_view(
    list=extend_schema(summary="Demandes visibles", description="Applicants: their organisations' "
                       "proposals; staff (analyst, board, manager): their programs' proposals."),
    retrieve=extend_schema(summary="Une demande", responses={200: ProposalSerializer, 404: ERRORS[404]}),
)
class ProposalViewSet(AccessLoggedRetrieve, viewsets.ReadOnlyModelViewSet):
    @staticmethod
    def program_id_of(obj):
        return obj.call.program_id

    not_found_message = _("Demande introuvable.")
    serializer_class = ProposalSerializer
    queryset = Proposal.objects.none()  # for the schema's types; get_queryset scopes the real one

    def get_queryset(self):
        return grants_selectors.visible_proposals(self.request.user).order_by("-created_at", "-id")

    @extend_schema(summary="Transitions possibles pour vous", request=None,
                   responses={200: AvailableTransitionSerializer(many=True), 404: ERRORS[404]})
    @action(detail=True, methods=["get"], url_path="transitions", pagination_class=None)
    def transitions(self, request, pk=None):
        proposal = self.get_object()
        available = services.available_transitions(proposal, request.user)
        return Response(AvailableTransitionSerializer(available, many=True).data)

    @extend_schema(summary="Effectuer une transition", parameters=[NAME], request=TransitionRequestSerializer,
                   responses={200: ProposalSerializer, **ERRORS})
    @action(detail=True, methods=["post"], url_path=r"transitions/(?P<name>[a-z_]+)")
    def perform(self, request, pk=None, name=None):
        proposal = self.get_object()
        body = TransitionRequestSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        proposal = services.transition(
            proposal, name, request.user, comment=body.validated_data["comment"],
            expected_state=body.validated_data.get("expected_state"), **body.inputs())
        return Response(ProposalSerializer(proposal, context=self.get_serializer_context()).data)
