"""The call's own questions on a step of the application form (and in the API's answers write).

Every field is optional here, as the standard sections are: a draft is saved half done, and a required
question blocks the submission instead (grants.completeness). A question changed since the proposal
answered it shows its new wording, filled with the earlier answer: saving the step answers the new one.
"""

from django import forms
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from core.money import AmountField
from grants import completeness, funders
from grants.models import Answer, CallQuestion, QuestionKind
from grants.models.question import QuestionStage
from grants.uploads import check_upload

from .proposals import BY_FIELD_CLASS, CHECKBOXES, PLAIN_MESSAGES
from .summary import Entry
from .text import NewlinesMixin

PREFIX = "question_"
YES_NO = [("", _("— Sans réponse —")), ("1", _("Oui")), ("0", _("Non"))]
REQUIRED_HINT = _("Réponse obligatoire pour déposer la demande.")
CHANGED_HINT = _("Cette question a été modifiée depuis votre réponse : relisez votre réponse, puis enregistrez.")


def field_name(question):
    return f"{PREFIX}{question.pk}"


def current_questions(call_ids, step=None, only=None):
    """The questions of a call, or of several (a shared call's funders: grants.funders.question_call_ids)."""
    call_ids = call_ids if isinstance(call_ids, list | tuple) else [call_ids]
    questions = CallQuestion.objects.filter(call_id__in=call_ids, retired_at__isnull=True).select_related(
        "current", "call__program")
    if step is not None:
        questions = questions.filter(step=step)
    if only is not None:
        questions = questions.filter(pk__in=only)
    return list(questions.order_by("order", "id"))


def latest_answers(proposal, questions):
    """{question id: the answer to its highest version answered}."""
    latest = {}
    for answer in (Answer.objects.filter(proposal=proposal, question__in=questions).select_related("version")
                   .order_by("question_id", "version__number")):
        latest[answer.question_id] = answer
    return latest


