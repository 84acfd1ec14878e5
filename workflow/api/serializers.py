from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from core.api import ChoiceLabel
from grants.api.proposals import ProposalSectionsSerializer
from grants.api.serializers import CallBriefSerializer, OrganisationBriefSerializer
from grants.models import Proposal
from grants.states import State
from workflow import history
from workflow.machine import TRANSITIONS
from workflow.rules import can_view_as_staff


class ProposalSerializer(serializers.ModelSerializer):
    state = serializers.ChoiceField(choices=State.choices, read_only=True)
    state_label = ChoiceLabel("state")
    organisation = OrganisationBriefSerializer(read_only=True)
    call = CallBriefSerializer(read_only=True)

    class Meta:
        model = Proposal
        fields = ["id", "reference", "title", "state", "state_label", "version", "organisation", "call",
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


class HistoryValueSerializer(serializers.Serializer):
    label = serializers.CharField()
    value = serializers.CharField()


class HistoryEntrySerializer(serializers.Serializer):
    """One line of the proposal's history, as its page shows it to the reader (workflow.history)."""

    at = serializers.DateTimeField(source="log.created_at")
    transition = serializers.CharField(source="log.transition")
    label = serializers.CharField()
    who = serializers.CharField(help_text="A name, or the team's role for the organisation's members.")
    from_state = serializers.ChoiceField(choices=State.choices, source="log.from_state")
    to_state = serializers.ChoiceField(choices=State.choices, source="log.to_state")
    comment = serializers.CharField(help_text="Empty when the comment is not for the reader.")
    data = serializers.SerializerMethodField()

    @extend_schema_field(HistoryValueSerializer(many=True))
    def get_data(self, entry):
        return [{"label": str(label), "value": str(value)} for label, value, _is_amount in entry.data]


class ProposalDetailSerializer(ProposalSectionsSerializer):
    """Every section, its lines and documents, and the history the reader may see."""

    history = serializers.SerializerMethodField()

    class Meta(ProposalSectionsSerializer.Meta):
        fields = [*ProposalSectionsSerializer.Meta.fields, "history"]
        read_only_fields = fields

    @extend_schema_field(HistoryEntrySerializer(many=True))
    def get_history(self, proposal):
        return HistoryEntrySerializer(history.timeline(proposal, self.context["request"].user), many=True).data


class CompletenessItemSerializer(serializers.Serializer):
    step = serializers.CharField(help_text="The form step that fixes it (slug).")
    field = serializers.CharField()
    message = serializers.CharField()


class CompletenessSerializer(serializers.Serializer):
    complete = serializers.BooleanField()
    missing = CompletenessItemSerializer(many=True)


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
    meeting = serializers.IntegerField(
        required=False, allow_null=True, min_value=1,
        help_text="approve/decline: the board meeting (of the proposal's program) the decision was taken at; "
                  "the decision is dated by the meeting.")

    def get_fields(self):
        fields = super().get_fields()
        for spec in TRANSITIONS:
            for item in spec.inputs:
                fields.setdefault(item.name, FIELD_FOR_KIND[item.kind]())
        return fields

    def inputs(self):
        reserved = {"comment", "expected_state", "meeting"}
        return {key: value for key, value in self.validated_data.items()
                if key not in reserved and value not in (None, "")}
