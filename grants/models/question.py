"""A call's own questions, beyond the standard FQIS sections, and the proposals' typed answers.

A CallQuestion is the question's place in a call (step, order); its wording, kind and rules live in
numbered QuestionVersions. Changing a question that has answers adds a version: every Answer keeps
pointing at the version it answered, so an old answer is always read with the wording it was given to,
and the form shows the current version (grants.services.questions). A LibraryQuestion is a model
question that programs reuse: adding it to a call copies its content into the call's first version.
"""

import uuid

from django.db import models
from django.utils.formats import date_format, number_format
from django.utils.translation import gettext_lazy as _

from core.languages import in_reader_language, reads_english
from core.money import format_money

MONEY = {"max_digits": 14, "decimal_places": 2}


class QuestionKind(models.TextChoices):
    SHORT_TEXT = "short_text", _("Texte court")
    LONG_TEXT = "long_text", _("Texte long")
    NUMBER = "number", _("Nombre")
    MONEY = "money", _("Montant ($)")
    DATE = "date", _("Date")
    YES_NO = "yes_no", _("Oui ou non")
    CHOICE = "choice", _("Choix unique")
    CHOICES = "choices", _("Choix multiples")
    FILE = "file", _("Fichier")


TEXT_KINDS = (QuestionKind.SHORT_TEXT, QuestionKind.LONG_TEXT)
NUMBER_KINDS = (QuestionKind.NUMBER, QuestionKind.MONEY)
CHOICE_KINDS = (QuestionKind.CHOICE, QuestionKind.CHOICES)
SHORT_TEXT_LIMIT = 300


class QuestionContent(models.Model):
    """What a question says and accepts: the part that is versioned."""

    kind = models.CharField(_("type de réponse"), max_length=20, choices=QuestionKind.choices)
    label_fr = models.CharField(_("question (français)"), max_length=500)
    label_en = models.CharField(_("question (anglais)"), max_length=500, blank=True)
    help_fr = models.TextField(_("aide (français)"), blank=True)
    help_en = models.TextField(_("aide (anglais)"), blank=True)
    required = models.BooleanField(_("réponse obligatoire"), default=False)
    max_length = models.PositiveIntegerField(
        _("nombre maximal de caractères"), null=True, blank=True,
        help_text=_("Pour les réponses en texte ; vide : 300 pour un texte court, aucune limite pour un texte long."))
    # [{"value": "a", "label_fr": "…", "label_en": "…"}, …] for single and multiple choice.
    options = models.JSONField(_("options"), default=list, blank=True)

    class Meta:
        abstract = True

    def __str__(self):
        return self.label

    @property
    def label(self):
        return in_reader_language(self.label_fr, self.label_en)

    @property
    def help(self):
        return in_reader_language(self.help_fr, self.help_en)

    def option_choices(self):
        """[(value, label in the reader's language)] of a choice question."""
        english = reads_english()
        return [(option["value"], (option.get("label_en") if english and option.get("label_en")
                                   else option.get("label_fr") or option["value"])) for option in self.options]

    def option_label(self, value):
        return dict(self.option_choices()).get(value, value)

    def text_limit(self):
        if self.kind == QuestionKind.SHORT_TEXT:
            return min(self.max_length or SHORT_TEXT_LIMIT, SHORT_TEXT_LIMIT)
        return self.max_length if self.kind == QuestionKind.LONG_TEXT else None

    def content(self):
        """The versioned values, as the service compares and copies them."""
        return {name: getattr(self, name) for name in CONTENT_FIELDS}


CONTENT_FIELDS = ("kind", "label_fr", "label_en", "help_fr", "help_en", "required", "max_length", "options")


class LibraryQuestion(QuestionContent):
    """A model question, reusable across calls: one program's, or every program's (program left empty)."""

    program = models.ForeignKey("grants.Program", verbose_name=_("programme"), null=True, blank=True,
                                on_delete=models.CASCADE, related_name="library_questions",
                                help_text=_("Vide : offerte à tous les programmes."))
    created_at = models.DateTimeField(_("créée le"), auto_now_add=True)

    class Meta:
        verbose_name = _("question de la bibliothèque")
        verbose_name_plural = _("bibliothèque de questions")
        ordering = ["label_fr", "id"]


class QuestionStage(models.TextChoices):
    """When a two-stage call asks the question (a single-stage call asks every question at once)."""

    INTENT = "intent", _("Dès la lettre d'intention")
    FULL = "full", _("Dans la demande complète seulement")