def _field(version):
    kind, help_parts = version.kind, [version.help] if version.help else []
    if version.required:
        help_parts.append(str(REQUIRED_HINT))
    common = {"label": version.label, "required": False, "help_text": " ".join(help_parts)}
    if kind == QuestionKind.SHORT_TEXT:
        return forms.CharField(max_length=version.text_limit(), **common)
    if kind == QuestionKind.LONG_TEXT:
        return forms.CharField(max_length=version.text_limit(), widget=forms.Textarea(attrs={"rows": 6}), **common)
    if kind == QuestionKind.NUMBER:
        return AmountField(currency=False, max_digits=14, decimal_places=2, **common)
    if kind == QuestionKind.MONEY:
        return AmountField(max_digits=14, decimal_places=2, **common)
    if kind == QuestionKind.DATE:
        return forms.DateField(widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"), **common)
    if kind == QuestionKind.YES_NO:
        return forms.TypedChoiceField(choices=YES_NO, coerce=lambda value: value == "1", empty_value=None,
                                      widget=forms.RadioSelect, **common)
    if kind == QuestionKind.CHOICE:
        return forms.ChoiceField(choices=[("", _("— Sans réponse —")), *version.option_choices()],
                                 widget=forms.RadioSelect, **common)
    if kind == QuestionKind.CHOICES:
        return forms.MultipleChoiceField(choices=version.option_choices(), widget=CHECKBOXES, **common)
    return forms.FileField(**common)


def _initial(answer, version):
    """An earlier answer as the current version's field shows it; None when its kind changed."""
    if answer is None or answer.version.kind != version.kind:
        return None
    kind = version.kind
    if kind in (QuestionKind.SHORT_TEXT, QuestionKind.LONG_TEXT):
        return answer.text
    if kind in (QuestionKind.NUMBER, QuestionKind.MONEY):
        return answer.number
    if kind == QuestionKind.DATE:
        return answer.date
    if kind == QuestionKind.YES_NO:
        return None if answer.boolean is None else ("1" if answer.boolean else "0")
    offered = {value for value, _label in version.option_choices()}
    kept = [value for value in answer.choices if value in offered]
    if kind == QuestionKind.CHOICE:
        return kept[0] if kept else None
    return kept if kind == QuestionKind.CHOICES else None


class QuestionsForm(NewlinesMixin, forms.Form):
    """The current questions of one step (or those named by `only`, or all of them)."""

    def __init__(self, data=None, files=None, *, proposal, step=None, only=None):
        super().__init__(data, files)
        self.proposal = proposal
        self.questions = current_questions(funders.question_call_ids(proposal), step, only)
        if completeness.stage_of(proposal) == completeness.INTENT:
            # A two-stage call's letter of intent asks only the questions of its stage.
            self.questions = [question for question in self.questions if question.stage == QuestionStage.INTENT]
        answers = latest_answers(proposal, self.questions) if self.questions else {}
        self.current_files = {}
        for question in self.questions:
            version, answer = question.current, answers.get(question.pk)
            field = _field(version)
            # An amount field says "inscrivez un nombre / un montant" itself (a DecimalField is an IntegerField).
            by_class = {} if isinstance(field, AmountField) else next(
                (messages for kind, messages in BY_FIELD_CLASS.items() if isinstance(field, kind)), {})
            field.error_messages.update({**PLAIN_MESSAGES, **by_class})
            field.initial = _initial(answer, version)
            if answer is not None and answer.version_id != version.pk:
                field.help_text = format_html('<strong>{}</strong> {}', CHANGED_HINT, field.help_text)
            if question.call_id != proposal.call_id:
                # A co-funder's own question in a shared call: the applicant sees who asks it.
                field.help_text = format_html("{} {}", _("Question de %(funder)s.") % {
                    "funder": question.call.program.name}, field.help_text)
            self.fields[field_name(question)] = field
            if version.kind == QuestionKind.FILE and answer is not None and answer.file:
                self.current_files[question.pk] = answer
                field.help_text = format_html("{} {}", _("Fichier reçu : %(name)s. Déposez-en un autre pour le "
                                                         "remplacer.") % {"name": answer.file_name},
                                              field.help_text)
                self.fields[f"{field_name(question)}_clear"] = forms.BooleanField(
                    label=_("Retirer le fichier reçu"), required=False)

    def __bool__(self):
        return bool(self.questions)

    def clean(self):
        cleaned = super().clean()
        for question in self.questions:
            name = field_name(question)
            uploaded = cleaned.get(name)
            if question.current.kind == QuestionKind.FILE and uploaded:
                try:
                    check_upload(uploaded)
                except forms.ValidationError as error:
                    self.add_error(name, error)
        return cleaned

    def answers(self):
        """{call question id: value} for grants.services.answers."""
        values = {}
        for question in self.questions:
            name, kind = field_name(question), question.current.kind
            value = self.cleaned_data.get(name)
            if kind in (QuestionKind.SHORT_TEXT, QuestionKind.LONG_TEXT):
                values[question.pk] = {"text": value or ""}
            elif kind in (QuestionKind.NUMBER, QuestionKind.MONEY):
                values[question.pk] = {"number": value}
            elif kind == QuestionKind.DATE:
                values[question.pk] = {"date": value}
            elif kind == QuestionKind.YES_NO:
                values[question.pk] = {"boolean": value}
            elif kind == QuestionKind.CHOICE:
                values[question.pk] = {"choices": [value] if value else []}
            elif kind == QuestionKind.CHOICES:
                values[question.pk] = {"choices": list(value or [])}
            else:
                values[question.pk] = {"file": value or None,
                                       "clear": bool(self.cleaned_data.get(f"{name}_clear"))}
        return values

    def summary_entries(self):
        """The error summary's entries (grants.forms.summary) for these questions."""
        if not self.is_bound:
            return []
        return [Entry(bound.id_for_label or f"field-{bound.html_name}", str(bound.label), message)
                for bound in self for message in bound.errors]
