"""Forms of the agreement and report pages. Validation only: writes go through accountability.services."""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accountability.models import Report
from grants.uploads import ALLOWED_LABEL, CONTENT_TYPES, check_upload, safe_name

DATE_WIDGET = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class MultipleFileInput(forms.FileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files from one <input type="file" multiple>; each checked by grants.uploads like a single one.

    Cleans to a list (empty when nothing is chosen). A refused file names itself in the error, so the
    applicant knows which of the chosen files to replace.
    """

    widget = MultipleFileInput

    def clean(self, data, initial=None):
        files = [item for item in (data if isinstance(data, list | tuple) else [data]) if item]
        if not files:
            super().clean(None, initial)  # "required" is checked once, for the whole selection
            return []
        errors, cleaned = [], []
        for uploaded in files:
            try:
                cleaned.append(_checked(super().clean(uploaded, initial)))
            except forms.ValidationError as error:
                name = safe_name(getattr(uploaded, "name", ""))
                errors += [_("« %(name)s » : %(message)s") % {"name": name, "message": message}
                           for message in error.messages]
        if errors:
            raise forms.ValidationError(errors)
        return cleaned


def _file_field(label, required, many=False):
    help_text = (_("Un ou plusieurs fichiers. Formats permis : %(formats)s.") if many
                 else _("Formats permis : %(formats)s."))
    field = (MultipleFileField if many else forms.FileField)(
        label=label, required=required, help_text=help_text % {"formats": ALLOWED_LABEL})
    field.widget.attrs["accept"] = ",".join(CONTENT_TYPES)
    return field


def _checked(uploaded):
    if uploaded:
        check_upload(uploaded)
    return uploaded


def _not_future(day):
    if day and day > timezone.localdate():
        raise forms.ValidationError(_("La date ne peut pas être dans le futur."))
    return day


class SignatureForm(forms.Form):
    signed_on = forms.DateField(label=_("Date de signature"), widget=DATE_WIDGET)
    signed_file = _file_field(_("Convention signée (copie numérisée)"), required=True)

    def clean_signed_on(self):
        return _not_future(self.cleaned_data["signed_on"])

    def clean_signed_file(self):
        return _checked(self.cleaned_data["signed_file"])


class PaymentForm(forms.Form):
    paid_on = forms.DateField(label=_("Date du versement"), widget=DATE_WIDGET)
    reference = forms.CharField(label=_("Référence du paiement"), max_length=100,
                                help_text=_("Numéro de chèque ou de virement."))

    def clean_paid_on(self):
        return _not_future(self.cleaned_data["paid_on"])


class ReportForm(forms.ModelForm):
    """The report's own fields, plus one actual per indicator and one spent amount per budget line."""

    attachments = _file_field(_("Ajouter des pièces jointes"), required=False, many=True)

    class Meta:
        model = Report
        fields = ["narrative", "objectives_progress", "participants_women", "participants_men",
                  "participants_other"]
        widgets = {"narrative": forms.Textarea(attrs={"rows": 6}),
                   "objectives_progress": forms.Textarea(attrs={"rows": 6})}
        help_texts = {"objectives_progress": _("Pour chaque objectif de la demande, où en êtes-vous ?")}

    def __init__(self, *args, indicators, budget_lines, questions=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.indicators, self.budget_lines, self.questions = indicators, budget_lines, questions
        answers = {answer.question_id: answer.text for answer in self.instance.answers.all()}
        own_call = self.instance.agreement.proposal.call_id
        for question in questions:
            hints = [question.help] if question.help else []
            if question.call_id != own_call:
                hints.insert(0, str(_("Question de %(funder)s.") % {"funder": question.call.program.name}))
            if question.required:
                hints.append(str(_("Réponse obligatoire pour déposer le rapport.")))
            self.fields[f"question_{question.pk}"] = forms.CharField(
                label=question.label, required=False, help_text=" ".join(hints), initial=answers.get(question.pk, ""),
                widget=forms.Textarea(attrs={"rows": 4}))
        results = {r.indicator_id: r for r in self.instance.indicator_results.all()}
        spendings = {s.budget_line_id: s for s in self.instance.spendings.all()}
        for indicator in indicators:
            result = results.get(indicator.pk)
            self.fields[f"actual_{indicator.pk}"] = forms.DecimalField(
                label=_("Résultat atteint : %(label)s (%(unit)s)") % {"label": indicator.label,
                                                                     "unit": indicator.unit},
                required=False, min_value=0, max_digits=12, decimal_places=2,
                initial=result.actual if result else None)
            self.fields[f"comment_{indicator.pk}"] = forms.CharField(
                label=_("Commentaire sur « %(label)s »") % {"label": indicator.label}, required=False,
                initial=result.comment if result else "", widget=forms.TextInput)
        for line in budget_lines:
            spending = spendings.get(line.pk)
            self.fields[f"spent_{line.pk}"] = forms.DecimalField(
                label=_("Dépensé : %(line)s") % {"line": line.description}, required=False, min_value=0,
                max_digits=12, decimal_places=2, initial=spending.spent if spending else None)

    def indicator_rows(self):
        return [(i, self[f"actual_{i.pk}"], self[f"comment_{i.pk}"]) for i in self.indicators]

    def spending_rows(self):
        return [(line, self[f"spent_{line.pk}"]) for line in self.budget_lines]

    def question_fields(self):
        return [self[f"question_{question.pk}"] for question in self.questions]

    def service_arguments(self):
        data = {name: self.cleaned_data.get(name) for name in self.Meta.fields}
        data["narrative"] = data["narrative"] or ""
        data["objectives_progress"] = data["objectives_progress"] or ""
        results = {i.pk: (self.cleaned_data.get(f"actual_{i.pk}"), self.cleaned_data.get(f"comment_{i.pk}"))
                   for i in self.indicators}
        spendings = {line.pk: self.cleaned_data.get(f"spent_{line.pk}") for line in self.budget_lines}
        answers = {question.pk: self.cleaned_data.get(f"question_{question.pk}") or "" for question in self.questions}
        return {"data": data, "results": results, "spendings": spendings,
                "attachments": self.cleaned_data.get("attachments") or [], "answers": answers}


class ReviewForm(forms.Form):
    ACCEPT, RETURN = "accept", "return"
    decision = forms.ChoiceField(label=_("Décision"), widget=forms.RadioSelect, choices=[
        (ACCEPT, _("Accepter le rapport")), (RETURN, _("Retourner le rapport pour correction"))])
    comment = forms.CharField(label=_("Commentaires à l'organisme"), required=False,
                              widget=forms.Textarea(attrs={"rows": 4}),
                              help_text=_("Obligatoires pour retourner le rapport."))

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("decision") == self.RETURN and not (cleaned.get("comment") or "").strip():
            self.add_error("comment", _("Expliquez ce qui doit être corrigé : le commentaire est requis."))
        return cleaned


class CancelForm(forms.Form):
    comment = forms.CharField(label=_("Motif de l'annulation"), widget=forms.Textarea(attrs={"rows": 2}),
                              max_length=2000)
