"""The registration form: it reads the values; the service checks them and the person's right."""

from django import forms
from django.utils.translation import gettext_lazy as _

from .models import SUBSCRIBABLE, EventKind


class EndpointForm(forms.Form):
    program = forms.ModelChoiceField(label=_("Programme"), queryset=None, empty_label=None)
    url = forms.CharField(label=_("Adresse de réception (HTTPS)"), max_length=500,
                          help_text=_("Par exemple https://integration.example.org/concerto. Les requêtes "
                                      "arrivent en POST, signées avec le secret affiché après l'enregistrement."))
    description = forms.CharField(label=_("Description"), max_length=200, required=False)
    events = forms.MultipleChoiceField(
        label=_("Événements envoyés"), widget=forms.CheckboxSelectMultiple,
        choices=[(kind.value, EventKind(kind).label) for kind in SUBSCRIBABLE],
        initial=[kind.value for kind in SUBSCRIBABLE])

    def __init__(self, *args, programs, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["program"].queryset = programs

    def add_refusal(self, refusal):
        """A service's InvalidInput, shown on the fields it names (details) or above the form."""
        fields = [name for name in refusal.details if name in self.fields]
        for name in fields:
            self.add_error(name, [str(message) for message in refusal.details[name]])
        if not fields:
            self.add_error(None, str(refusal.message))
