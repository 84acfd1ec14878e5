"""What the scoring API's views share: the documented error answers, the path regex, and the lookup of an
object a request body names (answered as its page would: 404 unseen, 403 seen but not yours)."""

from drf_spectacular.extensions import OpenApiSerializerFieldExtension
from drf_spectacular.utils import OpenApiResponse
from rest_framework import serializers

from core.api import ErrorSerializer
from core.errors import NotFound

from ..views.access import require

# Digits only: a malformed id is a 404 JSON answer, never a 500.
ID = r"[0-9]+"
# The largest id a column holds (BigAutoField): ids named in a body or a query stay within it.
MAX_ID = 2**63 - 1

_ERRORS = {
    400: OpenApiResponse(ErrorSerializer, description="Valeur illisible ou refusée (code et détails)."),
    403: OpenApiResponse(ErrorSerializer, description="Non connecté, double authentification requise, ou "
                                                      "action réservée à un autre rôle."),
    404: OpenApiResponse(ErrorSerializer, description="Introuvable ou invisible pour vous."),
    409: OpenApiResponse(ErrorSerializer, description="L'état de l'objet ne permet pas l'action "
                                                      "(déjà fait, course perdue, garde)."),
}


class DecimalString(serializers.DecimalField):
    """An amount or a score sent as a string ("15000.00"). DecimalStringSchema documents it with a pattern that
    matches numbers only (drf-spectacular's own also matches "-" or "."), unsigned when it may not be
    negative; a subclass may name a narrower `pattern`."""

    pattern = None


class DecimalStringSchema(OpenApiSerializerFieldExtension):
    target_class = DecimalString
    match_subclasses = True

    def map_serializer_field(self, auto_schema, direction):
        field = self.target
        if field.pattern:
            return {"type": "string", "format": "decimal", "pattern": field.pattern}
        sign = "" if field.min_value is not None and field.min_value >= 0 else "-?"
        whole, places = field.max_digits - field.decimal_places, field.decimal_places
        return {"type": "string", "format": "decimal",
                "pattern": rf"^{sign}[0-9]{{1,{whole}}}(\.[0-9]{{1,{places}}})?$"}


def json_body(serializer):
    """A request body documented as JSON only: the form encodings DRF also reads cannot say null."""
    return {"application/json": serializer}


def errors(*statuses):
    """The error answers of an operation, e.g. errors(403, 404)."""
    return {status: _ERRORS[status] for status in statuses}


def named(queryset, pk, user, perm):
    """The object a body names by id, refused like its page: 404 unknown or unseen, 403 seen but not the
    person's to act on (scoring.views.access.require)."""
    found = queryset.filter(pk=pk).first()
    if found is None:
        raise NotFound()
    require(user, perm, found)
    return found
