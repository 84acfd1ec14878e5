"""The caller's own in-app notifications: read them, mark them read. Nobody sees anybody else's: another
person's notification is a JSON 404."""

import django_filters
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from core.api import ErrorSerializer
from notifications import selectors, services
from notifications.models import Notification

from .serializers import NotificationSerializer, NotificationsMarkedSerializer

# What the list shows (selectors.with_text): the message's sent copy or what renders it, never its HTML.
LIST_COLUMNS = ("created_at", "read_at", "message__kind", "message__language", "message__context",
                "message__subject", "message__body_text")
NOT_FOUND = OpenApiResponse(ErrorSerializer, description="Introuvable (ou la notification d'une autre personne).")


class NotificationFilter(django_filters.FilterSet):
    unread = django_filters.BooleanFilter(field_name="read_at", lookup_expr="isnull",
                                          help_text="true: only the unread ones; false: only the read ones.")

    class Meta:
        model = Notification
        fields = ["unread"]


@extend_schema_view(
    list=extend_schema(summary="Vos notifications", description="The caller's own, newest first."),
    retrieve=extend_schema(summary="Une de vos notifications",
                           responses={200: NotificationSerializer, 404: NOT_FOUND}),
)
class NotificationViewSet(viewsets.ReadOnlyModelViewSet):
    """The caller's own in-app notifications."""

    serializer_class = NotificationSerializer
    queryset = Notification.objects.none()  # for the schema's types; get_queryset scopes the real one
    lookup_value_regex = r"[0-9]+"
    not_found_message = _("Notification introuvable.")
    filterset_class = NotificationFilter
    ordering = ("-created_at", "-id")

    def get_queryset(self):
        notifications = selectors.notifications_for(self.request.user)
        return notifications.only(*LIST_COLUMNS) if self.action == "list" else notifications

    def paginate_queryset(self, queryset):
        page = super().paginate_queryset(queryset)
        return page if page is None else selectors.with_text(page)

    def get_object(self):
        return selectors.with_text([super().get_object()])[0]

    @extend_schema(summary="Marquer comme lue", request=None, responses={200: NotificationSerializer, 404: NOT_FOUND})
    @action(detail=True, methods=["post"])
    def read(self, request, pk=None):
        notification = self.get_object()  # 404 for another person's
        services.mark_read(request.user, notification.pk)
        return Response(self.get_serializer(self.get_object()).data)

    @extend_schema(summary="Tout marquer comme lu", request=None, responses={200: NotificationsMarkedSerializer})
    @action(detail=False, methods=["post"], url_path="read-all")
    def read_all(self, request):
        return Response(NotificationsMarkedSerializer({"marked": services.mark_all_read(request.user)}).data)
