from rest_framework import serializers

from grants.models import Call, Organisation


class OrganisationBriefSerializer(serializers.ModelSerializer):
    class Meta:
        model = Organisation
        fields = ["id", "legal_name"]


class CallBriefSerializer(serializers.ModelSerializer):
    program = serializers.SlugRelatedField(slug_field="code", read_only=True)

    class Meta:
        model = Call
        fields = ["id", "title", "program"]
