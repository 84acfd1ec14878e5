"""A proposal as the API shows it: every section of the application, its lines and its documents.

Lines are read and written in one shape; grants/api/proposal_writes.py parses the rest of what the API
receives. The proposal comes with
its relations prefetched (grants.selectors.proposal_sections): these serializers cost no query.
"""

from django.db.models import prefetch_related_objects
from django.urls import reverse
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from core.api import ChoiceLabel
from grants import funders
from grants.forms.questions import current_questions
from grants.forms.text import normalise_newlines
from grants.models import (
    Attachment,
    Axis,
    BudgetLine,
    CoFunding,
    Indicator,
    Partner,
    Priority,
    Proposal,
    Territory,
)
from grants.states import State

from .answers import AnswerSerializer, QuestionSerializer, answers_of
from .funders import FunderCallSerializer, FunderRequestSerializer
from .serializers import CallBriefSerializer, OrganisationBriefSerializer

SECTION_TEXTS = ["title", "public_summary", "mission", "project_lead_name", "project_lead_role", "contact_name",
                 "contact_role", "contact_email", "contact_phone", "territory_details", "target_population",
                 "objectives", "problem_statement", "expected_results", "concerns", "complementarity",
                 "gender_impact"]
SECTION_VALUES = ["expected_women", "expected_men", "expected_other", "start_date", "end_date"]
LINE_FIELDS = {
    "partners": ["name", "kind", "role", "cash_contribution", "in_kind_contribution"],
    "budget_lines": ["category", "description", "total_amount", "fund_amount"],
    "cofundings": ["source", "amount", "status"],
    "indicators": ["label", "target", "unit"],
}


class TerritoryBriefSerializer(serializers.ModelSerializer):
    class Meta:
        model = Territory
        fields = ["id", "code", "name", "parent"]
        read_only_fields = fields


class AxisBriefSerializer(serializers.ModelSerializer):
    name = serializers.CharField(read_only=True)

    class Meta:
        model = Axis
        fields = ["id", "code", "name"]
        read_only_fields = fields


class PriorityBriefSerializer(serializers.ModelSerializer):
    class Meta:
        model = Priority
        fields = ["id", "local_plan", "order", "text"]
        read_only_fields = fields


class ExactTextSerializer(serializers.ModelSerializer):
    """A model's text fields, kept exactly as sent (no trimming) but for line breaks: CR LF and a lone CR
    become LF, as the pages store them."""

    def build_standard_field(self, field_name, model_field):
        field_class, kwargs = super().build_standard_field(field_name, model_field)
        if issubclass(field_class, serializers.CharField):
            kwargs["trim_whitespace"] = False
        return field_class, kwargs

    def to_internal_value(self, data):
        # Before the fields' own checks: a length limit counts one character per line break, as on the pages.
        if hasattr(data, "getlist"):  # a form-encoded body
            normalised = data.copy()
            for name in data:
                normalised.setlist(name, normalise_newlines(data.getlist(name)))
            data = normalised
        elif isinstance(data, dict):
            data = {name: normalise_newlines(value) for name, value in data.items()}
        return super().to_internal_value(data)


class LineSerializer(ExactTextSerializer):
    """One line, read and written alike: sent with the `id` of an existing line it is kept (and updated),
    without one it is added."""

    id = serializers.IntegerField(required=False, allow_null=True, min_value=1)

    def build_standard_field(self, field_name, model_field):
        field_class, kwargs = super().build_standard_field(field_name, model_field)
        if model_field.has_default():
            kwargs["default"] = model_field.default  # as the page's blank row starts
        return field_class, kwargs


class PartnerSerializer(LineSerializer):
    class Meta:
        model = Partner
        fields = ["id", *LINE_FIELDS["partners"]]


class BudgetLineSerializer(LineSerializer):
    class Meta:
        model = BudgetLine
        fields = ["id", *LINE_FIELDS["budget_lines"]]


class CoFundingSerializer(LineSerializer):
    class Meta:
        model = CoFunding
        fields = ["id", *LINE_FIELDS["cofundings"]]


class IndicatorSerializer(LineSerializer):
    class Meta:
        model = Indicator
        fields = ["id", *LINE_FIELDS["indicators"]]


LINE_SERIALIZERS = {"partners": PartnerSerializer, "budget_lines": BudgetLineSerializer,
                    "cofundings": CoFundingSerializer, "indicators": IndicatorSerializer}


class AttachmentKindSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    code = serializers.CharField()
    name = serializers.CharField()


