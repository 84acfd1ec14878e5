"""Recommending from the chosen funding scenario (workflow.scenarios.recommend_from): each proposal under
analysis goes through its recommend or do_not_recommend transition; the answer says what happened to each.
The scenario's own reads and writes are scoring's (scoring/api/scenarios.py), under the same address."""

from drf_spectacular.utils import extend_schema
from rest_framework import serializers, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from scoring import queries
from scoring.api.common import ID, errors
from scoring.models import Scenario

from .. import scenarios


class OutcomeSerializer(serializers.Serializer):
    proposal = serializers.IntegerField(source="proposal.pk")
    proposal_title = serializers.CharField(source="proposal.title")
    action = serializers.CharField(help_text="recommend, do_not_recommend, or empty when nothing was tried.")
    ok = serializers.BooleanField()
    message = serializers.CharField()


class RecommendResultSerializer(serializers.Serializer):
    scenario = serializers.IntegerField()
    done = serializers.IntegerField(help_text="Proposals moved.")
    outcomes = OutcomeSerializer(many=True)


class ScenarioRecommendViewSet(viewsets.GenericViewSet):
    queryset = Scenario.objects.none()  # for the schema; get_queryset scopes the real one
    lookup_value_regex = ID

    def get_queryset(self):
        return queries.visible_scenarios(self.request.user).select_related("call__program")

    @extend_schema(summary="Recommander (ou non) chaque demande en analyse selon le scénario retenu",
                   request=None, responses={200: RecommendResultSerializer, **errors(403, 404, 409)})
    @action(detail=True, methods=["post"], url_path="recommend")
    def recommend(self, request, pk=None):
        scenario = self.get_object()
        outcomes = scenarios.recommend_from(scenario, request.user)
        return Response(RecommendResultSerializer({
            "scenario": scenario.pk, "done": sum(1 for outcome in outcomes if outcome.ok),
            "outcomes": outcomes}).data)
