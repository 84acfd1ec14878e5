"""Webhook endpoints through the API: a program manager lists, registers and deletes their programs'
endpoints and reads each one's delivery log. Refusals as on the pages: 403 for who manages no program,
404 for an endpoint of another program."""

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from core.api import ErrorSerializer
from core.errors import Forbidden
from grants.models import Program
from workflow import rules
from workflow.webhooks import selectors, services
from workflow.webhooks.models import SUBSCRIBABLE, EventKind, WebhookDelivery, WebhookEndpoint

ERRORS = {
    400: OpenApiResponse(ErrorSerializer, description="Adresse non HTTPS ou interne, événement inconnu."),
    403: OpenApiResponse(ErrorSerializer, description="Réservé aux gestionnaires de programme."),
    404: OpenApiResponse(ErrorSerializer, description="Point de réception ou programme introuvable pour vous."),
    409: OpenApiResponse(ErrorSerializer, description="Trop de points de réception pour ce programme."),
}
EVENTS = [(kind.value, EventKind(kind).label) for kind in SUBSCRIBABLE]


class WebhookEndpointSerializer(serializers.ModelSerializer):
    events = serializers.ListField(child=serializers.ChoiceField(choices=EVENTS))

    class Meta:
        model = WebhookEndpoint
        fields = ["id", "program", "url", "description", "events", "active", "created_at"]
        read_only_fields = fields


class WebhookEndpointCreateSerializer(serializers.Serializer):
    program = serializers.PrimaryKeyRelatedField(queryset=Program.objects.all())
    url = serializers.CharField(max_length=500, help_text="https:// only.")
    description = serializers.CharField(max_length=200, required=False, allow_blank=True, default="")
    events = serializers.ListField(child=serializers.ChoiceField(choices=EVENTS), allow_empty=False)


class WebhookEndpointCreatedSerializer(WebhookEndpointSerializer):
    secret = serializers.CharField(read_only=True, help_text="Shown in this answer only: keep it to check the "
                                   "Concerto-Signature header of every delivery.")

    class Meta(WebhookEndpointSerializer.Meta):
        fields = [*WebhookEndpointSerializer.Meta.fields, "secret"]
        read_only_fields = fields


class WebhookDeliverySerializer(serializers.ModelSerializer):
    event_id = serializers.UUIDField(source="event.id", read_only=True)
    event = serializers.ChoiceField(source="event.kind", choices=EventKind.choices, read_only=True)

    class Meta:
        model = WebhookDelivery
        fields = ["id", "event_id", "event", "state", "attempts", "next_attempt_at", "last_status_code",
                  "last_error", "delivered_at", "created_at"]
        read_only_fields = fields


@extend_schema_view(
    list=extend_schema(summary="Points de réception webhook de vos programmes",
                       responses={200: WebhookEndpointSerializer(many=True), 403: ERRORS[403]}),
    retrieve=extend_schema(summary="Un point de réception webhook",
                           responses={200: WebhookEndpointSerializer, 403: ERRORS[403], 404: ERRORS[404]}),
    create=extend_schema(summary="Enregistrer un point de réception webhook", request=WebhookEndpointCreateSerializer,
                         description="The answer carries the signing secret, shown this once.",
                         responses={201: WebhookEndpointCreatedSerializer, **ERRORS}),
    destroy=extend_schema(summary="Supprimer un point de réception et son journal",
                          responses={204: None, 403: ERRORS[403], 404: ERRORS[404]}),
)
class WebhookEndpointViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.CreateModelMixin,
                             mixins.DestroyModelMixin, viewsets.GenericViewSet):
    serializer_class = WebhookEndpointSerializer
    queryset = WebhookEndpoint.objects.none()  # for the schema's types; get_queryset scopes the real one
    lookup_value_regex = r"[0-9]+"
    ordering = ("-id",)
    not_found_message = _("Point de réception introuvable.")

    def initial(self, request, *args, **kwargs):
        super().initial(request, *args, **kwargs)
        if not rules.can_use_webhooks.test(request.user):
            raise Forbidden()

    def get_queryset(self):
        return selectors.endpoints_for(self.request.user)

    def get_object(self):
        return selectors.endpoint_for(self.request.user, self.kwargs["pk"])

    def create(self, request, *args, **kwargs):
        body = WebhookEndpointCreateSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        endpoint = services.register_endpoint(request.user, **body.validated_data)
        return Response(WebhookEndpointCreatedSerializer(endpoint).data, status=status.HTTP_201_CREATED)

    def perform_destroy(self, instance):
        services.delete_endpoint(instance, self.request.user)

    @extend_schema(summary="Journal des envois d'un point de réception", request=None,
                   responses={200: WebhookDeliverySerializer(many=True), 403: ERRORS[403], 404: ERRORS[404]})
    @action(detail=True, methods=["get"], serializer_class=WebhookDeliverySerializer)
    def deliveries(self, request, pk=None):
        page = self.paginate_queryset(selectors.deliveries_of(self.get_object()))
        return self.get_paginated_response(WebhookDeliverySerializer(page, many=True).data)