class AttachmentSerializer(serializers.ModelSerializer):
    kind = AttachmentKindSerializer(read_only=True)
    download_url = serializers.SerializerMethodField(
        help_text="Where the file is read, for who may read the proposal (grants.view_attachment).")

    class Meta:
        model = Attachment
        fields = ["id", "kind", "original_name", "content_type", "size", "uploaded_at", "download_url"]
        read_only_fields = fields

    def get_download_url(self, attachment) -> str:
        path = reverse("proposal-attachment-download", kwargs={"pk": attachment.proposal_id,
                                                               "attachment_pk": attachment.pk})
        request = self.context.get("request")
        return request.build_absolute_uri(path) if request else path


class ProposalSectionsSerializer(serializers.ModelSerializer):
    """Every section of the application, as the read-only page shows it."""

    state = serializers.ChoiceField(choices=State.choices, read_only=True)
    state_label = ChoiceLabel("state")
    organisation = OrganisationBriefSerializer(read_only=True)
    call = CallBriefSerializer(read_only=True)
    mrcs = TerritoryBriefSerializer(many=True, read_only=True)
    municipalities = TerritoryBriefSerializer(many=True, read_only=True)
    primary_axis = AxisBriefSerializer(read_only=True, allow_null=True)
    secondary_axes = AxisBriefSerializer(many=True, read_only=True)
    priorities = PriorityBriefSerializer(many=True, read_only=True)
    partners = PartnerSerializer(many=True, read_only=True)
    budget_lines = BudgetLineSerializer(many=True, read_only=True)
    cofundings = CoFundingSerializer(many=True, read_only=True)
    indicators = IndicatorSerializer(many=True, read_only=True)
    attachments = AttachmentSerializer(many=True, read_only=True)
    suggested_amount = serializers.DecimalField(
        max_digits=12, decimal_places=2, read_only=True, allow_null=True,
        help_text="The team's suggested amount: null for whoever is not the program's staff.")
    # The call's own questions (grants.answers): two queries, whatever their number.
    questions = serializers.SerializerMethodField(help_text="The call's own questions, as the form asks them now.")
    answers = serializers.SerializerMethodField(
        help_text="Every answer to the call's own questions, each with the version of the question it answered.")
    # A shared call (grants.funders): the application's amount asked from each funder; a co-funder's file
    # points at the application it was filed with.
    application = serializers.PrimaryKeyRelatedField(read_only=True, allow_null=True, help_text=(
        "For a co-funder's file of a shared call: the proposal filed with the host, else null."))
    funders = serializers.SerializerMethodField(help_text="What the application asks from each funder of a "
                                                          "shared call; empty outside shared calls.")
    funder_calls = serializers.SerializerMethodField(help_text="The funders of the shared call this draft may ask "
                                                               "(PUT …/funders/); empty outside shared calls.")

    class Meta:
        model = Proposal
        fields = ["id", "reference", "version", "state", "state_label", "organisation", "call",
                  *SECTION_TEXTS, "mrcs", "municipalities", "primary_axis", "secondary_axes", "priorities",
                  *SECTION_VALUES, "requested_amount", "suggested_amount", "amount_granted",
                  "partners", "budget_lines", "cofundings", "indicators", "attachments", "questions", "answers",
                  "application", "funders", "funder_calls", "submitted_at", "created_at", "updated_at"]
        read_only_fields = fields

    @extend_schema_field(QuestionSerializer(many=True))
    def get_questions(self, proposal):
        return QuestionSerializer(current_questions(funders.question_call_ids(proposal)), many=True).data

    @extend_schema_field(FunderRequestSerializer(many=True))
    def get_funders(self, proposal):
        return FunderRequestSerializer(funders.requests(proposal).values(), many=True).data

    @extend_schema_field(FunderCallSerializer(many=True))
    def get_funder_calls(self, proposal):
        if not funders.asks_funders(proposal):
            return []
        calls = funders.funder_calls(proposal.call)
        prefetch_related_objects(calls, "program__axes")  # one query for every funder's axes
        return FunderCallSerializer(calls, many=True).data

    @extend_schema_field(AnswerSerializer(many=True))
    def get_answers(self, proposal):
        return AnswerSerializer(answers_of(proposal), many=True, context=self.context).data

    def to_representation(self, proposal):
        data = super().to_representation(proposal)
        request = self.context.get("request")
        # The team's suggested amount is advice to the decision body, not for the organisation.
        if request is None or not request.user.has_perm("grants.view_proposal_as_staff", proposal):
            data["suggested_amount"] = None
        return data
