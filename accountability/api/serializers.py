"""Shapes of agreements, tranches and reports (every nested row comes from the selectors' prefetches),
and the bodies of their writes: these parse values only, accountability.services decides."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from accountability.models import (
    Agreement,
    PaymentTranche,
    Report,
    ReportAttachment,
    ReportIndicatorResult,
    ReportSpending,
)
from core.api import ChoiceLabel
from grants.api.serializers import CallBriefSerializer, OrganisationBriefSerializer
from grants.models import Indicator, Proposal
from grants.states import State


class ProposalBriefSerializer(serializers.ModelSerializer):
    state = serializers.ChoiceField(choices=State.choices, read_only=True)
    state_label = ChoiceLabel("state")
    organisation = OrganisationBriefSerializer(read_only=True)
    call = CallBriefSerializer(read_only=True)

    class Meta:
        model = Proposal
        fields = ["id", "reference", "title", "state", "state_label", "organisation", "call"]
        read_only_fields = fields


class TrancheSerializer(serializers.ModelSerializer):
    condition_label = ChoiceLabel("condition")
    state_label = ChoiceLabel("state")
    report = serializers.PrimaryKeyRelatedField(read_only=True, allow_null=True, help_text="The report whose "
                                                "acceptance makes this tranche payable; null if none.")

    class Meta:
        model = PaymentTranche
        fields = ["id", "order", "amount", "condition", "condition_label", "due_on", "state", "state_label",
                  "report", "payable_at", "paid_on", "payment_reference"]
        read_only_fields = fields


class TrancheDetailSerializer(TrancheSerializer):
    agreement = serializers.PrimaryKeyRelatedField(read_only=True)

    class Meta(TrancheSerializer.Meta):
        fields = ["agreement", *TrancheSerializer.Meta.fields]
        read_only_fields = fields


class ScheduledReportSerializer(serializers.ModelSerializer):
    kind_label = ChoiceLabel("kind")
    state_label = ChoiceLabel("state")
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


class ReportSpendingSerializer(serializers.ModelSerializer):
    class Meta:
        model = ReportSpending
        fields = ["budget_line", "spent"]
        read_only_fields = fields


class ReportAttachmentSerializer(serializers.ModelSerializer):
    download_url = serializers.SerializerMethodField(help_text="GET it with the same credentials: "
                                                     "checked like the report itself.")

    class Meta:
        model = ReportAttachment
        fields = ["id", "original_name", "content_type", "size", "uploaded_at", "download_url"]
        read_only_fields = fields

    def get_download_url(self, attachment) -> str:
        path = reverse("report-attachment", args=[attachment.report_id, attachment.pk])
        request = self.context.get("request")
        return request.build_absolute_uri(path) if request else path


class ReportAnswerSerializer(serializers.Serializer):
    question = serializers.IntegerField(source="question_id")
    label = serializers.CharField(source="question.label")
    program = serializers.CharField(source="question.call.program.code",
                                    help_text="The funder that asks it (a shared application's report asks each "
                                              "funding funder's questions).")
    text = serializers.CharField()


class ReportSerializer(ScheduledReportSerializer):
    agreement = serializers.PrimaryKeyRelatedField(read_only=True)
    proposal = ProposalBriefSerializer(source="agreement.proposal", read_only=True)
    participants_total = serializers.IntegerField(read_only=True)
    # The lists accountability.selectors.visible_reports prefetches.
    indicator_results = IndicatorResultSerializer(source="indicator_result_list", many=True, read_only=True)
    spendings = ReportSpendingSerializer(source="spending_list", many=True, read_only=True,
                                         help_text="Spent per budget line.")
    attachments = ReportAttachmentSerializer(source="attachment_list", many=True, read_only=True)
    answers = ReportAnswerSerializer(source="answer_list", many=True, read_only=True,
                                     help_text="Answers to the funders' own report questions.")

    class Meta(ScheduledReportSerializer.Meta):
        fields = [*ScheduledReportSerializer.Meta.fields, "agreement", "proposal", "narrative",
                  "objectives_progress", "participants_women", "participants_men", "participants_other",
                  "participants_total", "submitted_at", "accepted_at", "review_comment", "updated_at",
                  "indicator_results", "spendings", "attachments", "answers"]
        read_only_fields = fields


class AgreementSignatureSerializer(serializers.Serializer):
    signed_on = serializers.DateField()
    signed_file = serializers.FileField(required=False, help_text="The signed copy (PDF, DOCX, ODT, image).")


class TranchePaymentSerializer(serializers.Serializer):
    paid_on = serializers.DateField()
    reference = serializers.CharField(max_length=100, allow_blank=True, help_text="Cheque or transfer number.")


class AccountabilityCommentSerializer(serializers.Serializer):
    comment = serializers.CharField(required=False, allow_blank=True, default="", max_length=10000)


def _text(**kwargs):
    # Sent text is stored byte for byte: no trimming of spaces or line breaks.
    return serializers.CharField(allow_blank=True, trim_whitespace=False, **kwargs)


class ReportIndicatorResultInputSerializer(serializers.Serializer):
    indicator = serializers.IntegerField(help_text="An indicator of the report's proposal.")
    actual = serializers.DecimalField(max_digits=12, decimal_places=2, min_value=0, allow_null=True)
    comment = _text(required=False, default="")


class ReportSpendingInputSerializer(serializers.Serializer):
    budget_line = serializers.IntegerField(help_text="A budget line of the report's proposal.")
    spent = serializers.DecimalField(max_digits=12, decimal_places=2, min_value=0, allow_null=True)


def _unique(rows, key, message):
    if len({row[key] for row in rows}) != len(rows):
        raise serializers.ValidationError(message)
    return rows


class ReportAnswerInputSerializer(serializers.Serializer):
    question = serializers.IntegerField(help_text="A report question this report asks.")
    text = _text()


class ReportUpdateSerializer(serializers.Serializer):
    """What the applicant may change in a draft or returned report; omitted fields keep their value. Each
    indicator result given replaces that indicator's actual and comment."""

    narrative = _text(required=False)
    objectives_progress = _text(required=False)
    participants_women = serializers.IntegerField(required=False, allow_null=True, min_value=0)
    participants_men = serializers.IntegerField(required=False, allow_null=True, min_value=0)
    participants_other = serializers.IntegerField(required=False, allow_null=True, min_value=0)
    indicator_results = ReportIndicatorResultInputSerializer(many=True, required=False)
    spendings = ReportSpendingInputSerializer(many=True, required=False)
    answers = ReportAnswerInputSerializer(many=True, required=False)

    def validate_indicator_results(self, rows):
        return _unique(rows, "indicator", _("Chaque indicateur ne peut figurer qu'une fois."))

    def validate_spendings(self, rows):
        return _unique(rows, "budget_line", _("Chaque poste budgétaire ne peut figurer qu'une fois."))

    def service_arguments(self):
        """accountability.services.save_report's arguments."""
        values = dict(self.validated_data)
        results = {row["indicator"]: (row["actual"], row["comment"]) for row in values.pop("indicator_results", [])}
        spendings = {row["budget_line"]: row["spent"] for row in values.pop("spendings", [])}
        answers = {row["question"]: row["text"] for row in values.pop("answers", [])}
        return {"data": values, "results": results, "spendings": spendings, "answers": answers}


class ReportAttachmentUploadSerializer(serializers.Serializer):
    file = serializers.FileField(help_text="PDF, DOCX, XLSX, ODT, ODS, PNG or JPEG, checked like the page's.")


class ReportMissingSerializer(serializers.Serializer):
    missing = serializers.ListField(child=serializers.CharField(), help_text="What submission still needs, in "
                                    "French; empty when the report may be submitted.")
