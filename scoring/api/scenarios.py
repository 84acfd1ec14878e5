"""Funding scenarios: the scenario pages' audience (scoring.manage_scenarios: the program's analysts and
managers), their writes through scoring.services.scenarios. Recommending from the chosen scenario runs the
proposals' life cycle: POST /scenarios/{id}/recommend/ (workflow/api/scenarios.py).
"""

from decimal import Decimal

from django.db.models import Count, Q
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from grants.models import Call

from .. import queries
from ..models import Scenario, ScenarioConstraint, ScenarioResult
from ..services import scenarios as services
from .common import ID, DecimalString, errors, json_body, named
from .filters import ScenarioFilter

MANAGE = "scoring.manage_scenarios"


class ScenarioSerializer(serializers.ModelSerializer):
    created_by_name = serializers.CharField(source="created_by.get_full_name", default="", read_only=True)
    funded_count = serializers.IntegerField(read_only=True, help_text="Proposals the optimal answer funds.")

    class Meta:
        model = Scenario
        fields = ["id", "call", "name", "envelope", "objective", "method", "allow_partial", "min_share", "chosen",
                  "feasible", "proven_optimal", "issues", "greedy_issues", "total_amount", "total_value",
                  "greedy_amount", "greedy_value", "funded_count", "created_by", "created_by_name", "created_at",
                  "computed_at"]
        read_only_fields = fields


class ConstraintSerializer(serializers.ModelSerializer):
    label = serializers.CharField(read_only=True)

    class Meta:
        model = ScenarioConstraint
        fields = ["dimension", "territory", "axis", "floor", "ceiling", "label"]
        read_only_fields = fields


class ResultSerializer(serializers.ModelSerializer):
    proposal_title = serializers.CharField(source="proposal.title", read_only=True)
    organisation_name = serializers.CharField(source="proposal.organisation.legal_name", read_only=True)

    class Meta:
        model = ScenarioResult
        fields = ["rank", "proposal", "proposal_title", "organisation_name", "score", "requested", "funded",
                  "amount", "greedy_funded"]
        read_only_fields = fields


class ScenarioDetailSerializer(ScenarioSerializer):
    constraints = ConstraintSerializer(many=True, read_only=True)
    results = ResultSerializer(many=True, read_only=True)

    class Meta(ScenarioSerializer.Meta):
        fields = [*ScenarioSerializer.Meta.fields, "constraints", "results"]
        read_only_fields = fields


class Share(DecimalString):
    """A share of the request, 0.01 to 1."""

    pattern = r"^(0\.(0[1-9]|[1-9][0-9]?)|1(\.0{1,2})?)$"


class LimitSerializer(serializers.Serializer):
    dimension = serializers.ChoiceField(choices=ScenarioConstraint.Dimension.choices)
    target = serializers.IntegerField(help_text="The MRC's id (dimension mrc) or the axis's id (dimension axis).")
    floor = DecimalString(max_digits=12, decimal_places=2, min_value=0, required=False, allow_null=True,
                          default=None)
    ceiling = DecimalString(max_digits=12, decimal_places=2, min_value=0, required=False, allow_null=True,
                            default=None)

    def validate(self, data):
        if data["floor"] is not None and data["ceiling"] is not None and data["floor"] > data["ceiling"]:
            raise serializers.ValidationError({"floor": [_("Le plancher dépasse le plafond.")]})
        return data


class ScenarioCreateSerializer(serializers.Serializer):
    call = serializers.IntegerField()
    name = serializers.CharField(max_length=200)
    objective = serializers.ChoiceField(choices=Scenario.Objective.choices, default=Scenario.Objective.SCORE)
    method = serializers.ChoiceField(choices=Scenario.Method.choices, default=Scenario.Method.RAW)
    envelope = DecimalString(max_digits=12, decimal_places=2, min_value=0, required=False, allow_null=True,
                             default=None, help_text="By default what is left of the program's envelope.")
    allow_partial = serializers.BooleanField(default=False)
    min_share = Share(max_digits=3, decimal_places=2, min_value=Decimal("0.01"), max_value=Decimal("1"),
                              default=Decimal("0.50"))
    limits = LimitSerializer(many=True, required=False, default=list)


@extend_schema_view(
    list=extend_schema(summary="Scénarios de financement des appels que j'analyse",
                       responses={200: ScenarioSerializer(many=True), **errors(403)}),
    retrieve=extend_schema(summary="Un scénario, ses contraintes et ses résultats",
                           responses={200: ScenarioDetailSerializer, **errors(403, 404)}),
)
class ScenarioViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    serializer_class = ScenarioSerializer
    queryset = Scenario.objects.none()  # for the schema; get_queryset scopes the real one
    filterset_class = ScenarioFilter
    lookup_value_regex = ID
    ordering = ("-created_at", "-pk")
    not_found_message = _("Scénario introuvable.")

    def get_queryset(self):
        scenarios = (queries.visible_scenarios(self.request.user).select_related("call__program", "created_by")
                     .annotate(funded_count=Count("results", filter=Q(results__funded=True))))
        if self.action != "list":
            scenarios = scenarios.prefetch_related(
                "constraints__territory", "constraints__axis", "results__proposal__organisation")
        return scenarios.order_by(*self.ordering)

    def get_serializer_class(self):
        return ScenarioSerializer if self.action == "list" else ScenarioDetailSerializer

    def _answer(self, scenario, code=status.HTTP_200_OK):
        return Response(ScenarioDetailSerializer(self.get_queryset().get(pk=scenario.pk)).data, status=code)

    @extend_schema(summary="Créer et calculer un scénario", request=json_body(ScenarioCreateSerializer),
                   responses={201: ScenarioDetailSerializer, **errors(400, 403, 404, 409)})
    def create(self, request):
        body = ScenarioCreateSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        values = dict(body.validated_data)
        call = named(Call.objects.select_related("program"), values.pop("call"), request.user, MANAGE)
        limits = [services.LimitInput(item["dimension"], item["target"], item["floor"], item["ceiling"])
                  for item in values.pop("limits")]
        scenario = services.create(call, request.user, limits=limits, **values)
        return self._answer(scenario, status.HTTP_201_CREATED)

    @extend_schema(summary="Recalculer un scénario avec les notes actuelles", request=None,
                   responses={200: ScenarioDetailSerializer, **errors(403, 404, 409)})
    @action(detail=True, methods=["post"], url_path="recompute")
    def recompute(self, request, pk=None):
        return self._answer(services.recompute(self.get_object(), request.user))

    @extend_schema(summary="Retenir ce scénario comme recommandation de l'équipe", request=None,
                   responses={200: ScenarioDetailSerializer, **errors(403, 404, 409)})
    @action(detail=True, methods=["post"], url_path="choose")
    def choose(self, request, pk=None):
        return self._answer(services.choose(self.get_object(), request.user))
