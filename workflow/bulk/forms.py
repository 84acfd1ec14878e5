"""The bulk actions' forms: one per action, each with the values the action needs."""

from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from core.typography import labelled
from grants.models import Tag, User

from ..machine import BY_NAME
from .models import BulkJob

Action = BulkJob.Action


class AnalystForm(forms.Form):
    action = Action.ANALYST
    analyst = forms.ModelChoiceField(label=_lazy("Analyste"), queryset=User.objects.none())

    def __init__(self, program, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["analyst"].queryset = User.objects.filter(
            is_active=True, program_roles__program=program, program_roles__role="analyst").order_by("full_name", "email")

    def params(self):
        return {"analyst": self.cleaned_data["analyst"].pk}

    def label(self):
        return labelled(Action.ANALYST.label, self.cleaned_data["analyst"].get_full_name())


class ReviewersForm(forms.Form):
    action = Action.REVIEWERS
    count = forms.IntegerField(label=_lazy("Évaluations ouvertes voulues par demande"), min_value=1, max_value=5,
                               initial=2)
    due_on = forms.DateField(label=_lazy("À rendre au plus tard le (facultatif)"), required=False,
                             widget=forms.DateInput(attrs={"type": "date"}))

    def __init__(self, program, *args, **kwargs):
        super().__init__(*args, **kwargs)

    def params(self):
        due_on = self.cleaned_data["due_on"]
        return {"count": self.cleaned_data["count"], "due_on": due_on.isoformat() if due_on else None}

    def label(self):
        return labelled(Action.REVIEWERS.label, _("%(count)s par demande") % {"count": self.cleaned_data["count"]})


class TransitionForm(forms.Form):
    action = Action.TRANSITION
    transition = forms.ChoiceField(label=_lazy("Action"))
    comment = forms.CharField(label=_lazy("Commentaire (le même pour chaque demande)"), required=False,
                              widget=forms.Textarea(attrs={"rows": 3}), max_length=5000)

    def __init__(self, program, *args, transitions=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["transition"].choices = [(spec.name, spec.label) for spec in transitions]

    def clean(self):
        data = super().clean()
        spec = BY_NAME.get(data.get("transition"))
        if spec is not None and spec.comment_required and not (data.get("comment") or "").strip():
            self.add_error("comment", _("« %(action)s » demande un commentaire : %(what)s.")
                           % {"action": spec.label, "what": str(spec.comment_label).lower()})
        return data

    def params(self):
        return {"transition": self.cleaned_data["transition"], "comment": self.cleaned_data["comment"]}

    def label(self):
        return labelled(Action.TRANSITION.label, BY_NAME[self.cleaned_data["transition"]].label)


class TagForm(forms.Form):
    action = Action.TAG
    tag = forms.ModelChoiceField(label=_lazy("Étiquette"), queryset=Tag.objects.none())

    def __init__(self, program, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["tag"].queryset = Tag.objects.filter(program=program)

    def params(self):
        return {"tag": self.cleaned_data["tag"].pk}

    def label(self):
        return labelled(Action.TAG.label, self.cleaned_data["tag"].name)


FORMS = {form.action: form for form in (AnalystForm, ReviewersForm, TransitionForm, TagForm)}


def build(program, transitions, data=None, *, only=None):
    """Every action's form, unbound; the one named `only` bound to `data`."""
    forms_ = {}
    for action, form_class in FORMS.items():
        bound = data if action == only else None
        extra = {"transitions": transitions} if form_class is TransitionForm else {}
        forms_[action] = form_class(program, bound, prefix=action, **extra)
    return forms_
