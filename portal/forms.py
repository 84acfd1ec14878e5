from django import forms
from django.utils.translation import gettext_lazy as _

from grants.services.publication import PUBLIC_STATES
from grants.states import State

from .selectors import Filters

EVERY = ("", _("Tous"))


class FilterForm(forms.Form):
    """The funded projects' filters (a GET form): a value that is not offered is ignored."""

    mrc = forms.ChoiceField(label=_("MRC"), required=False)
    axe = forms.ChoiceField(label=_("Axe"), required=False)
    annee = forms.TypedChoiceField(label=_("Année de l'octroi"), required=False, coerce=int, empty_value=None)
    etat = forms.ChoiceField(label=_("État"), required=False)

    def __init__(self, data, *, summary, years):
        super().__init__(data)
        # Only MRCs that have a published project: filtering on another would always show nothing.
        self.fields["mrc"].choices = [("", _("Toutes")), *((line.code, line.name) for line in summary.by_mrc)]
        self.fields["axe"].choices = [EVERY, *((line.code, f"{line.code} — {line.name}") for line in summary.by_axis)]
        self.fields["annee"].choices = [EVERY, *((year, year) for year in years)]
        self.fields["etat"].choices = [EVERY, *((state, State(state).label) for state in PUBLIC_STATES)]

    def filters(self):
        self.is_valid()
        values = {name: value for name, value in self.cleaned_data.items() if value not in ("", None)}
        return Filters(mrc=values.get("mrc", ""), axis=values.get("axe", ""), year=values.get("annee"),
                       state=values.get("etat", ""))


class PublicationForm(forms.Form):
    """Staff hold back a project's publication (a reason is required: the service says so) or release it."""

    action = forms.ChoiceField(choices=[("hold", _("Retenir la publication")), ("release", _("Publier"))],
                               widget=forms.HiddenInput)
    reason = forms.CharField(label=_("Motif"), widget=forms.Textarea(attrs={"rows": 3}), max_length=2000,
                             required=False)
