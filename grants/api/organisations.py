"""Organisations through the API, each read as its pages show it to the caller.

Members read their organisations in full with the member list, as on the organisation's page; program
staff read the organisations of the proposals they see by name, type, territory and verification (the
staff pages), and in full those waiting for their verification (the verification page); admins read all
of them in full. Anybody else's organisation is a JSON 404.
"""

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_field, extend_schema_view
from rest_framework import serializers, viewsets

from core.api import ChoiceLabel, ErrorSerializer
from grants import selectors
from grants.models import Membership, Organisation, Territory


class OrganisationPlaceSerializer(serializers.ModelSerializer):
    class Meta:
        model = Territory
        fields = ["id", "name", "code"]
        read_only_fields = fields


class OptionalEmailField(serializers.EmailField):
    """An e-mail address or null: a blank address is not a valid `format: email` string."""

    def __init__(self, **kwargs):
        super().__init__(read_only=True, allow_null=True, **kwargs)

    def to_representation(self, value):
        return value or None


class OrganisationProfileSerializer(serializers.ModelSerializer):
    municipality = OrganisationPlaceSerializer(read_only=True, allow_null=True)
    email = OptionalEmailField()

    class Meta:
        model = Organisation
        fields = ["neq", "address", "city", "postal_code", "municipality", "email", "phone", "mission",
                  "verified_at"]
        read_only_fields = fields


class OrganisationMemberSerializer(serializers.ModelSerializer):
    name = serializers.CharField(source="user.get_full_name", read_only=True)
    email = OptionalEmailField(source="user.email")

    class Meta:
        model = Membership
        fields = ["name", "email", "joined_at"]
        read_only_fields = fields


class OrganisationSerializer(serializers.ModelSerializer):
    kind_label = ChoiceLabel("kind")
    territory = OrganisationPlaceSerializer(read_only=True, allow_null=True, help_text="Its MRC.")
    is_verified = serializers.BooleanField(read_only=True)
    profile = serializers.SerializerMethodField(help_text="null unless you are a member, an admin, or program "
                                                "staff verifying this organisation.")
    members = serializers.SerializerMethodField(help_text="null unless you are a member or an admin.")

    class Meta:
        model = Organisation
        fields = ["id", "legal_name", "kind", "kind_label", "territory", "is_verified", "profile", "members"]
        read_only_fields = fields

    @extend_schema_field(OrganisationProfileSerializer(allow_null=True))
    def get_profile(self, organisation):
        if organisation.pk not in self.context["shown"].profiles:
            return None
        return OrganisationProfileSerializer(organisation).data

    @extend_schema_field(OrganisationMemberSerializer(many=True, allow_null=True))
    def get_members(self, organisation):
        members = self.context["shown"].members.get(organisation.pk)
        return None if members is None else OrganisationMemberSerializer(members, many=True).data


@extend_schema_view(
    list=extend_schema(summary="Organismes visibles", description=__doc__),
    retrieve=extend_schema(summary="Un organisme", responses={
        200: OrganisationSerializer, 404: OpenApiResponse(ErrorSerializer, description="Introuvable ou invisible.")}),
)
class OrganisationViewSet(viewsets.ReadOnlyModelViewSet):
    """Organisations (organismes porteurs), as their pages show them to the caller."""

    serializer_class = OrganisationSerializer
    queryset = Organisation.objects.none()  # for the schema's types; get_queryset scopes the real one
    lookup_value_regex = r"[0-9]+"
    not_found_message = _("Organisme introuvable.")
    ordering = ("legal_name", "id")

    def get_queryset(self):
        return selectors.api_organisations(self.request.user)

    def _shown(self, organisations):
        self.shown = selectors.organisations_shown(self.request.user, organisations)
        return organisations

    def paginate_queryset(self, queryset):
        page = super().paginate_queryset(queryset)
        return page if page is None else self._shown(page)

    def get_object(self):
        return self._shown([super().get_object()])[0]

    def get_serializer_context(self):
        return {**super().get_serializer_context(), "shown": getattr(self, "shown", None)}
