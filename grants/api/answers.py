"""A proposal's answers to its call's own questions, as the API reads and writes them.

Read: `questions` (the call's form as it stands: current version of each question) and `answers` (every
answer stored, each with the version and wording it answered). Write: items naming a question and the
value in the field of its kind, checked by the page's own form (grants.forms.questions) and saved by
grants.services.proposals.save_step; a file question is answered on the page.
"""

from django.urls import reverse
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from grants import funders
from grants.forms.questions import QuestionsForm, current_questions, field_name
from grants.forms.text import normalise_newlines
from grants.models import Answer, QuestionKind
from grants.models.question import CHOICE_KINDS, NUMBER_KINDS, TEXT_KINDS

VALUE_FIELD = {QuestionKind.SHORT_TEXT: "text", QuestionKind.LONG_TEXT: "text", QuestionKind.NUMBER: "number",
               QuestionKind.MONEY: "number", QuestionKind.DATE: "date", QuestionKind.YES_NO: "boolean",
               QuestionKind.CHOICE: "choices", QuestionKind.CHOICES: "choices", QuestionKind.FILE: "file"}


class OptionSerializer(serializers.Serializer):
    value = serializers.CharField()
    label = serializers.CharField()


class QuestionSerializer(serializers.Serializer):
    id = serializers.IntegerField(help_text="The call question's id: name it in an answer.")
    version = serializers.IntegerField(source="current.number", help_text="Its current version number.")
    step = serializers.CharField(help_text="The form step it is asked in (slug).")
    kind = serializers.ChoiceField(choices=QuestionKind.choices, source="current.kind")
    label = serializers.CharField(source="current.label")
    help = serializers.CharField(source="current.help")
    required = serializers.BooleanField(source="current.required", help_text="Required before submission.")
    max_length = serializers.IntegerField(source="current.text_limit", allow_null=True)
    options = serializers.SerializerMethodField()

    @extend_schema_field(OptionSerializer(many=True))
    def get_options(self, question):
        return [{"value": value, "label": label} for value, label in question.current.option_choices()]


class AnswerSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    question = serializers.IntegerField(source="question_id")
    question_version = serializers.IntegerField(source="version.number",
                                                help_text="The version of the question this answers.")
    current = serializers.SerializerMethodField(help_text="Whether it answers the question's current version.")
    kind = serializers.ChoiceField(choices=QuestionKind.choices, source="version.kind")
    label = serializers.CharField(source="version.label", help_text="The wording it was given to.")
    text = serializers.CharField()
    number = serializers.DecimalField(max_digits=14, decimal_places=2, allow_null=True)
    date = serializers.DateField(allow_null=True)
    boolean = serializers.BooleanField(allow_null=True)
    choices = serializers.ListField(child=serializers.CharField())
    file_name = serializers.CharField()
    file_url = serializers.SerializerMethodField()
    updated_at = serializers.DateTimeField()

    def get_current(self, answer) -> bool:
        return answer.version_id == answer.question.current_id

    def get_file_url(self, answer) -> str | None:
        if not answer.file:
            return None
        path = reverse("answer_download", kwargs={"pk": answer.proposal_id, "answer_pk": answer.pk})
        request = self.context.get("request")
        return request.build_absolute_uri(path) if request else path


def answers_of(proposal):
    return list(Answer.objects.filter(proposal_id=proposal.pk).select_related("version", "question")
                .order_by("question_id", "version__number"))


class AnswerItemSerializer(serializers.Serializer):
    question = serializers.IntegerField(min_value=1, help_text="A question of the proposal's call (`questions`).")
    text = serializers.CharField(required=False, allow_blank=True, trim_whitespace=False,
                                 help_text="Short or long text.")
    number = serializers.DecimalField(max_digits=14, decimal_places=2, required=False, allow_null=True,
                                      help_text="Number or amount.")
    date = serializers.DateField(required=False, allow_null=True)
    boolean = serializers.BooleanField(required=False, allow_null=True, help_text="Yes or no.")
    choices = serializers.ListField(child=serializers.CharField(max_length=60), required=False, max_length=100,
                                    help_text="Values of the options chosen (one for a single choice).")


class AnswersBody(serializers.Serializer):
    version = serializers.IntegerField(min_value=1, help_text="The `version` of the proposal you read.")
    items = AnswerItemSerializer(many=True, max_length=500,
                                 help_text="The answers to set; a value left empty clears that answer, a "
                                           "question left out keeps its answer.")


class AnswersResult(serializers.Serializer):
    version = serializers.IntegerField(help_text="The proposal's new version.")
    answers = AnswerSerializer(many=True)


def _posted(kind, item):
    """The value the step page would post for this item."""
    if kind in TEXT_KINDS:
        return normalise_newlines(item.get("text") or "")
    if kind in NUMBER_KINDS:
        return "" if item.get("number") is None else str(item["number"])
    if kind == QuestionKind.DATE:
        return "" if item.get("date") is None else item["date"].isoformat()
    if kind == QuestionKind.YES_NO:
        return {True: "1", False: "0"}.get(item.get("boolean"), "")
    choices = item.get("choices") or []
    if kind == QuestionKind.CHOICE:
        return choices[0] if len(choices) == 1 else ("" if not choices else choices)
    return choices


def answer_values(proposal, items):
    """{call question id: value} for save_step from the items sent, checked by the page's form; a
    ValidationError lists the problems per item."""
    known = {question.pk: question for question in current_questions(funders.question_call_ids(proposal))}
    errors, named = {}, set()
    for index, item in enumerate(items):
        question = known.get(item["question"])
        if question is None or item["question"] in named:
            errors[str(index)] = {"question": [_("Question inconnue du formulaire de cet appel, ou nommée deux "
                                                 "fois.")]}
        elif question.current.kind == QuestionKind.FILE:
            errors[str(index)] = {"question": [_("Une question à fichier se répond sur la page du formulaire.")]}
        elif question.current.kind == QuestionKind.CHOICE and len(item.get("choices") or []) > 1:
            errors[str(index)] = {"choices": [_("Une seule option pour cette question.")]}
        named.add(item["question"])
    if errors:
        raise serializers.ValidationError({"items": errors})
    data = {field_name(known[item["question"]]): _posted(known[item["question"]].current.kind, item)
            for item in items}
    form = QuestionsForm(data, proposal=proposal, only=[item["question"] for item in items])
    if not form.is_valid():
        raise serializers.ValidationError({"items": {
            str(index): {VALUE_FIELD[known[item["question"]].current.kind]: list(form.errors[field_name(
                known[item["question"]])])}
            for index, item in enumerate(items) if field_name(known[item["question"]]) in form.errors}})
    values = form.answers()
    for item in items:
        kind = known[item["question"]].current.kind
        if kind in TEXT_KINDS:
            # Kept as sent, as the API's section texts are (grants.api.proposals.ExactTextSerializer).
            values[item["question"]] = {"text": normalise_newlines(item.get("text") or "")}
        elif kind in CHOICE_KINDS and not item.get("choices"):
            values[item["question"]] = {"choices": []}
    return values
