"""Read-only shapes of agreements and reports; every nested row comes from the selectors' prefetches."""

from rest_framework import serializers

from accountability.models import Agreement, PaymentTranche, Report, ReportIndicatorResult
from grants.api.serializers import CallBriefSerializer, OrganisationBriefSerializer
from grants.models import Indicator, Proposal
from grants.states import State


class ProposalBriefSerializer(serializers.ModelSerializer):
    state = serializers.ChoiceField(choices=State.choices, read_only=True)
    state_label = serializers.CharField(source="get_state_display", read_only=True)
    organisation = OrganisationBriefSerializer(read_only=True)
    call = CallBriefSerializer(read_only=True)

    class Meta:
        model = Proposal
        fields = ["id", "reference", "title", "state", "state_label", "organisation", "call"]
        read_only_fields = fields


class TrancheSerializer(serializers.ModelSerializer):
    condition_label = serializers.CharField(source="get_condition_display", read_only=True)
    state_label = serializers.CharField(source="get_state_display", read_only=True)
    report = serializers.PrimaryKeyRelatedField(read_only=True, help_text="The report whose acceptance "
                                                "makes this tranche payable, if any.")

    class Meta:
        model = PaymentTranche
        fields = ["id", "order", "amount", "condition", "condition_label", "due_on", "state", "state_label",
                  "report", "payable_at", "paid_on", "payment_reference"]
        read_only_fields = fields


class ScheduledReportSerializer(serializers.ModelSerializer):
    kind_label = serializers.CharField(source="get_kind_display", read_only=True)
    state_label = serializers.CharField(source="get_state_display", read_only=True)
    is_overdue = serializers.BooleanField(read_only=True, help_text="Past its due date and not yet filed.")

    class Meta:
        model = Report
        fields = ["id", "kind", "kind_label", "order", "due_on", "state", "state_label", "is_overdue"]
        read_only_fields = fields


class AgreementSerializer(serializers.ModelSerializer):
    proposal = ProposalBriefSerializer(read_only=True)
    is_signed = serializers.BooleanField(read_only=True)
    tranches = TrancheSerializer(many=True, read_only=True)
    reports = ScheduledReportSerializer(many=True, read_only=True, help_text="The report schedule.")

    class Meta:
        model = Agreement
        fields = ["id", "proposal", "amount_granted", "starts_on", "ends_on", "conditions", "signed_on",
                  "is_signed", "created_at", "tranches", "reports"]
        read_only_fields = fields


class IndicatorBriefSerializer(serializers.ModelSerializer):
    class Meta:
        model = Indicator
        fields = ["id", "label", "unit", "target"]
        read_only_fields = fields


class IndicatorResultSerializer(serializers.ModelSerializer):
    indicator = IndicatorBriefSerializer(read_only=True)

    class Meta:
        model = ReportIndicatorResult
        fields = ["indicator", "actual", "comment"]
        read_only_fields = fields


class ReportSerializer(ScheduledReportSerializer):
    agreement = serializers.PrimaryKeyRelatedField(read_only=True)
    proposal = ProposalBriefSerializer(source="agreement.proposal", read_only=True)
    participants_total = serializers.IntegerField(read_only=True)
    indicator_results = IndicatorResultSerializer(many=True, read_only=True)

    class Meta(ScheduledReportSerializer.Meta):
        fields = [*ScheduledReportSerializer.Meta.fields, "agreement", "proposal", "narrative",
                  "objectives_progress", "participants_women", "participants_men", "participants_other",
                  "participants_total", "submitted_at", "accepted_at", "review_comment", "updated_at",
                  "indicator_results"]
        read_only_fields = fields
