"""The board packet as JSON: exactly what the printed packet shows (workflow.packet.packet_context), for
the program's staff (scoring.view_packet: analysts, board, managers). Reviews appear as the packet shows
them: numbered, without their authors, with their recommendation, suggested amount and comment."""

from drf_spectacular.utils import extend_schema
from rest_framework import serializers, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from grants.states import State
from scoring import queries
from scoring.api.common import ID, errors
from scoring.api.meetings import MeetingSerializer
from scoring.models import BoardMeeting, Review

from .. import packet


class PacketProposalSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    reference = serializers.CharField()
    title = serializers.CharField()
    state = serializers.ChoiceField(choices=State.choices)
    organisation_name = serializers.CharField(source="organisation.legal_name")
    mrcs = serializers.SerializerMethodField()
    primary_axis = serializers.CharField(source="primary_axis.name", default=None, allow_null=True)
    secondary_axes = serializers.SerializerMethodField()
    requested_amount = serializers.DecimalField(max_digits=12, decimal_places=2)
    suggested_amount = serializers.DecimalField(max_digits=12, decimal_places=2, allow_null=True)
    target_population = serializers.CharField()
    objectives = serializers.CharField()
    expected_results = serializers.CharField()

    def get_mrcs(self, proposal) -> list[str]:
        return [mrc.name for mrc in proposal.mrcs.all()]

    def get_secondary_axes(self, proposal) -> list[str]:
        return [axis.name for axis in proposal.secondary_axes.all()]


class AxisScoreSerializer(serializers.Serializer):
    axis = serializers.IntegerField()
    name = serializers.CharField()
    score = serializers.FloatField(help_text="Mean sub-score of the submitted reviews (/100).")

    def to_representation(self, pair):
        # The packet gives (axis, mean) pairs: DRF's dotted sources cannot index a tuple.
        axis, score = pair
        return super().to_representation({"axis": axis.pk, "name": axis.name, "score": score})


class PacketReviewSerializer(serializers.Serializer):
    recommendation = serializers.ChoiceField(choices=Review.Recommendation.choices, allow_blank=True)
    suggested_amount = serializers.DecimalField(max_digits=12, decimal_places=2, allow_null=True)
    overall_comment = serializers.CharField()


class TeamRecommendationSerializer(serializers.Serializer):
    transition = serializers.CharField()
    label = serializers.CharField(source="transition_label")
    created_at = serializers.DateTimeField()
    comment = serializers.CharField()


class PacketItemSerializer(serializers.Serializer):
    proposal = PacketProposalSerializer()
    recommended = serializers.BooleanField(help_text="Recommended by the regional team.")
    score = serializers.FloatField(allow_null=True)
    review_count = serializers.IntegerField()
    axis_scores = AxisScoreSerializer(many=True)
    reviews = PacketReviewSerializer(many=True)
    team = TeamRecommendationSerializer(allow_null=True)


class PacketSerializer(serializers.Serializer):
    meeting = MeetingSerializer()
    envelope_left = serializers.DecimalField(max_digits=14, decimal_places=2)
    requested_total = serializers.DecimalField(max_digits=14, decimal_places=2)
    suggested_total = serializers.DecimalField(max_digits=14, decimal_places=2)
    items = PacketItemSerializer(many=True)


class MeetingPacketViewSet(viewsets.GenericViewSet):
    queryset = BoardMeeting.objects.none()  # for the schema; get_queryset scopes the real one
    lookup_value_regex = ID

    def get_queryset(self):
        return queries.visible_meetings(self.request.user).select_related("program")

    @extend_schema(summary="Cahier de la séance (ce que montre le cahier imprimé)",
                   responses={200: PacketSerializer, **errors(403, 404)})
    @action(detail=True, methods=["get"], url_path="packet")
    def packet(self, request, pk=None):
        return Response(PacketSerializer(packet.packet_context(self.get_object())).data)
