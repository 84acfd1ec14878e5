"""The decision body's meetings and its decisions, for the program's staff (analysts, board, managers) as
the meeting pages show them. A decision is recorded by the proposal's approve or decline transition
(POST /proposals/{id}/transitions/{name}/ with `meeting`); the board packet is
GET /meetings/{id}/packet/ (workflow/api/packet.py).
"""

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema, extend_schema_field, extend_schema_view
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.response import Response

from core.api import ChoiceLabel
from grants.models import Program
from grants.states import State

from .. import queries
from ..models import BoardMeeting, Decision
from ..services import decisions as services
from .common import ID, errors, json_body, named
from .filters import DecisionFilter, MeetingFilter

# The decisions list's columns (DecisionSerializer): the proposal's title, never its sections.
DECISION_COLUMNS = ("proposal", "meeting", "decided_on", "outcome", "resolution_number", "amount_granted",
                    "conditions", "comment", "recorded_at", "proposal__title", "proposal__state",
                    "proposal__call__program", "proposal__organisation__legal_name")


class MeetingSerializer(serializers.ModelSerializer):
    class Meta:
        model = BoardMeeting
        fields = ["id", "program", "date", "title", "place", "notes", "created_at"]
        read_only_fields = ["id", "created_at"]


class MeetingCreateSerializer(serializers.ModelSerializer):
    program = serializers.IntegerField()

    class Meta:
        model = BoardMeeting
        fields = ["program", "date", "title", "place", "notes"]


class DecisionSerializer(serializers.ModelSerializer):
    outcome_label = ChoiceLabel("outcome")
    proposal_title = serializers.CharField(source="proposal.title", read_only=True)
    organisation_name = serializers.CharField(source="proposal.organisation.legal_name", read_only=True)
    call = serializers.IntegerField(source="proposal.call_id", read_only=True)
    program = serializers.IntegerField(source="proposal.call.program_id", read_only=True)

    class Meta:
        model = Decision
        fields = ["id", "proposal", "proposal_title", "organisation_name", "call", "program", "meeting",
                  "decided_on", "outcome", "outcome_label", "resolution_number", "amount_granted", "conditions",
                  "comment", "recorded_at"]
        read_only_fields = fields


class DecisionBriefSerializer(serializers.ModelSerializer):
    class Meta:
        model = Decision
        fields = ["id", "outcome", "resolution_number", "decided_on", "amount_granted", "conditions", "comment"]
        read_only_fields = fields


class MeetingProposalSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    reference = serializers.CharField()
    title = serializers.CharField()
    state = serializers.ChoiceField(choices=State.choices)
    organisation_name = serializers.CharField(source="organisation.legal_name")
    requested_amount = serializers.DecimalField(max_digits=12, decimal_places=2)
    suggested_amount = serializers.DecimalField(max_digits=12, decimal_places=2, allow_null=True)
    decision = serializers.SerializerMethodField(help_text="Null while awaiting the decision.")

    @extend_schema_field(DecisionBriefSerializer(allow_null=True))
    def get_decision(self, proposal):
        decision = proposal.decision if hasattr(proposal, "decision") else None
        return None if decision is None else DecisionBriefSerializer(decision).data


class MeetingDetailSerializer(MeetingSerializer):
    proposals = serializers.SerializerMethodField(help_text="Awaiting a decision in the program, or decided "
                                                            "at this meeting (the meeting page's lists).")

    class Meta(MeetingSerializer.Meta):
        fields = [*MeetingSerializer.Meta.fields, "proposals"]

    @extend_schema_field(MeetingProposalSerializer(many=True))
    def get_proposals(self, meeting):
        return MeetingProposalSerializer(services.meeting_proposals(meeting), many=True).data


@extend_schema_view(
    list=extend_schema(summary="Séances des programmes où je suis membre du personnel",
                       responses={200: MeetingSerializer(many=True), **errors(403)}),
    retrieve=extend_schema(summary="Une séance et les demandes devant elle",
                           responses={200: MeetingDetailSerializer, **errors(403, 404)}),
)
class MeetingViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    queryset = BoardMeeting.objects.none()  # for the schema; get_queryset scopes the real one
    filterset_class = MeetingFilter
    lookup_value_regex = ID
    ordering = ("-date", "-pk")
    not_found_message = _("Séance introuvable.")

    def get_queryset(self):
        return queries.visible_meetings(self.request.user).order_by(*self.ordering)

    def get_serializer_class(self):
        return MeetingSerializer if self.action == "list" else MeetingDetailSerializer

    @extend_schema(summary="Créer une séance", request=json_body(MeetingCreateSerializer),
                   responses={201: MeetingDetailSerializer, **errors(400, 403, 404)})
    def create(self, request):
        body = MeetingCreateSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        values = dict(body.validated_data)
        program = named(Program.objects.all(), values.pop("program"), request.user, "scoring.manage_meetings")
        meeting = services.create_meeting(program, request.user, **values)
        return Response(MeetingDetailSerializer(meeting).data, status=status.HTTP_201_CREATED)


@extend_schema_view(
    list=extend_schema(summary="Décisions des programmes où je suis membre du personnel",
                       responses={200: DecisionSerializer(many=True), **errors(403)}),
    retrieve=extend_schema(summary="Une décision", responses={200: DecisionSerializer, **errors(403, 404)}),
)
class DecisionViewSet(viewsets.ReadOnlyModelViewSet):
    serializer_class = DecisionSerializer
    queryset = Decision.objects.none()  # for the schema; get_queryset scopes the real one
    filterset_class = DecisionFilter
    lookup_value_regex = ID
    ordering = ("-recorded_at", "-pk")
    not_found_message = _("Décision introuvable.")

    def get_queryset(self):
        decisions = (queries.visible_decisions(self.request.user)
                     .select_related("proposal__organisation", "proposal__call").order_by(*self.ordering))
        return decisions.only(*DECISION_COLUMNS) if self.action == "list" else decisions
