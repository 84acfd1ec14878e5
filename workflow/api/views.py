"""The proposals API: scoped like the pages, every write through the same service as the pages."""

from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from core import access_log
from core.api import ErrorSerializer
from grants import funders
from grants import selectors as grants_selectors
from grants.api.proposal_writes import NewProposalSerializer, ProposalPatchSerializer, section_changes
from grants.completeness import missing_items
from grants.models import Proposal
from grants.services import proposals as proposals_service
from workflow import services
from workflow.machine import TRANSITIONS

from .proposal_answers import ProposalAnswersMixin
from .proposal_attachments import ProposalAttachmentsMixin
from .proposal_common import (
    ERRORS,
    NOT_MODIFIED,
    WRITE_ERRORS,
    conditional,
    detail_response,
    etag,
    not_modified,
)
from .proposal_filters import ProposalFilter
from .proposal_funders import ProposalFundersMixin
from .proposal_lines import ProposalLinesMixin
from .proposal_meetings import decision_meeting
from .serializers import (
    AvailableTransitionSerializer,
    CompletenessSerializer,
    ProposalDetailSerializer,
    ProposalSerializer,
    TransitionRequestSerializer,
)

# The list's columns (ProposalSerializer, and the call's program can_view_as_staff reads): never a section.
LIST_COLUMNS = ("reference", "title", "state", "version", "requested_amount", "suggested_amount", "amount_granted",
                "submitted_at", "created_at", "updated_at", "organisation__legal_name", "call__title",
                "call__program__code")
NAME = OpenApiParameter("name", OpenApiTypes.STR, OpenApiParameter.PATH,
                        enum=[spec.name for spec in TRANSITIONS], description="Transition name.")
IF_NONE_MATCH = OpenApiParameter("If-None-Match", OpenApiTypes.STR, OpenApiParameter.HEADER,
                                 description="The ETag of the copy you hold: 304 if it is still current.")


@extend_schema_view(
    list=extend_schema(summary="Demandes visibles", description="Applicants: their organisations' "
                       "proposals; staff (analyst, board, manager): their programs' proposals. Newest first.",
                       responses={200: ProposalSerializer(many=True), 400: ERRORS[400]}),
)
class ProposalViewSet(ProposalLinesMixin, ProposalAnswersMixin, ProposalFundersMixin, ProposalAttachmentsMixin,
                      mixins.ListModelMixin, viewsets.GenericViewSet):
    not_found_message = _("Demande introuvable.")
    serializer_class = ProposalSerializer
    queryset = Proposal.objects.none()  # for the schema's types; get_queryset scopes the real one
    lookup_value_regex = r"[0-9]+"
    ordering = ("-created_at", "-id")
    filterset_class = ProposalFilter

    def get_queryset(self):
        proposals = grants_selectors.visible_proposals(self.request.user).order_by(*self.ordering)
        if self.action == "list":
            return proposals.select_related(None).select_related("organisation", "call__program").only(*LIST_COLUMNS)
        # Whether the call is shared (grants.funders), read with the row: the detail lists the funders.
        return proposals.annotate(shared_call=funders.shared_call())

    @extend_schema(summary="Une demande, toutes ses sections et son historique", parameters=[IF_NONE_MATCH],
                   description="Answers with a weak ETag (version, state, documents, what you may see): send it "
                               "back in If-None-Match to get a 304 while nothing changed.",
                   responses={200: ProposalDetailSerializer, 304: NOT_MODIFIED, 404: ERRORS[404]})
    def retrieve(self, request, pk=None):
        proposal = self.get_object()
        tag = etag(proposal, request.user)
        if not_modified(request, tag):
            return conditional(Response(status=status.HTTP_304_NOT_MODIFIED), tag)
        access_log.record(request.user, proposal, proposal.call.program_id, access_log.What.API)
        return detail_response(self, proposal)

    @extend_schema(summary="Créer un brouillon", request=NewProposalSerializer,
                   responses={201: ProposalDetailSerializer, 400: ERRORS[400], 403: ERRORS[403],
                              409: OpenApiResponse(ErrorSerializer, description="L'appel est fermé.")})
    def create(self, request):
        body = NewProposalSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        values = body.validated_data
        created = proposals_service.create_draft(values["call"], values["organisation"], request.user,
                                                 title=values["title"])
        return detail_response(self, grants_selectors.proposals().get(pk=created.pk), status.HTTP_201_CREATED)

    @extend_schema(summary="Modifier des sections", request=ProposalPatchSerializer,
                   responses={200: ProposalDetailSerializer, **WRITE_ERRORS})
    def partial_update(self, request, pk=None):
        proposal = self.get_object()
        proposals_service.require_editable(proposal, request.user)
        body = ProposalPatchSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        values = dict(body.validated_data)
        version = values.pop("version")
        fields, relations = section_changes(proposal, values)
        saved = proposals_service.save_step(proposal, request.user, version=version, fields=fields,
                                            relations=relations)
        return detail_response(self, saved)

    @extend_schema(summary="Ce qui manque avant le dépôt", request=None,
                   responses={200: CompletenessSerializer, 404: ERRORS[404]})
    @action(detail=True, methods=["get"], url_path="completeness", pagination_class=None)
    def completeness(self, request, pk=None):
        missing = missing_items(self.get_object())
        return Response(CompletenessSerializer({"complete": not missing, "missing": missing}).data)

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
        inputs = body.inputs()
        meeting = decision_meeting(request.user, proposal, name, body.validated_data.get("meeting"), inputs)
        proposal = services.transition(
            proposal, name, request.user, comment=body.validated_data["comment"],
            expected_state=body.validated_data.get("expected_state"), meeting=meeting, **inputs)
        return Response(ProposalSerializer(proposal, context=self.get_serializer_context()).data)
