"""How the API knows who calls and how much they may do: scoped tokens, their throttle, cursor pages,
strict filters.

Named in REST_FRAMEWORK (settings): DRF imports these while rest_framework.views loads, so this module
must not import that module back.
"""

import datetime
import re

import django_filters as filters
from django.core.exceptions import FieldDoesNotExist
from django.db import models
from django.utils.translation import gettext_lazy as _
from django_filters.rest_framework import DjangoFilterBackend
from rest_framework import authentication, exceptions, pagination, permissions, throttling

from . import tokens
from .models import ApiToken


class ScopedTokenAuthentication(authentication.TokenAuthentication):
    """`Authorization: Token <key>` (or `Bearer <key>`): request.auth is the ApiToken."""

    def authenticate(self, request):
        header = authentication.get_authorization_header(request).split()
        if not header or header[0].lower() not in (b"token", b"bearer"):
            return None
        if len(header) != 2:
            raise exceptions.AuthenticationFailed(_("En-tête Authorization mal formé."))
        try:
            key = header[1].decode()
        except UnicodeError:
            raise exceptions.AuthenticationFailed(_("Jeton illisible.")) from None
        token = tokens.authenticate(key)
        if token is None:
            raise exceptions.AuthenticationFailed(_("Jeton inconnu, révoqué ou compte désactivé."))
        return token.user, token

    def authenticate_header(self, request):
        return "Token"


class TokenScope(permissions.BasePermission):
    """A read-only token may only read (GET, HEAD, OPTIONS)."""

    message = _("Ce jeton est en lecture seule : créez un jeton « lecture et écriture » pour modifier.")
    code = "read_only_token"

    def has_permission(self, request, view):
        token = request.auth
        if not isinstance(token, ApiToken) or request.method in permissions.SAFE_METHODS:
            return True
        return token.can_write


class PerTokenThrottle(throttling.SimpleRateThrottle):
    """One budget per token (two tokens of one person count apart), one per person for session calls.
    Anonymous calls are refused before throttling. Rate: REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"]["token"]."""

    scope = "token"

    def get_cache_key(self, request, view):
        if isinstance(request.auth, ApiToken):
            ident = f"t{request.auth.pk}"
        elif request.user and request.user.is_authenticated:
            ident = f"u{request.user.pk}"
        else:
            return None
        return self.cache_format % {"scope": self.scope, "ident": ident}


class CursorPage(pagination.CursorPagination):
    """Cursor pages: stable under inserts and as cheap on page 2,000 as on page 1 (an index seek, no
    OFFSET). Views set `ordering`, ending with a unique column."""

    ordering = ("-pk",)
    page_size = 50
    page_size_query_param = "page_size"
    max_page_size = 200

    def get_ordering(self, request, queryset, view):
        return getattr(view, "ordering", None) or self.ordering

    def get_page_size(self, request):
        raw = request.query_params.get(self.page_size_query_param)
        if raw is None:
            return self.page_size
        if not raw.isdigit() or not 1 <= int(raw) <= self.max_page_size:
            raise exceptions.ValidationError(
                {self.page_size_query_param: [_("Un entier de 1 à %(max)d.") % {"max": self.max_page_size}]})
        return int(raw)

    def decode_cursor(self, request):
        # A cursor is an opaque address of a page: one that names no page is a page not found (404).
        try:
            return super().decode_cursor(request)
        except exceptions.NotFound:
            raise exceptions.NotFound(_("Curseur illisible ou périmé : repartez de la première page.")) from None

    def get_schema_operation_parameters(self, view):
        parameters = super().get_schema_operation_parameters(view)
        for parameter in parameters:
            if parameter["name"] == self.page_size_query_param:
                parameter["schema"].update({"minimum": 1, "maximum": self.max_page_size})
        return parameters


class StrictFilterBackend(DjangoFilterBackend):
    """django-filter, stricter on what its schema promises: an empty value or a decimal where an id or a
    whole number is documented is a 400, not a filter silently dropped (an integrator would otherwise
    receive everything and believe it filtered)."""

    WHOLE = re.compile(r"-?\d+")
    BOOLEAN = {"true", "false", "1", "0"}

    def get_filterset(self, request, queryset, view):
        filterset = super().get_filterset(request, queryset, view)
        if filterset is None:
            return None
        errors = {}
        for name, declared in filterset.filters.items():
            for value in request.query_params.getlist(name):
                if value == "":
                    errors[name] = [_("Valeur vide : retirez le paramètre ou donnez une valeur.")]
                elif self._whole(declared, queryset.model) and not self._fits(value):
                    errors[name] = [_("Un nombre entier est attendu.")]
                elif isinstance(declared, filters.BooleanFilter) and value.lower() not in self.BOOLEAN:
                    errors[name] = [_("« true » ou « false » est attendu.")]
        if not errors and filterset.is_valid():
            errors = self._in_utc(filterset.form.cleaned_data)
        if errors:
            raise exceptions.ValidationError(errors)
        return filterset

    @staticmethod
    def _in_utc(cleaned):
        """Dates and times are compared in UTC: an offset PostgreSQL refuses (beyond ±15:59) or a moment
        before year 1 once in UTC is an unreadable value, not a database error."""
        errors = {}
        for name, value in cleaned.items():
            if isinstance(value, datetime.datetime) and value.tzinfo is not None:
                try:
                    cleaned[name] = value.astimezone(datetime.UTC)
                except OverflowError:
                    errors[name] = [_("Date et heure hors des limites permises.")]
        return errors

    @classmethod
    def _fits(cls, value):
        """A whole number the database can compare with its 64-bit integers."""
        return bool(cls.WHOLE.fullmatch(value.strip())) and abs(int(value)) < 2 ** 63

    @staticmethod
    def _whole(declared, model):
        if isinstance(declared, filters.ModelChoiceFilter | filters.ModelMultipleChoiceFilter):
            return True
        if not isinstance(declared, filters.NumberFilter):
            return False
        try:
            field = model._meta.get_field(declared.field_name.split("__")[0])
        except FieldDoesNotExist:
            return False
        return isinstance(field, models.IntegerField | models.ForeignKey | models.AutoField)
