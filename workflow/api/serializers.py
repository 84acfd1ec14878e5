from rest_framework import serializers

from grants.api.serializers import CallBriefSerializer, OrganisationBriefSerializer
from grants.models import Proposal
from grants.states import State
from workflow.machine import TRANSITIONS
from workflow.rules import can_view_as_staff


class ProposalSerializer(serializers.ModelSerializer):
    state = serializers.ChoiceField(choices=State.choices, read_only=True)
    state_label = serializers.CharField(source="get_state_display", read_only=True)
    organisation = OrganisationBriefSerializer(read_only=True)
    call = CallBriefSerializer(read_only=True)

    class Meta:
        model = Proposal
        fields = ["id", "reference", "title", "state", "state_label", "organisation", "call",
                  "requested_amount", "suggested_amount", "amount_granted", "submitted_at", "created_at",
                  "updated_at"]
        read_only_fields = fields

    def to_representation(self, proposal):
        data = super().to_representation(proposal)
        request = self.context.get("request")
        # The team's suggested amount is advice to the decision body, not for the organisation.
        if request is None or not can_view_as_staff.test(request.user, proposal):
            data["suggested_amount"] = None
        return data


class InputSerializer(serializers.Serializer):
    name = serializers.CharField()
    kind = serializers.ChoiceField(choices=["amount", "date", "text"])
    label = serializers.CharField()
    required = serializers.BooleanField()


class AvailableTransitionSerializer(serializers.Serializer):
    name = serializers.CharField()
    label = serializers.CharField()
    target = serializers.ChoiceField(choices=State.choices)
    target_label = serializers.CharField()
    comment_required = serializers.BooleanField()
    comment_label = serializers.CharField()
    inputs = InputSerializer(many=True)
    ready = serializers.BooleanField(help_text="False when a precondition is not met yet (see blocked_by).")
    blocked_by = serializers.ListField(child=serializers.CharField())


FIELD_FOR_KIND = {
    "amount": lambda: serializers.DecimalField(max_digits=12, decimal_places=2, required=False, allow_null=True),
    "date": lambda: serializers.DateField(required=False, allow_null=True),
    "text": lambda: serializers.CharField(required=False, allow_blank=True, max_length=2000),
}


class TransitionRequestSerializer(serializers.Serializer):
    """Comment and the values some transitions take; the fields come from the life-cycle table."""

    comment = serializers.CharField(required=False, allow_blank=True, default="", max_length=10000)
    expected_state = serializers.ChoiceField(
        choices=State.choices, required=False,
        help_text="The state you saw; if the proposal moved since, the answer is 409 concurrent_change.")

    def get_fields(self):
        fields = super().get_fields()
        for spec in TRANSITIONS:
            for item in spec.inputs:
                fields.setdefault(item.name, FIELD_FOR_KIND[item.kind]())
        return fields

    def inputs(self):
        reserved = {"comment", "expected_state"}
        return {key: value for key, value in self.validated_data.items()
                if key not in reserved and value not in (None, "")}
