"""Every API error as {"code", "message" (French), "details"}, from core's refusal type or DRF's own."""

from django.db import DataError
from django.http import Http404, JsonResponse
from django.utils.translation import gettext_lazy as _
from django.views.decorators.csrf import csrf_exempt
from rest_framework import exceptions, serializers, status
from rest_framework.negotiation import BaseContentNegotiation
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler

from . import access_log
from .errors import Refusal
from .labels import labels_of


class ErrorSerializer(serializers.Serializer):
    code = serializers.CharField(help_text="Stable code, e.g. forbidden, not_found, concurrent_change, "
                                           "guard name such as within_envelope.")
    message = serializers.CharField(help_text="Message en français pour les personnes.")
    details = serializers.DictField(required=False)


def error_response(code, message, http_status, details=None):
    return Response({"code": code, "message": str(message), "details": details or {}}, status=http_status)


def exception_handler(exc, context):
    """REST_FRAMEWORK["EXCEPTION_HANDLER"]: every API view answers errors the same way. A view may name
    its object in `not_found_message` ("Demande introuvable.")."""
    if isinstance(exc, Refusal):
        return error_response(exc.code, exc.message, exc.http_status, exc.details)
    if isinstance(exc, Http404 | exceptions.NotFound):
        message = getattr(context.get("view"), "not_found_message", None) or _("Introuvable.")
        return error_response("not_found", message, status.HTTP_404_NOT_FOUND)
    if isinstance(exc, OverflowError | DataError):
        # An id or number beyond what the database stores (SQLite's and PostgreSQL's 64-bit integers).
        return error_response("invalid_input", _("Une valeur envoyée est hors des limites permises."),
                              status.HTTP_400_BAD_REQUEST)
    if isinstance(exc, exceptions.ValidationError):
        return error_response("invalid_input", _("Certaines valeurs envoyées ne sont pas valides."),
                              status.HTTP_400_BAD_REQUEST, exc.detail)
    response = drf_exception_handler(exc, context)
    if response is not None and isinstance(exc, exceptions.APIException):
        codes = exc.get_codes()
        code = codes if isinstance(codes, str) else exc.default_code
        response.data = {"code": code, "message": str(exc.detail), "details": {}}
    return response



@csrf_exempt  # nothing is changed here, and a POST must get this JSON, not the CSRF failure page
def not_found(request, *args, **kwargs):
    """Any address under /api/v1/ that names no endpoint: a JSON 404 as from the endpoints, not the site's
    HTML page."""
    return json_error("not_found", _("Aucune ressource à cette adresse."), 404)


def json_error(code, message, http_status):
    """The error format outside DRF's views (no such endpoint, a server error): the same body."""
    return JsonResponse({"code": code, "message": str(message), "details": {}}, status=http_status)


class FileNegotiation(BaseContentNegotiation):
    """A download answers with the file whatever the client accepts; a refusal is still JSON."""

    def select_parser(self, request, parsers):
        return parsers[0]

    def select_renderer(self, request, renderers, format_suffix=None):
        return renderers[0], renderers[0].media_type


class AccessLoggedRetrieve:
    """Reading one confidential object through the API is written to the access log, as opening its page
    is. The viewset says which program the object belongs to (`program_id_of`)."""

    def retrieve(self, request, *args, **kwargs):
        instance = self.get_object()
        access_log.record(request.user, instance, self.program_id_of(instance), access_log.What.API)
        return Response(self.get_serializer(instance).data)


class ChoiceLabel(serializers.CharField):
    """The label of a choice field's value, in the reader's language (what get_FOO_display gives). Given as a
    source, that bound method makes DRF inspect its signature on every row: on a list of 50 reports the labels
    cost more CPU than the rest of the rows."""

    def __init__(self, field_name, **kwargs):
        super().__init__(source=field_name, read_only=True, **kwargs)

    def bind(self, field_name, parent):
        super().bind(field_name, parent)
        self.model_field = parent.Meta.model._meta.get_field(self.source)

    def to_representation(self, value):
        return str(labels_of(self.model_field).get(value, value))
