"""What a program manager writes about a call question: its step, wording in both languages, kind and
rules. Used by the staff page (grants.views.questions) and the Django admin; the service versions it."""

from django import forms
from django.db.models import Q
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _

from grants.models import LibraryQuestion, QuestionKind
from grants.models.question import CHOICE_KINDS, CONTENT_FIELDS, QuestionStage
from grants.services.questions import QUESTION_STEPS, check_content

from .steps import BY_SLUG
from .text import NewlinesMixin

STEP_CHOICES = [(slug, BY_SLUG[slug].title) for slug in QUESTION_STEPS]
STAGE_HELP = _("Sans effet dans un appel en une seule étape, qui pose toutes ses questions à la fois.")


def options_from_text(text):
    """One option per line, "français | English": [{"value", "label_fr", "label_en"}]. The value is
    the French label's slug, so answers stay readable with the version they answered."""
    options = []
    for line in (text or "").splitlines():
        french, _sep, english = line.partition("|")
        french, english = french.strip(), english.strip()
        if french:
            options.append({"value": slugify(french)[:60] or french[:60], "label_fr": french, "label_en": english})
    return options


def options_to_text(options):
    return "\n".join(f"{option['label_fr']} | {option['label_en']}" if option.get("label_en")
                     else option["label_fr"] for option in options or [])


class QuestionContentForm(NewlinesMixin, forms.Form):
    step = forms.ChoiceField(label=_("Étape du formulaire"), choices=STEP_CHOICES)
    stage = forms.TypedChoiceField(label=_("Appel en deux étapes : question posée"), choices=QuestionStage.choices,
                                   initial=QuestionStage.FULL, required=False, empty_value=None, help_text=STAGE_HELP)
    kind = forms.ChoiceField(label=_("Type de réponse"), choices=QuestionKind.choices)
    label_fr = forms.CharField(label=_("Question (français)"), max_length=500)
    label_en = forms.CharField(label=_("Question (anglais)"), max_length=500, required=False)
    help_fr = forms.CharField(label=_("Aide (français)"), required=False, widget=forms.Textarea(attrs={"rows": 2}))
    help_en = forms.CharField(label=_("Aide (anglais)"), required=False, widget=forms.Textarea(attrs={"rows": 2}))
    required = forms.BooleanField(label=_("Réponse obligatoire pour déposer la demande"), required=False)
    max_length = forms.IntegerField(
        label=_("Nombre maximal de caractères"), required=False, min_value=1, max_value=100000,
        help_text=_("Texte court ou long seulement. Vide : 300 pour un texte court, aucune limite pour un texte long."))
    options = forms.CharField(
        label=_("Options"), required=False, widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Choix unique ou multiple : une option par ligne, en français, puis « | » et l'anglais, "
                    "par exemple « Oui, en partie | Yes, partly »."))

    error_messages = {"label_fr": {"required": _("Inscrivez la question en français.")}}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name, messages in self.error_messages.items():
            self.fields[name].error_messages.update(messages)

    @classmethod
    def initial_for(cls, question):
        """The current content and place of a call question, as the form shows them."""
        content = question.current.content()
        return {**content, "step": question.step, "stage": question.stage,
                "options": options_to_text(content["options"])}

    def clean(self):
        cleaned = super().clean()
        kind = cleaned.get("kind")
        cleaned["options"] = options_from_text(cleaned.get("options")) if kind in CHOICE_KINDS else []
        text = kind in (QuestionKind.SHORT_TEXT, QuestionKind.LONG_TEXT)
        if not text and cleaned.get("max_length") is not None:
            self.add_error("max_length", _("Seule une réponse en texte a un nombre maximal de caractères : "
                                           "videz ce champ."))
        elif kind in CHOICE_KINDS and len(cleaned["options"]) < 2:
            self.add_error("options", _("Inscrivez au moins deux options, une par ligne."))
        elif "label_fr" in cleaned and kind:
            for problem in check_content(self.content()):
                self.add_error(None, problem)
        return cleaned

    def content(self):
        return {name: self.cleaned_data.get(name) for name in CONTENT_FIELDS}


class LibraryChoiceForm(forms.Form):
    library_question = forms.ModelChoiceField(label=_("Question de la bibliothèque"), queryset=None,
                                              empty_label=_("— Choisir une question —"))
    step = forms.ChoiceField(label=_("Étape du formulaire"), choices=STEP_CHOICES)
    stage = forms.TypedChoiceField(label=_("Appel en deux étapes : question posée"), choices=QuestionStage.choices,
                                   initial=QuestionStage.FULL, required=False, empty_value=None, help_text=STAGE_HELP)

    def __init__(self, *args, call, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["library_question"].queryset = LibraryQuestion.objects.filter(
            Q(program_id=call.program_id) | Q(program__isnull=True)).order_by("label_fr", "id")
        self.fields["library_question"].error_messages["required"] = _("Choisissez une question de la bibliothèque.")
        self.fields["library_question"].error_messages["invalid_choice"] = _(
            "Choisissez une question de la bibliothèque offerte à ce programme.")
