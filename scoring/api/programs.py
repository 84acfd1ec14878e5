"""Programs and calls (with the call's current rubric and its ranking), as the pages show them.

Who sees which: the people of a program (any role) its program and calls; members of an organisation the
open calls (to start a draft) and their proposals' calls (scoring.queries.visible_calls). The rubric's
content: the program's staff and the reviewers assigned in the call (scoring.view_rubric), null for
everybody else, applicants included (no page shows it to them). The ranking: the ranking page's audience
(scoring.view_ranking: analysts and managers; the board 403).
"""

from django.db.models import Prefetch
from drf_spectacular.utils import extend_schema, extend_schema_field, extend_schema_view
from rest_framework import serializers, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from grants.models import AttachmentType, Axis, Call, LocalPlan, Priority, Program

from .. import queries
from ..models import Criterion, Rubric
from ..services.rubrics import current_rubric
from ..views.access import require
from ..views.ranking import ranking_table
from .common import ID, errors
from .filters import CallFilter
from .ranking import RANKING_PARAMETERS, RankingSerializer, ranking_data, ranking_query


class AxisSerializer(serializers.ModelSerializer):
    class Meta:
        model = Axis
        fields = ["id", "code", "name_fr", "name_en", "order"]


class PrioritySerializer(serializers.ModelSerializer):
    class Meta:
        model = Priority
        fields = ["id", "order", "text"]


class LocalPlanSerializer(serializers.ModelSerializer):
    priorities = PrioritySerializer(many=True, read_only=True)

    class Meta:
        model = LocalPlan
        fields = ["id", "code", "name", "priorities"]


class ProgramSerializer(serializers.ModelSerializer):
    axes = AxisSerializer(many=True, read_only=True)
    local_plans = LocalPlanSerializer(many=True, read_only=True)

    class Meta:
        model = Program
        fields = ["id", "code", "name_fr", "name_en", "region", "fund", "decision_body", "analysis_body",
                  "envelope", "starts_on", "ends_on", "axes", "local_plans"]


class AttachmentTypeSerializer(serializers.ModelSerializer):
    class Meta:
        model = AttachmentType
        fields = ["id", "code", "name_fr", "name_en"]


class CriterionSerializer(serializers.ModelSerializer):
    class Meta:
        model = Criterion
        fields = ["id", "order", "section", "label", "guidance", "axis", "weight", "scale_max", "eliminatory",
                  "question"]


class RubricSerializer(serializers.ModelSerializer):
    criteria = CriterionSerializer(many=True, read_only=True)

    class Meta:
        model = Rubric
        fields = ["id", "version", "title", "reviews_visible_before_submit", "criteria"]


class CallSerializer(serializers.ModelSerializer):
    program_code = serializers.CharField(source="program.code", read_only=True)
    is_open = serializers.BooleanField(read_only=True, help_text="Open now: a draft may be started.")
    required_attachment_types = AttachmentTypeSerializer(many=True, read_only=True)
    intent_sections = serializers.ListField(
        child=serializers.CharField(), read_only=True,
        help_text="Two-stage call: the form's steps (slugs) its letter of intent asks.")

    class Meta:
        model = Call
        fields = ["id", "title", "slug", "program", "program_code", "opens_at", "closes_at", "is_open",
                  "max_amount", "instructions", "required_reviews", "requires_verified_organisation",
                  "eligible_territories", "required_attachment_types", "two_stage", "intent_sections",
                  "full_proposal_closes_at"]


class CallDetailSerializer(CallSerializer):
    rubric = serializers.SerializerMethodField(help_text="The current rubric (latest version): for the "
                                                         "program's staff and the call's reviewers, else null.")

    class Meta(CallSerializer.Meta):
        fields = [*CallSerializer.Meta.fields, "rubric"]

    @extend_schema_field(RubricSerializer(allow_null=True))
    def get_rubric(self, call):
        rubric = self.context.get("rubric")
        return RubricSerializer(rubric).data if rubric is not None else None


@extend_schema_view(
    list=extend_schema(summary="Programmes visibles", responses={200: ProgramSerializer(many=True),
                                                                 **errors(403)}),
    retrieve=extend_schema(summary="Un programme, ses axes et les priorités de ses plans locaux",
                           responses={200: ProgramSerializer, **errors(403, 404)}),
)
class ProgramViewSet(viewsets.ReadOnlyModelViewSet):
    serializer_class = ProgramSerializer
    queryset = Program.objects.none()  # for the schema; get_queryset scopes the real one
    lookup_value_regex = ID
    ordering = ("code", "pk")

    def get_queryset(self):
        return queries.visible_programs(self.request.user).prefetch_related(
            Prefetch("axes", queryset=Axis.objects.order_by("order", "code")),
            Prefetch("local_plans", queryset=LocalPlan.objects.prefetch_related("priorities")),
        ).order_by(*self.ordering)


@extend_schema_view(
    list=extend_schema(summary="Appels de projets visibles", responses={200: CallSerializer(many=True),
                                                                        **errors(403)}),
    retrieve=extend_schema(summary="Un appel de projets et sa grille d'analyse",
                           responses={200: CallDetailSerializer, **errors(403, 404)}),
)
class CallViewSet(viewsets.ReadOnlyModelViewSet):
    serializer_class = CallSerializer
    queryset = Call.objects.none()  # for the schema; get_queryset scopes the real one
    filterset_class = CallFilter
    lookup_value_regex = ID
    ordering = ("-opens_at", "-pk")

    def get_queryset(self):
        return (queries.visible_calls(self.request.user).select_related("program")
                .prefetch_related("eligible_territories", "required_attachment_types").order_by(*self.ordering))

    def retrieve(self, request, *args, **kwargs):
        call = self.get_object()
        rubric = None
        if request.user.has_perm("scoring.view_rubric", call):
            rubric = current_rubric(call)
            if rubric is not None:
                rubric = Rubric.objects.prefetch_related(
                    Prefetch("criteria", queryset=Criterion.objects.order_by("order", "pk"))).get(pk=rubric.pk)
        context = {**self.get_serializer_context(), "rubric": rubric}
        return Response(CallDetailSerializer(call, context=context).data)

    @extend_schema(summary="Classement de l'appel, une page à la fois (page du classement)",
                   parameters=RANKING_PARAMETERS,
                   responses={200: RankingSerializer, **errors(400, 403, 404)})
    @action(detail=True, methods=["get"], url_path="ranking", pagination_class=None, filterset_class=None)
    def ranking(self, request, pk=None):
        call = self.get_object()
        require(request.user, "scoring.view_ranking", call)
        table = ranking_table(call, ranking_query(request.query_params))
        return Response(RankingSerializer(ranking_data(request, call, table)).data)