class CallQuestion(models.Model):
    """A question's place in one call; its content is its current version (QuestionVersion)."""

    call = models.ForeignKey("grants.Call", verbose_name=_("appel"), on_delete=models.CASCADE,
                             related_name="questions")
    step = models.SlugField(_("étape du formulaire"), max_length=40)
    order = models.PositiveSmallIntegerField(_("ordre"), default=0)
    # Placed like the step, not versioned: moving a question between stages keeps its answers.
    stage = models.CharField(_("étape de l'appel"), max_length=10, choices=QuestionStage.choices,
                             default=QuestionStage.FULL)
    library = models.ForeignKey(LibraryQuestion, verbose_name=_("question de la bibliothèque"), null=True,
                                blank=True, on_delete=models.SET_NULL, related_name="uses")
    current = models.ForeignKey("grants.QuestionVersion", verbose_name=_("version en vigueur"), null=True,
                                on_delete=models.PROTECT, related_name="+")
    # Taken off the form: its answers stay, shown with the wording they were given to.
    retired_at = models.DateTimeField(_("retirée le"), null=True, blank=True)

    class Meta:
        verbose_name = _("question de l'appel")
        verbose_name_plural = _("questions de l'appel")
        ordering = ["call", "order", "id"]
        indexes = [models.Index(fields=["call", "step", "order"], name="call_question_step_idx")]

    def __str__(self):
        return str(self.current) if self.current_id else f"#{self.pk}"


class QuestionVersion(QuestionContent):
    question = models.ForeignKey(CallQuestion, verbose_name=_("question"), on_delete=models.CASCADE,
                                 related_name="versions")
    number = models.PositiveIntegerField(_("version"))
    created_at = models.DateTimeField(_("créée le"), auto_now_add=True)
    created_by = models.ForeignKey("grants.User", verbose_name=_("créée par"), null=True,
                                   on_delete=models.SET_NULL, related_name="+")

    class Meta:
        verbose_name = _("version d'une question")
        verbose_name_plural = _("versions des questions")
        ordering = ["question", "number"]
        constraints = [models.UniqueConstraint(fields=["question", "number"], name="question_version_unique")]


def answer_file_path(instance, filename):
    # Generated name only, as for attachments: the user's file name is kept in file_name.
    return f"answers/{instance.proposal_id}/{uuid.uuid4().hex}"


class Answer(models.Model):
    """One proposal's answer to one version of a call question, in the column of its kind."""

    proposal = models.ForeignKey("grants.Proposal", verbose_name=_("demande"), on_delete=models.CASCADE,
                                 related_name="answers")
    # The question itself (every version): "every answer to this question" is one indexed filter.
    question = models.ForeignKey(CallQuestion, verbose_name=_("question"), on_delete=models.PROTECT,
                                 related_name="answers")
    version = models.ForeignKey(QuestionVersion, verbose_name=_("version de la question"),
                                on_delete=models.PROTECT, related_name="answers")
    text = models.TextField(_("texte"), blank=True)
    number = models.DecimalField(_("nombre"), null=True, blank=True, **MONEY)
    date = models.DateField(_("date"), null=True, blank=True)
    boolean = models.BooleanField(_("oui ou non"), null=True, blank=True)
    choices = models.JSONField(_("choix"), default=list, blank=True)
    file = models.FileField(_("fichier"), upload_to=answer_file_path, max_length=300, blank=True)
    file_name = models.CharField(_("nom du fichier"), max_length=255, blank=True)
    content_type = models.CharField(_("type de contenu"), max_length=120, blank=True)
    size = models.PositiveBigIntegerField(_("taille (octets)"), null=True, blank=True)
    updated_at = models.DateTimeField(_("modifiée le"), auto_now=True)
    updated_by = models.ForeignKey("grants.User", verbose_name=_("modifiée par"), null=True,
                                   on_delete=models.SET_NULL, related_name="+")

    class Meta:
        verbose_name = _("réponse")
        verbose_name_plural = _("réponses")
        ordering = ["id"]
        constraints = [models.UniqueConstraint(fields=["proposal", "version"], name="one_answer_per_version")]
        indexes = [models.Index(fields=["question", "proposal"], name="answer_question_idx")]

    def __str__(self):
        return self.display()

    def is_empty(self):
        return (not self.text.strip() and self.number is None and self.date is None and self.boolean is None
                and not self.choices and not self.file)

    def display(self):
        """The answer as text, in the reader's language (pages, print, exports)."""
        kind = self.version.kind
        if kind in TEXT_KINDS:
            return self.text
        if kind == QuestionKind.MONEY:
            return format_money(self.number) if self.number is not None else ""
        if kind == QuestionKind.NUMBER:
            return "" if self.number is None else _number(self.number)
        if kind == QuestionKind.DATE:
            return date_format(self.date) if self.date else ""
        if kind == QuestionKind.YES_NO:
            return "" if self.boolean is None else str(_("Oui") if self.boolean else _("Non"))
        if kind in CHOICE_KINDS:
            return " ; ".join(str(self.version.option_label(value)) for value in self.choices)
        return self.file_name


def _number(value):
    # 12 rather than 12,00: a count is shown as typed.
    shown = value.quantize(1) if value == value.to_integral() else value.normalize()
    return number_format(shown, use_l10n=True, force_grouping=True)
